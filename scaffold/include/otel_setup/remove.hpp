// `otel-setup remove`: the changes that undo everything the manifest records.
#pragma once

#include <string>
#include <vector>

#include "otel_setup/apply.hpp"
#include "otel_setup/manifest.hpp"

namespace otel_setup::scaffold {

class FileSystem;

struct RemovePlan {
  std::vector<FileChange> changes;       // deletions of created files, restorations of edited ones
  std::vector<std::string> conflicts;    // user changes to tool-owned code; refuse unless forced
  std::vector<std::string> notes;        // what was skipped and why
  std::vector<std::string> stale_temps;  // temp files an interrupted run left behind
};

// Created files are deleted when their hash is the recorded one; edited files get each
// recorded block replaced by the bytes it replaced (found at its recorded offset, else by
// searching for its exact text), which restores the file byte-identical to before when the
// user changed nothing else (checked against the recorded original hash). Files already back
// to their original hash (an interrupted apply) are skipped, so remove also rolls back a
// crashed init. With force, modified created files are deleted anyway and modified blocks are
// cut between their begin/end markers.
RemovePlan plan_remove(const Manifest& manifest, const FileSystem& fs, bool force);

}  // namespace otel_setup::scaffold
