#include "batch_processor.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <new>
#include <string>
#include <string_view>

#include "diagnostics.hpp"
#include "encoded_attributes.hpp"
#include "env.hpp"

namespace otelrt::internal {
namespace {

// Room for the encoded spans of a full queue: a server span with a dozen attributes encodes
// to some 300 bytes. Capped so a huge OTEL_BSP_MAX_QUEUE_SIZE cannot reserve gigabytes (the
// offsets are 32-bit); spans beyond the budget are dropped and counted like a full queue.
constexpr std::size_t kEncodedBytesPerQueuedSpan = 512;
constexpr std::size_t kMaxEncodedQueueBytes = std::size_t{64} << 20;

}  // namespace

BatchConfig BatchConfig::from_environment() {
  BatchConfig config;
  config.max_queue_size =
      static_cast<std::size_t>(std::max<std::int64_t>(1, env_int("OTEL_BSP_MAX_QUEUE_SIZE", 2048)));
  config.schedule_delay = std::chrono::milliseconds(env_int("OTEL_BSP_SCHEDULE_DELAY", 5000));
  config.export_timeout = std::chrono::milliseconds(env_int("OTEL_BSP_EXPORT_TIMEOUT", 30000));
  config.max_export_batch_size = static_cast<std::size_t>(
      std::max<std::int64_t>(1, env_int("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512)));
  return config;
}

// Every live processor, so fork handlers can lock them before fork and reset them in the
// child. Leaked on purpose: processors may be destroyed during static destruction.
struct ForkHandlers {
  std::mutex mutex;
  std::vector<BatchProcessor*> processors;
  // Threads and exporters a forked child must neither join nor destroy; kept reachable.
  std::vector<void*> abandoned;

  static ForkHandlers& instance() {
    static ForkHandlers* handlers = [] {
      auto* created = new ForkHandlers();
      pthread_atfork(&ForkHandlers::prepare, &ForkHandlers::parent, &ForkHandlers::child);
      return created;
    }();
    return *handlers;
  }
  static void prepare() {
    ForkHandlers& self = instance();
    self.mutex.lock();
    for (BatchProcessor* processor : self.processors)
      processor->prepare_fork();
  }
  static void parent() {
    ForkHandlers& self = instance();
    for (BatchProcessor* processor : self.processors)
      processor->parent_after_fork();
    self.mutex.unlock();
  }
  static void child() {
    ForkHandlers& self = instance();
    // The child has one thread; the locks taken in prepare() are rebuilt, not unlocked.
    new (&self.mutex) std::mutex();
    for (BatchProcessor* processor : self.processors)
      processor->child_after_fork();
  }
};

BatchProcessor::BatchProcessor(std::unique_ptr<SpanExporter> exporter, const Resource* resource,
                               BatchConfig config, ExporterFactory factory)
    : resource_(resource),
      config_([&config] {
        config.max_export_batch_size =
            std::min(config.max_export_batch_size, config.max_queue_size);
        return config;
      }()),
      factory_(std::move(factory)),
      exporter_(std::move(exporter)) {
  // The exporter kind is fixed for the processor's life (a forked child's fresh exporter comes
  // from the same factory), so on_end reads encoded_mode_ without the lock.
  encoded_mode_ = exporter_ != nullptr && exporter_->takes_encoded_spans();
  if (encoded_mode_) {
    encoded_byte_budget_ =
        std::min(config_.max_queue_size * kEncodedBytesPerQueuedSpan, kMaxEncodedQueueBytes);
    for (EncodedQueue* encoded : {&encoded_, &encoded_taken_}) {
      encoded->bytes.reserve(encoded_byte_budget_);
      encoded->ends.reserve(config_.max_queue_size);
    }
  } else {
    queue_.reserve(config_.max_queue_size);
    taken_.reserve(config_.max_queue_size);
    batch_.reserve(config_.max_export_batch_size);
  }
  ForkHandlers& handlers = ForkHandlers::instance();
  std::lock_guard<std::mutex> registry(handlers.mutex);
  handlers.processors.push_back(this);
  std::lock_guard<std::mutex> lock(mutex_);
  if (exporter_) start_worker_locked();
}

BatchProcessor::~BatchProcessor() {
  shutdown(config_.export_timeout);
  std::unique_ptr<std::thread> worker;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    worker = std::move(worker_);
  }
  // An exporter past its deadline still returns eventually; wait rather than free `this`
  // under a running thread.
  if (worker && worker->joinable()) worker->join();
  ForkHandlers& handlers = ForkHandlers::instance();
  std::lock_guard<std::mutex> registry(handlers.mutex);
  auto& list = handlers.processors;
  list.erase(std::remove(list.begin(), list.end(), this), list.end());
}

void BatchProcessor::start_worker_locked() {
  worker_running_ = true;
  worker_exited_ = false;
  // The worker is started by init(), usually before the program blocks SIGTERM/SIGINT in its
  // own threads to wait for them with sigwait(); a thread of ours accepting them would take
  // the signal away from the program (which then dies instead of shutting down). So the
  // worker inherits a mask with every signal blocked.
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  try {
    worker_ = std::make_unique<std::thread>([this] { worker_loop(); });
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  // Named so it is recognisable in top -H, gdb and /proc (15 characters at most).
  pthread_setname_np(worker_->native_handle(), "otelrt-export");
}

void BatchProcessor::on_end(SpanData&& span) {
  // Encoded before taking the lock, into storage this thread keeps from span to span.
  thread_local std::string scratch;
  const std::string_view encoded_span = encoded_mode_ ? encode_span_into(span, scratch) : "";
  std::unique_lock<std::mutex> lock(mutex_);
  if (stop_ || !exporter_) return;
  const bool full = encoded_mode_
                        ? encoded_.ends.size() >= config_.max_queue_size ||
                              encoded_.bytes.size() + encoded_span.size() > encoded_byte_budget_
                        : queue_.size() >= config_.max_queue_size;
  if (full) {
    counters_.dropped_queue_full.fetch_add(1, std::memory_order_relaxed);
    return;  // the worker reports drops, rate-limited, from its own thread
  }
  if (encoded_mode_) {
    encoded_.bytes.append(encoded_span);
    encoded_.ends.push_back(static_cast<std::uint32_t>(encoded_.bytes.size()));
  } else {
    queue_.push_back(std::move(span));
  }
  if (!worker_running_) start_worker_locked();  // first span in a forked child
  if (queued_locked() == config_.max_export_batch_size) {
    lock.unlock();
    work_cv_.notify_one();
  }
}

bool BatchProcessor::force_flush(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  if (!exporter_ || (worker_exited_ && queue_empty_locked())) return queue_empty_locked();
  if (!worker_running_) {
    if (queue_empty_locked()) return true;
    start_worker_locked();
  }
  std::uint64_t ticket = ++flush_requested_;
  work_cv_.notify_one();
  return done_cv_.wait_until(lock, deadline, [&] { return flush_done_ >= ticket; });
}

bool BatchProcessor::shutdown(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  if (!exporter_) return true;
  if (!stop_) {
    stop_ = true;
    if (!worker_running_) start_worker_locked();  // drains and shuts the exporter down
    work_cv_.notify_one();
  }
  if (!done_cv_.wait_until(lock, deadline, [&] { return worker_exited_; })) return false;
  std::unique_ptr<std::thread> worker = std::move(worker_);
  lock.unlock();
  if (worker && worker->joinable()) worker->join();
  return true;
}

void BatchProcessor::worker_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (replace_exporter_) {
    replace_exporter_ = false;
    lock.unlock();
    std::unique_ptr<SpanExporter> fresh;
    try {
      fresh = factory_();
    } catch (const std::exception& error) {
      warn("fork_exporter",
           std::string("cannot build an exporter in the forked child: ") + error.what());
    }
    lock.lock();
    if (fresh) {
      orphaned_exporters_.push_back(exporter_.release());  // the parent's, left untouched
      exporter_ = std::move(fresh);
    } else {
      exporter_broken_ = true;
    }
  }
  auto next_export = std::chrono::steady_clock::now() + config_.schedule_delay;
  while (true) {
    work_cv_.wait_until(lock, next_export, [&] {
      return stop_ || flush_requested_ != flush_done_ ||
             queued_locked() >= config_.max_export_batch_size;
    });
    const bool stopping = stop_;
    const std::uint64_t flush_target = flush_requested_;
    std::swap(queue_, taken_);
    std::swap(encoded_, encoded_taken_);
    in_export_ = true;
    lock.unlock();
    export_taken(taken_);
    export_taken_encoded();
    report_drops();
    lock.lock();
    in_export_ = false;
    flush_done_ = flush_target;
    done_cv_.notify_all();
    next_export = std::chrono::steady_clock::now() + config_.schedule_delay;
    if (stopping) break;
  }
  lock.unlock();
  exporter_->shutdown(std::chrono::steady_clock::now() + config_.export_timeout);
  lock.lock();
  worker_exited_ = true;
  worker_running_ = false;
  done_cv_.notify_all();
}

void BatchProcessor::export_taken(std::vector<SpanData>& taken) {
  if (taken.empty()) return;
  if (taken.size() <= config_.max_export_batch_size) {
    export_one(taken);
  } else {
    for (std::size_t start = 0; start < taken.size(); start += config_.max_export_batch_size) {
      std::size_t end = std::min(taken.size(), start + config_.max_export_batch_size);
      batch_.assign(std::make_move_iterator(taken.begin() + static_cast<std::ptrdiff_t>(start)),
                    std::make_move_iterator(taken.begin() + static_cast<std::ptrdiff_t>(end)));
      export_one(batch_);
      batch_.clear();
    }
  }
  taken.clear();  // keeps the capacity: the next swap needs no allocation
}

namespace {

// One exporter call; an exception escaping the exporter counts as a failed export.
template <typename Call>
ExportResult guarded_export(Call&& call) {
  try {
    return call();
  } catch (const std::exception& error) {
    warn("export_exception", std::string("exporter threw: ") + error.what());
  } catch (...) {
    warn("export_exception", "exporter threw a non-standard exception");
  }
  return ExportResult::failure;
}

}  // namespace

template <typename Call>
void BatchProcessor::export_and_count(std::size_t spans, Call&& call) {
  const ExportResult result = exporter_broken_ ? ExportResult::failure : guarded_export(call);
  if (result == ExportResult::success) {
    counters_.exported.fetch_add(spans, std::memory_order_relaxed);
    return;
  }
  counters_.export_failures.fetch_add(1, std::memory_order_relaxed);
  counters_.dropped_export_failed.fetch_add(spans, std::memory_order_relaxed);
  if (exporter_broken_) {
    warn("export_broken_after_fork",
         "spans of this forked child are dropped: the exporter was busy at fork time");
  }
}

void BatchProcessor::export_one(const std::vector<SpanData>& batch) {
  export_and_count(batch.size(), [&] {
    return exporter_->export_spans(batch, *resource_,
                                   std::chrono::steady_clock::now() + config_.export_timeout);
  });
}

void BatchProcessor::export_taken_encoded() {
  const std::vector<std::uint32_t>& ends = encoded_taken_.ends;
  const std::string_view bytes = encoded_taken_.bytes;
  std::size_t first = 0;  // the first span of the next export call
  std::uint32_t start = 0;
  while (first < ends.size()) {
    const std::size_t last = std::min(ends.size(), first + config_.max_export_batch_size);
    const std::uint32_t end = ends[last - 1];
    const EncodedSpans spans{bytes.substr(start, end - start), last - first};
    export_and_count(spans.count, [&] {
      return exporter_->export_encoded_spans(
          spans, *resource_, std::chrono::steady_clock::now() + config_.export_timeout);
    });
    first = last;
    start = end;
  }
  encoded_taken_.clear();  // keeps the storage for the next swap
}

void BatchProcessor::report_drops() {
  std::uint64_t dropped = counters_.dropped_queue_full.load(std::memory_order_relaxed);
  if (dropped == drops_reported_) return;
  drops_reported_ = dropped;
  warn("queue_full",
       "span queue full (OTEL_BSP_MAX_QUEUE_SIZE=" + std::to_string(config_.max_queue_size) +
           "): " + std::to_string(dropped) + " spans dropped so far");
}

void BatchProcessor::prepare_fork() {
  mutex_.lock();
}

void BatchProcessor::parent_after_fork() {
  mutex_.unlock();
}

void BatchProcessor::child_after_fork() {
  // Only the forking thread exists here: rebuild the synchronisation objects, forget the
  // parent's worker and queued spans (the parent exports those), restart lazily.
  new (&mutex_) std::mutex();
  new (&work_cv_) std::condition_variable();
  new (&done_cv_) std::condition_variable();
  ForkHandlers::instance().abandoned.push_back(worker_.release());
  if (factory_) {
    replace_exporter_ = true;
  } else if (in_export_) {
    exporter_broken_ = true;
  }
  queue_.clear();
  taken_.clear();
  batch_.clear();
  encoded_.clear();
  encoded_taken_.clear();
  worker_running_ = false;
  worker_exited_ = stop_;  // shut down before fork: nothing to wait for in the child
  in_export_ = false;
  flush_done_ = flush_requested_;
}

}  // namespace otelrt::internal
