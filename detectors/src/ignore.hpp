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

  // Whether rules from outside the scanned tree can apply to it: info/exclude,
  // core.excludesFile (or the default git/ignore file), or a .gitignore in a folder between
  // the work tree and the root. When false, a path under the root can only be ignored by a
  // .gitignore inside the tree, in its own folder or above, so the walk asks libgit2 only
  // about paths with such a .gitignore (each call stats every parent's .gitignore). Errs
  // towards true.
  bool rules_outside_tree() const { return rules_outside_tree_; }

 private:
  void find_rules_outside_tree(const std::filesystem::path& root);

  git_repository* repo_ = nullptr;
  bool rules_outside_tree_ = false;
  std::string prefix_;             // the root relative to the work tree, "" or ending in '/'
  std::filesystem::path scratch_;  // the throw-away repository, removed on destruction
};

// The git blob id of some bytes, as `git hash-object` prints it.
std::string git_blob_id(const std::string& bytes);

}  // namespace otel_setup::detectors
