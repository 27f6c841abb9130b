// Spans encoded when they end (the path an OTLP protobuf exporter takes): one span's bytes, the
// request around them, attributes kept encoded from the start, and the batch processor queueing
// bytes instead of SpanData. Each is checked against the batch encoder, which
// otlp_protobuf_test checks with `protoc --decode_raw`.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "batch_processor.hpp"
#include "encoded_attributes.hpp"
#include "otelrt/exporter.hpp"
#include "otelrt/trace.hpp"
#include "runtime_state.hpp"
#include "support/concurrent_ends.hpp"
#include "support/protoc_decode.hpp"
#include "support/sample_spans.hpp"
#include "support/test_http_server.hpp"

using namespace std::chrono_literals;
using otelrt::AttributeValue;
using otelrt::EncodedSpans;
using otelrt::ExportResult;
using otelrt::SpanData;

namespace {

std::string encoded_spans(const std::vector<SpanData>& spans) {
  std::string bytes;
  std::string one;
  for (const SpanData& span : spans) {
    otelrt::encode_otlp_protobuf_span(span, one);
    bytes += one;
  }
  return bytes;
}

std::string request_of(const std::string& spans, std::size_t count,
                       const otelrt::Resource& resource) {
  std::string out;
  otelrt::encode_otlp_protobuf_request(EncodedSpans{spans, count}, resource, out);
  return out;
}

// Collects what a processor hands to an exporter that takes encoded spans.
struct EncodedCapture {
  std::mutex mutex;
  std::string bytes;
  std::vector<std::size_t> counts;
  std::size_t spans() {
    std::lock_guard<std::mutex> lock(mutex);
    std::size_t total = 0;
    for (std::size_t count : counts)
      total += count;
    return total;
  }
};

class EncodedCapturingExporter final : public otelrt::SpanExporter {
 public:
  explicit EncodedCapturingExporter(std::shared_ptr<EncodedCapture> capture)
      : capture_(std::move(capture)) {}
  ExportResult export_spans(const std::vector<SpanData>&, const otelrt::Resource&,
                            std::chrono::steady_clock::time_point) override {
    return ExportResult::failure;  // never called: this exporter takes encoded spans
  }
  bool takes_encoded_spans() const override { return true; }
  ExportResult export_encoded_spans(const EncodedSpans& spans, const otelrt::Resource&,
                                    std::chrono::steady_clock::time_point) override {
    std::lock_guard<std::mutex> lock(capture_->mutex);
    capture_->bytes.append(spans.bytes.data(), spans.bytes.size());
    capture_->counts.push_back(spans.count);
    return ExportResult::success;
  }
  void shutdown(std::chrono::steady_clock::time_point) override {}

 private:
  std::shared_ptr<EncodedCapture> capture_;
};

const otelrt::Resource kResource;

// A processor exporting to `capture`, with the schedule delay long unless given.
std::unique_ptr<otelrt::internal::BatchProcessor> encoding_processor(
    std::shared_ptr<EncodedCapture> capture, std::size_t queue, std::size_t batch,
    std::chrono::milliseconds delay = 10s) {
  otelrt::internal::BatchConfig config;
  config.max_queue_size = queue;
  config.max_export_batch_size = batch;
  config.schedule_delay = delay;
  return std::make_unique<otelrt::internal::BatchProcessor>(
      std::make_unique<EncodedCapturingExporter>(std::move(capture)), &kResource, config);
}

// A span in encoded mode: its data and the storage its encoded attributes view.
struct EncodedSpan {
  SpanData data;
  otelrt::internal::AttributeBytes bytes;
  std::uint64_t key_bits = 0;
};

// Sets `key` the way a recording span does in encoded mode.
std::string encoded_span_bytes(const SpanData& span) {
  std::string bytes;
  otelrt::encode_otlp_protobuf_span(span, bytes);
  return bytes;
}

// Through put_encoded_attribute's overload for Value: an AttributeValue, a std::string_view or
// a std::int64_t.
template <typename Value>
bool put_value(EncodedSpan& span, std::string_view key, const Value& value) {
  otelrt::internal::EncodedAttributes encoded{span.bytes, span.data.encoded_attribute_count,
                                              span.key_bits};
  const bool stored = otelrt::internal::put_encoded_attribute(encoded, key, value);
  span.data.encoded_attributes = span.bytes.view();
  return stored;
}

bool put(EncodedSpan& span, std::string_view key, const AttributeValue& value) {
  return put_value(span, key, value);
}

bool put_text(EncodedSpan& span, std::string_view key, std::string_view text) {
  return put_value(span, key, text);
}

// One span without attributes, twice: to set them on encoded, and to list them for comparison.
struct AttributelessPair {
  AttributelessPair() {
    encoded.data = otelrt::testing::sample_batch(1).front();
    encoded.data.attributes.clear();
    listed = encoded.data;
  }
  EncodedSpan encoded;
  SpanData listed;
};

}  // namespace

TEST_CASE("spans encoded one by one, then wrapped, make the batch encoder's request") {
  std::vector<SpanData> batch = otelrt::testing::sample_batch(3);
  batch.insert(batch.begin(), otelrt::testing::sample_span());  // events, links, status, arrays
  const otelrt::Resource resource = otelrt::testing::sample_resource();
  CHECK(request_of(encoded_spans(batch), batch.size(), resource) ==
        otelrt::encode_otlp_protobuf(batch, resource));
  CHECK(request_of("", 0, resource) == otelrt::encode_otlp_protobuf({}, resource));

  SECTION("also when the spans' bytes need multi-byte lengths in the envelope") {
    std::vector<SpanData> large = otelrt::testing::sample_batch(600);
    CHECK(request_of(encoded_spans(large), large.size(), resource) ==
          otelrt::encode_otlp_protobuf(large, resource));
  }
  SECTION("spans whose own length takes one byte, and three") {
    SpanData tiny;
    tiny.trace_id = batch.front().trace_id;
    tiny.span_id = batch.front().span_id;
    tiny.name = "t";
    SpanData huge = batch.back();
    huge.attributes.push_back({"payload", std::string(20000, 'x')});
    const std::vector<SpanData> sized = {tiny, huge, tiny};
    CHECK(encoded_spans({tiny}).size() < 128);
    CHECK(encoded_spans({huge}).size() > 16384);
    CHECK(request_of(encoded_spans(sized), sized.size(), resource) ==
          otelrt::encode_otlp_protobuf(sized, resource));
  }
}

TEST_CASE("attributes kept encoded are the bytes the attribute list encodes to") {
  AttributelessPair pair;
  EncodedSpan& encoded = pair.encoded;
  SpanData& listed = pair.listed;
  const std::string invalid_utf8 = "caf\xC3(";
  const std::string long_value(300, 'x');  // multi-byte lengths
  const std::vector<std::pair<std::string, AttributeValue>> sets = {
      {"http.request.method", std::string("GET")},
      {"http.response.status_code", std::int64_t{200}},
      {"user.premium", true},
      {"ratio", 0.25},
      {"tags", std::vector<std::string>{"a", "b"}},
      {"ids", std::vector<std::int64_t>{1, 2}},
      {"note." + invalid_utf8, invalid_utf8},
      {"payload", long_value},
      {"http.request.method", std::string("PUT")},  // replaced: moves to the end
      {"", std::string("ignored")},
  };
  for (const auto& [key, value] : sets)
    CHECK(put(encoded, key, value));
  // What the list holds: all but the first set (replaced by the ninth) and the empty key.
  for (std::size_t i = 1; i + 1 < sets.size(); ++i)
    listed.attributes.push_back({sets[i].first, sets[i].second});
  CHECK(encoded.data.encoded_attribute_count == listed.attributes.size());
  const std::string from_encoded = encoded_span_bytes(encoded.data);
  CHECK(from_encoded == encoded_span_bytes(listed));

  // And an independent decoder reads them: the invalid UTF-8 repaired, the replaced value
  // (values are chosen so protoc does not take them for messages: "POST" would parse as one).
  const otelrt::testing::RawMessage request = otelrt::testing::protoc_decode_raw(
      request_of(from_encoded, 1, otelrt::testing::sample_resource()));
  const auto attributes = request.message(1).message(2).message(2).all(9);
  REQUIRE(attributes.size() == 8);
  CHECK(attributes.back()->scalar(1) == "http.request.method");
  CHECK(attributes.back()->message(2).scalar(1) == "PUT");
  CHECK(attributes[5]->scalar(1) == "note.caf\\357\\277\\275(");
}

TEST_CASE("text attributes, short ASCII or not, are the bytes the attribute list encodes to") {
  AttributelessPair pair;
  EncodedSpan& encoded = pair.encoded;
  SpanData& listed = pair.listed;
  // Key and value of 121 bytes together are the longest whose lengths all fit one byte.
  const std::string key_59(59, 'k');
  const std::vector<std::pair<std::string, std::string>> sets = {
      {"url.path", "/orders"},
      {"empty", ""},
      {key_59, std::string(62, 'v')},            // 121: the short path's longest
      {key_59 + "x", std::string(62, 'v')},      // 122: a two-byte body length
      {"db.query.text", std::string(300, 'q')},  // multi-byte lengths
      {"caf\xC3(", "value"},                     // invalid UTF-8 key: repaired
      {"note", "caf\xC3\xA9"},                   // valid UTF-8, not ASCII
      {"url.path", "/orders/{id}"},              // replaced: moves to the end
  };
  for (const auto& [key, text] : sets)
    CHECK(put_text(encoded, key, text));
  CHECK(put_text(encoded, "null.data", std::string_view()));
  CHECK(put_text(encoded, "", "ignored"));
  for (std::size_t i = 1; i < sets.size(); ++i)
    listed.attributes.push_back({sets[i].first, sets[i].second});
  listed.attributes.push_back({"null.data", std::string()});
  CHECK(encoded.data.encoded_attribute_count == listed.attributes.size());
  CHECK(encoded_span_bytes(encoded.data) == encoded_span_bytes(listed));
}

TEST_CASE(
    "integer attributes, short ASCII key or not, are the bytes the attribute list encodes to") {
  AttributelessPair pair;
  EncodedSpan& encoded = pair.encoded;
  SpanData& listed = pair.listed;
  // A key of 112 bytes is the longest whose entry's lengths all fit one byte with a 10-byte value.
  const std::string key_112(112, 'k');
  const std::vector<std::pair<std::string, std::int64_t>> sets = {
      {"http.response.status_code", 500},
      {"zero", 0},
      {"negative", -1},  // ten varint bytes
      {"largest", std::numeric_limits<std::int64_t>::max()},
      {"smallest", std::numeric_limits<std::int64_t>::min()},
      {key_112, -1},                       // the short path's longest
      {key_112 + "k", -1},                 // a two-byte body length
      {"caf\xC3(", 7},                     // invalid UTF-8 key: repaired
      {"caf\xC3\xA9", 8},                  // valid UTF-8, not ASCII
      {"http.response.status_code", 200},  // replaced: moves to the end
  };
  for (const auto& [key, value] : sets)
    CHECK(put_value(encoded, key, value));
  CHECK(put_value(encoded, "", std::int64_t{1}));  // ignored
  for (std::size_t i = 1; i < sets.size(); ++i)
    listed.attributes.push_back({sets[i].first, sets[i].second});
  CHECK(encoded.data.encoded_attribute_count == listed.attributes.size());
  CHECK(encoded_span_bytes(encoded.data) == encoded_span_bytes(listed));
}

TEST_CASE("encoded attributes stop at the per-span limit and say so") {
  EncodedSpan span;
  for (std::size_t i = 0; i < otelrt::kMaxAttributesPerSpan; ++i)
    REQUIRE(put(span, "key." + std::to_string(i), std::int64_t{1}));
  CHECK_FALSE(put(span, "one.too.many", std::int64_t{1}));
  CHECK(put(span, "key.7", std::int64_t{2}));  // replacing still works at the limit
  CHECK(span.data.encoded_attribute_count == otelrt::kMaxAttributesPerSpan);
}

TEST_CASE("a processor whose exporter takes encoded spans queues and exports their bytes") {
  auto capture = std::make_shared<EncodedCapture>();
  auto owned = encoding_processor(capture, 16, 2);
  otelrt::internal::BatchProcessor& processor = *owned;
  REQUIRE(processor.encodes_spans());
  std::vector<SpanData> spans = otelrt::testing::sample_batch(5);
  for (SpanData span : spans)
    processor.on_end(std::move(span));
  REQUIRE(processor.force_flush(5s));
  std::lock_guard<std::mutex> lock(capture->mutex);
  CHECK(capture->bytes == encoded_spans(spans));
  std::size_t total = 0;
  for (std::size_t count : capture->counts) {
    CHECK(count <= 2);
    total += count;
  }
  CHECK(total == 5);
  CHECK(processor.counters().exported == 5);
}

TEST_CASE("encoded spans beyond the queue's byte budget are dropped and counted") {
  auto capture = std::make_shared<EncodedCapture>();
  auto owned = encoding_processor(capture, 2, 2);  // a budget of 1 KiB of encoded spans
  otelrt::internal::BatchProcessor& processor = *owned;
  SpanData huge = otelrt::testing::sample_batch(1).front();
  huge.attributes.push_back({"payload", std::string(4096, 'x')});
  processor.on_end(std::move(huge));
  processor.on_end(std::move(otelrt::testing::sample_batch(1).front()));
  REQUIRE(processor.force_flush(5s));
  CHECK(processor.counters().dropped_queue_full == 1);
  CHECK(capture->spans() == 1);
}

TEST_CASE("spans of a runtime exporting encoded spans keep what they were given") {
  otelrt::internal::reset_for_testing();
  auto capture = std::make_shared<EncodedCapture>();
  otelrt::Options options;
  options.service_name = "encoded";
  options.exporter = std::make_unique<EncodedCapturingExporter>(capture);
  REQUIRE(otelrt::init(std::move(options)));
  otelrt::SpanContext remote;
  REQUIRE(otelrt::w3c::parse_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                                         remote));
  remote.trace_state = "vendor=1";
  remote.is_remote = true;
  const otelrt::Context caller = otelrt::Context::from_span_context(remote);
  otelrt::SpanOptions from_caller;
  from_caller.parent = &caller;
  {
    otelrt::Span span("GET /orders", from_caller);
    span.add_event("retry");
    span.set_attribute("http.request.method", "GET");
    span.set_attribute("http.response.status_code", 200);
    span.set_attribute("http.request.method", "HEAD");
    for (std::size_t i = 0; i < otelrt::kMaxAttributesPerSpan + 3; ++i)
      span.set_attribute("extra." + std::to_string(i), true);
    span.set_status(otelrt::StatusCode::error, "boom");
  }
  { otelrt::Span second("next"); }  // reuses the first span's attribute storage
  REQUIRE(otelrt::force_flush(5000ms));
  std::string bytes;
  {
    std::lock_guard<std::mutex> lock(capture->mutex);
    bytes = capture->bytes;
  }
  otelrt::internal::reset_for_testing();

  const otelrt::testing::RawMessage request =
      otelrt::testing::protoc_decode_raw(request_of(bytes, 2, otelrt::Resource{}));
  const auto spans = request.message(1).message(2).all(2);
  REQUIRE(spans.size() == 2);
  const otelrt::testing::RawMessage& first = *spans[0];
  CHECK(first.scalar(5) == "GET /orders");
  const auto attributes = first.all(9);
  CHECK(attributes.size() == otelrt::kMaxAttributesPerSpan);
  CHECK(first.scalar(10) == "5");  // dropped_attributes_count: 133 keys set, 128 kept
  CHECK(attributes[0]->scalar(1) == "http.response.status_code");
  CHECK(attributes[1]->scalar(1) == "http.request.method");
  CHECK(attributes[1]->message(2).scalar(1) == "HEAD");
  CHECK(first.message(15).scalar(2) == "boom");
  CHECK(first.scalar(3) == "vendor=1");
  CHECK(first.has(4));  // parent_span_id
  CHECK(first.all(11).size() == 1);
  // The second span reuses the first one's record: nothing of the first may remain.
  const otelrt::testing::RawMessage& second = *spans[1];
  CHECK(second.scalar(5) == "next");
  for (const int field :
       {3, 4, 9, 10, 11, 15}) {  // state, parent, attributes, drops, events, status
    INFO("field " << field);
    CHECK_FALSE(second.has(field));
  }
}

TEST_CASE("the OTLP exporter takes encoded spans for protobuf and posts the same body") {
  otelrt::testing::TestHttpServer server;
  otelrt::OtlpExporterConfig config;
  config.url = server.url();
  auto exporter = otelrt::make_otlp_http_exporter(config);
  REQUIRE(exporter->takes_encoded_spans());
  const std::vector<SpanData> spans = otelrt::testing::sample_batch(3);
  const otelrt::Resource resource = otelrt::testing::sample_resource();
  const std::string bytes = encoded_spans(spans);
  REQUIRE(exporter->export_encoded_spans(EncodedSpans{bytes, spans.size()}, resource,
                                         std::chrono::steady_clock::now() + 2s) ==
          ExportResult::success);
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].header("Content-Type") == "application/x-protobuf");
  CHECK(requests[0].body == otelrt::encode_otlp_protobuf(spans, resource));

  config.protocol = otelrt::OtlpProtocol::http_json;
  CHECK_FALSE(otelrt::make_otlp_http_exporter(config)->takes_encoded_spans());
}

TEST_CASE("concurrent producers and flushers lose no encoded span and no wakeup") {
  auto capture = std::make_shared<EncodedCapture>();
  auto owned = encoding_processor(capture, 100000, 64, 5ms);
  otelrt::internal::BatchProcessor& processor = *owned;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  const SpanData shape = otelrt::testing::sample_batch(1).front();
  otelrt_test::end_from_threads(processor, kThreads, kPerThread,
                                [&shape](int) { return SpanData(shape); });
  REQUIRE(processor.force_flush(10s));
  CHECK(capture->spans() == kThreads * kPerThread);
  CHECK(processor.counters().dropped_queue_full.load() == 0);
  std::string one;
  otelrt::encode_otlp_protobuf_span(shape, one);
  {
    std::lock_guard<std::mutex> lock(capture->mutex);
    CHECK(capture->bytes.size() == one.size() * kThreads * kPerThread);
  }
  for (int i = 0; i < 200; ++i) {
    processor.on_end(SpanData(shape));
    REQUIRE(processor.force_flush(10s));
  }
  CHECK(capture->spans() == kThreads * kPerThread + 200);
}
