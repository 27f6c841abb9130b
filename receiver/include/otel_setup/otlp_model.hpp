// The in-memory model of an OTLP trace export: what the protobuf and the JSON decoders both
// produce, and what `otel-setup view` prints. Tests of other stages link otel_receiver and
// decode request bodies into it to assert spans.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace otel_setup::otlp {

struct KeyValue;

// common.v1.AnyValue: one of the fields below, or empty.
struct AnyValue {
  enum class Type { empty, string, boolean, integer, floating, array, kvlist, bytes };
  Type type = Type::empty;
  std::string string_value;  // string, or raw bytes for Type::bytes
  bool bool_value = false;
  std::int64_t int_value = 0;
  double double_value = 0;
  std::vector<AnyValue> array_value;
  std::vector<KeyValue> kvlist_value;

  // Display form: strings unquoted, arrays as [a, b], kvlists as {k=v}, bytes as hex.
  std::string to_string() const;
};

struct KeyValue {
  std::string key;
  AnyValue value;
};

using Attributes = std::vector<KeyValue>;

// The value of `key`, or nullptr.
const AnyValue* find_attribute(const Attributes& attributes, std::string_view key);

enum SpanKind : int {
  kind_unspecified = 0,
  kind_internal = 1,
  kind_server = 2,
  kind_client = 3,
  kind_producer = 4,
  kind_consumer = 5
};
enum StatusCode : int { status_unset = 0, status_ok = 1, status_error = 2 };

// "internal", "server", ...; "unspecified" for 0 and unknown values.
std::string_view kind_name(int kind);
// "unset", "ok", "error".
std::string_view status_name(int code);

struct Resource {
  Attributes attributes;
};

struct Scope {
  std::string name;
  std::string version;
  Attributes attributes;
};

struct Event {
  std::uint64_t time_unix_nano = 0;
  std::string name;
  Attributes attributes;
};

struct Link {
  std::string trace_id;  // raw bytes
  std::string span_id;   // raw bytes
  std::string trace_state;
  Attributes attributes;
  std::uint32_t flags = 0;
};

struct Status {
  std::string message;
  int code = status_unset;
};

struct Span {
  std::string trace_id;        // raw bytes, 16 when valid
  std::string span_id;         // raw bytes, 8 when valid
  std::string parent_span_id;  // raw bytes, empty for a root span
  std::string trace_state;
  std::uint32_t flags = 0;
  std::string name;
  int kind = kind_unspecified;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t end_time_unix_nano = 0;
  Attributes attributes;
  std::vector<Event> events;
  std::vector<Link> links;
  Status status;
  // Shared by every span of one ResourceSpans / ScopeSpans; never null after decoding.
  std::shared_ptr<const Resource> resource;
  std::shared_ptr<const Scope> scope;

  // service.name of the resource, or "unknown_service".
  std::string service_name() const;
  // The attribute's display value, or "" when absent.
  std::string attribute(std::string_view key) const;
};

// Lower-case hex of raw id bytes ("" for an empty id).
std::string to_hex(std::string_view bytes);

// Why a request body could not be decoded; the message is one line.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounds that keep hostile bodies from exhausting memory or stack.
struct DecodeLimits {
  std::size_t max_depth = 32;           // nesting of messages / AnyValue arrays and kvlists
  std::size_t max_elements = 1u << 19;  // spans + attributes + events + values in one body
};

// An ExportTraceServiceRequest in protobuf wire format. Throws DecodeError.
std::vector<Span> decode_protobuf(std::string_view body, const DecodeLimits& limits = {});
// An ExportTraceServiceRequest in the OTLP/JSON mapping. Throws DecodeError.
std::vector<Span> decode_json(std::string_view body, const DecodeLimits& limits = {});

}  // namespace otel_setup::otlp
