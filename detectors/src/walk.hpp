// The walk: every file under the scan root worth reading, honouring .gitignore (libgit2)
// and skipping build output, without ever following a symlink loop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors {

struct WalkResult {
  // C/C++ sources and headers, '/'-separated, sorted. Their folders honour .gitignore, the
  // files themselves are not yet checked: that is one libgit2 call (several stat()s) per
  // file, so scan() does it on its worker threads, for the files marked in check_ignore
  // (those some .gitignore or outside rule can apply to: IgnoreRules::rules_outside_tree).
  std::vector<std::string> sources;
  std::vector<char> check_ignore;        // by source index
  std::vector<std::string> build_files;  // names is_build_file() accepts, sorted
  std::vector<facts::Warning> warnings;
  std::int64_t files_walked = 0;
};

// Folders never entered: build output, VCS data and dependency caches.
bool is_skipped_directory(const std::string& name);
// .c .cc .cpp .cxx .c++ .h .hh .hpp .hxx .h++ .ipp .inl .tpp .tcc
bool is_source_file(const std::string& name);

// root must be an existing directory (scan() checks and reports a usage error).
WalkResult walk(const std::filesystem::path& root);

}  // namespace otel_setup::detectors
