// One source file -> its findings: library evidence and sites, entry points and this
// tool's markers. A pure function of the file's bytes and the catalog.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "catalog_index.hpp"
#include "otel_setup/facts.hpp"
#include "syntax.hpp"

namespace otel_setup::detectors {

struct LibraryHit {
  std::size_t entry = 0;
  bool strong = false;  // an exact type, call or site, not only an include or namespace
  std::vector<facts::Evidence> evidence;
  std::vector<facts::Site> sites;
};

struct FileFindings {
  std::vector<LibraryHit> hits;
  std::vector<facts::EntryPoint> entry_points;  // target and content_hash filled by scan()
  std::vector<facts::Marker> markers;
  std::vector<facts::Warning> warnings;
};

FileFindings analyze_source(const CatalogIndex& index, SyntaxParser& parser,
                            const std::string& relative_path, const std::string& bytes);

// "otel-setup:begin <id>" / "otel-setup:end <id>" / "otel-setup:generated" in one comment
// or line; appends to markers, pairing begins with ends by id.
class MarkerCollector {
 public:
  void feed(const std::string& file, std::string_view text, facts::Position position);
  void finish(std::vector<facts::Marker>& markers, std::vector<facts::Warning>& warnings);

 private:
  std::vector<facts::Marker> open_, done_;
};

}  // namespace otel_setup::detectors
