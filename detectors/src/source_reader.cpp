#include "source_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace otel_setup::detectors {

SourceText read_source(const std::string& absolute_path) {
  SourceText result;
  int fd = open(absolute_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.status = ReadStatus::unreadable;
    result.problem = std::string("cannot read: ") + std::strerror(errno);
    return result;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || info.st_size > kMaxSourceBytes) {
    close(fd);
    result.status = ReadStatus::too_large;
    result.problem = "skipped: larger than 5 MB";
    return result;
  }
  result.bytes.resize(static_cast<std::size_t>(info.st_size));
  std::size_t filled = 0;
  while (filled < result.bytes.size()) {
    ssize_t got = read(fd, result.bytes.data() + filled, result.bytes.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      result.status = ReadStatus::unreadable;
      result.problem = std::string("cannot read: ") + std::strerror(errno);
      close(fd);
      return result;
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  close(fd);
  result.bytes.resize(filled);
  std::size_t probe = std::min(filled, kBinaryProbeBytes);
  if (std::memchr(result.bytes.data(), '\0', probe) != nullptr) {
    result.status = ReadStatus::binary;
    result.problem = "skipped: binary file (NUL byte in the first 8 KB)";
    result.bytes.clear();
    return result;
  }
  result.valid_utf8 = is_valid_utf8(result.bytes);
  return result;
}

bool is_valid_utf8(const std::string& bytes) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    unsigned char lead = static_cast<unsigned char>(bytes[at]);
    if (lead < 0x80) {
      ++at;
      continue;
    }
    std::size_t length = lead >= 0xF0 && lead <= 0xF4   ? 4
                         : lead >= 0xE0                 ? 3
                         : lead >= 0xC2 && lead <= 0xDF ? 2
                                                        : 0;
    if (length == 0 || lead > 0xF4 || at + length > bytes.size()) return false;
    for (std::size_t i = 1; i < length; ++i) {
      if ((static_cast<unsigned char>(bytes[at + i]) & 0xC0) != 0x80) return false;
    }
    at += length;
  }
  return true;
}

}  // namespace otel_setup::detectors
