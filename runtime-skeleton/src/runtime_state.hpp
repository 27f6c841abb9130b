// Process-wide state of the runtime. Providers are never freed once published: spans in
// flight and a worker stuck past its deadline may still reach them after shutdown().
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "batch_processor.hpp"
#include "encoded_attributes.hpp"
#include "otelrt/trace.hpp"
#include "sampler.hpp"

namespace otelrt::internal {

struct Provider {
  explicit Provider(Sampler chosen) : sampler(chosen) {}
  Resource resource;
  Sampler sampler;
  std::unique_ptr<BatchProcessor> processor;  // null: no exporter (OTEL_TRACES_EXPORTER=none)
  std::atomic<std::uint64_t> spans_started{0};
  std::atomic<bool> drops_summarized{false};  // the shutdown line is printed once
};

// Set only while a provider is active; read relaxed first so disabled spans cost one load.
extern std::atomic<bool> g_enabled;
extern std::atomic<Provider*> g_provider;

inline Provider* active_provider() {
  if (!g_enabled.load(std::memory_order_relaxed)) return nullptr;
  return g_provider.load(std::memory_order_acquire);
}

// The calling thread's current context (the one Scope sets).
const Context& current_context();

// OTEL_PROPAGATORS as a bit set, parsed once (again after reset_for_testing).
enum PropagatorBits : unsigned { kTraceContextPropagator = 1, kBaggagePropagator = 2 };
unsigned active_propagators();
void reload_propagators();

// Tests only: shuts the current provider down (keeping it allocated) and forgets that init()
// ran, so the next init() reads the environment again.
void reset_for_testing();

}  // namespace otelrt::internal

namespace otelrt {

namespace internal {
// Empties `text`, keeping its storage unless a long value left it large.
inline void clear_keeping_short(std::string& text) noexcept {
  if (text.capacity() > 256) {
    std::string().swap(text);
  } else {
    text.clear();
  }
}
}  // namespace internal

class SpanRecord {
 public:
  SpanData data;
  internal::Provider* provider = nullptr;
  bool encoded = false;  // attributes go to encoded_attributes (the processor encodes)
  internal::AttributeBytes encoded_attributes;  // viewed by data.encoded_attributes at the end
  std::uint64_t encoded_key_bits = 0;           // see internal::EncodedAttributes

  // Back to a fresh record's state, for reuse by the next span on the thread. Field by field:
  // destroying and rebuilding the SpanData cost ~240 instructions per span, most of a span's
  // bookkeeping (callgrind, bench/overhead). Short strings and the attribute vector keep their
  // storage; a long name or status message, events and links (all rare) are freed, so that a
  // thread's spare records stay small.
  void reset() noexcept {
    data.trace_id = TraceId{};
    data.span_id = SpanId{};
    data.parent_span_id = SpanId{};
    internal::clear_keeping_short(data.trace_state);
    data.trace_flags = 0;
    data.parent_is_remote = false;
    internal::clear_keeping_short(data.name);
    data.kind = SpanKind::internal;
    data.start_unix_nano = 0;
    data.end_unix_nano = 0;
    data.attributes.clear();
    data.encoded_attributes = {};
    data.encoded_attribute_count = 0;
    if (data.events.capacity() != 0) std::vector<SpanEvent>().swap(data.events);
    if (data.links.capacity() != 0) std::vector<SpanLink>().swap(data.links);
    data.status = StatusCode::unset;
    internal::clear_keeping_short(data.status_message);
    data.dropped_attributes = 0;
    data.dropped_events = 0;
    data.dropped_links = 0;
    provider = nullptr;
    encoded = false;
    encoded_attributes.clear();
    encoded_key_bits = 0;
  }
};

}  // namespace otelrt
