// The detect stage's entry point: walk, prefilter, parse and match the catalog.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors {

struct ScanOptions {
  std::filesystem::path root;
  std::ostream* progress = nullptr;  // progress lines for long scans; nullptr: silent
  unsigned threads = 0;              // 0: one per hardware thread
};

// Throws otel_setup::Error (usage) when root does not exist or is not a directory.
// Unreadable files, binaries and invalid UTF-8 become warnings in the result.
facts::Facts scan(const ScanOptions& options);

// The human-readable report `otel-setup detect` prints: what was found, where, and what
// `otel-setup init` would do next.
std::string summarize(const facts::Facts& facts);

}  // namespace otel_setup::detectors
