#include <catch2/catch.hpp>

#include <random>

#include "otel_setup/otlp_model.hpp"

using namespace otel_setup::otlp;

namespace {

const char* kRequest = R"({
  "resourceSpans": [{
    "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "orders"}}]},
    "scopeSpans": [{
      "scope": {"name": "lib", "version": "2"},
      "spans": [{
        "traceId": "5B8EFFF798038103D269B633813FC60C",
        "spanId": "EEE19B7EC3C1B174",
        "parentSpanId": "EEE19B7EC3C1B173",
        "name": "SELECT",
        "kind": 3,
        "startTimeUnixNano": "1544712660000000000",
        "endTimeUnixNano": 1544712661000000000,
        "flags": 1,
        "attributes": [
          {"key": "db.system", "value": {"stringValue": "sqlite"}},
          {"key": "rows", "value": {"intValue": "-3"}},
          {"key": "n", "value": {"intValue": 7}},
          {"key": "ok", "value": {"boolValue": true}},
          {"key": "ratio", "value": {"doubleValue": 0.5}},
          {"key": "tags", "value": {"arrayValue": {"values": [{"stringValue": "a"}]}}},
          {"key": "map", "value": {"kvlistValue": {"values": [
            {"key": "k", "value": {"intValue": "1"}}]}}},
          {"key": "raw", "value": {"bytesValue": "AP8="}}
        ],
        "events": [{"timeUnixNano": "5", "name": "exception", "attributes": [
          {"key": "exception.message", "value": {"stringValue": "gone"}}]}],
        "links": [{"traceId": "00000000000000000000000000000001", "spanId": "0000000000000002"}],
        "status": {"code": 2, "message": "gone"}
      }]
    }]
  }]
})";

}  // namespace

TEST_CASE("json: the OTLP/JSON mapping decodes to the same model") {
  std::vector<Span> spans = decode_json(kRequest);
  REQUIRE(spans.size() == 1);
  const Span& span = spans[0];
  CHECK(to_hex(span.trace_id) == "5b8efff798038103d269b633813fc60c");
  CHECK(to_hex(span.span_id) == "eee19b7ec3c1b174");
  CHECK(to_hex(span.parent_span_id) == "eee19b7ec3c1b173");
  CHECK(span.name == "SELECT");
  CHECK(span.kind == kind_client);
  CHECK(span.start_time_unix_nano == 1544712660000000000ull);
  CHECK(span.end_time_unix_nano == 1544712661000000000ull);
  CHECK(span.flags == 1);
  CHECK(span.service_name() == "orders");
  CHECK(span.scope->name == "lib");
  CHECK(span.attribute("db.system") == "sqlite");
  CHECK(find_attribute(span.attributes, "rows")->int_value == -3);
  CHECK(find_attribute(span.attributes, "n")->int_value == 7);
  CHECK(span.attribute("ok") == "true");
  CHECK(find_attribute(span.attributes, "ratio")->double_value == 0.5);
  CHECK(span.attribute("tags") == "[a]");
  CHECK(span.attribute("map") == "{k=1}");
  CHECK(span.attribute("raw") == "00ff");
  REQUIRE(span.events.size() == 1);
  CHECK(span.events[0].time_unix_nano == 5);
  CHECK(span.links.size() == 1);
  CHECK(span.status.code == status_error);
  CHECK(span.status.message == "gone");
}

TEST_CASE("json: enum names and proto field names are accepted too") {
  const char* body = R"({"resource_spans": [{"scope_spans": [{"spans": [
      {"trace_id": "01", "span_id": "02", "name": "x", "kind": "SPAN_KIND_SERVER",
       "status": {"code": "STATUS_CODE_OK"}}]}]}]})";
  Span span = decode_json(body).at(0);
  CHECK(span.kind == kind_server);
  CHECK(span.status.code == status_ok);
  CHECK(span.service_name() == "unknown_service");
}

TEST_CASE("json: an empty request has no spans") {
  CHECK(decode_json("{}").empty());
  CHECK(decode_json(R"({"resourceSpans": []})").empty());
}

TEST_CASE("json: malformed documents are DecodeErrors") {
  for (const char* body : {
           "",
           "{",
           "[]",
           "null",
           R"({"resourceSpans": {}})",
           R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"}]}]}]})",
           R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "abc"}]}]}]})",
           R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"name": 5}]}]}]})",
           R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "-1"}]}]}]})",
           R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"kind": "SERVER"}]}]}]})",
           R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k",
               "value": {"intValue": "12x"}}]}]}]}]})",
           "{\"resourceSpans\": [], \"x\": \"\xff\"}",
       }) {
    INFO(body);
    CHECK_THROWS_AS(decode_json(body), DecodeError);
  }
}

TEST_CASE("json: hostile nesting is bounded") {
  std::string deep(100000, '[');
  CHECK_THROWS_AS(decode_json(deep), DecodeError);
  std::string value = R"({"stringValue": "leaf"})";
  for (int i = 0; i < 100; ++i)
    value = R"({"arrayValue": {"values": [)" + value + "]}}";
  std::string body = R"({"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k",
      "value": )" + value +
                     "}]}]}]}]}";
  CHECK_THROWS_AS(decode_json(body), DecodeError);
}

TEST_CASE("json: random bytes never crash the decoder") {
  std::mt19937 random(7);
  std::string alphabet = "{}[]\":,0123456789abcdefxyzESTrnul ";
  std::string prefix = R"({"resourceSpans": [{"scopeSpans": [{"spans": [)";
  for (int round = 0; round < 5000; ++round) {
    std::string body = round % 2 ? prefix : std::string();
    for (std::size_t n = random() % 64; n > 0; --n)
      body += alphabet[random() % alphabet.size()];
    try {
      decode_json(body);
    } catch (const DecodeError&) {
    }
  }
  SUCCEED();
}
