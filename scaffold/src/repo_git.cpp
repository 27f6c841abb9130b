// The one place of the scaffold stage that knows libgit2.
#include <git2.h>

#include <memory>

#include "otel_setup/error.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold {
namespace {

void ensure_libgit2() {
  static const int initialised = git_libgit2_init();
  (void)initialised;
}

std::string last_git_error() {
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown libgit2 error";
}

}  // namespace

std::string blob_hash(std::string_view content) {
  ensure_libgit2();
  git_oid oid;
  if (git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB) != 0) {
    throw Error(ExitCode::error, "cannot hash content: " + last_git_error());
  }
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

TreeStatus tree_status(const std::filesystem::path& root) {
  ensure_libgit2();
  TreeStatus status;
  git_repository* raw_repo = nullptr;
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::weakly_canonical(root, ec);
  if (git_repository_open_ext(&raw_repo, absolute.c_str(), 0, nullptr) != 0) return status;
  std::unique_ptr<git_repository, decltype(&git_repository_free)> repo(raw_repo,
                                                                       git_repository_free);
  if (git_repository_is_bare(repo.get())) return status;
  status.in_repository = true;

  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw_list = nullptr;
  if (git_status_list_new(&raw_list, repo.get(), &options) != 0) {
    throw Error(ExitCode::error, "cannot read git status: " + last_git_error());
  }
  std::unique_ptr<git_status_list, decltype(&git_status_list_free)> list(raw_list,
                                                                         git_status_list_free);
  const std::filesystem::path workdir = git_repository_workdir(repo.get());
  const unsigned dirty_flags = GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED |
                               GIT_STATUS_INDEX_DELETED | GIT_STATUS_INDEX_RENAMED |
                               GIT_STATUS_INDEX_TYPECHANGE | GIT_STATUS_WT_MODIFIED |
                               GIT_STATUS_WT_DELETED | GIT_STATUS_WT_TYPECHANGE |
                               GIT_STATUS_WT_RENAMED | GIT_STATUS_CONFLICTED;
  const std::size_t count = git_status_list_entrycount(list.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_status_entry* entry = git_status_byindex(list.get(), i);
    if ((entry->status & dirty_flags) == 0) continue;
    const git_diff_delta* delta =
        entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
    const char* path =
        delta ? (delta->new_file.path ? delta->new_file.path : delta->old_file.path) : nullptr;
    if (!path) continue;
    status.dirty.push_back(
        (workdir / path).lexically_normal().lexically_relative(absolute).generic_string());
  }
  return status;
}

}  // namespace otel_setup::scaffold
