#include <catch2/catch.hpp>

#include "otel_setup/trace_render.hpp"

using namespace otel_setup::otlp;

namespace {

AnyValue text(std::string value) {
  AnyValue any;
  any.type = AnyValue::Type::string;
  any.string_value = std::move(value);
  return any;
}

Span make_span(std::string id, std::string parent, std::string name, std::uint64_t start) {
  static auto resource =
      std::make_shared<Resource>(Resource{{KeyValue{"service.name", text("orders")}}});
  Span span;
  span.trace_id = std::string(16, '\xab');
  span.span_id = std::move(id);
  span.parent_span_id = std::move(parent);
  span.name = std::move(name);
  span.kind = kind_internal;
  span.start_time_unix_nano = start;
  span.end_time_unix_nano = start + 2'500'000;
  span.resource = resource;
  return span;
}

}  // namespace

TEST_CASE("tree: children under parents in start order, orphans at the root") {
  Span root = make_span("r", "", "GET /orders", 100);
  root.kind = kind_server;
  root.attributes = {{"http.request.method", text("GET")},
                     {"internal.detail", text("hidden")},
                     {"session.id", text("s-1")}};
  Span second = make_span("b", "r", "second", 300);
  Span first = make_span("a", "r", "first", 200);
  first.kind = kind_client;
  first.status = {"no rows", status_error};
  first.events = {
      Event{1,
            "exception",
            {{"exception.type", text("NotFound")}, {"exception.message", text("no rows")}}}};
  Span grandchild = make_span("c", "a", "grandchild", 250);
  Span orphan = make_span("o", "missing", "orphan", 50);

  std::string tree = render_trace_tree({second, grandchild, root, orphan, first}, false);
  std::string expected =
      "trace abababababababababababababababab  5 spans\n"
      "  orphan  internal  orders  2.50 ms\n"
      "  GET /orders  server  orders  2.50 ms  http.request.method=GET  session.id=s-1\n"
      "  ├─ first  client  orders  2.50 ms  ERROR \"no rows\"\n"
      "  │     ! exception: NotFound \"no rows\"\n"
      "  │  └─ grandchild  internal  orders  2.50 ms\n"
      "  └─ second  internal  orders  2.50 ms\n";
  CHECK(tree == expected);
}

TEST_CASE("tree: colour only when asked") {
  Span span = make_span("r", "", "root", 1);
  CHECK(render_trace_tree({span}, false).find('\033') == std::string::npos);
  CHECK(render_trace_tree({span}, true).find("\033[1mroot\033[0m") != std::string::npos);
}

TEST_CASE("tree: parent cycles and self-parents still print every span once") {
  Span a = make_span("a", "b", "a", 1);
  Span b = make_span("b", "a", "b", 2);
  Span self = make_span("s", "s", "self", 3);
  std::string tree = render_trace_tree({a, b, self}, false);
  CHECK(tree.find("  a  ") != std::string::npos);
  CHECK(tree.find("b  internal") != std::string::npos);
  CHECK(tree.find("self") != std::string::npos);
}

TEST_CASE("tree: a chain of 100000 spans renders without exhausting the stack") {
  std::vector<Span> chain;
  for (int i = 0; i < 100000; ++i)
    chain.push_back(make_span(std::to_string(i), i ? std::to_string(i - 1) : "", "s", 1));
  CHECK(render_trace_tree(chain, false).size() > 100000);
}

TEST_CASE("durations read at a glance") {
  CHECK(format_duration(0, 850'000) == "850 us");
  CHECK(format_duration(0, 12'345'000) == "12.35 ms");
  CHECK(format_duration(0, 1'500'000'000) == "1.50 s");
  CHECK(format_duration(5, 1) == "?");
}

TEST_CASE("json lines: one flat object per span") {
  Span span = make_span(std::string(8, '\x01'), std::string(8, '\x02'), "SELECT", 10);
  span.kind = kind_client;
  span.attributes = {{"db.system", text("sqlite")}, {"bad", text("\xff")}};
  span.status = {"oops", status_error};
  span.events = {Event{11, "exception", {{"exception.type", text("E")}}}};
  nlohmann::json line = nlohmann::json::parse(span_to_json_line(span));
  CHECK(line["trace_id"] == "abababababababababababababababab");
  CHECK(line["span_id"] == "0101010101010101");
  CHECK(line["parent_span_id"] == "0202020202020202");
  CHECK(line["kind"] == "client");
  CHECK(line["service"] == "orders");
  CHECK(line["start_time_unix_nano"] == "10");
  CHECK(line["status"]["code"] == "error");
  CHECK(line["status"]["message"] == "oops");
  CHECK(line["attributes"]["db.system"] == "sqlite");
  CHECK(line["events"][0]["name"] == "exception");
  CHECK(line["events"][0]["attributes"]["exception.type"] == "E");
  CHECK(line["resource"]["service.name"] == "orders");
}

TEST_CASE("trace buffer: a trace is released once quiet, in arrival order") {
  using Clock = TraceBuffer::Clock;
  TraceBuffer buffer;
  Clock::time_point t0{};
  Span a = make_span("a", "", "a", 1);
  Span b = make_span("b", "", "b", 1);
  b.trace_id = std::string(16, '\x01');
  buffer.add({a}, t0);
  buffer.add({b}, t0 + std::chrono::milliseconds(500));
  buffer.add({make_span("a2", "a", "a2", 2)}, t0 + std::chrono::milliseconds(800));
  auto quiet = std::chrono::seconds(1);
  CHECK(buffer.take_quiet(t0 + std::chrono::milliseconds(1400), quiet).empty());
  auto ready = buffer.take_quiet(t0 + std::chrono::milliseconds(1600), quiet);
  REQUIRE(ready.size() == 1);
  CHECK(ready[0][0].name == "b");
  auto rest = buffer.take_all();
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].size() == 2);
  CHECK(buffer.empty());
}
