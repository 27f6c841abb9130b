// The protobuf encoder checked by an independent decoder: `protoc --decode_raw` reads the
// bytes we produce and the test asserts field numbers and values in what it prints.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include "otelrt/exporter.hpp"
#include "otlp_common.hpp"
#include "support/protoc_decode.hpp"
#include "support/sample_spans.hpp"

using otelrt::testing::protoc_decode_raw;
using otelrt::testing::RawMessage;
using otelrt::testing::unescape_protoc_string;

namespace {

std::string bytes_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

const RawMessage& first_span(const RawMessage& request) {
  return request.message(1).message(2).message(2);
}

// KeyValue list -> key -> AnyValue.
const RawMessage& any_value(const RawMessage& holder, int field, const std::string& key) {
  for (const RawMessage* key_value : holder.all(field)) {
    if (key_value->scalar(1) == key) return key_value->message(2);
  }
  throw std::runtime_error("attribute not found: " + key);
}

}  // namespace

TEST_CASE("empty batch encodes the exact envelope bytes") {
  std::string bytes = otelrt::encode_otlp_protobuf({}, otelrt::Resource{});
  // request.resource_spans(1){ resource(1){} scope_spans(2){ scope(1){ name(1) version(2) } } }
  std::string expected = std::string("\x0a\x19\x0a\x00\x12\x15\x0a\x13\x0a\x0a", 10) +
                         "otel-setup" + std::string("\x12\x05", 2) + "0.1.0";
  CHECK(bytes == expected);
}

TEST_CASE("span fields carry the opentelemetry-proto field numbers") {
  otelrt::SpanData span = otelrt::testing::sample_span();
  std::string bytes = otelrt::encode_otlp_protobuf({span}, otelrt::testing::sample_resource());
  RawMessage request = protoc_decode_raw(bytes);

  const RawMessage& resource = request.message(1).message(1);
  CHECK(any_value(resource, 1, "service.name").scalar(1) == "checkout");
  CHECK(any_value(resource, 1, "process.pid").scalar(3) == "4242");

  const RawMessage& scope = request.message(1).message(2).message(1);
  CHECK(scope.scalar(1) == "otel-setup");
  CHECK(scope.scalar(2) == "0.1.0");

  const RawMessage& s = first_span(request);
  CHECK(unescape_protoc_string(s.scalar(1)) ==
        bytes_of(span.trace_id.bytes.data(), span.trace_id.bytes.size()));
  CHECK(unescape_protoc_string(s.scalar(2)) ==
        bytes_of(span.span_id.bytes.data(), span.span_id.bytes.size()));
  CHECK(s.scalar(3) == "vendor=value");
  CHECK(unescape_protoc_string(s.scalar(4)) ==
        bytes_of(span.parent_span_id.bytes.data(), span.parent_span_id.bytes.size()));
  CHECK(s.scalar(5) == "GET /users/{id}");
  CHECK(s.scalar(6) == "2");                   // SPAN_KIND_SERVER
  CHECK(s.scalar(7) == "0x17979cfe3d85cd15");  // fixed64 start 1700000000123456789
  CHECK(s.scalar(8) == "0x17979cfe437bae15");  // fixed64 end
  CHECK(s.scalar(10) == "3");                  // dropped_attributes_count
  CHECK(s.scalar(12) == "4");                  // dropped_events_count
  CHECK(s.scalar(14) == "5");                  // dropped_links_count
  CHECK(s.scalar(16) == "0x00000301");         // fixed32 flags: sampled, remote parent

  CHECK(any_value(s, 9, "http.request.method").scalar(1) == "GET");
  CHECK(any_value(s, 9, "http.response.status_code").scalar(3) == "500");
  CHECK(any_value(s, 9, "negative").scalar(3) == "18446744073709551574");  // -42 as varint
  CHECK(any_value(s, 9, "ratio").scalar(4) == "0x3fd0000000000000");       // 0.25
  CHECK(any_value(s, 9, "cached").scalar(2) == "0");                       // false is written
  CHECK(any_value(s, 9, "blank").scalar(1).empty());                       // "" is written

  const RawMessage& tags = any_value(s, 9, "tags").message(5);
  REQUIRE(tags.all(1).size() == 2);
  CHECK(tags.message(1, 0).scalar(1) == "a");
  CHECK(tags.message(1, 1).scalar(1) == "b\\\"c");
  const RawMessage& codes = any_value(s, 9, "codes").message(5);
  REQUIRE(codes.all(1).size() == 3);
  CHECK(codes.message(1, 2).scalar(3) == "9007199254740993");
  const RawMessage& weights = any_value(s, 9, "weights").message(5);
  CHECK(weights.message(1, 0).scalar(4) == "0x3ff8000000000000");  // 1.5
  const RawMessage& flags = any_value(s, 9, "flags").message(5);
  CHECK(flags.message(1, 0).scalar(2) == "1");
  CHECK(flags.message(1, 1).scalar(2) == "0");

  const RawMessage& event = s.message(11);
  CHECK(event.scalar(1) == "0x17979cfe4215c200");  // fixed64 1700000000200000000
  CHECK(event.scalar(2) == "exception");
  CHECK(any_value(event, 3, "exception.type").scalar(1) == "std::runtime_error");
  CHECK(any_value(event, 3, "exception.message").scalar(1) == "boom\\nline2");

  const RawMessage& link = s.message(13);
  CHECK(unescape_protoc_string(link.scalar(1)) ==
        bytes_of(span.links[0].trace_id.bytes.data(), 16));
  CHECK(unescape_protoc_string(link.scalar(2)) == bytes_of(span.links[0].span_id.bytes.data(), 8));
  CHECK(link.scalar(3) == "k=v");
  CHECK(any_value(link, 4, "link.kind").scalar(1) == "follows");
  CHECK(link.scalar(6) == "0x00000001");

  const RawMessage& status = s.message(15);
  CHECK(status.scalar(2) == "upstream failed");
  CHECK(status.scalar(3) == "2");  // STATUS_CODE_ERROR
  CHECK_FALSE(status.has(1));      // field 1 is reserved
}

TEST_CASE("root spans omit the parent and unset status omits the status message") {
  otelrt::SpanData span = otelrt::testing::sample_batch(1).front();
  RawMessage request = protoc_decode_raw(otelrt::encode_otlp_protobuf({span}, {}));
  const RawMessage& s = first_span(request);
  CHECK_FALSE(s.has(4));
  CHECK_FALSE(s.has(15));
  CHECK_FALSE(s.has(10));
  CHECK(s.scalar(6) == "3");            // SPAN_KIND_CLIENT
  CHECK(s.scalar(16) == "0x00000101");  // sampled, parent known to be local
}

TEST_CASE("large batches and long fields use multi-byte lengths correctly") {
  std::vector<otelrt::SpanData> batch = otelrt::testing::sample_batch(300);
  batch[7].name = std::string(300, 'n');
  batch[8].attributes.push_back({"big", std::string(20000, 'G')});
  RawMessage request =
      protoc_decode_raw(otelrt::encode_otlp_protobuf(batch, otelrt::testing::sample_resource()));
  std::vector<const RawMessage*> spans = request.message(1).message(2).all(2);
  REQUIRE(spans.size() == 300);
  CHECK(spans[7]->scalar(5) == std::string(300, 'n'));
  CHECK(any_value(*spans[8], 9, "big").scalar(1).size() == 20000);
  CHECK(spans[299]->scalar(5) == "db.query");
}

TEST_CASE("is_ascii finds a high-bit byte at any position of text of any length") {
  for (std::size_t size = 0; size <= 40; ++size) {
    const std::string ascii(size, 'a');
    CHECK(otelrt::internal::is_ascii(ascii));
    for (std::size_t position = 0; position < size; ++position) {
      std::string text = ascii;
      text[position] = static_cast<char>(0x80 | position);
      INFO("size " << size << ", high bit at " << position);
      CHECK_FALSE(otelrt::internal::is_ascii(text));
    }
  }
}

TEST_CASE("invalid UTF-8 is repaired so receivers do not reject the batch") {
  otelrt::SpanData span = otelrt::testing::sample_batch(1).front();
  span.name = "bad\xff\xfe-name";
  span.attributes = {{"k", std::string("caf\xc3")}};
  RawMessage request = protoc_decode_raw(otelrt::encode_otlp_protobuf({span}, {}));
  const RawMessage& s = first_span(request);
  CHECK(unescape_protoc_string(s.scalar(5)) == "bad\xEF\xBF\xBD\xEF\xBF\xBD-name");
  CHECK(unescape_protoc_string(any_value(s, 9, "k").scalar(1)) == "caf\xEF\xBF\xBD");
}

TEST_CASE("encoding is fast enough for the batch worker") {
  std::vector<otelrt::SpanData> batch = otelrt::testing::sample_batch(512);
  otelrt::Resource resource = otelrt::testing::sample_resource();
  std::size_t total = 0;
  auto start = std::chrono::steady_clock::now();
  constexpr int kRounds = 50;
  for (int i = 0; i < kRounds; ++i)
    total += otelrt::encode_otlp_protobuf(batch, resource).size();
  auto elapsed = std::chrono::steady_clock::now() - start;
  double ns_per_span =
      std::chrono::duration<double, std::nano>(elapsed).count() / (kRounds * batch.size());
  std::printf("encode_otlp_protobuf: %.0f ns per span (4 attributes), %zu bytes per batch\n",
              ns_per_span, total / kRounds);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  CHECK(ns_per_span < 5000);  // generous for a loaded machine; measured ~600-700 ns
#endif
}
