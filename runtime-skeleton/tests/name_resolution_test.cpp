// Name resolution of the socket transport: a lookup that hangs (a dead DNS server) cannot
// hold an export past its deadline or shutdown, and resolved addresses are kept between
// connections. The lookup is injected (NameLookup), so nothing depends on the machine's DNS.
#include <catch2/catch.hpp>

#include <netinet/in.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "diagnostics.hpp"
#include "http_client.hpp"
#include "support/export_helpers.hpp"
#include "support/sample_spans.hpp"
#include "support/test_http_server.hpp"

using otelrt::ExportResult;
using otelrt::internal::NameLookup;
using otelrt::internal::SocketAddress;
using otelrt::testing::DiagnosticsCapture;
using otelrt::testing::export_batch;
using otelrt::testing::ScriptedReply;
using otelrt::testing::seconds_since;
using otelrt::testing::TestHttpServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// A lookup that blocks until released, counting its calls; it answers 127.0.0.1:<port>.
struct FakeDns {
  std::mutex mutex;
  std::condition_variable changed;
  bool released = true;
  int calls = 0;
  std::uint16_t port = 0;

  void hold() {
    std::lock_guard<std::mutex> lock(mutex);
    released = false;
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      released = true;
    }
    changed.notify_all();
  }
  void set_port(std::uint16_t value) {
    std::lock_guard<std::mutex> lock(mutex);
    port = value;
  }
  int call_count() {
    std::lock_guard<std::mutex> lock(mutex);
    return calls;
  }
  bool wait_for_calls(int count) {
    std::unique_lock<std::mutex> lock(mutex);
    return changed.wait_for(lock, milliseconds(2000), [&] { return calls >= count; });
  }
};

// The lookup owns a reference to the fake: a helper thread still blocked when the test ends
// finishes later on memory that is still alive.
NameLookup lookup_through(const std::shared_ptr<FakeDns>& dns) {
  return [dns](const std::string&, std::uint16_t, std::string&) {
    std::unique_lock<std::mutex> lock(dns->mutex);
    ++dns->calls;
    dns->changed.notify_all();
    dns->changed.wait(lock, [&] { return dns->released; });
    SocketAddress address;
    sockaddr_in ipv4{};
    ipv4.sin_family = AF_INET;
    ipv4.sin_port = htons(dns->port);
    ipv4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::memcpy(&address.storage, &ipv4, sizeof ipv4);
    address.length = sizeof ipv4;
    address.family = AF_INET;
    address.socktype = SOCK_STREAM;
    return std::vector<SocketAddress>{address};
  };
}

std::unique_ptr<otelrt::SpanExporter> exporter_for(const std::shared_ptr<FakeDns>& dns,
                                                   int max_attempts = 1) {
  otelrt::internal::HttpUrl url;
  std::string error;
  REQUIRE(otelrt::internal::parse_http_url("http://collector.test:4318/v1/traces", url, error));
  otelrt::OtlpExporterConfig config;
  config.url = "http://collector.test:4318/v1/traces";
  config.max_attempts = max_attempts;
  config.initial_backoff = milliseconds(10);
  config.max_backoff = milliseconds(10);
  return otelrt::internal::make_otlp_http_exporter_over(
      config, otelrt::internal::make_socket_transport(url, 65536, lookup_through(dns)));
}

}  // namespace

TEST_CASE("a name lookup that hangs cannot hold an export past its deadline") {
  DiagnosticsCapture diagnostics;
  auto dns = std::make_shared<FakeDns>();
  dns->hold();
  auto exporter = exporter_for(dns, /*max_attempts=*/5);
  auto start = Clock::now();
  CHECK(export_batch(*exporter, milliseconds(300), 2) == ExportResult::failure);
  double elapsed = seconds_since(start);
  CHECK(elapsed >= 0.29);
  CHECK(elapsed < 0.45);
  CHECK(dns->call_count() == 1);  // a timeout is not retried, no second helper thread
  CHECK(diagnostics.lines.find("resolving collector.test timed out") != std::string::npos);
  dns->release();
}

TEST_CASE("shutdown interrupts a hanging name lookup") {
  auto dns = std::make_shared<FakeDns>();
  dns->hold();
  auto exporter = exporter_for(dns);
  std::thread stopper([&] {
    dns->wait_for_calls(1);
    exporter->shutdown(Clock::now() + milliseconds(100));
  });
  auto start = Clock::now();
  CHECK(export_batch(*exporter, milliseconds(5000), 2) == ExportResult::failure);
  stopper.join();
  CHECK(seconds_since(start) < 1.0);
  dns->release();
}

TEST_CASE("a lookup that finishes after the deadline serves the next export") {
  TestHttpServer server;
  auto dns = std::make_shared<FakeDns>();
  dns->set_port(server.port());
  dns->hold();
  auto exporter = exporter_for(dns);
  CHECK(export_batch(*exporter, milliseconds(100), 2) == ExportResult::failure);
  dns->release();
  CHECK(export_batch(*exporter, milliseconds(2000), 2) == ExportResult::success);
  CHECK(dns->call_count() == 1);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("addresses are kept between connections and resolved again after a failure") {
  TestHttpServer server;
  ScriptedReply closing = ScriptedReply::with_status(200);
  closing.close_after = true;
  server.set_default(closing);
  auto dns = std::make_shared<FakeDns>();
  dns->set_port(otelrt::testing::unused_local_port());
  auto exporter = exporter_for(dns);

  CHECK(export_batch(*exporter, milliseconds(2000), 2) == ExportResult::failure);  // refused
  CHECK(dns->call_count() == 1);
  dns->set_port(server.port());  // the collector "moved"
  for (int i = 0; i < 3; ++i)
    CHECK(export_batch(*exporter, milliseconds(2000), 2) == ExportResult::success);
  CHECK(server.connections() == 3);  // a new connection per export (Connection: close)
  CHECK(dns->call_count() == 2);     // but only one lookup since the failure
}

TEST_CASE("literal addresses never start a lookup") {
  TestHttpServer server;
  auto dns = std::make_shared<FakeDns>();
  otelrt::internal::HttpUrl url;
  std::string error;
  REQUIRE(otelrt::internal::parse_http_url(server.url(), url, error));
  auto transport = otelrt::internal::make_socket_transport(url, 65536, lookup_through(dns));
  auto response = transport->post({}, "x", Clock::now() + milliseconds(2000));
  CHECK(response.complete);
  CHECK(response.status == 200);
  CHECK(dns->call_count() == 0);
}
