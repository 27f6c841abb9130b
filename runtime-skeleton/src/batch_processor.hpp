// The batch span processor: a bounded queue filled by ending spans and drained by one
// worker thread that calls the exporter. Ending a span takes a short mutex, moves the span
// into preallocated storage and returns; it never waits for the worker or the exporter.
// With an exporter that takes encoded spans (OTLP protobuf), the ending thread encodes the
// span first and only its bytes are queued: the span is freed where it was allocated, instead
// of hundreds of them being held for the worker to free (which cost a traced service more
// than the tracing itself: docs/performance-overhead.md).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "otelrt/exporter.hpp"

namespace otelrt::internal {

struct BatchConfig {
  std::size_t max_queue_size = 2048;
  std::chrono::milliseconds schedule_delay{5000};
  std::chrono::milliseconds export_timeout{30000};
  std::size_t max_export_batch_size = 512;
  // OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_EXPORT_TIMEOUT,
  // OTEL_BSP_MAX_EXPORT_BATCH_SIZE (clamped to the queue size).
  static BatchConfig from_environment();
};

struct ProcessorCounters {
  std::atomic<std::uint64_t> exported{0};
  std::atomic<std::uint64_t> dropped_queue_full{0};
  std::atomic<std::uint64_t> dropped_export_failed{0};
  std::atomic<std::uint64_t> export_failures{0};
};

using ExporterFactory = std::function<std::unique_ptr<SpanExporter>()>;

class BatchProcessor {
 public:
  // `resource` must outlive the processor. `factory`, when given, builds a fresh exporter
  // in a forked child instead of reusing the parent's (whose connection is shared).
  BatchProcessor(std::unique_ptr<SpanExporter> exporter, const Resource* resource,
                 BatchConfig config, ExporterFactory factory = nullptr);
  ~BatchProcessor();  // shuts down, waiting for an export in progress to return
  BatchProcessor(const BatchProcessor&) = delete;
  BatchProcessor& operator=(const BatchProcessor&) = delete;

  void on_end(SpanData&& span);
  bool force_flush(std::chrono::milliseconds timeout);
  // Exports what is queued and shuts the exporter down; false if the deadline passed first
  // (the worker then finishes on its own). Later spans are discarded.
  bool shutdown(std::chrono::milliseconds timeout);

  // Whether on_end encodes spans (the exporter takes them encoded): spans may then keep their
  // attributes encoded from the start (SpanData::encoded_attributes).
  bool encodes_spans() const { return encoded_mode_; }
  const ProcessorCounters& counters() const { return counters_; }
  const BatchConfig& config() const { return config_; }

 private:
  friend struct ForkHandlers;

  void start_worker_locked();
  void worker_loop();
  bool queue_empty_locked() const { return queue_.empty() && encoded_.ends.empty(); }
  std::size_t queued_locked() const { return queue_.size() + encoded_.ends.size(); }
  void export_taken(std::vector<SpanData>& taken);
  void export_one(const std::vector<SpanData>& batch);
  void export_taken_encoded();
  // Calls the exporter (unless it is broken after a fork) and counts the outcome.
  template <typename Call>
  void export_and_count(std::size_t spans, Call&& call);
  void report_drops();
  void prepare_fork();
  void parent_after_fork();
  void child_after_fork();

  const Resource* resource_;
  const BatchConfig config_;
  ExporterFactory factory_;
  std::unique_ptr<SpanExporter> exporter_;

  std::mutex mutex_;
  std::condition_variable work_cv_;  // the worker waits here
  std::condition_variable done_cv_;  // force_flush and shutdown wait here
  std::vector<SpanData> queue_;      // filled by on_end, capacity max_queue_size
  std::vector<SpanData> taken_;      // swapped with queue_ by the worker
  std::vector<SpanData> batch_;      // one export call's share of taken_

  // Spans encoded by the threads that ended them, back to back, and where each one ends.
  struct EncodedQueue {
    std::string bytes;                // reserved once: appending never allocates
    std::vector<std::uint32_t> ends;  // offset after each span
    void clear() {
      bytes.clear();
      ends.clear();
    }
  };
  bool encoded_mode_ = false;  // the exporter takes encoded spans
  std::size_t encoded_byte_budget_ = 0;
  EncodedQueue encoded_;        // filled by on_end
  EncodedQueue encoded_taken_;  // swapped with encoded_ by the worker
  std::unique_ptr<std::thread> worker_;
  bool worker_running_ = false;
  bool worker_exited_ = false;
  bool stop_ = false;
  bool in_export_ = false;
  bool replace_exporter_ = false;  // forked child: build a fresh exporter first
  bool exporter_broken_ = false;   // forked child whose parent was mid-export
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;

  std::vector<SpanExporter*> orphaned_exporters_;  // forked child: the parent's, never used

  ProcessorCounters counters_;
  std::uint64_t drops_reported_ = 0;  // worker only
};

}  // namespace otelrt::internal
