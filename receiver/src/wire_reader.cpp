#include "wire_reader.hpp"

#include <string>

namespace otel_setup::otlp {

bool WireReader::next_field(std::uint32_t& field, WireType& type) {
  if (done()) return false;
  std::uint64_t tag = varint();
  std::uint64_t number = tag >> 3;
  std::uint32_t wire = static_cast<std::uint32_t>(tag & 7);
  if (number == 0 || number > 0x1fffffff) throw DecodeError("protobuf: invalid field number");
  if (wire != 0 && wire != 1 && wire != 2 && wire != 5) {
    throw DecodeError("protobuf: unsupported wire type " + std::to_string(wire));
  }
  field = static_cast<std::uint32_t>(number);
  type = static_cast<WireType>(wire);
  return true;
}

std::uint64_t WireReader::varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) throw DecodeError("protobuf: truncated varint");
    auto byte = static_cast<std::uint8_t>(data_[pos_++]);
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && byte > 1) throw DecodeError("protobuf: varint overflows 64 bits");
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  throw DecodeError("protobuf: varint longer than 10 bytes");
}

std::uint32_t WireReader::fixed32() {
  if (data_.size() - pos_ < 4) throw DecodeError("protobuf: truncated fixed32");
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i)
    value = (value << 8) | static_cast<std::uint8_t>(data_[pos_ + static_cast<std::size_t>(i)]);
  pos_ += 4;
  return value;
}

std::uint64_t WireReader::fixed64() {
  if (data_.size() - pos_ < 8) throw DecodeError("protobuf: truncated fixed64");
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = (value << 8) | static_cast<std::uint8_t>(data_[pos_ + static_cast<std::size_t>(i)]);
  pos_ += 8;
  return value;
}

std::string_view WireReader::bytes() {
  std::uint64_t length = varint();
  if (length > data_.size() - pos_) throw DecodeError("protobuf: truncated length-delimited field");
  std::string_view payload = data_.substr(pos_, static_cast<std::size_t>(length));
  pos_ += static_cast<std::size_t>(length);
  return payload;
}

void WireReader::skip(WireType type) {
  switch (type) {
    case WireType::varint:
      varint();
      return;
    case WireType::fixed64:
      fixed64();
      return;
    case WireType::len:
      bytes();
      return;
    case WireType::fixed32:
      fixed32();
      return;
  }
  throw DecodeError("protobuf: unsupported wire type");
}

void expect_type(WireType actual, WireType expected, const char* field_name) {
  if (actual != expected) {
    throw DecodeError(std::string("protobuf: wrong wire type for ") + field_name);
  }
}

}  // namespace otel_setup::otlp
