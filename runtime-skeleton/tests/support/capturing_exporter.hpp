// Test exporters for the runtime core: one that keeps every exported span in memory (shared
// state survives the exporter being moved into the runtime), one that blocks on demand.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "otelrt/exporter.hpp"
#include "runtime_state.hpp"

namespace otelrt_test {

struct Captured {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<otelrt::SpanData> spans;
  std::vector<std::size_t> batch_sizes;
  int shutdowns = 0;
  bool fail = false;                   // export_spans returns failure
  std::chrono::milliseconds delay{0};  // each export sleeps this long (or to deadline)
  bool block = false;                  // export waits until unblocked or deadline
  std::size_t exports_in_progress = 0;

  std::size_t size() {
    std::lock_guard<std::mutex> lock(mutex);
    return spans.size();
  }
  // Waits until at least `count` spans arrived; false after `timeout`.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock(mutex);
    return changed.wait_for(lock, timeout, [&] { return spans.size() >= count; });
  }
  void unblock() {
    std::lock_guard<std::mutex> lock(mutex);
    block = false;
    changed.notify_all();
  }
};

class CapturingExporter final : public otelrt::SpanExporter {
 public:
  explicit CapturingExporter(std::shared_ptr<Captured> captured) : captured_(std::move(captured)) {}

  otelrt::ExportResult export_spans(const std::vector<otelrt::SpanData>& batch,
                                    const otelrt::Resource&,
                                    std::chrono::steady_clock::time_point deadline) override {
    std::unique_lock<std::mutex> lock(captured_->mutex);
    ++captured_->exports_in_progress;
    captured_->changed.notify_all();
    auto until = std::min(deadline, std::chrono::steady_clock::now() + captured_->delay);
    captured_->changed.wait_until(lock, until, [] { return false; });
    captured_->changed.wait_until(lock, deadline, [this] { return !captured_->block; });
    --captured_->exports_in_progress;
    captured_->batch_sizes.push_back(batch.size());
    if (captured_->fail) return otelrt::ExportResult::failure;
    captured_->spans.insert(captured_->spans.end(), batch.begin(), batch.end());
    captured_->changed.notify_all();
    return otelrt::ExportResult::success;
  }
  void shutdown(std::chrono::steady_clock::time_point) override {
    std::lock_guard<std::mutex> lock(captured_->mutex);
    ++captured_->shutdowns;
  }

 private:
  std::shared_ptr<Captured> captured_;
};

using Env = std::vector<std::pair<std::string, std::string>>;

// Starts the runtime with a capturing exporter and the given environment; undone by the
// destructor (runtime reset, variables unset) so test cases stay independent.
class RuntimeFixture {
 public:
  explicit RuntimeFixture(Env env = {}, std::string service_name = "test-service")
      : captured(std::make_shared<Captured>()), env_(std::move(env)) {
    otelrt::internal::reset_for_testing();
    for (const auto& [name, value] : env_)
      setenv(name.c_str(), value.c_str(), 1);
    otelrt::Options options;
    options.service_name = std::move(service_name);
    options.exporter = std::make_unique<CapturingExporter>(captured);
    started = otelrt::init(std::move(options));
  }
  ~RuntimeFixture() {
    captured->unblock();
    otelrt::internal::reset_for_testing();
    for (const auto& entry : env_)
      unsetenv(entry.first.c_str());
  }
  RuntimeFixture(const RuntimeFixture&) = delete;
  RuntimeFixture& operator=(const RuntimeFixture&) = delete;

  std::shared_ptr<Captured> captured;
  bool started = false;

 private:
  Env env_;
};

}  // namespace otelrt_test
