// A span's attributes kept as the OTLP protobuf they will be exported as (SpanData::
// encoded_attributes), for spans whose processor encodes them when they end: setting an
// attribute writes its KeyValue bytes once, instead of building a std::string key and a
// std::variant value that the encoder would read again (see docs/runtime.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "otelrt/span_data.hpp"

namespace otelrt::internal {

// A recording span's encoded attributes: the first `size` bytes of `bytes` (SpanData::
// encoded_attributes, cut to `size` when the span ends) and their count, and a bit per key seen
// so far (a hash of its length and end letters, modulo 64), so that a new key is nearly always
// known new without a scan. The bytes after `size`
// are room for the next entries, written there in place: appending to a std::string is an
// out-of-line call per attribute, and growing it clears the new bytes first.
struct EncodedAttributes {
  std::string& bytes;
  std::size_t& size;
  std::uint32_t& count;
  std::uint64_t& key_bits;
};

// Sets or replaces `key` (a replaced entry moves to the end); false, changing nothing, when
// `key` is new and the span has kMaxAttributesPerSpan already. Empty keys are ignored.
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           const AttributeValue& value);
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           std::string_view text);

}  // namespace otelrt::internal
