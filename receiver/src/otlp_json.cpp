// ExportTraceServiceRequest in the OTLP/JSON mapping -> the model. Per the OTLP spec: ids
// are hex, keys lowerCamelCase (the proto field names are accepted too), 64-bit integers
// are strings or numbers, enums are integers (their names are accepted too).
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "otel_setup/otlp_model.hpp"

namespace otel_setup::otlp {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("json: " + what);
}

// The member `camel` (or its proto name `snake`), or nullptr when absent or null.
const json* member(const json& object, const char* camel, const char* snake = nullptr) {
  auto found = object.find(camel);
  if (found == object.end() && snake) found = object.find(snake);
  if (found == object.end() || found->is_null()) return nullptr;
  return &*found;
}

const json& as_object(const json& value, const char* what) {
  if (!value.is_object()) fail(std::string(what) + " is not an object");
  return value;
}

const json& as_array(const json& value, const char* what) {
  if (!value.is_array()) fail(std::string(what) + " is not an array");
  return value;
}

std::string as_string(const json& value, const char* what) {
  if (!value.is_string()) fail(std::string(what) + " is not a string");
  return value.get<std::string>();
}

std::uint64_t as_uint64(const json& value, const char* what) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    return static_cast<std::uint64_t>(value.get<std::int64_t>());
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.empty() || text.size() > 20 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      fail(std::string(what) + " is not an unsigned integer");
    }
    try {
      return std::stoull(text);
    } catch (const std::exception&) {
      fail(std::string(what) + " is out of range");
    }
  }
  fail(std::string(what) + " is not an unsigned integer");
}

std::int64_t as_int64(const json& value, const char* what) {
  if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<std::int64_t>();
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      fail(std::string(what) + " is out of range");
    }
    return static_cast<std::int64_t>(value.get<std::uint64_t>());
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    std::size_t digits = (!text.empty() && text[0] == '-') ? 1 : 0;
    if (text.size() == digits || text.size() > 20 ||
        text.find_first_not_of("0123456789", digits) != std::string::npos) {
      fail(std::string(what) + " is not an integer");
    }
    try {
      return std::stoll(text);
    } catch (const std::exception&) {
      fail(std::string(what) + " is out of range");
    }
  }
  fail(std::string(what) + " is not an integer");
}

double as_double(const json& value, const char* what) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity") return std::numeric_limits<double>::infinity();
    if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  fail(std::string(what) + " is not a number");
}

// An enum as its integer, or as its proto name (e.g. SPAN_KIND_SERVER).
int as_enum(const json& value, const char* const* names, int count, const char* what) {
  if (value.is_number_integer()) {
    std::int64_t number = value.get<std::int64_t>();
    if (number < INT32_MIN || number > INT32_MAX) fail(std::string(what) + " is out of range");
    return static_cast<int>(number);
  }
  if (value.is_string()) {
    for (int i = 0; i < count; ++i) {
      if (value.get_ref<const std::string&>() == names[i]) return i;
    }
  }
  fail(std::string(what) + " is not a valid enum value");
}

std::string hex_id(const json& value, const char* what) {
  std::string text = as_string(value, what);
  if (text.size() % 2 != 0) fail(std::string(what) + " is not hex");
  std::string bytes;
  bytes.reserve(text.size() / 2);
  auto nibble = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    fail(std::string(what) + " is not hex");
  };
  for (std::size_t i = 0; i < text.size(); i += 2)
    bytes += static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1]));
  return bytes;
}

std::string base64(const json& value, const char* what) {
  std::string text = as_string(value, what);
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int sextet;
    if (c >= 'A' && c <= 'Z') {
      sextet = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      sextet = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      sextet = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      sextet = 62;
    } else if (c == '/' || c == '_') {
      sextet = 63;
    } else if (c == '=') {
      break;
    } else {
      fail(std::string(what) + " is not base64");
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(sextet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

class JsonDecoder {
 public:
  explicit JsonDecoder(const DecodeLimits& limits) : limits_(limits) {}

  std::vector<Span> request(const json& root) {
    std::vector<Span> spans;
    as_object(root, "request");
    if (const json* list = member(root, "resourceSpans", "resource_spans")) {
      for (const json& item : as_array(*list, "resourceSpans"))
        resource_spans(as_object(item, "resourceSpans[]"), spans);
    }
    return spans;
  }

 private:
  void count() {
    if (++elements_ > limits_.max_elements) fail("too many elements");
  }

  void resource_spans(const json& object, std::vector<Span>& spans) {
    auto resource = std::make_shared<Resource>();
    if (const json* value = member(object, "resource")) {
      if (const json* list = member(as_object(*value, "resource"), "attributes"))
        resource->attributes = attributes(*list, 0);
    }
    const json* scopes = member(object, "scopeSpans", "scope_spans");
    if (!scopes) return;
    for (const json& item : as_array(*scopes, "scopeSpans")) {
      as_object(item, "scopeSpans[]");
      auto scope = std::make_shared<Scope>();
      if (const json* value = member(item, "scope")) {
        as_object(*value, "scope");
        if (const json* name = member(*value, "name")) scope->name = as_string(*name, "scope.name");
        if (const json* version = member(*value, "version"))
          scope->version = as_string(*version, "scope.version");
        if (const json* list = member(*value, "attributes"))
          scope->attributes = attributes(*list, 0);
      }
      const json* list = member(item, "spans");
      if (!list) continue;
      for (const json& span_json : as_array(*list, "spans")) {
        spans.push_back(span(as_object(span_json, "span")));
        spans.back().resource = resource;
        spans.back().scope = scope;
      }
    }
  }

  Span span(const json& object) {
    static const char* const kinds[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
                                        "SPAN_KIND_SERVER",      "SPAN_KIND_CLIENT",
                                        "SPAN_KIND_PRODUCER",    "SPAN_KIND_CONSUMER"};
    static const char* const codes[] = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
    count();
    Span result;
    if (const json* v = member(object, "traceId", "trace_id"))
      result.trace_id = hex_id(*v, "traceId");
    if (const json* v = member(object, "spanId", "span_id")) result.span_id = hex_id(*v, "spanId");
    if (const json* v = member(object, "parentSpanId", "parent_span_id"))
      result.parent_span_id = hex_id(*v, "parentSpanId");
    if (const json* v = member(object, "traceState", "trace_state"))
      result.trace_state = as_string(*v, "traceState");
    if (const json* v = member(object, "flags"))
      result.flags = static_cast<std::uint32_t>(as_uint64(*v, "flags"));
    if (const json* v = member(object, "name")) result.name = as_string(*v, "name");
    if (const json* v = member(object, "kind")) result.kind = as_enum(*v, kinds, 6, "kind");
    if (const json* v = member(object, "startTimeUnixNano", "start_time_unix_nano"))
      result.start_time_unix_nano = as_uint64(*v, "startTimeUnixNano");
    if (const json* v = member(object, "endTimeUnixNano", "end_time_unix_nano"))
      result.end_time_unix_nano = as_uint64(*v, "endTimeUnixNano");
    if (const json* v = member(object, "attributes")) result.attributes = attributes(*v, 0);
    if (const json* v = member(object, "events")) {
      for (const json& item : as_array(*v, "events")) {
        as_object(item, "event");
        count();
        Event event;
        if (const json* t = member(item, "timeUnixNano", "time_unix_nano"))
          event.time_unix_nano = as_uint64(*t, "timeUnixNano");
        if (const json* n = member(item, "name")) event.name = as_string(*n, "event.name");
        if (const json* a = member(item, "attributes")) event.attributes = attributes(*a, 0);
        result.events.push_back(std::move(event));
      }
    }
    if (const json* v = member(object, "links")) {
      for (const json& item : as_array(*v, "links")) {
        as_object(item, "link");
        count();
        Link link;
        if (const json* t = member(item, "traceId", "trace_id"))
          link.trace_id = hex_id(*t, "traceId");
        if (const json* s = member(item, "spanId", "span_id")) link.span_id = hex_id(*s, "spanId");
        if (const json* s = member(item, "traceState", "trace_state"))
          link.trace_state = as_string(*s, "traceState");
        if (const json* a = member(item, "attributes")) link.attributes = attributes(*a, 0);
        if (const json* f = member(item, "flags"))
          link.flags = static_cast<std::uint32_t>(as_uint64(*f, "flags"));
        result.links.push_back(std::move(link));
      }
    }
    if (const json* v = member(object, "status")) {
      as_object(*v, "status");
      if (const json* m = member(*v, "message"))
        result.status.message = as_string(*m, "status.message");
      if (const json* c = member(*v, "code"))
        result.status.code = as_enum(*c, codes, 3, "status.code");
    }
    return result;
  }

  Attributes attributes(const json& list, std::size_t depth) {
    Attributes result;
    for (const json& item : as_array(list, "attributes")) {
      as_object(item, "attribute");
      count();
      KeyValue kv;
      if (const json* key = member(item, "key")) kv.key = as_string(*key, "attribute key");
      if (const json* value = member(item, "value")) kv.value = any_value(*value, depth + 1);
      result.push_back(std::move(kv));
    }
    return result;
  }

  AnyValue any_value(const json& object, std::size_t depth) {
    if (depth > limits_.max_depth) fail("attribute values nested too deep");
    as_object(object, "value");
    count();
    AnyValue result;
    if (const json* v = member(object, "stringValue", "string_value")) {
      result.type = AnyValue::Type::string;
      result.string_value = as_string(*v, "stringValue");
    } else if (const json* b = member(object, "boolValue", "bool_value")) {
      if (!b->is_boolean()) fail("boolValue is not a boolean");
      result.type = AnyValue::Type::boolean;
      result.bool_value = b->get<bool>();
    } else if (const json* i = member(object, "intValue", "int_value")) {
      result.type = AnyValue::Type::integer;
      result.int_value = as_int64(*i, "intValue");
    } else if (const json* d = member(object, "doubleValue", "double_value")) {
      result.type = AnyValue::Type::floating;
      result.double_value = as_double(*d, "doubleValue");
    } else if (const json* a = member(object, "arrayValue", "array_value")) {
      result.type = AnyValue::Type::array;
      if (const json* values = member(as_object(*a, "arrayValue"), "values")) {
        for (const json& item : as_array(*values, "arrayValue.values"))
          result.array_value.push_back(any_value(item, depth + 1));
      }
    } else if (const json* k = member(object, "kvlistValue", "kvlist_value")) {
      result.type = AnyValue::Type::kvlist;
      if (const json* values = member(as_object(*k, "kvlistValue"), "values"))
        result.kvlist_value = attributes(*values, depth + 1);
    } else if (const json* y = member(object, "bytesValue", "bytes_value")) {
      result.type = AnyValue::Type::bytes;
      result.string_value = base64(*y, "bytesValue");
    }
    return result;
  }

  const DecodeLimits& limits_;
  std::size_t elements_ = 0;
};

}  // namespace

std::vector<Span> decode_json(std::string_view body, const DecodeLimits& limits) {
  // The callback bounds nesting and size while parsing, before a hostile document is built.
  std::size_t values = 0;
  const std::size_t max_values = limits.max_elements * 4;
  const int max_depth = static_cast<int>(limits.max_depth) * 3 + 16;
  auto guard = [&](int depth, json::parse_event_t event, json&) {
    if (depth > max_depth) fail("nesting too deep");
    if (event == json::parse_event_t::value && ++values > max_values) fail("too many values");
    return true;
  };
  json root;
  try {
    root = json::parse(body.begin(), body.end(), guard);
  } catch (const json::exception& error) {
    std::string what = error.what();
    fail(what.substr(0, what.find('\n')));
  }
  try {
    return JsonDecoder(limits).request(root);
  } catch (const json::exception& error) {
    fail(error.what());
  }
}

}  // namespace otel_setup::otlp
