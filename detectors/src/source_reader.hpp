// Reading one candidate file safely: size limit, binary detection, UTF-8 validation.
#pragma once

#include <cstdint>
#include <string>

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

SourceText read_source(const std::string& absolute_path);
bool is_valid_utf8(const std::string& bytes);

}  // namespace otel_setup::detectors
