// Plain data of the tracing runtime: ids, attribute values, events and the finished span
// record handed from the span processor to exporters. No behaviour beyond formatting.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace otelrt {

struct TraceId {
  std::array<std::uint8_t, 16> bytes{};
  bool valid() const;               // not all zero
  std::string hex() const;          // 32 lowercase hex digits
  void write_hex(char* out) const;  // the same 32 digits into `out`, no terminator
};

struct SpanId {
  std::array<std::uint8_t, 8> bytes{};
  bool valid() const;
  std::string hex() const;          // 16 lowercase hex digits
  void write_hex(char* out) const;  // the same 16 digits into `out`, no terminator
};

// Span kinds use the OTLP enum numbers so exporters can write them as they are.
enum class SpanKind : std::uint8_t {
  internal = 1,
  server = 2,
  client = 3,
  producer = 4,
  consumer = 5
};
// Status codes use the OTLP enum numbers too.
enum class StatusCode : std::uint8_t { unset = 0, ok = 1, error = 2 };

using AttributeValue =
    std::variant<bool, std::int64_t, double, std::string, std::vector<bool>,
                 std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>>;

struct Attribute {
  std::string key;
  AttributeValue value;
};
using Attributes = std::vector<Attribute>;

struct SpanEvent {
  std::string name;
  std::uint64_t time_unix_nano = 0;
  Attributes attributes;
};

struct SpanLink {
  TraceId trace_id;
  SpanId span_id;
  std::string trace_state;
  std::uint8_t trace_flags = 0;
  Attributes attributes;
};

// Limits that keep one span's memory bounded whatever instrumented code does.
inline constexpr std::size_t kMaxAttributesPerSpan = 128;
inline constexpr std::size_t kMaxEventsPerSpan = 128;
inline constexpr std::size_t kMaxLinksPerSpan = 128;

// A finished span, owned by the processor until exported.
struct SpanData {
  TraceId trace_id;
  SpanId span_id;
  SpanId parent_span_id;  // invalid (all zero) for a root span
  std::string trace_state;
  std::uint8_t trace_flags = 0;
  bool parent_is_remote = false;
  std::string name;
  SpanKind kind = SpanKind::internal;
  std::uint64_t start_unix_nano = 0;
  std::uint64_t end_unix_nano = 0;
  Attributes attributes;
  // Instead of `attributes`, when the span's processor encodes spans as they end (an OTLP
  // protobuf exporter): the attributes as Span.attributes entries (field 9, each with its tag
  // and length), already encoded when they were set; `encoded_attribute_count` of them. Views
  // the span's own storage: valid while the processor's on_end() runs, which encodes it.
  std::string_view encoded_attributes;
  std::uint32_t encoded_attribute_count = 0;
  std::vector<SpanEvent> events;
  std::vector<SpanLink> links;
  StatusCode status = StatusCode::unset;
  std::string status_message;
  std::uint32_t dropped_attributes = 0;
  std::uint32_t dropped_events = 0;
  std::uint32_t dropped_links = 0;
};

// Describes the process producing spans (service.name, host.name, ...).
struct Resource {
  Attributes attributes;
  // service.name, service.version, deployment.environment.name, telemetry.sdk.*, host.name,
  // process.pid, and OTEL_RESOURCE_ATTRIBUTES (percent-decoded). Values passed in win over
  // the environment where both are set; empty strings mean "not given".
  static Resource from_environment(std::string_view service_name = {},
                                   std::string_view service_version = {});
  const std::string* find_string(std::string_view key) const;
};

// Scope name and version written on every exported batch.
inline constexpr const char* kInstrumentationScopeName = "otel-setup";
inline constexpr const char* kRuntimeVersion = "0.1.0";

}  // namespace otelrt
