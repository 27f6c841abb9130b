// Batch span processor: batches by size and by delay, drops and counts on a full queue,
// flush and shutdown deadlines with a slow exporter, concurrent producers (run under TSan).
#include <dirent.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <string>

#include "batch_processor.hpp"
#include "diagnostics.hpp"
#include "support/capturing_exporter.hpp"
#include "support/concurrent_ends.hpp"

using namespace std::chrono_literals;
using otelrt::internal::BatchConfig;
using otelrt::internal::BatchProcessor;
using otelrt_test::Captured;
using otelrt_test::CapturingExporter;

namespace {

otelrt::SpanData span_named(std::string name) {
  otelrt::SpanData span;
  span.name = std::move(name);
  span.trace_id.bytes[0] = 1;
  span.span_id.bytes[0] = 1;
  return span;
}

BatchConfig config(std::size_t queue, std::size_t batch, std::chrono::milliseconds delay,
                   std::chrono::milliseconds timeout = 30000ms) {
  BatchConfig out;
  out.max_queue_size = queue;
  out.max_export_batch_size = batch;
  out.schedule_delay = delay;
  out.export_timeout = timeout;
  return out;
}

const otelrt::Resource kResource;

std::set<std::string> thread_ids() {
  std::set<std::string> ids;
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return ids;
  while (dirent* entry = readdir(tasks)) {
    if (entry->d_name[0] != '.') ids.insert(entry->d_name);
  }
  closedir(tasks);
  return ids;
}

std::string thread_name(const std::string& thread_id) {
  std::ifstream comm("/proc/self/task/" + thread_id + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

// The thread's blocked-signal mask from /proc (hex), as a number.
unsigned long long blocked_signals(const std::string& thread_id) {
  std::ifstream status("/proc/self/task/" + thread_id + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigBlk:", 0) == 0) return std::stoull(line.substr(7), nullptr, 16);
  }
  return 0;
}

}  // namespace

TEST_CASE("the worker thread blocks signals, so a program's sigwait() thread gets them") {
  sigset_t terminate;
  sigemptyset(&terminate);
  sigaddset(&terminate, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_UNBLOCK, &terminate, &previous);  // the worker's creator accepts SIGTERM
  const std::set<std::string> before = thread_ids();
  {
    BatchProcessor processor(std::make_unique<CapturingExporter>(std::make_shared<Captured>()),
                             &kResource, config(10, 5, 60000ms));
    // Sanitizers may start threads of their own: the worker is the one named otelrt-export.
    std::vector<std::string> started;
    for (const std::string& id : thread_ids())
      if (before.count(id) == 0 && thread_name(id) == "otelrt-export") started.push_back(id);
    REQUIRE(started.size() == 1);
    CHECK((blocked_signals(started[0]) & (1ULL << (SIGTERM - 1))) != 0);
    CHECK((blocked_signals(started[0]) & (1ULL << (SIGINT - 1))) != 0);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

TEST_CASE("a full batch is exported without waiting for the delay") {
  auto captured = std::make_shared<Captured>();
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(100, 10, 60000ms));
  for (int i = 0; i < 10; ++i)
    processor.on_end(span_named("s" + std::to_string(i)));
  REQUIRE(captured->wait_for(10, 10s));
  std::lock_guard<std::mutex> lock(captured->mutex);
  CHECK(captured->batch_sizes.front() == 10);
  CHECK(captured->spans[3].name == "s3");
}

TEST_CASE("a partial batch is exported after the schedule delay") {
  auto captured = std::make_shared<Captured>();
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(100, 50, 50ms));
  auto start = std::chrono::steady_clock::now();
  processor.on_end(span_named("lonely"));
  REQUIRE(captured->wait_for(1, 10s));
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("exports are split into batches of at most the batch size") {
  auto captured = std::make_shared<Captured>();
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(1000, 7, 60000ms));
  {
    std::lock_guard<std::mutex> lock(captured->mutex);
    captured->block = true;  // let the queue fill behind a blocked export
  }
  for (int i = 0; i < 100; ++i)
    processor.on_end(span_named("s"));
  captured->unblock();
  REQUIRE(processor.force_flush(10s));
  std::lock_guard<std::mutex> lock(captured->mutex);
  CHECK(captured->spans.size() == 100);
  for (std::size_t size : captured->batch_sizes)
    CHECK(size <= 7);
}

TEST_CASE("a full queue drops spans, counts them and warns once") {
  std::string sink;
  otelrt::internal::set_diagnostics_sink(&sink);
  auto captured = std::make_shared<Captured>();
  {
    std::lock_guard<std::mutex> lock(captured->mutex);
    captured->block = true;
  }
  {
    BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                             config(20, 5, 60000ms));
    processor.on_end(span_named("first"));
    for (int i = 0; i < 4; ++i)
      processor.on_end(span_named("batch"));
    {
      // The worker took the first batch and is now blocked inside the exporter.
      std::unique_lock<std::mutex> lock(captured->mutex);
      REQUIRE(captured->changed.wait_for(lock, 10s, [&] { return captured->exports_in_progress; }));
    }
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i)
      processor.on_end(span_named("flood"));
    CHECK(std::chrono::steady_clock::now() - start < 1s);  // never blocked on the exporter
    CHECK(processor.counters().dropped_queue_full.load() == 1000 - 20);
    captured->unblock();
    REQUIRE(processor.force_flush(10s));
    CHECK(processor.counters().exported.load() == 25);
  }
  otelrt::internal::set_diagnostics_sink(nullptr);
  CHECK(sink.find("980 spans dropped") != std::string::npos);
  CHECK(std::count(sink.begin(), sink.end(), '\n') == 1);
}

TEST_CASE("force_flush returns false at its deadline when the exporter is slow") {
  auto captured = std::make_shared<Captured>();
  captured->delay = 3000ms;
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(100, 50, 60000ms, 5000ms));
  processor.on_end(span_named("slow"));
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(processor.force_flush(200ms));
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 200ms);
  CHECK(waited < 2000ms);
  CHECK(processor.force_flush(10s));  // finishes once the export returns
  CHECK(captured->size() == 1);
}

TEST_CASE("shutdown honours its deadline with a stuck exporter, then exporter gets shutdown") {
  auto captured = std::make_shared<Captured>();
  {
    std::lock_guard<std::mutex> lock(captured->mutex);
    captured->block = true;
  }
  auto processor = std::make_unique<BatchProcessor>(std::make_unique<CapturingExporter>(captured),
                                                    &kResource, config(100, 1, 60000ms, 1500ms));
  processor->on_end(span_named("stuck"));
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(processor->shutdown(100ms));
  CHECK(std::chrono::steady_clock::now() - start < 1000ms);
  processor->on_end(span_named("after shutdown"));  // discarded, never blocks
  processor.reset();  // waits for the export deadline (1.5 s), not forever
  CHECK(captured->shutdowns == 1);
  CHECK(captured->exports_in_progress == 0);
}

TEST_CASE("shutdown exports what is queued and is safe to repeat") {
  auto captured = std::make_shared<Captured>();
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(100, 50, 60000ms));
  for (int i = 0; i < 30; ++i)
    processor.on_end(span_named("s"));
  CHECK(processor.shutdown(10s));
  CHECK(processor.shutdown(10s));
  CHECK(captured->size() == 30);
  CHECK(captured->shutdowns == 1);
  CHECK(processor.force_flush(100ms));
}

TEST_CASE("failed exports drop and count their spans") {
  auto captured = std::make_shared<Captured>();
  captured->fail = true;
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(100, 10, 60000ms));
  for (int i = 0; i < 25; ++i)
    processor.on_end(span_named("s"));
  REQUIRE(processor.force_flush(10s));
  CHECK(processor.counters().dropped_export_failed.load() == 25);
  CHECK(processor.counters().export_failures.load() >= 3);
  CHECK(processor.counters().exported.load() == 0);
}

TEST_CASE("concurrent producers and flushers lose no span and no wakeup") {
  auto captured = std::make_shared<Captured>();
  BatchProcessor processor(std::make_unique<CapturingExporter>(captured), &kResource,
                           config(100000, 64, 5ms));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  otelrt_test::end_from_threads(processor, kThreads, kPerThread,
                                [](int t) { return span_named(std::to_string(t)); });
  REQUIRE(processor.force_flush(10s));
  CHECK(captured->size() == kThreads * kPerThread);
  CHECK(processor.counters().dropped_queue_full.load() == 0);
  // Flush right after a single span: the wakeup must not be missed, many times over.
  for (int i = 0; i < 200; ++i) {
    processor.on_end(span_named("one"));
    REQUIRE(processor.force_flush(10s));
  }
  CHECK(captured->size() == kThreads * kPerThread + 200);
}

TEST_CASE("OTEL_BSP_* variables configure the processor") {
  setenv("OTEL_BSP_MAX_QUEUE_SIZE", "100", 1);
  setenv("OTEL_BSP_SCHEDULE_DELAY", "250", 1);
  setenv("OTEL_BSP_EXPORT_TIMEOUT", "1000", 1);
  setenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "500", 1);
  BatchConfig from_env = BatchConfig::from_environment();
  unsetenv("OTEL_BSP_MAX_QUEUE_SIZE");
  unsetenv("OTEL_BSP_SCHEDULE_DELAY");
  unsetenv("OTEL_BSP_EXPORT_TIMEOUT");
  unsetenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
  CHECK(from_env.max_queue_size == 100);
  CHECK(from_env.schedule_delay == 250ms);
  CHECK(from_env.export_timeout == 1000ms);
  BatchProcessor processor(nullptr, &kResource, from_env);
  CHECK(processor.config().max_export_batch_size == 100);  // clamped to the queue size
  BatchConfig defaults = BatchConfig::from_environment();
  CHECK(defaults.max_queue_size == 2048);
  CHECK(defaults.schedule_delay == 5000ms);
  CHECK(defaults.export_timeout == 30000ms);
  CHECK(defaults.max_export_batch_size == 512);
}
