// RealFileSystem: POSIX calls, because fsync of the file and of its folder is what makes the
// all-or-nothing promise of apply hold across a power cut, and std::filesystem has neither.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"

namespace otel_setup::scaffold {
namespace {

Error io_error(const std::string& what, const std::filesystem::path& path) {
  return Error(ExitCode::error, what + " " + path.string() + ": " + std::strerror(errno),
               "check the permissions and free space of the folder");
}

void sync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

RealFileSystem::RealFileSystem(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path RealFileSystem::full(const std::string& path) const {
  return path.empty() ? root_ : root_ / path;
}

bool RealFileSystem::exists(const std::string& path) const {
  std::error_code ec;
  return std::filesystem::exists(full(path), ec);
}

std::string RealFileSystem::read(const std::string& path) const {
  std::ifstream in(full(path), std::ios::binary);
  if (!in) throw io_error("cannot read", full(path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

unsigned RealFileSystem::mode(const std::string& path) const {
  struct stat info {};
  if (::stat(full(path).c_str(), &info) != 0) return 0644;
  return static_cast<unsigned>(info.st_mode) & 07777u;
}

std::vector<std::string> RealFileSystem::make_dirs(const std::string& dir) {
  std::vector<std::string> made;
  if (dir.empty() || exists(dir)) return made;
  std::vector<std::string> missing;
  for (std::string current = dir; !current.empty() && !exists(current);
       current = parent_of(current)) {
    missing.insert(missing.begin(), current);
  }
  for (const std::string& folder : missing) {
    if (::mkdir(full(folder).c_str(), 0755) != 0 && errno != EEXIST) {
      throw io_error("cannot create folder", full(folder));
    }
    sync_dir(full(folder).parent_path());
    made.push_back(folder);
  }
  return made;
}

void RealFileSystem::write(const std::string& path, const std::string& content, unsigned mode) {
  const std::filesystem::path target = full(path);
  int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw io_error("cannot write", target);
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      Error error = io_error("cannot write", target);
      ::close(fd);
      ::unlink(target.c_str());
      throw error;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  // fchmod after open: the umask must not change the mode the original file had.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::fsync(fd) != 0) {
    Error error = io_error("cannot write", target);
    ::close(fd);
    ::unlink(target.c_str());
    throw error;
  }
  if (::close(fd) != 0) throw io_error("cannot write", target);
}

void RealFileSystem::rename(const std::string& from, const std::string& to) {
  if (::rename(full(from).c_str(), full(to).c_str()) != 0)
    throw io_error("cannot rename", full(to));
  sync_dir(full(to).parent_path());
}

void RealFileSystem::remove(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(full(path), ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw Error(ExitCode::error, "cannot remove " + full(path).string() + ": " + ec.message());
  }
  sync_dir(full(path).parent_path());
}

bool RealFileSystem::empty_dir(const std::string& path) const {
  std::error_code ec;
  return std::filesystem::is_directory(full(path), ec) && std::filesystem::is_empty(full(path), ec);
}

}  // namespace otel_setup::scaffold
