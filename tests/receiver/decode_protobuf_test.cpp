#include <catch2/catch.hpp>

#include <random>

#include "otel_setup/otlp_model.hpp"
#include "otlp_encoder.hpp"

using namespace otel_setup::otlp;

namespace {

pb::TestSpan server_span() {
  pb::TestSpan span;
  span.name = "GET /orders";
  span.kind = 2;
  span.attributes = {pb::kv("http.request.method", pb::str_value("GET")),
                     pb::kv("http.response.status_code", pb::int_value(500)),
                     pb::kv("retry", pb::bool_value(true)), pb::kv("ratio", pb::double_value(0.5))};
  span.status_code = 2;
  span.status_message = "boom";
  span.events = {pb::event("exception", 7,
                           {pb::kv("exception.type", pb::str_value("std::runtime_error")),
                            pb::kv("exception.message", pb::str_value("boom"))})};
  return span;
}

}  // namespace

TEST_CASE("protobuf: a full span decodes field by field") {
  pb::TestSpan child;
  child.span_id = std::string(8, '\x03');
  child.parent_span_id = std::string(8, '\x02');
  child.name = "SELECT";
  child.kind = 3;
  std::vector<Span> spans = decode_protobuf(pb::request("orders", {server_span(), child}));
  REQUIRE(spans.size() == 2);
  const Span& span = spans[0];
  CHECK(to_hex(span.trace_id) == "01010101010101010101010101010101");
  CHECK(to_hex(span.span_id) == "0202020202020202");
  CHECK(span.parent_span_id.empty());
  CHECK(span.name == "GET /orders");
  CHECK(span.kind == kind_server);
  CHECK(span.start_time_unix_nano == 1'000'000'000);
  CHECK(span.end_time_unix_nano == 1'012'500'000);
  CHECK(span.flags == 1);
  CHECK(span.service_name() == "orders");
  CHECK(span.scope->name == "test-scope");
  CHECK(span.scope->version == "1.0");
  CHECK(span.attribute("http.request.method") == "GET");
  CHECK(find_attribute(span.attributes, "http.response.status_code")->int_value == 500);
  CHECK(find_attribute(span.attributes, "retry")->bool_value);
  CHECK(find_attribute(span.attributes, "ratio")->double_value == 0.5);
  CHECK(span.status.code == status_error);
  CHECK(span.status.message == "boom");
  REQUIRE(span.events.size() == 1);
  CHECK(span.events[0].name == "exception");
  CHECK(span.events[0].time_unix_nano == 7);
  CHECK(find_attribute(span.events[0].attributes, "exception.type")->to_string() ==
        "std::runtime_error");
  CHECK(to_hex(spans[1].parent_span_id) == "0202020202020202");
  CHECK(spans[1].kind == kind_client);
  CHECK(spans[1].resource == spans[0].resource);
}

TEST_CASE("protobuf: negative ints, nested arrays and kvlists, bytes") {
  std::string array = pb::len(5, pb::len(1, pb::str_value("a")) + pb::len(1, pb::int_value(-1)));
  std::string kvlist = pb::len(6, pb::len(1, pb::kv("inner", pb::str_value("x"))));
  pb::TestSpan span;
  span.attributes = {pb::kv("neg", pb::int_value(-42)), pb::kv("list", array),
                     pb::kv("map", kvlist), pb::kv("raw", pb::len(7, std::string("\x00\xff", 2))),
                     pb::kv("empty", "")};
  Span decoded = decode_protobuf(pb::request("s", {span})).at(0);
  CHECK(find_attribute(decoded.attributes, "neg")->int_value == -42);
  CHECK(decoded.attribute("list") == "[a, -1]");
  CHECK(decoded.attribute("map") == "{inner=x}");
  CHECK(decoded.attribute("raw") == "00ff");
  CHECK(find_attribute(decoded.attributes, "empty")->type == AnyValue::Type::empty);
}

TEST_CASE("protobuf: unknown fields are skipped, an empty body is an empty request") {
  pb::TestSpan span;
  std::string body = pb::request("s", {span});
  body += pb::uint(99, 5) + pb::fixed32(98, 1) + pb::fixed64(97, 2) + pb::len(96, "zz");
  CHECK(decode_protobuf(body).size() == 1);
  CHECK(decode_protobuf("").empty());
}

TEST_CASE("protobuf: the resource may follow its scope spans") {
  pb::TestSpan span;
  std::string scope_spans = pb::len(2, span.encode());
  std::string resource = pb::len(1, pb::kv("service.name", pb::str_value("late")));
  Span decoded = decode_protobuf(pb::len(1, pb::len(2, scope_spans) + pb::len(1, resource))).at(0);
  CHECK(decoded.service_name() == "late");
}

TEST_CASE("protobuf: a missing service.name reads as unknown_service") {
  pb::TestSpan span;
  std::string body = pb::len(1, pb::len(2, pb::len(2, span.encode())));
  CHECK(decode_protobuf(body).at(0).service_name() == "unknown_service");
}

TEST_CASE("protobuf: malformed and truncated bodies are DecodeErrors") {
  std::string good = pb::request("orders", {server_span()});
  SECTION("every truncation of a valid body fails or decodes a prefix, never crashes") {
    for (std::size_t cut = 1; cut < good.size(); ++cut) {
      try {
        decode_protobuf(std::string_view(good).substr(0, cut));
      } catch (const DecodeError&) {
      }
    }
    CHECK_THROWS_AS(decode_protobuf(good.substr(0, good.size() - 1)), DecodeError);
  }
  SECTION("length beyond the end") {
    CHECK_THROWS_AS(decode_protobuf(std::string("\x0a\x10\x01", 3)), DecodeError);
  }
  SECTION("huge length") {
    CHECK_THROWS_AS(decode_protobuf(std::string("\x0a\xff\xff\xff\xff\xff\xff\xff\xff\x7f")),
                    DecodeError);
  }
  SECTION("varint longer than ten bytes") {
    CHECK_THROWS_AS(decode_protobuf(std::string("\x08") + std::string(11, '\x80') + "\x01"),
                    DecodeError);
  }
  SECTION("field number zero") {
    CHECK_THROWS_AS(decode_protobuf(std::string("\x00\x01", 2)), DecodeError);
  }
  SECTION("group wire types") {
    CHECK_THROWS_AS(decode_protobuf(std::string("\x0b\x0c")), DecodeError);
  }
  SECTION("wrong wire type for a known field") {
    CHECK_THROWS_AS(decode_protobuf(pb::uint(1, 3)), DecodeError);
    pb::TestSpan span;
    std::string bad_span = span.encode() + pb::uint(7, 1);  // start time must be fixed64
    CHECK_THROWS_AS(decode_protobuf(pb::len(1, pb::len(2, pb::len(2, bad_span)))), DecodeError);
  }
  SECTION("truncated fixed64") {
    std::string bad_span = pb::len(5, "n") + std::string("\x39\x01\x02", 3);
    CHECK_THROWS_AS(decode_protobuf(pb::len(1, pb::len(2, pb::len(2, bad_span)))), DecodeError);
  }
}

TEST_CASE("protobuf: hostile nesting and element counts are bounded") {
  SECTION("AnyValue arrays nested 10000 deep") {
    std::string value = pb::str_value("leaf");
    for (int i = 0; i < 10000; ++i)
      value = pb::len(5, pb::len(1, value));
    pb::TestSpan span;
    span.attributes = {pb::kv("deep", value)};
    CHECK_THROWS_WITH(decode_protobuf(pb::request("s", {span})), Catch::Contains("nesting"));
  }
  SECTION("more elements than the limit") {
    pb::TestSpan span;
    span.attributes.assign(200, pb::kv("k", pb::str_value("v")));
    DecodeLimits limits;
    limits.max_elements = 100;
    CHECK_THROWS_WITH(decode_protobuf(pb::request("s", {span}), limits),
                      Catch::Contains("too many"));
  }
}

TEST_CASE("protobuf: random and mutated bytes never crash the decoder") {
  std::mt19937 random(12345);
  std::string good = pb::request("orders", {server_span(), server_span()});
  std::size_t decoded = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string body;
    if (round % 2 == 0) {
      body.resize(random() % 256);
      for (char& c : body)
        c = static_cast<char>(random() & 0xff);
    } else {
      body = good;
      for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips)
        body[random() % body.size()] = static_cast<char>(random() & 0xff);
    }
    try {
      decoded += decode_protobuf(body).size();
    } catch (const DecodeError&) {
    }
  }
  CHECK(decoded > 0);  // some mutations keep the body valid
}
