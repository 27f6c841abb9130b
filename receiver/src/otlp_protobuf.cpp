// ExportTraceServiceRequest (collector/trace/v1) in protobuf wire format -> the model.
// Field numbers from opentelemetry-proto: trace/v1/trace.proto, common/v1/common.proto,
// resource/v1/resource.proto. Unknown fields are skipped, as protobuf requires.
#include <cstring>
#include <string>
#include <utility>

#include "otel_setup/otlp_model.hpp"
#include "wire_reader.hpp"

namespace otel_setup::otlp {
namespace {

class ProtobufDecoder {
 public:
  explicit ProtobufDecoder(const DecodeLimits& limits) : limits_(limits) {}

  std::vector<Span> request(std::string_view data) {
    std::vector<Span> spans;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      if (number != 1) return false;
      resource_spans(field.bytes("resource_spans"), spans);
      return true;
    });
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

  // One field of a message being walked: checks the wire type before reading the value, so a
  // decoder states only which member each field number fills.
  class Field {
   public:
    Field(WireReader& reader, WireType type) : reader_(reader), type_(type) {}

    std::string_view bytes(const char* name) {
      expect_type(type_, WireType::len, name);
      return reader_.bytes();
    }
    std::string string(const char* name) { return std::string(bytes(name)); }
    std::uint64_t varint(const char* name) {
      expect_type(type_, WireType::varint, name);
      return reader_.varint();
    }
    // An int32 enum: negative values arrive sign-extended to 64 bits.
    int enum_value(const char* name) {
      return static_cast<int>(static_cast<std::int32_t>(varint(name)));
    }
    std::uint32_t fixed32(const char* name) {
      expect_type(type_, WireType::fixed32, name);
      return reader_.fixed32();
    }
    std::uint64_t fixed64(const char* name) {
      expect_type(type_, WireType::fixed64, name);
      return reader_.fixed64();
    }

   private:
    WireReader& reader_;
    WireType type_;
  };

  // Walks the fields of one message. `on_field(number, field)` returns false for a field number
  // it does not know; that field is skipped, as protobuf requires.
  template <typename OnField>
  static void for_each_field(std::string_view data, OnField on_field) {
    WireReader reader(data);
    std::uint32_t number = 0;
    WireType type{};
    while (reader.next_field(number, type)) {
      Field field(reader, type);
      if (!on_field(number, field)) reader.skip(type);
    }
  }

  void resource_spans(std::string_view data, std::vector<Span>& spans) {
    Nested nested(*this);
    auto resource = std::make_shared<Resource>();
    std::vector<std::string_view> scopes;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          resource_message(field.bytes("resource"), *resource);
          return true;
        case 2:
          scopes.push_back(field.bytes("scope_spans"));
          return true;
        default:
          return false;
      }
    });
    // The resource may follow its scope_spans on the wire: decode spans once it is known.
    for (std::string_view scope : scopes)
      scope_spans(scope, resource, spans);
  }

  void resource_message(std::string_view data, Resource& resource) {
    Nested nested(*this);
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      if (number != 1) return false;
      resource.attributes.push_back(key_value(field.bytes("resource.attributes")));
      return true;
    });
  }

  void scope_spans(std::string_view data, const std::shared_ptr<const Resource>& resource,
                   std::vector<Span>& spans) {
    Nested nested(*this);
    auto scope = std::make_shared<Scope>();
    std::size_t first = spans.size();
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          scope_message(field.bytes("scope"), *scope);
          return true;
        case 2:
          spans.push_back(span(field.bytes("spans")));
          spans.back().resource = resource;
          return true;
        default:
          return false;
      }
    });
    for (std::size_t i = first; i < spans.size(); ++i)
      spans[i].scope = scope;
  }

  void scope_message(std::string_view data, Scope& scope) {
    Nested nested(*this);
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          scope.name = field.string("scope.name");
          return true;
        case 2:
          scope.version = field.string("scope.version");
          return true;
        case 3:
          scope.attributes.push_back(key_value(field.bytes("scope.attributes")));
          return true;
        default:
          return false;
      }
    });
  }

  Span span(std::string_view data) {
    Nested nested(*this);
    count();
    Span result;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          result.trace_id = field.string("span.trace_id");
          return true;
        case 2:
          result.span_id = field.string("span.span_id");
          return true;
        case 3:
          result.trace_state = field.string("span.trace_state");
          return true;
        case 4:
          result.parent_span_id = field.string("span.parent_span_id");
          return true;
        case 5:
          result.name = field.string("span.name");
          return true;
        case 6:
          result.kind = field.enum_value("span.kind");
          return true;
        case 7:
          result.start_time_unix_nano = field.fixed64("span.start_time_unix_nano");
          return true;
        case 8:
          result.end_time_unix_nano = field.fixed64("span.end_time_unix_nano");
          return true;
        case 9:
          result.attributes.push_back(key_value(field.bytes("span.attributes")));
          return true;
        case 11:
          result.events.push_back(event(field.bytes("span.events")));
          return true;
        case 13:
          result.links.push_back(link(field.bytes("span.links")));
          return true;
        case 15:
          result.status = status(field.bytes("span.status"));
          return true;
        case 16:
          result.flags = field.fixed32("span.flags");
          return true;
        default:
          return false;
      }
    });
    return result;
  }

  Event event(std::string_view data) {
    Nested nested(*this);
    count();
    Event result;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          result.time_unix_nano = field.fixed64("event.time_unix_nano");
          return true;
        case 2:
          result.name = field.string("event.name");
          return true;
        case 3:
          result.attributes.push_back(key_value(field.bytes("event.attributes")));
          return true;
        default:
          return false;
      }
    });
    return result;
  }

  Link link(std::string_view data) {
    Nested nested(*this);
    count();
    Link result;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          result.trace_id = field.string("link.trace_id");
          return true;
        case 2:
          result.span_id = field.string("link.span_id");
          return true;
        case 3:
          result.trace_state = field.string("link.trace_state");
          return true;
        case 4:
          result.attributes.push_back(key_value(field.bytes("link.attributes")));
          return true;
        case 6:
          result.flags = field.fixed32("link.flags");
          return true;
        default:
          return false;
      }
    });
    return result;
  }

  Status status(std::string_view data) {
    Nested nested(*this);
    Status result;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 2:
          result.message = field.string("status.message");
          return true;
        case 3:
          result.code = field.enum_value("status.code");
          return true;
        default:
          return false;
      }
    });
    return result;
  }

  KeyValue key_value(std::string_view data) {
    Nested nested(*this);
    count();
    KeyValue result;
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1:
          result.key = field.string("key");
          return true;
        case 2:
          result.value = any_value(field.bytes("value"));
          return true;
        default:
          return false;
      }
    });
    return result;
  }

  AnyValue any_value(std::string_view data) {
    Nested nested(*this);
    count();
    AnyValue result;
    // A oneof: the last field on the wire wins, so each member starts from an empty value.
    auto reset = [&result](AnyValue::Type type) {
      result = AnyValue{};
      result.type = type;
    };
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      switch (number) {
        case 1: {
          std::string value = field.string("string_value");
          reset(AnyValue::Type::string);
          result.string_value = std::move(value);
          return true;
        }
        case 2: {
          bool value = field.varint("bool_value") != 0;
          reset(AnyValue::Type::boolean);
          result.bool_value = value;
          return true;
        }
        case 3: {
          auto value = static_cast<std::int64_t>(field.varint("int_value"));
          reset(AnyValue::Type::integer);
          result.int_value = value;
          return true;
        }
        case 4: {
          std::uint64_t bits = field.fixed64("double_value");
          reset(AnyValue::Type::floating);
          std::memcpy(&result.double_value, &bits, sizeof bits);
          return true;
        }
        case 5: {
          std::string_view payload = field.bytes("array_value");
          reset(AnyValue::Type::array);
          array_value(payload, result.array_value);
          return true;
        }
        case 6: {
          std::string_view payload = field.bytes("kvlist_value");
          reset(AnyValue::Type::kvlist);
          kvlist_value(payload, result.kvlist_value);
          return true;
        }
        case 7: {
          std::string value = field.string("bytes_value");
          reset(AnyValue::Type::bytes);
          result.string_value = std::move(value);
          return true;
        }
        default:
          return false;
      }
    });
    return result;
  }

  void array_value(std::string_view data, std::vector<AnyValue>& values) {
    Nested nested(*this);
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      if (number != 1) return false;
      values.push_back(any_value(field.bytes("array_value.values")));
      return true;
    });
  }

  void kvlist_value(std::string_view data, std::vector<KeyValue>& values) {
    Nested nested(*this);
    for_each_field(data, [&](std::uint32_t number, Field& field) {
      if (number != 1) return false;
      values.push_back(key_value(field.bytes("kvlist_value.values")));
      return true;
    });
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
