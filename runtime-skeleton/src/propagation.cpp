// The composite propagator chosen by OTEL_PROPAGATORS: tracecontext and/or baggage.
#include <atomic>
#include <string>

#include "diagnostics.hpp"
#include "env.hpp"
#include "runtime_state.hpp"

namespace otelrt {
namespace internal {
namespace {

constexpr int kNotParsed = -1;
std::atomic<int> g_propagators{kNotParsed};

unsigned parse_propagators() {
  if (env_tracing_disabled()) return 0;
  std::string names = env_lower("OTEL_PROPAGATORS");
  if (names.empty()) return kTraceContextPropagator | kBaggagePropagator;
  unsigned bits = 0;
  bool none = false;
  std::string_view rest = names;
  while (true) {
    std::size_t comma = rest.find(',');
    std::string_view name = trim_ows(rest.substr(0, comma));
    if (name == "tracecontext") {
      bits |= kTraceContextPropagator;
    } else if (name == "baggage") {
      bits |= kBaggagePropagator;
    } else if (name == "none") {
      none = true;
    } else if (!name.empty()) {
      warn("propagator:" + std::string(name),
           "OTEL_PROPAGATORS: '" + std::string(name) + "' is not supported and is ignored");
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return none ? 0 : bits;
}

}  // namespace

unsigned active_propagators() {
  int bits = g_propagators.load(std::memory_order_acquire);
  if (bits == kNotParsed) {
    bits = static_cast<int>(parse_propagators());
    int expected = kNotParsed;
    if (!g_propagators.compare_exchange_strong(expected, bits)) bits = expected;
  }
  return static_cast<unsigned>(bits);
}

void reload_propagators() {
  g_propagators.store(kNotParsed, std::memory_order_release);
}

}  // namespace internal

void inject(const Context& context, TextMapCarrier& carrier) {
  unsigned bits = internal::active_propagators();
  const SpanContext& span_context = context.span_context();
  if ((bits & internal::kTraceContextPropagator) != 0 && span_context.valid()) {
    carrier.set("traceparent", w3c::format_traceparent(span_context));
    if (!span_context.trace_state.empty()) carrier.set("tracestate", span_context.trace_state);
  }
  if ((bits & internal::kBaggagePropagator) != 0 && !context.baggage().empty()) {
    std::string header = w3c::format_baggage(context.baggage());
    if (!header.empty()) carrier.set("baggage", header);
  }
}

Context extract(const TextMapCarrier& carrier, const Context& base) {
  unsigned bits = internal::active_propagators();
  Context result = base;
  if ((bits & internal::kTraceContextPropagator) != 0) {
    SpanContext remote;
    if (w3c::parse_traceparent(carrier.get("traceparent"), remote)) {
      remote.trace_state = w3c::sanitize_tracestate(carrier.get("tracestate"));
      result = result.with_span_context(std::move(remote));
    }
  }
  if ((bits & internal::kBaggagePropagator) != 0) {
    std::string_view header = carrier.get("baggage");
    if (!header.empty()) {
      Baggage baggage = w3c::parse_baggage(header);
      if (!baggage.empty()) result = result.with_baggage(std::move(baggage));
    }
  }
  return result;
}

}  // namespace otelrt
