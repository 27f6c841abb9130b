// MemoryFileSystem: the in-memory disk the stage tests run on.
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"

namespace otel_setup::scaffold {

bool MemoryFileSystem::exists(const std::string& path) const {
  if (files_.count(path) > 0 || dirs_.count(path) > 0) return true;
  const std::string prefix = path + "/";  // a folder holding a file exists too
  auto next = files_.lower_bound(prefix);
  return next != files_.end() && next->first.compare(0, prefix.size(), prefix) == 0;
}

std::string MemoryFileSystem::read(const std::string& path) const {
  auto found = files_.find(path);
  if (found == files_.end()) throw Error(ExitCode::error, "cannot read " + path + ": no such file");
  return found->second.content;
}

unsigned MemoryFileSystem::mode(const std::string& path) const {
  auto found = files_.find(path);
  return found == files_.end() ? 0644 : found->second.mode;
}

std::vector<std::string> MemoryFileSystem::make_dirs(const std::string& dir) {
  std::vector<std::string> made;
  for (std::string current = dir; !current.empty() && !exists(current);
       current = parent_of(current)) {
    made.insert(made.begin(), current);
  }
  for (const std::string& folder : made)
    dirs_[folder] = true;
  return made;
}

void MemoryFileSystem::write(const std::string& path, const std::string& content, unsigned mode) {
  if (fail_writes_after >= 0 && writes >= fail_writes_after) {
    throw Error(ExitCode::error, "cannot write " + path + ": no space left on device (test)");
  }
  ++writes;
  files_[path] = Entry{content, mode};
}

void MemoryFileSystem::rename(const std::string& from, const std::string& to) {
  auto found = files_.find(from);
  if (found == files_.end()) throw Error(ExitCode::error, "cannot rename " + from + ": missing");
  files_[to] = found->second;
  files_.erase(from);
}

void MemoryFileSystem::remove(const std::string& path) {
  files_.erase(path);
  dirs_.erase(path);
}

bool MemoryFileSystem::empty_dir(const std::string& path) const {
  if (dirs_.count(path) == 0) return false;
  const std::string prefix = path + "/";
  for (const auto& [name, entry] : files_) {
    if (name.compare(0, prefix.size(), prefix) == 0) return false;
  }
  for (const auto& [name, unused] : dirs_) {
    if (name.compare(0, prefix.size(), prefix) == 0) return false;
  }
  return true;
}

void MemoryFileSystem::put(const std::string& path, std::string content, unsigned mode) {
  files_[path] = Entry{std::move(content), mode};
}

}  // namespace otel_setup::scaffold
