// The library catalog: what identifies each library in source code, loaded from the JSON
// embedded at build time (detectors/catalog/libraries.json). Matching rules:
// docs/detection.md.
#pragma once

#include <string>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors {

// Which calls, declarations or definitions mark a site of a given role. `types` + no
// methods: a declaration (or new/make_shared) of that type; `types` + methods: a method call
// on an object of that type ("*" for any method); `functions`: a call of that function;
// `returns` + `takes`: a function definition returning one of `returns` from its only
// parameter, of one of `takes` (a request handler: Beast's http::response from a request).
struct SiteRule {
  std::string role;
  std::vector<std::string> types;
  std::vector<std::string> methods;
  std::vector<std::string> functions;
  std::vector<std::string> returns;
  std::vector<std::string> takes;
  // A definition taking `takes` that returns nothing and answers by calling one of its other
  // parameters (Beast's examples: `void handle_request(..., Request&& req, Send&& send)`).
  bool sends = false;
};

// A file that is a copy of the library's own sources. owns: "file" (only that file) or a
// relative folder ("../..") bounding what is the library's: the highest folder up to it
// named like the library, else the marker's folder (owned_folder() in vendored.hpp).
struct VendoredMarker {
  std::string file;  // path suffix, e.g. "httplib.h" or "spdlog/version.h"
  std::string contains;
  std::string owns = "file";
};

// A function whose result has a known type, so method chains on it resolve
// (drogon::app().registerHandler(...)).
struct ReturnType {
  std::string function;
  std::string type;
};

struct CatalogEntry {
  std::string id;
  facts::LibraryKind kind = facts::LibraryKind::server;
  std::vector<std::string> includes;    // "x.h": equal or path suffix; "dir/": prefix
  std::vector<std::string> namespaces;  // any name inside counts as usage evidence
  std::vector<std::string> types;       // fully qualified type names
  std::vector<std::string> calls;       // fully qualified function names
  std::vector<std::string> comment_markers;
  std::vector<std::string> triggers;  // extra prefilter literals beyond the derived ones
  std::vector<ReturnType> returns;
  std::vector<SiteRule> sites;
  std::vector<std::string> build_names;
  std::vector<VendoredMarker> vendored;
  bool primary = true;  // first entry of its id
};

using Catalog = std::vector<CatalogEntry>;

// The embedded catalog, parsed once.
const Catalog& builtin_catalog();
// Parses a catalog document; throws std::runtime_error naming the bad entry.
Catalog parse_catalog(const std::string& json_text);

facts::LibraryKind library_kind_from_string(const std::string& text);

// The literal strings whose presence makes a file worth parsing for this catalog. Names
// and include paths (words) can only become a finding as whole tokens; comment markers and
// vendored markers (texts) are searched inside comments and bytes, so anywhere.
struct TriggerStrings {
  std::vector<std::string> words, texts;
};
TriggerStrings trigger_strings(const Catalog& catalog);

bool include_matches(const std::string& pattern, const std::string& include_path);

}  // namespace otel_setup::detectors
