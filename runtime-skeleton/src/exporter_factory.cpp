// make_exporter_from_environment: OTEL_TRACES_EXPORTER picks otlp (default), console or
// none; a comma-separated list fans each batch out to several exporters.
#include <cctype>
#include <cstdlib>

#include "diagnostics.hpp"
#include "otelrt/exporter.hpp"

namespace otelrt {
namespace {

class FanOutExporter final : public SpanExporter {
 public:
  explicit FanOutExporter(std::vector<std::unique_ptr<SpanExporter>> exporters)
      : exporters_(std::move(exporters)) {}
  ExportResult export_spans(const std::vector<SpanData>& batch, const Resource& resource,
                            std::chrono::steady_clock::time_point deadline) override {
    ExportResult result = ExportResult::success;
    for (auto& exporter : exporters_) {
      if (exporter->export_spans(batch, resource, deadline) != ExportResult::success) {
        result = ExportResult::failure;
      }
    }
    return result;
  }
  void shutdown(std::chrono::steady_clock::time_point deadline) override {
    for (auto& exporter : exporters_)
      exporter->shutdown(deadline);
  }

 private:
  std::vector<std::unique_ptr<SpanExporter>> exporters_;
};

// A service must not fail to start over telemetry settings: say why and export nothing.
std::unique_ptr<SpanExporter> make_otlp_or_warn() {
  try {
    return make_otlp_http_exporter(OtlpExporterConfig::from_environment());
  } catch (const std::exception& error) {
    std::string message = error.what();
    if (message.rfind("otelrt: ", 0) == 0) message.erase(0, 8);  // warn() adds the prefix
    internal::warn("config.exporter", message);
    return nullptr;
  }
}

}  // namespace

std::unique_ptr<SpanExporter> make_exporter_from_environment() {
  const char* value = std::getenv("OTEL_TRACES_EXPORTER");
  std::string names = value != nullptr ? value : "";
  for (char& c : names)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::unique_ptr<SpanExporter>> exporters;
  std::size_t start = 0;
  bool any_name = false;
  while (start <= names.size()) {
    std::size_t comma = names.find(',', start);
    std::string name =
        names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? names.size() + 1 : comma + 1;
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
      name.pop_back();
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
      name.erase(0, 1);
    }
    if (name.empty()) continue;
    any_name = true;
    if (name == "none") return nullptr;
    if (name == "console") {
      exporters.push_back(make_console_exporter());
    } else {
      if (name != "otlp") {
        internal::warn("config.exporter",
                       "OTEL_TRACES_EXPORTER='" + name + "' is not supported; using otlp");
      }
      if (auto otlp = make_otlp_or_warn()) exporters.push_back(std::move(otlp));
    }
  }
  if (!any_name) return make_otlp_or_warn();
  if (exporters.empty()) return nullptr;
  if (exporters.size() == 1) return std::move(exporters.front());
  return std::make_unique<FanOutExporter>(std::move(exporters));
}

}  // namespace otelrt
