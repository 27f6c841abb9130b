// Helpers shared by the OTLP encoders: id formatting and UTF-8 repair. Protobuf `string`
// fields and JSON text must be valid UTF-8 or receivers reject the whole batch, so every
// string from instrumented code passes through here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace otelrt::internal {

template <std::size_t N>
bool all_zero(const std::array<std::uint8_t, N>& bytes) {
  for (std::uint8_t byte : bytes) {
    if (byte != 0) return false;
  }
  return true;
}

// Appends 2*size lowercase hex digits.
void append_hex(std::string& out, const std::uint8_t* bytes, std::size_t size);

// True when no byte of `text` has its high bit set. Eight bytes at a time, the tail in 4-, 2-
// and 1-byte steps: attribute keys and values are nearly always short ASCII strings, and every
// one of them is checked when it is set or encoded.
inline bool is_ascii(std::string_view text) {
  const char* at = text.data();
  std::size_t left = text.size();
  std::uint64_t bits = 0;
  auto take = [&](auto chunk) {  // ORs the next sizeof(chunk) bytes into `bits`
    std::memcpy(&chunk, at, sizeof chunk);
    bits |= chunk;
    at += sizeof chunk;
    left -= sizeof chunk;
  };
  while (left >= 8)
    take(std::uint64_t{});
  if (left >= 4) take(std::uint32_t{});
  if (left >= 2) take(std::uint16_t{});
  if (left == 1) take(std::uint8_t{});
  return (bits & 0x8080808080808080ULL) == 0;
}

// is_valid_utf8 for text that is not all ASCII.
bool is_valid_utf8_sequences(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
inline bool is_valid_utf8(std::string_view text) {
  return is_ascii(text) || is_valid_utf8_sequences(text);
}

// Appends `text` with every ill-formed sequence replaced by U+FFFD.
void append_utf8_repaired(std::string& out, std::string_view text);

}  // namespace otelrt::internal
