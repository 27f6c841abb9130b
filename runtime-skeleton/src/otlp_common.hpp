// Helpers shared by the OTLP encoders and the ids: id checks and formatting, UTF-8 repair.
// Protobuf `string` fields and JSON text must be valid UTF-8 or receivers reject the whole
// batch, so every string from instrumented code passes through here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace otelrt::internal {

// Eight bytes at a time: every span checks its parent's ids and its own.
template <std::size_t N>
bool all_zero(const std::array<std::uint8_t, N>& bytes) {
  static_assert(N % 8 == 0);
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < N; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    bits |= word;
  }
  return bits == 0;
}

// Writes 2*size lowercase hex digits at `out`, no terminator.
void write_hex(const std::uint8_t* bytes, std::size_t size, char* out);
// Appends 2*size lowercase hex digits.
void append_hex(std::string& out, const std::uint8_t* bytes, std::size_t size);

// True when no byte of `text` has its high bit set. Attribute keys and values are nearly always
// short ASCII strings, each checked when it is set or encoded: up to 16 bytes take two loads
// that may overlap (no loop, no tail steps), longer text eight bytes at a time.
inline bool is_ascii(std::string_view text) {
  const char* at = text.data();
  const std::size_t size = text.size();
  const auto word = [](const char* from, auto width) -> std::uint64_t {
    std::memcpy(&width, from, sizeof width);
    return width;
  };
  std::uint64_t bits = 0;
  if (size >= 8) {
    bits = word(at + size - 8, std::uint64_t{});
    for (std::size_t i = 0; i + 8 < size; i += 8)
      bits |= word(at + i, std::uint64_t{});
  } else if (size >= 4) {
    bits = word(at, std::uint32_t{}) | word(at + size - 4, std::uint32_t{});
  } else if (size != 0) {
    bits = static_cast<unsigned char>(at[0]) | static_cast<unsigned char>(at[size / 2]) |
           static_cast<unsigned char>(at[size - 1]);
  }
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
