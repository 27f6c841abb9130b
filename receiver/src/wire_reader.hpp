// A bounds-checked reader of the protobuf wire format: every read checks the remaining
// length and throws DecodeError instead of reading past the end.
#pragma once

#include <cstdint>
#include <string_view>

#include "otel_setup/otlp_model.hpp"

namespace otel_setup::otlp {

enum class WireType : std::uint32_t { varint = 0, fixed64 = 1, len = 2, fixed32 = 5 };

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}

  bool done() const { return pos_ >= data_.size(); }

  // Reads a tag; returns false at the end of the message. Rejects field 0 and groups.
  bool next_field(std::uint32_t& field, WireType& type);

  std::uint64_t varint();
  std::uint32_t fixed32();
  std::uint64_t fixed64();
  std::string_view bytes();  // a length-delimited payload

  // Skips the value of an unknown field of the given wire type.
  void skip(WireType type);

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// Throws DecodeError unless a field has the expected wire type.
void expect_type(WireType actual, WireType expected, const char* field_name);

}  // namespace otel_setup::otlp
