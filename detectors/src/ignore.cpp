#include "ignore.hpp"

#include <git2.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <system_error>

namespace otel_setup::detectors {
namespace {

void init_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string with_slash(std::string path) {
  if (!path.empty() && path.back() != '/') path += '/';
  return path;
}

// An ignore file with at least one rule (a line that is neither blank nor a '#' comment);
// `git init` writes an info/exclude of comments only. Unreadable but present: assume rules.
bool has_rules(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) return false;
  std::ifstream in(file);
  if (!in) return true;
  std::string line;
  while (std::getline(in, line)) {
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') return true;
  }
  return false;
}

// core.excludesFile, or when unset libgit2's default: git/ignore in the XDG config folder.
bool has_global_excludes(git_repository* repo) {
  git_config* config = nullptr;
  if (git_repository_config_snapshot(&config, repo) != 0) return true;
  git_buf path = GIT_BUF_INIT;
  int found = git_config_get_path(&path, config, "core.excludesfile");
  bool rules = true;
  if (found == 0) {
    rules = has_rules(path.ptr);
  } else if (found == GIT_ENOTFOUND) {
    rules = false;
    if (const char* xdg = getenv("XDG_CONFIG_HOME"); xdg && *xdg)
      rules = has_rules(std::filesystem::path(xdg) / "git" / "ignore");
    if (const char* home = getenv("HOME"); home && *home)
      rules = rules || has_rules(std::filesystem::path(home) / ".config" / "git" / "ignore");
  }
  git_buf_dispose(&path);
  git_config_free(config);
  return rules;
}

}  // namespace

IgnoreRules::IgnoreRules(const std::filesystem::path& root) {
  init_libgit2();
  std::error_code error;
  std::filesystem::path canonical_root = std::filesystem::canonical(root, error);
  if (error) return;
  if (git_repository_open_ext(&repo_, canonical_root.c_str(), 0, nullptr) == 0) {
    const char* workdir = git_repository_workdir(repo_);
    if (workdir == nullptr) {  // a bare repository: nothing to ignore against
      git_repository_free(repo_);
      repo_ = nullptr;
      return;
    }
    std::filesystem::path relative =
        canonical_root.lexically_relative(std::filesystem::canonical(workdir, error));
    prefix_ = relative == "." ? "" : with_slash(relative.generic_string());
    find_rules_outside_tree(canonical_root);
    return;
  }
  // Not inside a repository: .gitignore files still apply. libgit2 evaluates them for any
  // repository whose work tree is the root; a bare one in a temporary folder writes nothing
  // into the scanned tree (set_workdir with update_gitlink = 0).
  std::string scratch_template =
      (std::filesystem::temp_directory_path() / "otel-setup-ignore-XXXXXX").string();
  if (mkdtemp(scratch_template.data()) == nullptr) return;
  scratch_ = scratch_template;
  if (git_repository_init(&repo_, scratch_.c_str(), 1) != 0 ||
      git_repository_set_workdir(repo_, canonical_root.c_str(), 0) != 0) {
    git_repository_free(repo_);
    repo_ = nullptr;
    return;
  }
  find_rules_outside_tree(canonical_root);
}

void IgnoreRules::find_rules_outside_tree(const std::filesystem::path& root) {
  rules_outside_tree_ = true;
  if (prefix_.rfind("..", 0) == 0) return;  // the root is not under the work tree
  for (const char* gitdir : {git_repository_path(repo_), git_repository_commondir(repo_)}) {
    if (gitdir != nullptr && has_rules(std::filesystem::path(gitdir) / "info" / "exclude")) return;
  }
  if (has_global_excludes(repo_)) return;
  // .gitignore files of the folders between the work tree and the root (the root's own is
  // inside the tree). Present at all counts, rules or not.
  std::error_code error;
  std::filesystem::path folder = root;
  for (std::size_t depth = std::count(prefix_.begin(), prefix_.end(), '/'); depth > 0; --depth) {
    folder = folder.parent_path();
    if (std::filesystem::exists(folder / ".gitignore", error) || error) return;
  }
  rules_outside_tree_ = false;
}

IgnoreRules::~IgnoreRules() {
  git_repository_free(repo_);
  if (!scratch_.empty()) {
    std::error_code ignored_error;
    std::filesystem::remove_all(scratch_, ignored_error);
  }
}

bool IgnoreRules::ignored(const std::string& relative) const {
  if (repo_ == nullptr) return false;
  int is_ignored = 0;
  std::string path = prefix_ + relative;
  if (git_ignore_path_is_ignored(&is_ignored, repo_, path.c_str()) != 0) return false;
  return is_ignored != 0;
}

std::string git_blob_id(const std::string& bytes) {
  init_libgit2();
  git_oid oid;
  if (git_odb_hash(&oid, bytes.data(), bytes.size(), GIT_OBJECT_BLOB) != 0) return {};
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

}  // namespace otel_setup::detectors
