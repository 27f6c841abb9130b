// The tracing API of the bundled runtime: process-wide setup, spans, the current context
// and W3C propagation. Generated telemetry.cpp files bind the otel-setup facade to this.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "otelrt/exporter.hpp"
#include "otelrt/span_data.hpp"

namespace otelrt {

struct SpanContext {
  TraceId trace_id;
  SpanId span_id;
  std::uint8_t trace_flags = 0;  // bit 0: sampled
  std::string trace_state;       // already validated W3C tracestate, "" when none
  bool is_remote = false;

  bool valid() const { return trace_id.valid() && span_id.valid(); }
  bool sampled() const { return (trace_flags & 0x01) != 0; }
};

// W3C baggage: ordered key/value pairs with their properties kept verbatim.
struct BaggageEntry {
  std::string key;
  std::string value;
  std::string properties;  // e.g. "ttl=30", without the leading ';'
};
using Baggage = std::vector<BaggageEntry>;

class SpanRecord;  // internal: the mutable state of a recording span

namespace internal {
// Gives an ended span's record back to the thread's spares for the next span (docs/runtime.md).
struct ReleaseRecord {
  void operator()(SpanRecord* record) const noexcept;
};
// True while init() has started the runtime and shutdown() has not stopped it.
extern std::atomic<bool> g_enabled;
inline bool tracing_enabled() {
  return g_enabled.load(std::memory_order_relaxed);
}
}  // namespace internal

// An immutable value: the active span (if any), its span context and baggage. Cheap to
// copy; capture one to carry a trace into a thread pool or callback.
class Context {
 public:
  Context() = default;
  static Context current();  // this thread's current context
  // The current span context without copying the context (log correlation reads it per line).
  static const SpanContext& current_span_context();
  static Context from_span_context(SpanContext remote);

  const SpanContext& span_context() const { return span_context_; }
  const Baggage& baggage() const;
  Context with_baggage(Baggage baggage) const;
  // This context with another span context (and no local span), keeping the baggage.
  Context with_span_context(SpanContext span_context) const;

 private:
  friend class Span;
  friend class Scope;
  SpanContext span_context_;
  std::shared_ptr<const Baggage> baggage_;
};

// Makes a context current on this thread until destroyed (scopes must nest).
class Scope {
 public:
  explicit Scope(Context context);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  Context previous_;
};

struct SpanOptions {
  SpanKind kind = SpanKind::internal;
  const Context* parent = nullptr;  // nullptr: the thread's current context
  Attributes attributes;            // available to the sampler
  std::vector<SpanLink> links;
  std::uint64_t start_unix_nano = 0;  // 0: now
};

// A span, ended on destruction if not ended before. Movable, not copyable. When tracing is
// disabled or the span is not sampled every call is a cheap no-op.
class Span {
 public:
  Span() = default;  // a non-recording, invalid span
  // The enabled check is inline so a disabled runtime costs one relaxed load per span.
  explicit Span(std::string_view name) {
    if (internal::tracing_enabled()) start(name, nullptr);
  }
  explicit Span(std::string_view name, const SpanOptions& options) {
    if (internal::tracing_enabled()) start(name, &options);
  }
  ~Span() {
    if (record_) finish(0);
  }
  Span(Span&& other) noexcept;
  Span& operator=(Span&& other) noexcept;
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  bool is_recording() const { return record_ != nullptr; }
  const SpanContext& span_context() const { return context_.span_context_; }
  // The context with this span active: pass to Scope, to SpanOptions::parent or to inject().
  const Context& context() const { return context_; }

  // Setters are inline no-ops on a span that is not recording.
  void set_attribute(std::string_view key, AttributeValue value) {
    if (record_) put_attribute(key, std::move(value));
  }
  void set_attribute(std::string_view key, std::string_view value) {
    if (record_) put_string_attribute(key, value);
  }
  void set_attribute(std::string_view key, const char* value) {
    if (record_)
      set_attribute(key, value == nullptr ? std::string_view{} : std::string_view(value));
  }
  void set_attribute(std::string_view key, const std::string& value) {
    set_attribute(key, std::string_view(value));
  }
  // Without these a bool, double or int64_t argument would convert to `int` (a standard
  // conversion beats the user-defined one to AttributeValue).
  void set_attribute(std::string_view key, bool value) {
    if (record_) put_attribute(key, AttributeValue(std::in_place_type<bool>, value));
  }
  void set_attribute(std::string_view key, double value) {
    if (record_) put_attribute(key, AttributeValue(std::in_place_type<double>, value));
  }
  void set_attribute(std::string_view key, std::int64_t value) {
    if (record_) put_integer_attribute(key, value);
  }
  void set_attribute(std::string_view key, int value) { set_attribute(key, std::int64_t{value}); }
  template <typename Integer,
            typename = std::enable_if_t<
                std::is_integral_v<Integer> && !std::is_same_v<Integer, bool> &&
                !std::is_same_v<Integer, int> && !std::is_same_v<Integer, std::int64_t>>>
  void set_attribute(std::string_view key, Integer value) {
    set_attribute(key, static_cast<std::int64_t>(value));  // unsigned above 2^63-1 wraps
  }
  void add_event(std::string_view name, Attributes attributes = {});
  // An "exception" event with exception.type (demangled dynamic type) and exception.message.
  void record_exception(const std::exception& error);
  void record_exception(std::string_view type, std::string_view message);
  // Ok overrides error; unset never overrides (OpenTelemetry rule).
  void set_status(StatusCode code, std::string_view description = {});
  void update_name(std::string_view name);
  void end(std::uint64_t end_unix_nano = 0) {
    if (record_) finish(end_unix_nano);
  }

 private:
  void start(std::string_view name, const SpanOptions* options);
  void put_attribute(std::string_view key, AttributeValue&& value);
  void put_string_attribute(std::string_view key, std::string_view value);
  void put_integer_attribute(std::string_view key, std::int64_t value);
  void finish(std::uint64_t end_unix_nano);

  std::unique_ptr<SpanRecord, internal::ReleaseRecord> record_;
  Context context_;
};

// Process-wide settings. Every field left empty/unset falls back to the standard
// OTEL_* environment variable, then to the OpenTelemetry default.
struct Options {
  std::string service_name;
  std::string service_version;
  std::unique_ptr<SpanExporter> exporter;  // nullptr: from OTEL_TRACES_EXPORTER and OTLP vars
};

// Starts the runtime: resource, sampler (OTEL_TRACES_SAMPLER/_ARG), batch processor
// (OTEL_BSP_*), propagators (OTEL_PROPAGATORS), exporter. Idempotent: later calls return
// false and change nothing. OTEL_SDK_DISABLED=true or OTEL_ENABLED=false leave it disabled.
bool init(Options options = {});
bool is_enabled();
// Exports everything ended so far; returns false if the deadline passed first.
bool force_flush(std::chrono::milliseconds timeout = std::chrono::milliseconds{5000});
// Flushes and stops the worker; later spans are no-ops. Safe to call more than once.
void shutdown(std::chrono::milliseconds timeout = std::chrono::milliseconds{5000});

struct Stats {
  std::uint64_t spans_started = 0;  // recording spans
  std::uint64_t spans_exported = 0;
  std::uint64_t spans_dropped_queue_full = 0;
  std::uint64_t spans_dropped_export_failed = 0;
  std::uint64_t export_failures = 0;  // failed export calls (after retries)
};
Stats stats();

// Header access for propagation, so any header map can serve as a carrier.
class TextMapCarrier {
 public:
  virtual ~TextMapCarrier() = default;
  // Header names are matched case-insensitively by implementations that can.
  virtual std::string_view get(std::string_view key) const = 0;
  virtual void set(std::string_view key, std::string_view value) = 0;
};

// A carrier over two callbacks, for header types without a dedicated adapter.
class CallbackCarrier final : public TextMapCarrier {
 public:
  using Getter = std::function<std::string_view(std::string_view)>;
  using Setter = std::function<void(std::string_view, std::string_view)>;
  CallbackCarrier(Getter getter, Setter setter)
      : getter_(std::move(getter)), setter_(std::move(setter)) {}
  std::string_view get(std::string_view key) const override {
    return getter_ ? getter_(key) : std::string_view{};
  }
  void set(std::string_view key, std::string_view value) override {
    if (setter_) setter_(key, value);
  }

 private:
  Getter getter_;
  Setter setter_;
};

// The propagators selected by OTEL_PROPAGATORS (default "tracecontext,baggage"; "none").
void inject(const Context& context, TextMapCarrier& carrier);
Context extract(const TextMapCarrier& carrier, const Context& base = Context::current());

// W3C parsing and formatting, exposed for tests and fuzzing.
namespace w3c {
bool parse_traceparent(std::string_view header, SpanContext& out);
std::string format_traceparent(const SpanContext& context);
// Returns the valid entries joined by ',' (invalid list: ""), at most 32 entries, 512 bytes.
std::string sanitize_tracestate(std::string_view header);
// Drops malformed members; enforces 180 members, 4096 bytes, 4096 bytes per member.
Baggage parse_baggage(std::string_view header);
std::string format_baggage(const Baggage& baggage);
}  // namespace w3c

}  // namespace otelrt
