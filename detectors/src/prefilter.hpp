// The prefilter: one pass over a file's bytes with an Aho-Corasick automaton of every
// catalog trigger string, so only files that can hold a finding are parsed. Word patterns
// (names and include paths) count only as whole words: "soci" in "associated" can never
// become a tree-sitter identifier `soci`, and Boost spells "associated" in ~700 headers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace otel_setup::detectors {

class Prefilter {
 public:
  // patterns match anywhere; word_patterns only where an end that is an identifier
  // character ([A-Za-z0-9_]) is not next to another identifier character.
  explicit Prefilter(std::vector<std::string> patterns,
                     const std::vector<std::string>& word_patterns = {});

  struct Hits {
    bool any = false;
    bool main_call = false;           // "main" followed by '(' as a whole word
    std::vector<std::uint32_t> hits;  // indices into patterns(), sorted, unique
  };
  Hits search(std::string_view bytes) const;

  const std::vector<std::string>& patterns() const { return patterns_; }

 private:
  struct State {
    std::array<std::int32_t, 256> next{};
    std::int32_t fail = 0;
    std::vector<std::uint32_t> outputs;  // patterns ending here, including via fail links
  };
  void flatten();

  std::vector<std::string> patterns_;
  std::vector<char> whole_word_;  // by pattern index
  std::vector<State> states_;     // the automaton as built; search() reads the flat form:
  std::array<std::uint16_t, 256> byte_class_{};  // bytes no pattern uses share class 0
  std::uint32_t classes_ = 1;
  // state * classes_ + class -> next state * classes_, with kAccepting set when the next
  // state has outputs.
  std::vector<std::uint32_t> table_;
  static constexpr std::uint32_t kAccepting = 0x80000000u;
  std::uint32_t main_pattern_ = 0;
};

}  // namespace otel_setup::detectors
