#include <string>

#include "otel_setup/trace_render.hpp"

namespace otel_setup::otlp {
namespace {

nlohmann::json value_to_json(const AnyValue& value) {
  switch (value.type) {
    case AnyValue::Type::empty:
      return nullptr;
    case AnyValue::Type::string:
      return value.string_value;
    case AnyValue::Type::boolean:
      return value.bool_value;
    case AnyValue::Type::integer:
      return value.int_value;
    case AnyValue::Type::floating:
      return value.double_value;
    case AnyValue::Type::bytes:
      return to_hex(value.string_value);
    case AnyValue::Type::array: {
      nlohmann::json array = nlohmann::json::array();
      for (const AnyValue& item : value.array_value)
        array.push_back(value_to_json(item));
      return array;
    }
    case AnyValue::Type::kvlist:
      return attributes_to_json(value.kvlist_value);
  }
  return nullptr;
}

}  // namespace

nlohmann::json attributes_to_json(const Attributes& attributes) {
  nlohmann::json object = nlohmann::json::object();
  for (const KeyValue& attribute : attributes)
    object[attribute.key] = value_to_json(attribute.value);
  return object;
}

nlohmann::json span_to_json(const Span& span) {
  nlohmann::json events = nlohmann::json::array();
  for (const Event& event : span.events) {
    events.push_back({{"name", event.name},
                      {"time_unix_nano", std::to_string(event.time_unix_nano)},
                      {"attributes", attributes_to_json(event.attributes)}});
  }
  nlohmann::json links = nlohmann::json::array();
  for (const Link& link : span.links) {
    links.push_back({{"trace_id", to_hex(link.trace_id)},
                     {"span_id", to_hex(link.span_id)},
                     {"attributes", attributes_to_json(link.attributes)}});
  }
  double duration_ms =
      span.end_time_unix_nano >= span.start_time_unix_nano
          ? static_cast<double>(span.end_time_unix_nano - span.start_time_unix_nano) / 1e6
          : 0.0;
  return {
      {"trace_id", to_hex(span.trace_id)},
      {"span_id", to_hex(span.span_id)},
      {"parent_span_id", to_hex(span.parent_span_id)},
      {"name", span.name},
      {"kind", std::string(kind_name(span.kind))},
      {"service", span.service_name()},
      {"start_time_unix_nano", std::to_string(span.start_time_unix_nano)},
      {"end_time_unix_nano", std::to_string(span.end_time_unix_nano)},
      {"duration_ms", duration_ms},
      {"status",
       {{"code", std::string(status_name(span.status.code))}, {"message", span.status.message}}},
      {"attributes", attributes_to_json(span.attributes)},
      {"events", events},
      {"links", links},
      {"trace_state", span.trace_state},
      {"flags", span.flags},
      {"resource",
       span.resource ? attributes_to_json(span.resource->attributes) : nlohmann::json::object()},
      {"scope",
       {{"name", span.scope ? span.scope->name : ""},
        {"version", span.scope ? span.scope->version : ""}}},
  };
}

std::string span_to_json_line(const Span& span) {
  return span_to_json(span).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace otel_setup::otlp
