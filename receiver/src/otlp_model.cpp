#include <cmath>
#include <sstream>

#include "otel_setup/otlp_model.hpp"

namespace otel_setup::otlp {

std::string AnyValue::to_string() const {
  switch (type) {
    case Type::empty:
      return "";
    case Type::string:
      return string_value;
    case Type::boolean:
      return bool_value ? "true" : "false";
    case Type::integer:
      return std::to_string(int_value);
    case Type::floating: {
      std::ostringstream out;
      out << double_value;
      return out.str();
    }
    case Type::bytes:
      return to_hex(string_value);
    case Type::array: {
      std::string text = "[";
      for (std::size_t i = 0; i < array_value.size(); ++i)
        text += (i ? ", " : "") + array_value[i].to_string();
      return text + "]";
    }
    case Type::kvlist: {
      std::string text = "{";
      for (std::size_t i = 0; i < kvlist_value.size(); ++i)
        text += (i ? ", " : "") + kvlist_value[i].key + "=" + kvlist_value[i].value.to_string();
      return text + "}";
    }
  }
  return "";
}

const AnyValue* find_attribute(const Attributes& attributes, std::string_view key) {
  for (const KeyValue& attribute : attributes) {
    if (attribute.key == key) return &attribute.value;
  }
  return nullptr;
}

std::string_view kind_name(int kind) {
  switch (kind) {
    case kind_internal:
      return "internal";
    case kind_server:
      return "server";
    case kind_client:
      return "client";
    case kind_producer:
      return "producer";
    case kind_consumer:
      return "consumer";
    default:
      return "unspecified";
  }
}

std::string_view status_name(int code) {
  switch (code) {
    case status_ok:
      return "ok";
    case status_error:
      return "error";
    default:
      return "unset";
  }
}

std::string Span::service_name() const {
  if (resource) {
    const AnyValue* value = find_attribute(resource->attributes, "service.name");
    if (value && value->type == AnyValue::Type::string && !value->string_value.empty()) {
      return value->string_value;
    }
  }
  return "unknown_service";
}

std::string Span::attribute(std::string_view key) const {
  const AnyValue* value = find_attribute(attributes, key);
  return value ? value->to_string() : std::string();
}

std::string to_hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  return hex;
}

}  // namespace otel_setup::otlp
