// One source file -> its findings: library evidence and sites, entry points and this
// tool's markers. A pure function of the file's bytes and the catalog.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
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

// A function definition that a definition rule (SiteRule::returns/takes) may match once the
// names in its signature are resolved: handlers often use aliases declared in a header
// (`using Response = http::response<...>;`), which only merge_findings sees with this file.
struct DefinitionCandidate {
  facts::Site site;                                  // role left empty
  std::vector<std::string> returns;                  // readings of the return type, none for void
  std::vector<std::vector<std::string>> parameters;  // readings of each parameter's type
  bool sends = false;  // returns void and calls one of its parameters (SiteRule::sends)
};

struct FileFindings {
  std::vector<LibraryHit> hits;
  std::vector<DefinitionCandidate> definitions;
  // Aliases declared here that stand for a definition rule's type: "Response" ->
  // "boost::beast::http::response".
  std::vector<std::pair<std::string, std::string>> type_aliases;
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
