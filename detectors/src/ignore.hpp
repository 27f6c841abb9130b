// .gitignore rules through libgit2: the repository that contains the root when there is
// one, otherwise a throw-away bare repository whose work tree is the root, so .gitignore
// files are honoured the same way git would.
#pragma once

#include <filesystem>
#include <string>

struct git_repository;

namespace otel_setup::detectors {

class IgnoreRules {
 public:
  explicit IgnoreRules(const std::filesystem::path& root);
  ~IgnoreRules();
  IgnoreRules(const IgnoreRules&) = delete;
  IgnoreRules& operator=(const IgnoreRules&) = delete;

  // relative: '/'-separated, relative to the root; directories end with '/'.
  bool ignored(const std::string& relative) const;

 private:
  git_repository* repo_ = nullptr;
  std::string prefix_;             // the root relative to the work tree, "" or ending in '/'
  std::filesystem::path scratch_;  // the throw-away repository, removed on destruction
};

// The git blob id of some bytes, as `git hash-object` prints it.
std::string git_blob_id(const std::string& bytes);

}  // namespace otel_setup::detectors
