// Vendored copies: a file carrying a catalog vendored marker, and the part of the tree that
// is the library's own code (never parsed, never a finding).
#pragma once

#include <string>
#include <vector>

#include "catalog_index.hpp"
#include "merge.hpp"
#include "prefilter.hpp"

namespace otel_setup::detectors {

// The copies `file` carries, from its prefilter hits (a marker is a prefilter text).
std::vector<VendoredCopy> vendored_copies(const CatalogIndex& index, const Prefilter::Hits& hits,
                                          const Prefilter& prefilter, const std::string& file);

// What a marker with `owns` (other than "file") at `file` makes the library's own: the
// highest folder between the marker's folder and `owns` (never above the root) that is named
// like the library (`beast`, `curl` for libcurl, `log` for boost-log), else the marker's
// folder. So Boost's boost/beast/version.hpp with owns "../.." owns boost/beast/, not the
// whole of Boost.
// Returns "" for the root or a folder ending in '/'.
std::string owned_folder(const std::string& file, const std::string& owns, const std::string& id);

}  // namespace otel_setup::detectors
