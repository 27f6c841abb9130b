// OtlpExporterConfig::from_environment: the standard OTEL_EXPORTER_OTLP_* variables, with
// the TRACES_ forms winning over the generic ones. Bad values are reported and ignored.
#include <cctype>
#include <cstdlib>

#include "diagnostics.hpp"
#include "env.hpp"
#include "otelrt/exporter.hpp"

namespace otelrt {
namespace {

// The TRACES_ variant when set and non-empty, else the generic one, else "".
std::string env_pair(const char* traces_name, const char* generic_name, std::string* used) {
  for (const char* name : {traces_name, generic_name}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      if (used != nullptr) *used = name;
      return value;
    }
  }
  return {};
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// %XX sequences decoded; a '%' not followed by two hex digits is kept as it is.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = internal::hex_digit(text[i + 1]);
      int low = internal::hex_digit(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

void parse_headers(const std::string& text, const std::string& variable,
                   std::map<std::string, std::string>& out) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view entry(text.data() + start,
                           (comma == std::string::npos ? text.size() : comma) - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (trim(entry).empty()) continue;
    std::size_t equals = entry.find('=');
    std::string key = equals == std::string_view::npos ? "" : trim(entry.substr(0, equals));
    if (key.empty()) {
      internal::warn("config.headers",
                     variable + ": ignoring entry without key=value: '" + trim(entry) + "'");
      continue;
    }
    out[percent_decode(key)] = percent_decode(trim(entry.substr(equals + 1)));
  }
}

}  // namespace

OtlpExporterConfig OtlpExporterConfig::from_environment() {
  OtlpExporterConfig config;
  std::string used;
  if (const char* traces = std::getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
      traces != nullptr && *traces != '\0') {
    config.url = trim(traces);  // signal-specific endpoints are used as they are
  } else if (const char* base = std::getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
             base != nullptr && *base != '\0') {
    std::string url = trim(base);
    while (!url.empty() && url.back() == '/')
      url.pop_back();
    config.url = url + "/v1/traces";
  }

  std::string headers =
      env_pair("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS", &used);
  if (!headers.empty()) parse_headers(headers, used, config.headers);

  std::string protocol = internal::to_lower(
      trim(env_pair("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL", &used)));
  if (protocol == "http/json") {
    config.protocol = OtlpProtocol::http_json;
  } else if (protocol == "grpc") {
    internal::warn("config.protocol", used +
                                          "=grpc is not supported by the bundled runtime; "
                                          "using http/protobuf (point the endpoint at port 4318)");
  } else if (!protocol.empty() && protocol != "http/protobuf") {
    internal::warn("config.protocol", used + "='" + protocol + "' is unknown; using http/protobuf");
  }

  std::string timeout =
      trim(env_pair("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT", &used));
  if (!timeout.empty()) {
    char* end = nullptr;
    long long ms = std::strtoll(timeout.c_str(), &end, 10);
    if (end != nullptr && *end == '\0' && ms > 0) {
      config.timeout = std::chrono::milliseconds(ms);
    } else {
      internal::warn("config.timeout", used + "='" + timeout +
                                           "' is not a positive number of milliseconds; using " +
                                           std::to_string(config.timeout.count()));
    }
  }

  std::string compression = internal::to_lower(trim(
      env_pair("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION", &used)));
  if (compression == "gzip") {
    config.gzip = true;
  } else if (!compression.empty() && compression != "none") {
    internal::warn("config.compression",
                   used + "='" + compression + "' is unknown (gzip|none); not compressing");
  }

  // PEM files for https://, used as they are (make_otlp_http_exporter checks they exist).
  config.certificate_file = trim(
      env_pair("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE", nullptr));
  config.client_certificate_file = trim(env_pair("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE",
                                                 "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", nullptr));
  config.client_key_file = trim(
      env_pair("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY", nullptr));
  return config;
}

}  // namespace otelrt
