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
    std::uint32_t depth = 0;             // length of the prefix this state stands for
    std::vector<std::uint32_t> outputs;  // patterns ending here, including via fail links
  };
  void flatten();
  void index_start_grams();
  std::size_t next_candidate(const unsigned char* data, std::size_t size, std::size_t at) const;

  std::vector<std::string> patterns_;
  std::vector<char> whole_word_;  // by pattern index
  std::vector<State> states_;     // the automaton as built; search() reads the flat form:
  std::array<std::uint16_t, 256> byte_class_{};  // bytes no pattern uses share class 0
  std::uint32_t classes_ = 1;
  // state * classes_ + class -> next state * classes_, with kAccepting set when the next
  // state has outputs and kShallow when it is less than kGram bytes deep.
  std::vector<std::uint32_t> table_;
  static constexpr std::uint32_t kAccepting = 0x80000000u;
  static constexpr std::uint32_t kShallow = 0x40000000u;
  static constexpr std::uint32_t kRowMask = 0x3fffffffu;
  std::uint32_t main_pattern_ = 0;
  // Skipping: every pattern is at least kGram bytes long, so a match can only start where
  // the next kGram bytes are the start of some pattern. Those starts are hashed into a
  // bitmap; search() skips positions whose hash is not in it (one in ~100 of Boost's bytes
  // is) and runs the automaton only from the others until it falls back below kGram deep.
  static constexpr std::size_t kGram = 3;
  // The bitmap is checked only where the first 2 bytes are exactly some pattern's (one
  // 16-bit load and one bit test per byte; on Boost one position in ~30).
  bool skipping_ = false;                 // false when some pattern is shorter than kGram
  std::vector<std::uint64_t> pair_bits_;  // 2^16 bits: the 2-byte starts, exact
  std::vector<std::uint64_t> gram_bits_;  // 2^16 bits: the 3-byte starts, hashed
};

}  // namespace otel_setup::detectors
