// https:// end to end through libcurl against a python3 TLS receiver with self-signed
// certificates: OTEL_EXPORTER_OTLP_[TRACES_]CERTIFICATE trusts the server, a missing CA is
// a prompt, clear failure, and a client certificate satisfies a receiver demanding mTLS.
// Skipped (with a warning) only when the runtime was built without libcurl.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>

#include "diagnostics.hpp"
#include "http_client.hpp"
#include "otelrt/exporter.hpp"
#include "support/export_helpers.hpp"
#include "support/protoc_decode.hpp"
#include "support/sample_spans.hpp"
#include "support/tls_test_server.hpp"

using otelrt::ExportResult;
using otelrt::testing::DiagnosticsCapture;
using otelrt::testing::export_batch;
using otelrt::testing::RawMessage;
using otelrt::testing::seconds_since;
using otelrt::testing::TlsTestServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

struct Env {
  Env() { clear(); }
  ~Env() { clear(); }
  Env& set(const char* name, const std::string& value) {
    ::setenv(name, value.c_str(), 1);
    return *this;
  }
  static void clear() {
    for (const char* name :
         {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_CERTIFICATE",
          "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
          "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY",
          "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY"}) {
      ::unsetenv(name);
    }
  }
};

bool skip_without_curl() {
  if (otelrt::internal::curl_available()) return false;
  WARN("runtime built without libcurl: https:// is not supported, nothing to test");
  return true;
}

// from_environment() plus short retries, so failures show quickly.
std::unique_ptr<otelrt::SpanExporter> exporter_from_environment() {
  auto config = otelrt::OtlpExporterConfig::from_environment();
  config.max_attempts = 2;
  config.initial_backoff = milliseconds(10);
  config.max_backoff = milliseconds(10);
  return otelrt::make_otlp_http_exporter(config);
}

// service.name of the resource and the first span's name, decoded by protoc.
std::pair<std::string, std::string> service_and_span(const std::string& body) {
  RawMessage request = otelrt::testing::protoc_decode_raw(body);
  const RawMessage& resource_spans = request.message(1);
  std::string service;
  for (const RawMessage* attribute : resource_spans.message(1).all(1)) {
    if (attribute->scalar(1) == "service.name") service = attribute->message(2).scalar(1);
  }
  return {service, resource_spans.message(2).message(2).scalar(5)};
}

}  // namespace

TEST_CASE("https export with the traces CA certificate arrives") {
  if (skip_without_curl()) return;
  TlsTestServer server;
  Env env;
  env.set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", server.url())
      .set("OTEL_EXPORTER_OTLP_CERTIFICATE", "/nonexistent/generic-ca.pem")  // TRACES_ wins
      .set("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", server.ca_file());
  auto exporter = exporter_from_environment();
  REQUIRE(export_batch(*exporter, milliseconds(1500), 2) == ExportResult::success);
  auto bodies = server.bodies();
  REQUIRE(bodies.size() == 1);
  auto [service, span] = service_and_span(bodies[0]);
  CHECK(service == "checkout");
  CHECK(span == "db.query");
}

TEST_CASE("https export without the CA fails promptly with a certificate diagnostic") {
  if (skip_without_curl()) return;
  TlsTestServer server;
  Env env;
  DiagnosticsCapture diagnostics;
  env.set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", server.url());
  auto exporter = exporter_from_environment();
  auto start = Clock::now();
  CHECK(export_batch(*exporter, milliseconds(1500), 2) == ExportResult::failure);
  // Within the deadline (libcurl reads the system CA store, slow under sanitizers) and after
  // one attempt: retrying cannot fix a certificate.
  CHECK(seconds_since(start) < 1.6);
  CHECK(diagnostics.lines.find("certificate problem") != std::string::npos);
  CHECK(diagnostics.lines.find("after 2 attempts") == std::string::npos);
  CHECK(server.bodies().empty());
  INFO(diagnostics.lines);
}

TEST_CASE("https export with a client certificate passes a receiver demanding mTLS") {
  if (skip_without_curl()) return;
  TlsTestServer server(/*require_client_certificate=*/true);
  Env env;
  env.set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", server.url())
      .set("OTEL_EXPORTER_OTLP_CERTIFICATE", server.ca_file())
      .set("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", server.client_certificate_file())
      .set("OTEL_EXPORTER_OTLP_CLIENT_KEY", server.client_key_file());
  auto exporter = exporter_from_environment();
  REQUIRE(export_batch(*exporter, milliseconds(1500), 2) == ExportResult::success);
  REQUIRE(server.bodies().size() == 1);
  CHECK(service_and_span(server.bodies()[0]).second == "db.query");

  // Without the client pair the receiver refuses the handshake.
  env.clear();
  env.set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", server.url())
      .set("OTEL_EXPORTER_OTLP_CERTIFICATE", server.ca_file());
  auto anonymous = exporter_from_environment();
  auto start = Clock::now();
  CHECK(export_batch(*anonymous, milliseconds(1000), 2) == ExportResult::failure);
  CHECK(seconds_since(start) < 1.1);
  CHECK(server.bodies().size() == 1);
}

TEST_CASE("an unreadable CA file is reported when the exporter is created") {
  if (skip_without_curl()) return;
  otelrt::OtlpExporterConfig config;
  config.url = "https://127.0.0.1:4318/v1/traces";
  config.certificate_file = "/nonexistent/ca.pem";
  try {
    otelrt::make_otlp_http_exporter(config);
    FAIL("no exception");
  } catch (const std::runtime_error& error) {
    std::string message = error.what();
    CHECK(message.find("CA certificate file '/nonexistent/ca.pem' cannot be read") !=
          std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
  }
}
