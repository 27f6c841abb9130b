// The OTLP/JSON encoder parsed back with nlohmann/json and checked field by field against
// the OTLP JSON mapping (hex ids, integer enums, 64-bit integers as strings, camelCase).
#include <catch2/catch.hpp>

#include <limits>
#include <nlohmann/json.hpp>

#include "otelrt/exporter.hpp"
#include "otlp_common.hpp"
#include "support/sample_spans.hpp"

using nlohmann::json;

namespace {

std::string hex(const std::uint8_t* bytes, std::size_t size) {
  std::string out;
  otelrt::internal::append_hex(out, bytes, size);
  return out;
}

const json& attribute(const json& list, const std::string& key) {
  for (const json& entry : list) {
    if (entry.at("key") == key) return entry.at("value");
  }
  throw std::runtime_error("attribute not found: " + key);
}

}  // namespace

TEST_CASE("JSON request has the OTLP structure, hex ids and string 64-bit integers") {
  otelrt::SpanData span = otelrt::testing::sample_span();
  json request = json::parse(otelrt::encode_otlp_json({span}, otelrt::testing::sample_resource()));

  const json& resource_spans = request.at("resourceSpans").at(0);
  const json& resource = resource_spans.at("resource");
  CHECK(attribute(resource.at("attributes"), "service.name").at("stringValue") == "checkout");
  CHECK(attribute(resource.at("attributes"), "process.pid").at("intValue") == "4242");

  const json& scope_spans = resource_spans.at("scopeSpans").at(0);
  CHECK(scope_spans.at("scope").at("name") == "otel-setup");
  CHECK(scope_spans.at("scope").at("version") == "0.1.0");

  const json& s = scope_spans.at("spans").at(0);
  CHECK(s.at("traceId") == hex(span.trace_id.bytes.data(), 16));
  CHECK(s.at("traceId").get<std::string>().size() == 32);
  CHECK(s.at("spanId") == hex(span.span_id.bytes.data(), 8));
  CHECK(s.at("parentSpanId") == hex(span.parent_span_id.bytes.data(), 8));
  CHECK(s.at("traceState") == "vendor=value");
  CHECK(s.at("flags") == 0x301);
  CHECK(s.at("name") == "GET /users/{id}");
  CHECK(s.at("kind") == 2);
  CHECK(s.at("startTimeUnixNano") == "1700000000123456789");
  CHECK(s.at("endTimeUnixNano") == "1700000000223456789");
  CHECK(s.at("droppedAttributesCount") == 3);
  CHECK(s.at("droppedEventsCount") == 4);
  CHECK(s.at("droppedLinksCount") == 5);

  const json& attributes = s.at("attributes");
  CHECK(attributes.size() == span.attributes.size());
  CHECK(attribute(attributes, "http.request.method").at("stringValue") == "GET");
  CHECK(attribute(attributes, "http.response.status_code").at("intValue") == "500");
  CHECK(attribute(attributes, "negative").at("intValue") == "-42");
  CHECK(attribute(attributes, "ratio").at("doubleValue") == 0.25);
  CHECK(attribute(attributes, "cached").at("boolValue") == false);
  CHECK(attribute(attributes, "blank").at("stringValue") == "");
  const json& tags = attribute(attributes, "tags").at("arrayValue").at("values");
  CHECK(tags == json::parse(R"([{"stringValue":"a"},{"stringValue":"b\"c"}])"));
  const json& codes = attribute(attributes, "codes").at("arrayValue").at("values");
  CHECK(codes.at(2).at("intValue") == "9007199254740993");  // beyond double precision
  const json& weights = attribute(attributes, "weights").at("arrayValue").at("values");
  CHECK(weights.at(1).at("doubleValue") == -0.5);
  const json& flags = attribute(attributes, "flags").at("arrayValue").at("values");
  CHECK(flags.at(0).at("boolValue") == true);

  const json& event = s.at("events").at(0);
  CHECK(event.at("timeUnixNano") == "1700000000200000000");
  CHECK(event.at("name") == "exception");
  CHECK(attribute(event.at("attributes"), "exception.message").at("stringValue") == "boom\nline2");

  const json& link = s.at("links").at(0);
  CHECK(link.at("traceId") == hex(span.links[0].trace_id.bytes.data(), 16));
  CHECK(link.at("spanId") == hex(span.links[0].span_id.bytes.data(), 8));
  CHECK(link.at("traceState") == "k=v");
  CHECK(link.at("flags") == 1);
  CHECK(attribute(link.at("attributes"), "link.kind").at("stringValue") == "follows");

  CHECK(s.at("status").at("code") == 2);
  CHECK(s.at("status").at("message") == "upstream failed");
}

TEST_CASE("JSON omits defaults for root spans with unset status") {
  otelrt::SpanData span = otelrt::testing::sample_batch(1).front();
  json s = json::parse(
      otelrt::encode_otlp_json({span}, {}))["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  CHECK_FALSE(s.contains("parentSpanId"));
  CHECK_FALSE(s.contains("status"));
  CHECK_FALSE(s.contains("events"));
  CHECK_FALSE(s.contains("droppedAttributesCount"));
  CHECK(s.at("kind") == 3);
  CHECK(s.at("flags") == 0x101);
}

TEST_CASE("JSON strings are escaped and repaired to valid UTF-8") {
  otelrt::SpanData span = otelrt::testing::sample_batch(1).front();
  span.name = std::string("ctl\x01\t\"q\"\\ bad\xff end", 18);
  span.attributes = {{"nan", std::numeric_limits<double>::quiet_NaN()},
                     {"inf", -std::numeric_limits<double>::infinity()},
                     {"small", 1e-300}};
  std::string text = otelrt::encode_otlp_json({span}, {});
  json s = json::parse(text)["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  CHECK(s.at("name") == "ctl\x01\t\"q\"\\ bad\xEF\xBF\xBD end");
  CHECK(attribute(s.at("attributes"), "nan").at("doubleValue") == "NaN");
  CHECK(attribute(s.at("attributes"), "inf").at("doubleValue") == "-Infinity");
  CHECK(attribute(s.at("attributes"), "small").at("doubleValue") == 1e-300);
}

TEST_CASE("JSON batches keep every span") {
  std::vector<otelrt::SpanData> batch = otelrt::testing::sample_batch(200);
  json request = json::parse(otelrt::encode_otlp_json(batch, otelrt::testing::sample_resource()));
  const json& spans = request["resourceSpans"][0]["scopeSpans"][0]["spans"];
  REQUIRE(spans.size() == 200);
  CHECK(spans[199]["spanId"] == hex(batch[199].span_id.bytes.data(), 8));
  CHECK(attribute(spans[5]["attributes"], "cache.hit").at("boolValue") == true);
}
