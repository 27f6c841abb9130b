// A span's attributes kept as the OTLP protobuf they will be exported as (SpanData::
// encoded_attributes), for spans whose processor encodes them when they end: setting an
// attribute writes its KeyValue bytes once, instead of building a std::string key and a
// std::variant value that the encoder would read again (see docs/runtime.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "otelrt/span_data.hpp"

namespace otelrt::internal {

// Where a recording span keeps its encoded attributes: bytes written in place and grown without
// clearing. A std::string clears what it grows by and appends through an out-of-line call, per
// attribute; spans reuse a thread's buffer (docs/runtime.md), so growing is rare.
class AttributeBytes {
 public:
  std::string_view view() const { return {data_.get(), size_}; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  char* data() { return data_.get(); }
  // Room for n more bytes after size(): write them, then set_size() to where they end.
  char* room(std::size_t n) {
    if (capacity_ - size_ < n) grow(size_ + n);
    return data_.get() + size_;
  }
  void set_size(std::size_t size) { size_ = size; }
  void clear() { size_ = 0; }
  void swap(AttributeBytes& other) noexcept {
    data_.swap(other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  void grow(std::size_t size);

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// A recording span's encoded attributes (SpanData::encoded_attributes views `bytes` when the
// span ends) and their count, and a bit per key seen so far (a hash of its length and three
// letters, modulo 64), so that a new key is nearly always known new without a scan.
struct EncodedAttributes {
  AttributeBytes& bytes;
  std::uint32_t& count;
  std::uint64_t& key_bits;
};

// Sets or replaces `key` (a replaced entry moves to the end); false, changing nothing, when
// `key` is new and the span has kMaxAttributesPerSpan already. Empty keys are ignored.
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           const AttributeValue& value);
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           std::string_view text);
bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key, std::int64_t value);

// encode_otlp_protobuf_span into `scratch`, left at its size (no smaller than the encoding) so
// that a thread encoding span after span into the same scratch does not clear it each time;
// returns the encoding, which lies in `scratch` (not necessarily at its start).
std::string_view encode_span_into(const SpanData& span, std::string& scratch);

}  // namespace otelrt::internal
