#include "support/sample_spans.hpp"

namespace otelrt::testing {

TraceId sample_trace_id(std::uint8_t seed) {
  TraceId id;
  for (std::size_t i = 1; i < id.bytes.size(); ++i) {
    id.bytes[i] = static_cast<std::uint8_t>(seed + i);
  }
  return id;
}

SpanId sample_span_id(std::uint8_t seed) {
  SpanId id;
  for (std::size_t i = 1; i < id.bytes.size(); ++i) {
    id.bytes[i] = static_cast<std::uint8_t>(seed * 16 + i);
  }
  return id;
}

SpanData sample_span() {
  SpanData span;
  span.trace_id = sample_trace_id(1);
  span.span_id = sample_span_id(2);
  span.parent_span_id = sample_span_id(3);
  span.parent_is_remote = true;
  span.trace_flags = 0x01;
  span.trace_state = "vendor=value";
  span.name = "GET /users/{id}";
  span.kind = SpanKind::server;
  span.start_unix_nano = 1700000000123456789ull;
  span.end_unix_nano = 1700000000223456789ull;
  span.attributes = {
      {"http.request.method", std::string("GET")},
      {"http.response.status_code", std::int64_t{500}},
      {"negative", std::int64_t{-42}},
      {"ratio", 0.25},
      {"cached", false},
      {"blank", std::string()},
      {"tags", std::vector<std::string>{"a", "b\"c"}},
      {"codes", std::vector<std::int64_t>{1, -2, 9007199254740993}},
      {"weights", std::vector<double>{1.5, -0.5}},
      {"flags", std::vector<bool>{true, false}},
  };
  span.events.push_back(SpanEvent{"exception",
                                  1700000000200000000ull,
                                  {{"exception.type", std::string("std::runtime_error")},
                                   {"exception.message", std::string("boom\nline2")}}});
  SpanLink link;
  link.trace_id = sample_trace_id(7);
  link.span_id = sample_span_id(8);
  link.trace_state = "k=v";
  link.trace_flags = 0x01;
  link.attributes = {{"link.kind", std::string("follows")}};
  span.links.push_back(link);
  span.status = StatusCode::error;
  span.status_message = "upstream failed";
  span.dropped_attributes = 3;
  span.dropped_events = 4;
  span.dropped_links = 5;
  return span;
}

std::vector<SpanData> sample_batch(std::size_t count) {
  std::vector<SpanData> batch(count);
  for (std::size_t i = 0; i < count; ++i) {
    SpanData& span = batch[i];
    span.trace_id = sample_trace_id(static_cast<std::uint8_t>(i));
    span.span_id = sample_span_id(static_cast<std::uint8_t>(i + 1));
    span.trace_flags = 0x01;
    span.name = "db.query";
    span.kind = SpanKind::client;
    span.start_unix_nano = 1700000000000000000ull + i * 1000;
    span.end_unix_nano = span.start_unix_nano + 500;
    span.attributes = {{"db.system", std::string("postgresql")},
                       {"db.statement", std::string("SELECT * FROM users WHERE id = $1")},
                       {"db.rows", std::int64_t{1}},
                       {"cache.hit", true}};
  }
  return batch;
}

Resource sample_resource() {
  Resource resource;
  resource.attributes = {{"service.name", std::string("checkout")},
                         {"service.version", std::string("1.2.3")},
                         {"process.pid", std::int64_t{4242}}};
  return resource;
}

}  // namespace otelrt::testing
