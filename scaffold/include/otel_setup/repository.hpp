// What the writing stages ask git (libgit2): content hashes and whether the tree is clean.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace otel_setup::scaffold {

// The git blob id of content (what `git hash-object` prints), 40 hex digits. This is the
// hash facts, plans and the manifest use for compare-and-swap.
std::string blob_hash(std::string_view content);

struct TreeStatus {
  bool in_repository = false;  // false: not inside a git work tree; nothing could be checked
  // Tracked files that are modified, deleted, renamed or staged, relative to `root`
  // ("../x" when outside it). Untracked files do not count: they cannot be lost by the tool,
  // which never writes over a file it did not plan against (compare-and-swap).
  std::vector<std::string> dirty;
};

// Status of the git work tree containing root. Throws otel_setup::Error on a libgit2 failure.
TreeStatus tree_status(const std::filesystem::path& root);

}  // namespace otel_setup::scaffold
