// Span: parenting through the current context and explicit contexts, attributes and limits,
// events, record_exception, status rules, update_name, idempotent end, disabled mode.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>

#include "support/capturing_exporter.hpp"

using otelrt::Span;
using otelrt::SpanData;
using otelrt_test::RuntimeFixture;

namespace {

namespace app {
struct PaymentDeclined : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace app

const otelrt::AttributeValue* find(const otelrt::Attributes& attributes, std::string_view key) {
  for (const auto& attribute : attributes) {
    if (attribute.key == key) return &attribute.value;
  }
  return nullptr;
}

std::vector<SpanData> flushed(RuntimeFixture& runtime) {
  REQUIRE(otelrt::force_flush(std::chrono::seconds(10)));
  std::lock_guard<std::mutex> lock(runtime.captured->mutex);
  return runtime.captured->spans;
}

}  // namespace

TEST_CASE("spans nest through Scope and share the trace") {
  RuntimeFixture runtime;
  REQUIRE(runtime.started);
  otelrt::SpanContext parent_context;
  otelrt::SpanContext child_context;
  {
    otelrt::SpanOptions server;
    server.kind = otelrt::SpanKind::server;
    Span parent("parent", server);
    otelrt::Scope scope(parent.context());
    CHECK(otelrt::Context::current().span_context().span_id.hex() ==
          parent.span_context().span_id.hex());
    Span child("child");
    parent_context = parent.span_context();
    child_context = child.span_context();
  }
  CHECK_FALSE(otelrt::Context::current().span_context().valid());
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].name == "child");
  CHECK(spans[0].trace_id.hex() == parent_context.trace_id.hex());
  CHECK(spans[0].parent_span_id.hex() == parent_context.span_id.hex());
  CHECK_FALSE(spans[0].parent_is_remote);
  CHECK(spans[1].name == "parent");
  CHECK(spans[1].kind == otelrt::SpanKind::server);
  CHECK_FALSE(spans[1].parent_span_id.valid());
  CHECK(spans[1].start_unix_nano <= spans[1].end_unix_nano);
  CHECK(child_context.sampled());
}

TEST_CASE("an explicit context carries the trace into another thread") {
  RuntimeFixture runtime;
  Span parent("request");
  otelrt::Context captured = parent.context();
  std::thread worker([captured] {
    otelrt::SpanOptions options;
    options.parent = &captured;
    Span job("job", options);
    otelrt::Scope scope(job.context());
    Span nested("nested");
  });
  worker.join();
  parent.end();
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].name == "nested");
  CHECK(spans[1].name == "job");
  CHECK(spans[1].parent_span_id.hex() == parent.span_context().span_id.hex());
  CHECK(spans[0].parent_span_id.hex() == spans[1].span_id.hex());
  CHECK(spans[0].trace_id.hex() == parent.span_context().trace_id.hex());
}

TEST_CASE("a remote parent is marked remote and keeps its tracestate") {
  RuntimeFixture runtime;
  otelrt::SpanContext remote;
  REQUIRE(otelrt::w3c::parse_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                                         remote));
  remote.trace_state = "congo=t61rcWkgMzE";
  otelrt::Context context = otelrt::Context::from_span_context(remote);
  otelrt::SpanOptions options;
  options.parent = &context;
  { Span server("GET /", options); }
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].trace_id.hex() == "0af7651916cd43dd8448eb211c80319c");
  CHECK(spans[0].parent_span_id.hex() == "b7ad6b7169203331");
  CHECK(spans[0].parent_is_remote);
  CHECK(spans[0].trace_state == "congo=t61rcWkgMzE");
}

TEST_CASE("attributes of every type, replaced by key, limited in number") {
  RuntimeFixture runtime;
  {
    otelrt::SpanOptions options;
    options.attributes = {{"from.options", std::string("yes")}};
    Span span("attrs", options);
    span.set_attribute("s", "text");
    span.set_attribute("sv", std::string_view("view"));
    span.set_attribute("str", std::string("owned"));
    span.set_attribute("b", true);
    span.set_attribute("i", 42);
    span.set_attribute("l", std::int64_t{1} << 40);
    span.set_attribute("u", 7u);
    span.set_attribute("d", 2.5);
    span.set_attribute("arr", std::vector<std::string>{"a", "b"});
    span.set_attribute("i", 43);  // replaces
    for (int i = 0; i < 200; ++i)
      span.set_attribute("k" + std::to_string(i), i);
  }
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 1);
  const auto& attributes = spans[0].attributes;
  CHECK(attributes.size() == otelrt::kMaxAttributesPerSpan);
  CHECK(spans[0].dropped_attributes == 200 - (otelrt::kMaxAttributesPerSpan - 10));
  CHECK(std::get<std::string>(*find(attributes, "from.options")) == "yes");
  CHECK(std::get<std::string>(*find(attributes, "s")) == "text");
  CHECK(std::get<std::string>(*find(attributes, "sv")) == "view");
  CHECK(std::get<std::string>(*find(attributes, "str")) == "owned");
  CHECK(std::get<bool>(*find(attributes, "b")) == true);
  CHECK(std::get<std::int64_t>(*find(attributes, "i")) == 43);
  CHECK(std::get<std::int64_t>(*find(attributes, "l")) == (std::int64_t{1} << 40));
  CHECK(std::get<std::int64_t>(*find(attributes, "u")) == 7);
  CHECK(std::get<double>(*find(attributes, "d")) == 2.5);
  CHECK(std::get<std::vector<std::string>>(*find(attributes, "arr")).size() == 2);
}

TEST_CASE("record_exception writes an exception event with the dynamic type") {
  RuntimeFixture runtime;
  {
    Span span("fails");
    try {
      throw app::PaymentDeclined("card expired");
    } catch (const std::exception& error) {
      span.record_exception(error);
      span.set_status(otelrt::StatusCode::error, error.what());
    }
    span.record_exception("CustomError", "custom message");
  }
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 1);
  REQUIRE(spans[0].events.size() == 2);
  const auto& event = spans[0].events[0];
  CHECK(event.name == "exception");
  CHECK(std::get<std::string>(*find(event.attributes, "exception.type")) ==
        "(anonymous namespace)::app::PaymentDeclined");
  CHECK(std::get<std::string>(*find(event.attributes, "exception.message")) == "card expired");
  CHECK(event.time_unix_nano >= spans[0].start_unix_nano);
  CHECK(std::get<std::string>(*find(spans[0].events[1].attributes, "exception.type")) ==
        "CustomError");
  CHECK(spans[0].status == otelrt::StatusCode::error);
  CHECK(spans[0].status_message == "card expired");
}

TEST_CASE("events are limited per span") {
  RuntimeFixture runtime;
  {
    Span span("chatty");
    for (int i = 0; i < 130; ++i)
      span.add_event("e", {{"n", std::int64_t{i}}});
  }
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].events.size() == otelrt::kMaxEventsPerSpan);
  CHECK(spans[0].dropped_events == 2);
}

TEST_CASE("status: ok wins over error, unset never overrides") {
  RuntimeFixture runtime;
  {
    Span a("error-then-ok");
    a.set_status(otelrt::StatusCode::error, "boom");
    a.set_status(otelrt::StatusCode::ok, "ignored description");
    Span b("ok-then-error");
    b.set_status(otelrt::StatusCode::ok);
    b.set_status(otelrt::StatusCode::error, "late");
    Span c("error-then-unset");
    c.set_status(otelrt::StatusCode::error, "kept");
    c.set_status(otelrt::StatusCode::unset);
  }
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 3);
  for (const auto& span : spans) {
    INFO(span.name);
    if (span.name == "error-then-unset") {
      CHECK(span.status == otelrt::StatusCode::error);
      CHECK(span.status_message == "kept");
    } else {
      CHECK(span.status == otelrt::StatusCode::ok);
      CHECK(span.status_message.empty());
    }
  }
}

TEST_CASE("update_name, explicit timestamps, end is idempotent, moves transfer") {
  RuntimeFixture runtime;
  otelrt::SpanOptions options;
  options.kind = otelrt::SpanKind::client;
  options.start_unix_nano = 1000;
  Span span("first", options);
  span.update_name("renamed");
  CHECK(span.is_recording());
  span.end(2000);
  CHECK_FALSE(span.is_recording());
  CHECK(span.span_context().valid());
  span.end(3000);
  span.set_attribute("after.end", 1);
  Span moved_from("moved");
  Span moved_to(std::move(moved_from));
  Span assigned;
  assigned = std::move(moved_to);
  assigned.end();
  auto spans = flushed(runtime);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].name == "renamed");
  CHECK(spans[0].start_unix_nano == 1000);
  CHECK(spans[0].end_unix_nano == 2000);
  CHECK(spans[0].attributes.empty());
  CHECK(spans[1].name == "moved");
}

TEST_CASE("unsampled spans propagate a valid context but record nothing") {
  RuntimeFixture runtime(otelrt_test::Env{{"OTEL_TRACES_SAMPLER", "always_off"}});
  {
    Span parent("unsampled");
    CHECK_FALSE(parent.is_recording());
    CHECK(parent.span_context().valid());
    CHECK_FALSE(parent.span_context().sampled());
    otelrt::Scope scope(parent.context());
    Span child("child");
    CHECK(child.span_context().trace_id.hex() == parent.span_context().trace_id.hex());
    child.set_attribute("ignored", 1);
    child.record_exception(std::runtime_error("ignored"));
  }
  CHECK(flushed(runtime).empty());
  CHECK(otelrt::stats().spans_started == 0);
}

TEST_CASE("without init every span is a no-op") {
  otelrt::internal::reset_for_testing();
  Span span("nothing");
  CHECK_FALSE(span.is_recording());
  CHECK_FALSE(span.span_context().valid());
  span.set_attribute("k", 1);
  span.end();
  CHECK_FALSE(otelrt::is_enabled());
}
