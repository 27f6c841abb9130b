// Helpers shared by the OTLP encoders: id formatting and UTF-8 repair. Protobuf `string`
// fields and JSON text must be valid UTF-8 or receivers reject the whole batch, so every
// string from instrumented code passes through here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Appends `text` with every ill-formed sequence replaced by U+FFFD.
void append_utf8_repaired(std::string& out, std::string_view text);

}  // namespace otelrt::internal
