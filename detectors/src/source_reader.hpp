// Reading one candidate file safely: size limit, binary detection, UTF-8 validation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace otel_setup::detectors {

inline constexpr std::int64_t kMaxSourceBytes = 5 * 1024 * 1024;
inline constexpr std::size_t kBinaryProbeBytes = 8 * 1024;

enum class ReadStatus { ok, unreadable, too_large, binary };

struct SourceText {
  ReadStatus status = ReadStatus::ok;
  std::string bytes;
  std::string problem;  // the warning text when status is not ok
  bool valid_utf8 = true;
};

// One file after another into the same memory: the prefilter pass reads every file of the
// tree, and a fresh zero-filled string per file was a tenth of its time.
class ReadBuffer {
 public:
  // The same limits and problems as read_source(), without the UTF-8 check.
  ReadStatus read(const std::string& absolute_path, std::string& problem);
  std::string_view bytes() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;  // not zero-filled
  std::size_t capacity_ = 0, size_ = 0;
};

SourceText read_source(const std::string& absolute_path);
bool is_valid_utf8(std::string_view bytes);

}  // namespace otel_setup::detectors
