// Where a hand-written lexer stands in its text: the byte offset with the 1-based line and
// column that facts::Position reports. Shared by the CMake lexer and the build-script
// tokenizer (Bazel, Meson, Conan), which read their text one character at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors {

class TextCursor {
 protected:
  explicit TextCursor(std::string_view text) : text_(text) {}

  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  facts::Position here() const {
    return facts::Position{line_, column_, static_cast<std::int64_t>(pos_)};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace otel_setup::detectors
