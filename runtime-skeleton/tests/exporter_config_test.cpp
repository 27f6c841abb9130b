// OtlpExporterConfig::from_environment and make_exporter_from_environment.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "diagnostics.hpp"
#include "otelrt/exporter.hpp"
#include "support/export_helpers.hpp"

using otelrt::testing::DiagnosticsCapture;

namespace {

// Sets variables for one test and clears every exporter variable before and after.
struct Env {
  Env() { clear(); }
  ~Env() { clear(); }
  Env& set(const char* name, const char* value) {
    ::setenv(name, value, 1);
    return *this;
  }
  static void clear() {
    for (const char* name :
         {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
          "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
          "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
          "OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION",
          "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_CERTIFICATE",
          "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
          "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY",
          "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY"}) {
      ::unsetenv(name);
    }
  }
};

}  // namespace

TEST_CASE("defaults without any variable") {
  Env env;
  auto config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.url == "http://localhost:4318/v1/traces");
  CHECK(config.protocol == otelrt::OtlpProtocol::http_protobuf);
  CHECK(config.timeout == std::chrono::milliseconds(10000));
  CHECK_FALSE(config.gzip);
  CHECK(config.headers.empty());
}

TEST_CASE("the generic endpoint gets /v1/traces with slash handling") {
  Env env;
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
  CHECK(otelrt::OtlpExporterConfig::from_environment().url == "http://collector:4318/v1/traces");
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/");
  CHECK(otelrt::OtlpExporterConfig::from_environment().url == "http://collector:4318/v1/traces");
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", "https://gw.example.com/otlp/");
  CHECK(otelrt::OtlpExporterConfig::from_environment().url ==
        "https://gw.example.com/otlp/v1/traces");
}

TEST_CASE("the traces endpoint is used as it is and wins") {
  Env env;
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318")
      .set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:9999/custom");
  CHECK(otelrt::OtlpExporterConfig::from_environment().url == "http://traces:9999/custom");
}

TEST_CASE("headers are comma-separated, trimmed and URL-decoded") {
  Env env;
  DiagnosticsCapture diagnostics;
  env.set("OTEL_EXPORTER_OTLP_HEADERS",
          " api-key = abc%3D%3D , x-team=a%20b%2Cc,broken,=novalue,, empty=");
  auto config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.headers.at("api-key") == "abc==");
  CHECK(config.headers.at("x-team") == "a b,c");
  CHECK(config.headers.at("empty").empty());
  CHECK(config.headers.size() == 3);
  CHECK(diagnostics.lines.find("OTEL_EXPORTER_OTLP_HEADERS") != std::string::npos);
}

TEST_CASE("traces headers replace the generic ones") {
  Env env;
  env.set("OTEL_EXPORTER_OTLP_HEADERS", "a=1,b=2").set("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "c=3");
  auto config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.headers == std::map<std::string, std::string>{{"c", "3"}});
}

TEST_CASE("protocol, timeout and compression") {
  Env env;
  DiagnosticsCapture diagnostics;
  env.set("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")
      .set("OTEL_EXPORTER_OTLP_TIMEOUT", "2500")
      .set("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
  auto config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.protocol == otelrt::OtlpProtocol::http_json);
  CHECK(config.timeout == std::chrono::milliseconds(2500));
  CHECK(config.gzip);

  env.set("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
      .set("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "700")
      .set("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "none");
  config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.protocol == otelrt::OtlpProtocol::http_protobuf);
  CHECK(config.timeout == std::chrono::milliseconds(700));
  CHECK_FALSE(config.gzip);
  CHECK(diagnostics.lines.empty());
}

TEST_CASE("TLS files: the traces variables win over the generic ones") {
  Env env;
  auto config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.certificate_file.empty());
  CHECK(config.client_certificate_file.empty());
  CHECK(config.client_key_file.empty());
  env.set("OTEL_EXPORTER_OTLP_CERTIFICATE", "/etc/generic/ca.pem")
      .set("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/etc/generic/client.pem")
      .set("OTEL_EXPORTER_OTLP_CLIENT_KEY", " /etc/generic/client.key ");
  config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.certificate_file == "/etc/generic/ca.pem");
  CHECK(config.client_certificate_file == "/etc/generic/client.pem");
  CHECK(config.client_key_file == "/etc/generic/client.key");
  env.set("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/etc/traces/ca.pem")
      .set("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "/etc/traces/client.pem")
      .set("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "/etc/traces/client.key");
  config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.certificate_file == "/etc/traces/ca.pem");
  CHECK(config.client_certificate_file == "/etc/traces/client.pem");
  CHECK(config.client_key_file == "/etc/traces/client.key");
}

TEST_CASE("grpc and bad values are reported and fall back") {
  Env env;
  DiagnosticsCapture diagnostics;
  env.set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
      .set("OTEL_EXPORTER_OTLP_TIMEOUT", "10s")
      .set("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd");
  auto config = otelrt::OtlpExporterConfig::from_environment();
  CHECK(config.protocol == otelrt::OtlpProtocol::http_protobuf);
  CHECK(config.timeout == std::chrono::milliseconds(10000));
  CHECK_FALSE(config.gzip);
  CHECK(diagnostics.lines.find("grpc is not supported") != std::string::npos);
  CHECK(diagnostics.lines.find("'10s'") != std::string::npos);
  CHECK(diagnostics.lines.find("'zstd'") != std::string::npos);
}

TEST_CASE("OTEL_TRACES_EXPORTER selects the exporter") {
  Env env;
  CHECK(otelrt::make_exporter_from_environment() != nullptr);  // otlp by default
  env.set("OTEL_TRACES_EXPORTER", "none");
  CHECK(otelrt::make_exporter_from_environment() == nullptr);
  env.set("OTEL_TRACES_EXPORTER", "console");
  CHECK(otelrt::make_exporter_from_environment() != nullptr);
  env.set("OTEL_TRACES_EXPORTER", "otlp,console");
  CHECK(otelrt::make_exporter_from_environment() != nullptr);
}

TEST_CASE("an unusable endpoint is reported in one line and exports nothing") {
  Env env;
  DiagnosticsCapture diagnostics;
  env.set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://nowhere/v1/traces");
  CHECK(otelrt::make_exporter_from_environment() == nullptr);
  CHECK(diagnostics.lines.find("unsupported URL scheme 'ftp'") != std::string::npos);
  CHECK(std::count(diagnostics.lines.begin(), diagnostics.lines.end(), '\n') == 1);
}
