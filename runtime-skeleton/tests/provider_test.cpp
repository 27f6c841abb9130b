// init / shutdown / stats / disabled mode of the whole runtime.
#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

#include "diagnostics.hpp"
#include "support/capturing_exporter.hpp"
#include "support/map_carrier.hpp"

using namespace std::chrono_literals;
using otelrt_test::Env;
using otelrt_test::RuntimeFixture;

TEST_CASE("init is idempotent") {
  RuntimeFixture runtime;
  REQUIRE(runtime.started);
  CHECK(otelrt::is_enabled());
  otelrt::Options again;
  again.service_name = "other";
  CHECK_FALSE(otelrt::init(std::move(again)));
  { otelrt::Span span("still-first-config"); }
  REQUIRE(otelrt::force_flush(10s));
  CHECK(runtime.captured->size() == 1);
}

TEST_CASE("OTEL_SDK_DISABLED=true makes everything a no-op") {
  RuntimeFixture runtime(Env{{"OTEL_SDK_DISABLED", "TRUE"}});
  CHECK_FALSE(runtime.started);
  CHECK_FALSE(otelrt::is_enabled());
  otelrt::Span span("ignored");
  CHECK_FALSE(span.is_recording());
  CHECK_FALSE(span.span_context().valid());
  span.set_attribute("k", "v");
  span.end();
  otelrt_test::MapCarrier carrier;
  otelrt::SpanContext remote;
  REQUIRE(otelrt::w3c::parse_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                                         remote));
  otelrt::inject(otelrt::Context::from_span_context(remote), carrier);
  CHECK(carrier.headers.empty());
  CHECK(otelrt::force_flush(10ms));
  CHECK(otelrt::stats().spans_started == 0);
  otelrt::shutdown(10ms);
  CHECK(runtime.captured->size() == 0);
}

TEST_CASE("OTEL_ENABLED=false disables, OTEL_ENABLED=true does not") {
  {
    RuntimeFixture runtime(Env{{"OTEL_ENABLED", "false"}});
    CHECK_FALSE(runtime.started);
    CHECK_FALSE(otelrt::Span("x").is_recording());
  }
  {
    RuntimeFixture runtime(Env{{"OTEL_ENABLED", "true"}});
    CHECK(runtime.started);
    CHECK(otelrt::Span("x").is_recording());
  }
}

TEST_CASE("stats count started and exported spans; shutdown stops tracing") {
  RuntimeFixture runtime;
  for (int i = 0; i < 10; ++i)
    otelrt::Span span("s");
  REQUIRE(otelrt::force_flush(10s));
  otelrt::Stats stats = otelrt::stats();
  CHECK(stats.spans_started == 10);
  CHECK(stats.spans_exported == 10);
  CHECK(stats.spans_dropped_queue_full == 0);
  otelrt::Span open("open-at-shutdown");
  otelrt::shutdown(10s);
  otelrt::shutdown(10s);  // repeatable
  CHECK_FALSE(otelrt::is_enabled());
  CHECK(runtime.captured->shutdowns == 1);
  otelrt::Span late("after-shutdown");
  CHECK_FALSE(late.is_recording());
  open.end();  // ended after shutdown: discarded without blocking
  CHECK(runtime.captured->size() == 10);
}

TEST_CASE("shutdown prints one line accounting for dropped spans, none when nothing dropped") {
  std::string sink;
  otelrt::internal::set_diagnostics_sink(&sink);
  {
    RuntimeFixture runtime;
    { otelrt::Span span("delivered"); }
    otelrt::shutdown(10s);
  }
  CHECK(sink.empty());
  {
    RuntimeFixture runtime;
    runtime.captured->fail = true;
    for (int i = 0; i < 3; ++i)
      otelrt::Span span("lost");
    REQUIRE(otelrt::force_flush(10s));
    otelrt::shutdown(10s);
    otelrt::shutdown(10s);  // printed once
  }
  otelrt::internal::set_diagnostics_sink(nullptr);
  CHECK(sink.find("at shutdown: 3 spans started, 0 exported, 0 dropped (queue full), 3 dropped "
                  "(export failed)") != std::string::npos);
  CHECK(std::count(sink.begin(), sink.end(), '\n') == 1);
}

TEST_CASE("the service name from Options reaches the resource given to the exporter") {
  RuntimeFixture runtime(Env{{"OTEL_RESOURCE_ATTRIBUTES", "team=core"}}, "checkout");
  auto* provider = otelrt::internal::g_provider.load();
  REQUIRE(provider != nullptr);
  REQUIRE(provider->resource.find_string("service.name") != nullptr);
  CHECK(*provider->resource.find_string("service.name") == "checkout");
  CHECK(*provider->resource.find_string("team") == "core");
}

TEST_CASE("spans from many threads at once all arrive (TSan)") {
  RuntimeFixture runtime(
      Env{{"OTEL_BSP_SCHEDULE_DELAY", "5"}, {"OTEL_BSP_MAX_QUEUE_SIZE", "100000"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 2000; ++i) {
        otelrt::Span parent("parent");
        otelrt::Scope scope(parent.context());
        otelrt::Span child("child");
        child.set_attribute("i", i);
      }
    });
  }
  std::thread flusher([] {
    for (int i = 0; i < 20; ++i)
      otelrt::force_flush(10s);
  });
  for (auto& thread : threads)
    thread.join();
  flusher.join();
  REQUIRE(otelrt::force_flush(10s));
  CHECK(runtime.captured->size() == 4 * 2000 * 2);
  CHECK(otelrt::stats().spans_started == 4 * 2000 * 2);
}
