#include "ignore.hpp"

#include <git2.h>
#include <stdlib.h>

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
  }
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
