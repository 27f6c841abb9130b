// OTLP/JSON encoding of ExportTraceServiceRequest, following the OTLP JSON mapping: field
// names in lowerCamelCase, trace and span ids as hex (not base64), enums as integers,
// 64-bit integers (int64 attributes, fixed64 times) as decimal strings. Fields holding
// their default value are left out, as the protobuf encoding does.
#include <charconv>
#include <cmath>

#include "otelrt/exporter.hpp"
#include "otlp_common.hpp"

namespace otelrt {
namespace {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void raw(std::string_view text) { out_.append(text.data(), text.size()); }
  void key(std::string_view name) {
    comma();
    out_ += '"';
    raw(name);
    out_ += "\":";
    first_ = true;  // the value that follows needs no comma
  }
  void begin(char bracket) {
    comma();
    out_ += bracket;
    first_ = true;
  }
  void end(char bracket) {
    out_ += bracket;
    first_ = false;
  }
  void string(std::string_view text) {
    comma();
    out_ += '"';
    if (internal::is_valid_utf8(text)) {
      escape(text);
    } else {
      std::string repaired;
      internal::append_utf8_repaired(repaired, text);
      escape(repaired);
    }
    out_ += '"';
  }
  void hex(const std::uint8_t* bytes, std::size_t size) {
    comma();
    out_ += '"';
    internal::append_hex(out_, bytes, size);
    out_ += '"';
  }
  void unsigned_number(std::uint64_t value) {
    comma();
    append_integer(value);
  }
  void quoted_integer(std::int64_t value) {
    comma();
    out_ += '"';
    append_integer(value);
    out_ += '"';
  }
  void quoted_unsigned(std::uint64_t value) {
    comma();
    out_ += '"';
    append_integer(value);
    out_ += '"';
  }
  void boolean(bool value) {
    comma();
    raw(value ? "true" : "false");
  }
  void number(double value) {
    comma();
    // JSON has no NaN or infinities; the proto3 JSON mapping spells them as strings.
    if (std::isnan(value)) {
      raw("\"NaN\"");
    } else if (std::isinf(value)) {
      raw(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      char buffer[32];
      auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
      out_.append(buffer, result.ptr);
    }
  }

 private:
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  template <typename Integer>
  void append_integer(Integer value) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, result.ptr);
  }
  void escape(std::string_view text) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::size_t plain_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(text.data() + plain_start, i - plain_start);
      plain_start = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += "\\u00";
          out_ += kDigits[c >> 4];
          out_ += kDigits[c & 0x0F];
      }
    }
    out_.append(text.data() + plain_start, text.size() - plain_start);
  }

  std::string& out_;
  bool first_ = true;
};

void write_scalar(JsonWriter& w, bool value) {
  w.key("boolValue");
  w.boolean(value);
}
void write_scalar(JsonWriter& w, std::int64_t value) {
  w.key("intValue");
  w.quoted_integer(value);
}
void write_scalar(JsonWriter& w, double value) {
  w.key("doubleValue");
  w.number(value);
}
void write_scalar(JsonWriter& w, const std::string& value) {
  w.key("stringValue");
  w.string(value);
}

template <typename T>
void write_any(JsonWriter& w, const T& value) {
  w.begin('{');
  write_scalar(w, value);
  w.end('}');
}
template <typename T>
void write_any(JsonWriter& w, const std::vector<T>& values) {
  w.begin('{');
  w.key("arrayValue");
  w.begin('{');
  w.key("values");
  w.begin('[');
  for (const auto& element : values)
    write_any(w, static_cast<const T&>(element));
  w.end(']');
  w.end('}');
  w.end('}');
}

void write_attributes(JsonWriter& w, const Attributes& attributes) {
  if (attributes.empty()) return;
  w.key("attributes");
  w.begin('[');
  for (const Attribute& attribute : attributes) {
    w.begin('{');
    w.key("key");
    w.string(attribute.key);
    w.key("value");
    std::visit([&](const auto& value) { write_any(w, value); }, attribute.value);
    w.end('}');
  }
  w.end(']');
}

void write_count(JsonWriter& w, std::string_view name, std::uint32_t count) {
  if (count == 0) return;
  w.key(name);
  w.unsigned_number(count);
}

void write_span(JsonWriter& w, const SpanData& span) {
  w.begin('{');
  w.key("traceId");
  w.hex(span.trace_id.bytes.data(), span.trace_id.bytes.size());
  w.key("spanId");
  w.hex(span.span_id.bytes.data(), span.span_id.bytes.size());
  if (!span.trace_state.empty()) {
    w.key("traceState");
    w.string(span.trace_state);
  }
  if (!internal::all_zero(span.parent_span_id.bytes)) {
    w.key("parentSpanId");
    w.hex(span.parent_span_id.bytes.data(), span.parent_span_id.bytes.size());
  }
  std::uint32_t flags = span.trace_flags | 0x100u;  // see SpanFlags in otlp_protobuf.cpp
  if (span.parent_is_remote) flags |= 0x200u;
  w.key("flags");
  w.unsigned_number(flags);
  w.key("name");
  w.string(span.name);
  w.key("kind");
  w.unsigned_number(static_cast<std::uint64_t>(span.kind));
  w.key("startTimeUnixNano");
  w.quoted_unsigned(span.start_unix_nano);
  w.key("endTimeUnixNano");
  w.quoted_unsigned(span.end_unix_nano);
  write_attributes(w, span.attributes);
  write_count(w, "droppedAttributesCount", span.dropped_attributes);
  if (!span.events.empty()) {
    w.key("events");
    w.begin('[');
    for (const SpanEvent& event : span.events) {
      w.begin('{');
      w.key("timeUnixNano");
      w.quoted_unsigned(event.time_unix_nano);
      w.key("name");
      w.string(event.name);
      write_attributes(w, event.attributes);
      w.end('}');
    }
    w.end(']');
  }
  write_count(w, "droppedEventsCount", span.dropped_events);
  if (!span.links.empty()) {
    w.key("links");
    w.begin('[');
    for (const SpanLink& link : span.links) {
      w.begin('{');
      w.key("traceId");
      w.hex(link.trace_id.bytes.data(), link.trace_id.bytes.size());
      w.key("spanId");
      w.hex(link.span_id.bytes.data(), link.span_id.bytes.size());
      if (!link.trace_state.empty()) {
        w.key("traceState");
        w.string(link.trace_state);
      }
      write_attributes(w, link.attributes);
      if (link.trace_flags != 0) {
        w.key("flags");
        w.unsigned_number(link.trace_flags);
      }
      w.end('}');
    }
    w.end(']');
  }
  write_count(w, "droppedLinksCount", span.dropped_links);
  if (span.status != StatusCode::unset || !span.status_message.empty()) {
    w.key("status");
    w.begin('{');
    if (!span.status_message.empty()) {
      w.key("message");
      w.string(span.status_message);
    }
    if (span.status != StatusCode::unset) {
      w.key("code");
      w.unsigned_number(static_cast<std::uint64_t>(span.status));
    }
    w.end('}');
  }
  w.end('}');
}

}  // namespace

std::string encode_otlp_json(const std::vector<SpanData>& batch, const Resource& resource) {
  std::string out;
  out.reserve(256 + batch.size() * 512);
  JsonWriter w(out);
  w.begin('{');
  w.key("resourceSpans");
  w.begin('[');
  w.begin('{');
  w.key("resource");
  w.begin('{');
  write_attributes(w, resource.attributes);
  w.end('}');
  w.key("scopeSpans");
  w.begin('[');
  w.begin('{');
  w.key("scope");
  w.begin('{');
  w.key("name");
  w.string(kInstrumentationScopeName);
  w.key("version");
  w.string(kRuntimeVersion);
  w.end('}');
  w.key("spans");
  w.begin('[');
  for (const SpanData& span : batch)
    write_span(w, span);
  w.end(']');
  w.end('}');
  w.end(']');
  w.end('}');
  w.end(']');
  w.end('}');
  return out;
}

}  // namespace otelrt
