#include "source_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace otel_setup::detectors {

ReadStatus ReadBuffer::read(const std::string& absolute_path, std::string& problem) {
  size_ = 0;
  int fd = open(absolute_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    problem = std::string("cannot read: ") + std::strerror(errno);
    return ReadStatus::unreadable;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || info.st_size > kMaxSourceBytes) {
    close(fd);
    problem = "skipped: larger than 5 MB";
    return ReadStatus::too_large;
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > capacity_) {
    capacity_ = std::max(size, 2 * capacity_);
    data_.reset(new char[capacity_]);
  }
  while (size_ < size) {
    ssize_t got = ::read(fd, data_.get() + size_, size - size_);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      problem = std::string("cannot read: ") + std::strerror(errno);
      close(fd);
      size_ = 0;
      return ReadStatus::unreadable;
    }
    if (got == 0) break;
    size_ += static_cast<std::size_t>(got);
  }
  close(fd);
  if (size_ > 0 && std::memchr(data_.get(), '\0', std::min(size_, kBinaryProbeBytes)) != nullptr) {
    problem = "skipped: binary file (NUL byte in the first 8 KB)";
    size_ = 0;
    return ReadStatus::binary;
  }
  return ReadStatus::ok;
}

SourceText read_source(const std::string& absolute_path) {
  SourceText result;
  ReadBuffer buffer;
  result.status = buffer.read(absolute_path, result.problem);
  if (result.status != ReadStatus::ok) return result;
  result.bytes.assign(buffer.bytes());
  result.valid_utf8 = is_valid_utf8(result.bytes);
  return result;
}

bool is_valid_utf8(std::string_view bytes) {
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
