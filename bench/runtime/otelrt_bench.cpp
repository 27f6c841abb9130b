// Benchmarks of the bundled runtime, each printed beside a baseline measured in the same run.
//   otelrt_bench            all scenarios
//   otelrt_bench --quick    shorter runs (smoke test)
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "otelrt/trace.hpp"
#include "runtime_state.hpp"

namespace {

using Clock = std::chrono::steady_clock;
bool g_quick = false;

template <typename T>
void keep(T&& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

class DiscardingExporter final : public otelrt::SpanExporter {
 public:
  otelrt::ExportResult export_spans(const std::vector<otelrt::SpanData>&, const otelrt::Resource&,
                                    Clock::time_point) override {
    return otelrt::ExportResult::success;
  }
  void shutdown(Clock::time_point) override {}
};

// The OTLP exporter's path without the network: spans reach it encoded (the processor encodes
// each one on the thread that ends it), and it discards the bytes.
class DiscardingEncodedExporter final : public otelrt::SpanExporter {
 public:
  otelrt::ExportResult export_spans(const std::vector<otelrt::SpanData>&, const otelrt::Resource&,
                                    Clock::time_point) override {
    return otelrt::ExportResult::success;
  }
  bool takes_encoded_spans() const override { return true; }
  otelrt::ExportResult export_encoded_spans(const otelrt::EncodedSpans&, const otelrt::Resource&,
                                            Clock::time_point) override {
    return otelrt::ExportResult::success;
  }
  void shutdown(Clock::time_point) override {}
};

// A collector that is down: every export fails at once.
class FailingExporter final : public otelrt::SpanExporter {
 public:
  otelrt::ExportResult export_spans(const std::vector<otelrt::SpanData>&, const otelrt::Resource&,
                                    Clock::time_point) override {
    return otelrt::ExportResult::failure;
  }
  void shutdown(Clock::time_point) override {}
};

void start(const char* sampler, bool disabled, std::unique_ptr<otelrt::SpanExporter> exporter) {
  otelrt::internal::reset_for_testing();
  setenv("OTEL_TRACES_SAMPLER", sampler, 1);
  if (disabled) {
    setenv("OTEL_SDK_DISABLED", "true", 1);
  } else {
    unsetenv("OTEL_SDK_DISABLED");
  }
  otelrt::Options options;
  options.service_name = "bench";
  options.exporter = std::move(exporter);
  otelrt::init(std::move(options));
}

// The span the scenarios measure: a server span with four typical attributes.
inline void traced_span() {
  otelrt::Span span("GET /api/orders");
  span.set_attribute("http.request.method", "GET");
  span.set_attribute("url.path", "/api/orders");
  span.set_attribute("http.response.status_code", 200);
  span.set_attribute("user.premium", true);
}

// Baseline: the same four attributes built into a vector, no tracing at all.
inline void attributes_only() {
  otelrt::Attributes attributes;
  attributes.reserve(4);
  attributes.push_back({"http.request.method", std::string("GET")});
  attributes.push_back({"url.path", std::string("/api/orders")});
  attributes.push_back({"http.response.status_code", std::int64_t{200}});
  attributes.push_back({"user.premium", true});
  keep(attributes);
}

inline void clock_read() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  keep(now);
}

// ns per call of `body`: the best of several repetitions, because the machine is shared (a
// busy neighbour only ever adds time). Each repetition runs `total / kRepetitions` calls in
// bursts of `burst`, with `between` (untimed) after each burst.
constexpr int kRepetitions = 7;

template <typename Body, typename Between>
double ns_per_call(long total, long burst, Body body, Between between) {
  double best = 1e18;
  const long per_repetition = total / kRepetitions;
  for (int repetition = 0; repetition < kRepetitions; ++repetition) {
    Clock::duration spent{};
    for (long done = 0; done < per_repetition; done += burst) {
      auto begin = Clock::now();
      for (long i = 0; i < burst; ++i)
        body();
      spent += Clock::now() - begin;
      between();
    }
    double ns = std::chrono::duration<double, std::nano>(spent).count() /
                static_cast<double>(per_repetition);
    if (ns < best) best = ns;
  }
  return best;
}

template <typename Body>
double ns_per_call(long total, Body body) {
  return ns_per_call(total, 10000, body, [] {});
}

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

void flush() {
  otelrt::force_flush(std::chrono::seconds(30));
}

// Bursts of 1000 stay below the default queue (2048): the timed part is the caller's cost,
// the flush between bursts lets the worker drain untimed.
void bench_single_thread() {
  const long n = g_quick ? 200000 : 2000000;
  double baseline = ns_per_call(n, attributes_only);
  double clock = ns_per_call(n, clock_read);
  std::printf("baseline: 4 attributes built, no tracing   %7.1f ns\n", baseline);
  std::printf("baseline: clock_gettime(CLOCK_REALTIME)    %7.1f ns\n", clock);

  start("always_on", false, std::make_unique<DiscardingExporter>());
  double sampled = ns_per_call(n, 1000, traced_span, flush);
  otelrt::Stats stats = otelrt::stats();
  std::printf(
      "sampled span + 4 attributes -> batch      %7.1f ns/span  (%.1fx baseline; "
      "target <= 250; exported %llu, dropped %llu)\n",
      sampled, sampled / baseline, static_cast<unsigned long long>(stats.spans_exported),
      static_cast<unsigned long long>(stats.spans_dropped_queue_full));

  // The caller pays for encoding here, the worker for nothing but the copy into the request.
  start("always_on", false, std::make_unique<DiscardingEncodedExporter>());
  double encoded = ns_per_call(n, 1000, traced_span, flush);
  stats = otelrt::stats();
  std::printf(
      "sampled span + 4 attributes -> encoded    %7.1f ns/span  (%.1fx baseline; the OTLP "
      "exporter's path: encoded when it ends; exported %llu, dropped %llu)\n",
      encoded, encoded / baseline, static_cast<unsigned long long>(stats.spans_exported),
      static_cast<unsigned long long>(stats.spans_dropped_queue_full));

  start("always_off", false, std::make_unique<DiscardingExporter>());
  double unsampled = ns_per_call(n, traced_span);
  std::printf(
      "unsampled span + 4 attributes             %7.1f ns/span  (%.1fx clock read; "
      "target <= 40)\n",
      unsampled, unsampled / clock);

  start("always_on", true, std::make_unique<DiscardingExporter>());
  double disabled = ns_per_call(n * 5, traced_span);
  std::printf(
      "disabled (OTEL_SDK_DISABLED=true)         %7.2f ns/span  (%.2fx clock read; "
      "target <= 5)\n",
      disabled, disabled / clock);
}

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    int generation = generation_;
    if (++waiting_ == parties_) {
      waiting_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation != generation_; });
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int parties_;
  int waiting_ = 0;
  int generation_ = 0;
};

void bench_two_threads() {
  const long n = g_quick ? 100000 : 1000000;
  start("always_on", false, std::make_unique<DiscardingExporter>());
  Barrier barrier(2);
  double result[2] = {0, 0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      result[t] = ns_per_call(n, 500, traced_span, [&] {
        barrier.wait();
        if (t == 0) flush();
        barrier.wait();
      });
    });
  }
  for (auto& thread : threads)
    thread.join();
  otelrt::Stats stats = otelrt::stats();
  std::printf(
      "2 threads at once, sampled + 4 attributes %7.1f / %.1f ns/span per thread "
      "(dropped %llu)\n",
      result[0], result[1], static_cast<unsigned long long>(stats.spans_dropped_queue_full));
}

// Default configuration (queue 2048, batch 512, delay 5 s): 100k spans/s paced in 1 ms
// steps, then as fast as one thread can go.
void bench_sustained() {
  start("always_on", false, std::make_unique<DiscardingExporter>());
  const int seconds = g_quick ? 1 : 5;
  auto begin = Clock::now();
  long produced = 0;
  for (int ms = 0; ms < seconds * 1000; ++ms) {
    for (int i = 0; i < 100; ++i)
      traced_span();
    produced += 100;
    std::this_thread::sleep_until(begin + std::chrono::milliseconds(ms + 1));
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  flush();
  otelrt::Stats stats = otelrt::stats();
  std::printf(
      "sustained, paced at 100k spans/s for %d s: %.0f spans/s, exported %llu, "
      "dropped %llu\n",
      seconds, produced / elapsed, static_cast<unsigned long long>(stats.spans_exported),
      static_cast<unsigned long long>(stats.spans_dropped_queue_full));

  start("always_on", false, std::make_unique<DiscardingExporter>());
  begin = Clock::now();
  produced = 0;
  while (Clock::now() - begin < std::chrono::seconds(seconds)) {
    for (int i = 0; i < 1000; ++i)
      traced_span();
    produced += 1000;
  }
  elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  flush();
  stats = otelrt::stats();
  std::printf(
      "sustained, unpaced single thread for %d s: %.0f spans/s ended, exported %.0f/s, "
      "dropped %.1f%%\n",
      seconds, produced / elapsed, stats.spans_exported / elapsed,
      100.0 * static_cast<double>(stats.spans_dropped_queue_full) / produced);
}

void bench_memory() {
  const long n = 1000000;
  start("always_on", false, std::make_unique<FailingExporter>());
  for (long i = 0; i < 100000; ++i)
    traced_span();
  flush();
  long before = rss_kib();
  for (long i = 0; i < n; ++i) {
    traced_span();
    if (i % 100 == 0) std::this_thread::yield();
  }
  flush();
  long after = rss_kib();
  otelrt::Stats stats = otelrt::stats();
  std::printf(
      "memory, 1M spans, exporter always failing: RSS %ld KiB -> %ld KiB (%+ld KiB); "
      "failed-export drops %llu, queue-full drops %llu\n",
      before, after, after - before,
      static_cast<unsigned long long>(stats.spans_dropped_export_failed),
      static_cast<unsigned long long>(stats.spans_dropped_queue_full));
}

}  // namespace

int main(int argc, char** argv) {
  g_quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("otelrt bench (%u hardware threads)\n", std::thread::hardware_concurrency());
  bench_single_thread();
  bench_two_threads();
  bench_sustained();
  bench_memory();
  otelrt::internal::reset_for_testing();
  return 0;
}
