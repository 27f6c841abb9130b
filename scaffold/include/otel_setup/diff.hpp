// The reviewable form of a change: a unified diff `git apply` accepts.
#pragma once

#include <string>
#include <vector>

#include "otel_setup/apply.hpp"

namespace otel_setup::scaffold {

struct DiffOptions {
  int context = 3;
  bool color = false;  // ANSI colours for a terminal
};

// "--- a/path" / "+++ b/path" per file (/dev/null for created and removed files), hunks with
// `context` lines around each change, "\ No newline at end of file" where git prints it.
// Line comparison by dtl (Wu's O(NP) algorithm).
std::string unified_diff(const std::vector<FileChange>& changes, const DiffOptions& options = {});

// True when output should be coloured: stdout is a terminal and NO_COLOR is not set.
bool stdout_wants_color();

}  // namespace otel_setup::scaffold
