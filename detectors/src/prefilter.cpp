#include "prefilter.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <queue>
#include <stdexcept>

namespace otel_setup::detectors {
namespace {

bool is_identifier_byte(unsigned char byte) {
  return std::isalnum(byte) != 0 || byte == '_';
}

// Whether `start` is on a line that is comment there: after a `//` with no quote before it
// on the line, or on a ` * ` line inside a block comment. Boost shows usage examples this
// way (`///     int main() {`) in ~50 headers that would otherwise all be parsed for nothing.
// Errs towards "code": a quote before the `//` might open a string holding it.
bool in_comment_line(std::string_view bytes, std::size_t start) {
  std::size_t line = bytes.rfind('\n', start);
  line = line == std::string_view::npos ? 0 : line + 1;
  std::string_view before = bytes.substr(line, start - line);
  std::size_t slashes = before.find("//");
  if (slashes != std::string_view::npos) return before.find_first_of("\"'") > slashes;
  std::size_t first = before.find_first_not_of(" \t");
  return first != std::string_view::npos && before[first] == '*' &&
         (first + 1 == before.size() || before[first + 1] == ' ' || before[first + 1] == '\t');
}

// "main" as a function name: a whole word followed (after blanks) by '(', not in a comment.
bool is_main_call(std::string_view bytes, std::size_t end) {
  std::size_t start = end - 4;
  if (start > 0 && is_identifier_byte(static_cast<unsigned char>(bytes[start - 1]))) return false;
  std::size_t at = end;
  while (at < bytes.size() &&
         (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r'))
    ++at;
  return at < bytes.size() && bytes[at] == '(' && !in_comment_line(bytes, start);
}

// A word pattern's hit ending at `end` (exclusive) is a whole word on the sides where the
// pattern itself starts or ends with an identifier byte.
bool is_whole_word(std::string_view bytes, std::size_t end, const std::string& pattern) {
  std::size_t start = end - pattern.size();
  if (is_identifier_byte(static_cast<unsigned char>(pattern.front())) && start > 0 &&
      is_identifier_byte(static_cast<unsigned char>(bytes[start - 1])))
    return false;
  return !(is_identifier_byte(static_cast<unsigned char>(pattern.back())) && end < bytes.size() &&
           is_identifier_byte(static_cast<unsigned char>(bytes[end])));
}

}  // namespace

Prefilter::Prefilter(std::vector<std::string> patterns,
                     const std::vector<std::string>& word_patterns)
    : patterns_(std::move(patterns)) {
  whole_word_.assign(patterns_.size(), 0);
  for (const std::string& word : word_patterns) {
    if (word.empty()) continue;
    patterns_.push_back(word);
    whole_word_.push_back(1);
  }
  patterns_.push_back("main");
  whole_word_.push_back(0);  // checked by is_main_call
  main_pattern_ = static_cast<std::uint32_t>(patterns_.size() - 1);
  // Goto function: a trie; -1 marks a missing edge until the failure links fill it in.
  states_.emplace_back();
  states_[0].next.fill(-1);
  for (std::uint32_t index = 0; index < patterns_.size(); ++index) {
    std::int32_t state = 0;
    for (unsigned char byte : patterns_[index]) {
      if (states_[state].next[byte] < 0) {
        states_[state].next[byte] = static_cast<std::int32_t>(states_.size());
        std::uint32_t depth = states_[state].depth + 1;
        states_.emplace_back();
        states_.back().next.fill(-1);
        states_.back().depth = depth;
      }
      state = states_[state].next[byte];
    }
    states_[state].outputs.push_back(index);
  }
  // Breadth-first failure links, turning the trie into a full DFA.
  std::queue<std::int32_t> queue;
  for (auto& target : states_[0].next) {
    if (target < 0) {
      target = 0;
    } else {
      states_[target].fail = 0;
      queue.push(target);
    }
  }
  while (!queue.empty()) {
    std::int32_t state = queue.front();
    queue.pop();
    const State& fallback = states_[states_[state].fail];
    states_[state].outputs.insert(states_[state].outputs.end(), fallback.outputs.begin(),
                                  fallback.outputs.end());
    for (int byte = 0; byte < 256; ++byte) {
      std::int32_t target = states_[state].next[byte];
      if (target < 0) {
        states_[state].next[byte] = states_[states_[state].fail].next[byte];
      } else {
        states_[target].fail = states_[states_[state].fail].next[byte];
        queue.push(target);
      }
    }
  }
  index_start_grams();
  flatten();
}

namespace {

std::uint32_t gram_hash(const unsigned char* at) {
  std::uint32_t key =
      at[0] | static_cast<std::uint32_t>(at[1]) << 8 | static_cast<std::uint32_t>(at[2]) << 16;
  return (key * 2654435761u) >> 16;  // Fibonacci hashing: the top 16 bits
}

std::uint16_t pair_at(const unsigned char* at) {
  std::uint16_t pair;
  std::memcpy(&pair, at, sizeof pair);  // the same byte order when indexing and looking up
  return pair;
}

bool has_bit(const std::uint64_t* bits, std::uint32_t index) {
  return ((bits[index >> 6] >> (index & 63)) & 1) != 0;
}

}  // namespace

void Prefilter::index_start_grams() {
  skipping_ = true;
  for (const std::string& pattern : patterns_)
    skipping_ = skipping_ && pattern.size() >= kGram;
  if (!skipping_) return;
  pair_bits_.assign((1u << 16) / 64, 0);
  gram_bits_.assign((1u << 16) / 64, 0);
  for (const std::string& pattern : patterns_) {
    const auto* start = reinterpret_cast<const unsigned char*>(pattern.data());
    std::uint32_t pair = pair_at(start), hash = gram_hash(start);
    pair_bits_[pair >> 6] |= std::uint64_t{1} << (pair & 63);
    gram_bits_[hash >> 6] |= std::uint64_t{1} << (hash & 63);
  }
}

// The first position from `at` where a pattern can start, or `size`.
std::size_t Prefilter::next_candidate(const unsigned char* data, std::size_t size,
                                      std::size_t at) const {
  const std::uint64_t* pairs = pair_bits_.data();
  const std::uint64_t* grams = gram_bits_.data();
  for (; at + kGram <= size; ++at) {
    if (has_bit(pairs, pair_at(data + at)) && has_bit(grams, gram_hash(data + at))) return at;
  }
  return size;
}

// The hot loop is one table load per byte: a dense row per state over byte classes (bytes
// that occur in no pattern all behave alike), rows pre-multiplied so no index arithmetic.
void Prefilter::flatten() {
  for (const std::string& pattern : patterns_) {
    for (unsigned char byte : pattern) {
      if (byte_class_[byte] == 0) byte_class_[byte] = static_cast<std::uint16_t>(classes_++);
    }
  }
  std::vector<int> representative(classes_, 0);
  for (int byte = 0; byte < 256; ++byte)
    representative[byte_class_[byte]] = byte;
  if (static_cast<std::uint64_t>(states_.size()) * classes_ > kRowMask)
    throw std::length_error("prefilter: too many trigger strings");
  table_.assign(states_.size() * classes_, 0);
  for (std::size_t state = 0; state < states_.size(); ++state) {
    for (std::uint32_t group = 0; group < classes_; ++group) {
      auto target = static_cast<std::uint32_t>(states_[state].next[representative[group]]);
      const State& to = states_[target];
      // A state with outputs is at least as deep as its shortest pattern: never shallow.
      table_[state * classes_ + group] = target * classes_ | (to.outputs.empty() ? 0 : kAccepting) |
                                         (skipping_ && to.depth < kGram ? kShallow : 0);
    }
  }
}

Prefilter::Hits Prefilter::search(std::string_view bytes) const {
  Hits result;
  std::vector<char> seen(patterns_.size(), 0);
  const std::uint32_t* table = table_.data();
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::uint32_t row = 0;  // state * classes_
  std::size_t at = 0;     // the next byte to feed
  while (at < size) {
    if (row == 0 && skipping_) {
      at = next_candidate(data, size, at);
      if (at == size) break;
      // The first kGram - 1 bytes of a candidate: too short for any pattern to end, and
      // shallow by definition.
      for (std::size_t fed = 1; fed < kGram; ++fed)
        row = table[row + byte_class_[data[at++]]] & kRowMask;
    }
    std::uint32_t next = table[row + byte_class_[data[at++]]];
    row = next & kRowMask;
    if ((next & (kAccepting | kShallow)) == 0) continue;
    if (next & kShallow) {
      // No partial match is kGram deep: any match starts at or after the current prefix's
      // first byte, which is past the candidate this run started from.
      at -= states_[row / classes_].depth;
      row = 0;
      continue;
    }
    for (std::uint32_t pattern : states_[row / classes_].outputs) {
      const std::size_t end = at;  // exclusive
      if (pattern == main_pattern_) {
        if (!result.main_call && is_main_call(bytes, end)) {
          result.main_call = true;
          result.any = true;
        }
        continue;
      }
      if (seen[pattern]) continue;
      if (whole_word_[pattern] && !is_whole_word(bytes, end, patterns_[pattern])) continue;
      result.any = true;
      seen[pattern] = 1;
      result.hits.push_back(pattern);
    }
  }
  std::sort(result.hits.begin(), result.hits.end());
  return result;
}

}  // namespace otel_setup::detectors
