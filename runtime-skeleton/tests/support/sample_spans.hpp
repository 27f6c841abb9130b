// Test helper: realistic finished spans and resources built by hand, so exporter tests do
// not depend on the tracing core.
#pragma once

#include <vector>

#include "otelrt/span_data.hpp"

namespace otelrt::testing {

// Ids whose first byte is 0x00, so `protoc --decode_raw` cannot mistake them for messages.
// (Keys and values in tests are chosen the same way: "empty" would decode as a message.)
TraceId sample_trace_id(std::uint8_t seed = 1);
SpanId sample_span_id(std::uint8_t seed = 1);

// A server span with every kind of attribute, an event, a link, an error status and a
// remote parent.
SpanData sample_span();
// `count` small client spans with 4 attributes each (the benchmark shape).
std::vector<SpanData> sample_batch(std::size_t count);
Resource sample_resource();

}  // namespace otelrt::testing
