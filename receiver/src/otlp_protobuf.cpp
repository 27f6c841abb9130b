// ExportTraceServiceRequest (collector/trace/v1) in protobuf wire format -> the model.
// Field numbers from opentelemetry-proto: trace/v1/trace.proto, common/v1/common.proto,
// resource/v1/resource.proto. Unknown fields are skipped, as protobuf requires.
#include <cstring>
#include <string>

#include "otel_setup/otlp_model.hpp"
#include "wire_reader.hpp"

namespace otel_setup::otlp {
namespace {

class ProtobufDecoder {
 public:
  explicit ProtobufDecoder(const DecodeLimits& limits) : limits_(limits) {}

  std::vector<Span> request(std::string_view data) {
    std::vector<Span> spans;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "resource_spans");
        resource_spans(reader.bytes(), spans);
      } else {
        reader.skip(type);
      }
    }
    return spans;
  }

 private:
  // Counts one decoded element against the limit of the whole body.
  void count() {
    if (++elements_ > limits_.max_elements) throw DecodeError("protobuf: too many elements");
  }

  // Guards recursion into nested messages; released on scope exit.
  class Nested {
   public:
    explicit Nested(ProtobufDecoder& decoder) : decoder_(decoder) {
      if (++decoder_.depth_ > decoder_.limits_.max_depth) {
        throw DecodeError("protobuf: nesting deeper than " +
                          std::to_string(decoder_.limits_.max_depth));
      }
    }
    ~Nested() { --decoder_.depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    ProtobufDecoder& decoder_;
  };

  void resource_spans(std::string_view data, std::vector<Span>& spans) {
    Nested nested(*this);
    auto resource = std::make_shared<Resource>();
    std::vector<std::string_view> scopes;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "resource");
        resource_message(reader.bytes(), *resource);
      } else if (field == 2) {
        expect_type(type, WireType::len, "scope_spans");
        scopes.push_back(reader.bytes());
      } else {
        reader.skip(type);
      }
    }
    // The resource may follow its scope_spans on the wire: decode spans once it is known.
    for (std::string_view scope : scopes)
      scope_spans(scope, resource, spans);
  }

  void resource_message(std::string_view data, Resource& resource) {
    Nested nested(*this);
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "resource.attributes");
        resource.attributes.push_back(key_value(reader.bytes()));
      } else {
        reader.skip(type);
      }
    }
  }

  void scope_spans(std::string_view data, const std::shared_ptr<const Resource>& resource,
                   std::vector<Span>& spans) {
    Nested nested(*this);
    auto scope = std::make_shared<Scope>();
    std::size_t first = spans.size();
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "scope");
        scope_message(reader.bytes(), *scope);
      } else if (field == 2) {
        expect_type(type, WireType::len, "spans");
        spans.push_back(span(reader.bytes()));
        spans.back().resource = resource;
      } else {
        reader.skip(type);
      }
    }
    for (std::size_t i = first; i < spans.size(); ++i)
      spans[i].scope = scope;
  }

  void scope_message(std::string_view data, Scope& scope) {
    Nested nested(*this);
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "scope.name");
        scope.name = std::string(reader.bytes());
      } else if (field == 2) {
        expect_type(type, WireType::len, "scope.version");
        scope.version = std::string(reader.bytes());
      } else if (field == 3) {
        expect_type(type, WireType::len, "scope.attributes");
        scope.attributes.push_back(key_value(reader.bytes()));
      } else {
        reader.skip(type);
      }
    }
  }

  Span span(std::string_view data) {
    Nested nested(*this);
    count();
    Span result;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      switch (field) {
        case 1:
          expect_type(type, WireType::len, "span.trace_id");
          result.trace_id = std::string(reader.bytes());
          break;
        case 2:
          expect_type(type, WireType::len, "span.span_id");
          result.span_id = std::string(reader.bytes());
          break;
        case 3:
          expect_type(type, WireType::len, "span.trace_state");
          result.trace_state = std::string(reader.bytes());
          break;
        case 4:
          expect_type(type, WireType::len, "span.parent_span_id");
          result.parent_span_id = std::string(reader.bytes());
          break;
        case 5:
          expect_type(type, WireType::len, "span.name");
          result.name = std::string(reader.bytes());
          break;
        case 6:
          expect_type(type, WireType::varint, "span.kind");
          result.kind = static_cast<int>(static_cast<std::int32_t>(reader.varint()));
          break;
        case 7:
          expect_type(type, WireType::fixed64, "span.start_time_unix_nano");
          result.start_time_unix_nano = reader.fixed64();
          break;
        case 8:
          expect_type(type, WireType::fixed64, "span.end_time_unix_nano");
          result.end_time_unix_nano = reader.fixed64();
          break;
        case 9:
          expect_type(type, WireType::len, "span.attributes");
          result.attributes.push_back(key_value(reader.bytes()));
          break;
        case 11:
          expect_type(type, WireType::len, "span.events");
          result.events.push_back(event(reader.bytes()));
          break;
        case 13:
          expect_type(type, WireType::len, "span.links");
          result.links.push_back(link(reader.bytes()));
          break;
        case 15:
          expect_type(type, WireType::len, "span.status");
          result.status = status(reader.bytes());
          break;
        case 16:
          expect_type(type, WireType::fixed32, "span.flags");
          result.flags = reader.fixed32();
          break;
        default:
          reader.skip(type);
      }
    }
    return result;
  }

  Event event(std::string_view data) {
    Nested nested(*this);
    count();
    Event result;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::fixed64, "event.time_unix_nano");
        result.time_unix_nano = reader.fixed64();
      } else if (field == 2) {
        expect_type(type, WireType::len, "event.name");
        result.name = std::string(reader.bytes());
      } else if (field == 3) {
        expect_type(type, WireType::len, "event.attributes");
        result.attributes.push_back(key_value(reader.bytes()));
      } else {
        reader.skip(type);
      }
    }
    return result;
  }

  Link link(std::string_view data) {
    Nested nested(*this);
    count();
    Link result;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "link.trace_id");
        result.trace_id = std::string(reader.bytes());
      } else if (field == 2) {
        expect_type(type, WireType::len, "link.span_id");
        result.span_id = std::string(reader.bytes());
      } else if (field == 3) {
        expect_type(type, WireType::len, "link.trace_state");
        result.trace_state = std::string(reader.bytes());
      } else if (field == 4) {
        expect_type(type, WireType::len, "link.attributes");
        result.attributes.push_back(key_value(reader.bytes()));
      } else if (field == 6) {
        expect_type(type, WireType::fixed32, "link.flags");
        result.flags = reader.fixed32();
      } else {
        reader.skip(type);
      }
    }
    return result;
  }

  Status status(std::string_view data) {
    Nested nested(*this);
    Status result;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 2) {
        expect_type(type, WireType::len, "status.message");
        result.message = std::string(reader.bytes());
      } else if (field == 3) {
        expect_type(type, WireType::varint, "status.code");
        result.code = static_cast<int>(static_cast<std::int32_t>(reader.varint()));
      } else {
        reader.skip(type);
      }
    }
    return result;
  }

  KeyValue key_value(std::string_view data) {
    Nested nested(*this);
    count();
    KeyValue result;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "key");
        result.key = std::string(reader.bytes());
      } else if (field == 2) {
        expect_type(type, WireType::len, "value");
        result.value = any_value(reader.bytes());
      } else {
        reader.skip(type);
      }
    }
    return result;
  }

  AnyValue any_value(std::string_view data) {
    Nested nested(*this);
    count();
    AnyValue result;
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    // A oneof: the last field on the wire wins.
    while (reader.next_field(field, type)) {
      switch (field) {
        case 1:
          expect_type(type, WireType::len, "string_value");
          result = AnyValue{};
          result.type = AnyValue::Type::string;
          result.string_value = std::string(reader.bytes());
          break;
        case 2:
          expect_type(type, WireType::varint, "bool_value");
          result = AnyValue{};
          result.type = AnyValue::Type::boolean;
          result.bool_value = reader.varint() != 0;
          break;
        case 3:
          expect_type(type, WireType::varint, "int_value");
          result = AnyValue{};
          result.type = AnyValue::Type::integer;
          result.int_value = static_cast<std::int64_t>(reader.varint());
          break;
        case 4: {
          expect_type(type, WireType::fixed64, "double_value");
          result = AnyValue{};
          result.type = AnyValue::Type::floating;
          std::uint64_t bits = reader.fixed64();
          std::memcpy(&result.double_value, &bits, sizeof bits);
          break;
        }
        case 5:
          expect_type(type, WireType::len, "array_value");
          result = AnyValue{};
          result.type = AnyValue::Type::array;
          array_value(reader.bytes(), result.array_value);
          break;
        case 6:
          expect_type(type, WireType::len, "kvlist_value");
          result = AnyValue{};
          result.type = AnyValue::Type::kvlist;
          kvlist_value(reader.bytes(), result.kvlist_value);
          break;
        case 7:
          expect_type(type, WireType::len, "bytes_value");
          result = AnyValue{};
          result.type = AnyValue::Type::bytes;
          result.string_value = std::string(reader.bytes());
          break;
        default:
          reader.skip(type);
      }
    }
    return result;
  }

  void array_value(std::string_view data, std::vector<AnyValue>& values) {
    Nested nested(*this);
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "array_value.values");
        values.push_back(any_value(reader.bytes()));
      } else {
        reader.skip(type);
      }
    }
  }

  void kvlist_value(std::string_view data, std::vector<KeyValue>& values) {
    Nested nested(*this);
    WireReader reader(data);
    std::uint32_t field = 0;
    WireType type{};
    while (reader.next_field(field, type)) {
      if (field == 1) {
        expect_type(type, WireType::len, "kvlist_value.values");
        values.push_back(key_value(reader.bytes()));
      } else {
        reader.skip(type);
      }
    }
  }

  const DecodeLimits& limits_;
  std::size_t depth_ = 0;
  std::size_t elements_ = 0;
};

}  // namespace

std::vector<Span> decode_protobuf(std::string_view body, const DecodeLimits& limits) {
  return ProtobufDecoder(limits).request(body);
}

}  // namespace otel_setup::otlp
