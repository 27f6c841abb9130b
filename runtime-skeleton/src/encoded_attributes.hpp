// A span's attributes kept as the OTLP protobuf they will be exported as (SpanData::
// encoded_attributes), for spans whose processor encodes them when they end: setting an
// attribute writes its KeyValue bytes once, instead of building a std::string key and a
// std::variant value that the encoder would read again (see docs/runtime.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "otelrt/span_data.hpp"

namespace otelrt::internal {

// A recording span's encoded attributes: SpanData::encoded_attributes and _count, and a bit per
// key length (modulo 64) seen so far, so that a new key is known new without a scan.
struct EncodedAttributes {
  std::string& bytes;
  std::uint32_t& count;
  std::uint64_t& key_lengths;
};

// Sets or replaces `key` (a replaced entry moves to the end); false, changing nothing, when
// `key` is new and the span has kMaxAttributesPerSpan already. Empty keys are ignored.
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           const AttributeValue& value);
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           std::string_view text);

}  // namespace otelrt::internal
