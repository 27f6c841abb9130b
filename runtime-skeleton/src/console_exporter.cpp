// Console exporter: one readable line per span on stderr (or a given FILE*), for local
// debugging with OTEL_TRACES_EXPORTER=console.
#include <cstdio>
#include <mutex>

#include "otelrt/exporter.hpp"
#include "otlp_common.hpp"

namespace otelrt {
namespace {

const char* kind_name(SpanKind kind) {
  switch (kind) {
    case SpanKind::server:
      return "server";
    case SpanKind::client:
      return "client";
    case SpanKind::producer:
      return "producer";
    case SpanKind::consumer:
      return "consumer";
    case SpanKind::internal:
      break;
  }
  return "internal";
}

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  out += '"';
}

struct ValuePrinter {
  std::string& out;
  void operator()(bool v) const { out += v ? "true" : "false"; }
  void operator()(std::int64_t v) const { out += std::to_string(v); }
  void operator()(double v) const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    out += buffer;
  }
  void operator()(const std::string& v) const { append_quoted(out, v); }
  template <typename T>
  void operator()(const std::vector<T>& values) const {
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      (*this)(static_cast<const T&>(values[i]));
    }
    out += ']';
  }
};

void append_value(std::string& out, const AttributeValue& value) {
  std::visit(ValuePrinter{out}, value);
}

void append_attributes(std::string& out, const Attributes& attributes) {
  for (const Attribute& attribute : attributes) {
    out += ' ';
    out += attribute.key;
    out += '=';
    append_value(out, attribute.value);
  }
}

class ConsoleExporter final : public SpanExporter {
 public:
  explicit ConsoleExporter(std::FILE* out) : out_(out) {}

  ExportResult export_spans(const std::vector<SpanData>& batch, const Resource&,
                            std::chrono::steady_clock::time_point) override {
    std::string text;
    for (const SpanData& span : batch)
      format(text, span);
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return ExportResult::failure;
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
    return ExportResult::success;
  }

  void shutdown(std::chrono::steady_clock::time_point) override {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }

 private:
  static void format(std::string& out, const SpanData& span) {
    out += "span ";
    append_quoted(out, span.name);
    out += " trace=";
    internal::append_hex(out, span.trace_id.bytes.data(), span.trace_id.bytes.size());
    out += " span=";
    internal::append_hex(out, span.span_id.bytes.data(), span.span_id.bytes.size());
    if (!internal::all_zero(span.parent_span_id.bytes)) {
      out += " parent=";
      internal::append_hex(out, span.parent_span_id.bytes.data(), span.parent_span_id.bytes.size());
    }
    out += " kind=";
    out += kind_name(span.kind);
    char duration[48];
    double ms = span.end_unix_nano >= span.start_unix_nano
                    ? static_cast<double>(span.end_unix_nano - span.start_unix_nano) / 1e6
                    : 0.0;
    std::snprintf(duration, sizeof duration, " duration=%.3fms", ms);
    out += duration;
    if (span.status != StatusCode::unset) {
      out += span.status == StatusCode::ok ? " status=ok" : " status=error";
      if (!span.status_message.empty()) {
        out += ':';
        append_quoted(out, span.status_message);
      }
    }
    append_attributes(out, span.attributes);
    out += '\n';
    for (const SpanEvent& event : span.events) {
      out += "  event ";
      append_quoted(out, event.name);
      append_attributes(out, event.attributes);
      out += '\n';
    }
  }

  std::FILE* out_;
  std::mutex mutex_;
  bool stopped_ = false;
};

}  // namespace

std::unique_ptr<SpanExporter> make_console_exporter(std::FILE* out) {
  return std::make_unique<ConsoleExporter>(out);
}

std::unique_ptr<SpanExporter> make_console_exporter() {
  return make_console_exporter(stderr);
}

}  // namespace otelrt
