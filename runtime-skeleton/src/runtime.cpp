// init / shutdown / force_flush / stats: building and publishing the process-wide provider.
#include <pthread.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "env.hpp"
#include "runtime_state.hpp"

namespace otelrt {
namespace internal {

std::atomic<bool> g_enabled{false};
std::atomic<Provider*> g_provider{nullptr};

namespace {

struct InitState {
  std::mutex mutex;
  bool initialized = false;
  std::vector<Provider*> retired;  // reset_for_testing keeps them reachable
};

InitState& init_state() {
  static InitState* state = new InitState();  // leaked: used from atexit handlers
  return *state;
}

// A forked child reports its own pid.
void refresh_pid_in_child() {
  Provider* provider = g_provider.load(std::memory_order_acquire);
  if (provider == nullptr) return;
  for (Attribute& attribute : provider->resource.attributes) {
    if (attribute.key == "process.pid") attribute.value = std::int64_t{getpid()};
  }
}

}  // namespace

void reset_for_testing() {
  otelrt::shutdown(std::chrono::milliseconds{10000});
  InitState& state = init_state();
  std::lock_guard<std::mutex> lock(state.mutex);
  Provider* provider = g_provider.exchange(nullptr);
  if (provider != nullptr) state.retired.push_back(provider);
  g_enabled.store(false);
  state.initialized = false;
  reload_propagators();
}

}  // namespace internal

bool init(Options options) {
  using namespace internal;
  InitState& state = init_state();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.initialized) return false;
  state.initialized = true;
  reload_propagators();
  if (env_tracing_disabled()) return false;

  auto* provider = new Provider(Sampler::from_environment());
  provider->resource = Resource::from_environment(options.service_name, options.service_version);
  std::unique_ptr<SpanExporter> exporter = std::move(options.exporter);
  ExporterFactory factory;
  if (!exporter) {
    try {
      exporter = make_exporter_from_environment();
      factory = [] { return make_exporter_from_environment(); };
    } catch (const std::exception& error) {
      warn("exporter", std::string("spans will not be exported: ") + error.what());
    }
  }
  if (exporter) {
    provider->processor = std::make_unique<BatchProcessor>(
        std::move(exporter), &provider->resource, BatchConfig::from_environment(), factory);
  }
  static std::once_flag fork_hook;
  std::call_once(fork_hook, [] { pthread_atfork(nullptr, nullptr, refresh_pid_in_child); });
  g_provider.store(provider, std::memory_order_release);
  g_enabled.store(true, std::memory_order_release);
  return true;
}

bool is_enabled() {
  return internal::g_enabled.load(std::memory_order_relaxed);
}

bool force_flush(std::chrono::milliseconds timeout) {
  internal::Provider* provider = internal::g_provider.load(std::memory_order_acquire);
  if (provider == nullptr || !provider->processor) return true;
  return provider->processor->force_flush(timeout);
}

void shutdown(std::chrono::milliseconds timeout) {
  internal::Provider* provider = internal::g_provider.load(std::memory_order_acquire);
  if (provider == nullptr) return;
  internal::g_enabled.store(false, std::memory_order_release);
  if (!provider->processor) return;
  provider->processor->shutdown(timeout);
  // Spans lost during the run were only warned about while it happened; one line at exit
  // lets an operator (or a test) account for every span without calling stats().
  const Stats totals = stats();
  const std::uint64_t dropped =
      totals.spans_dropped_queue_full + totals.spans_dropped_export_failed;
  if (dropped == 0 || provider->drops_summarized.exchange(true)) return;
  internal::warn("shutdown_summary",
                 "at shutdown: " + std::to_string(totals.spans_started) + " spans started, " +
                     std::to_string(totals.spans_exported) + " exported, " +
                     std::to_string(totals.spans_dropped_queue_full) + " dropped (queue full), " +
                     std::to_string(totals.spans_dropped_export_failed) +
                     " dropped (export failed), " + std::to_string(totals.export_failures) +
                     " failed exports");
}

Stats stats() {
  Stats out;
  internal::Provider* provider = internal::g_provider.load(std::memory_order_acquire);
  if (provider == nullptr) return out;
  out.spans_started = provider->spans_started.load(std::memory_order_relaxed);
  if (provider->processor) {
    const internal::ProcessorCounters& counters = provider->processor->counters();
    out.spans_exported = counters.exported.load(std::memory_order_relaxed);
    out.spans_dropped_queue_full = counters.dropped_queue_full.load(std::memory_order_relaxed);
    out.spans_dropped_export_failed =
        counters.dropped_export_failed.load(std::memory_order_relaxed);
    out.export_failures = counters.export_failures.load(std::memory_order_relaxed);
  }
  return out;
}

}  // namespace otelrt
