// AtomicFile: temp file in the target's folder, renamed over the target on commit().
#include "otel_setup/filesystem.hpp"

namespace otel_setup::scaffold {

std::string parent_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string temp_path_for(const std::string& path) {
  std::size_t slash = path.rfind('/');
  std::string folder = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return folder + "." + name + ".otel-setup-tmp";
}

AtomicFile::AtomicFile(FileSystem& fs, std::string path, const std::string& content, unsigned mode)
    : fs_(fs), path_(std::move(path)), temp_path_(temp_path_for(path_)) {
  fs_.write(temp_path_, content, mode);
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  try {
    fs_.remove(temp_path_);
  } catch (...) {
    // A destructor must not throw; a leftover temp is harmless and named for cleanup.
  }
}

void AtomicFile::commit() {
  fs_.rename(temp_path_, path_);
  committed_ = true;
}

}  // namespace otel_setup::scaffold
