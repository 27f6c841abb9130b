// Turning per-file findings into the facts document: vendored code removed, one Library
// per catalog entry that survives kind resolution, build-file evidence attached, sorted.
#pragma once

#include <string>
#include <vector>

#include "analyze.hpp"
#include "catalog_index.hpp"

namespace otel_setup::detectors {

struct VendoredCopy {
  std::size_t entry;
  std::string file;   // the file carrying the marker
  std::string owned;  // the file itself, or a folder ending in '/' whose subtree is the library's
};

struct ScannedFile {
  std::string file;
  FileFindings findings;
  std::vector<VendoredCopy> vendored;
};

// True when `file` is inside one of the copies.
bool is_vendored(const std::vector<VendoredCopy>& copies, const std::string& file);

void merge_findings(const CatalogIndex& index, std::vector<ScannedFile>& files,
                    facts::Facts& facts);

// Sorts every list of the document so output is stable across runs and thread counts.
void sort_facts(facts::Facts& facts);

}  // namespace otel_setup::detectors
