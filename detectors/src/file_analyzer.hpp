// Internal to analyze_source(): the per-file analysis state, split over analyze.cpp
// (passes over the captures) and analyze_sites.cpp (names, evidence and sites).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze.hpp"
#include "names.hpp"

namespace otel_setup::detectors::detail {

inline constexpr int kErrorNearLines = 3;

struct Scope {
  std::uint32_t start, end;
  std::string name;
  enum Kind { function, type, space } kind;
};

struct IncludeLine {
  std::string path;
  bool quoted;
  int line;
  std::int64_t end_byte;  // just past the line's '\n'
  // Inside #if/#ifdef/#else...: the outermost conditional's first line and first byte, else 0
  // and -1. A line inserted after such an include would only exist in that branch.
  int conditional_line = 0;
  std::int64_t conditional_start = -1;
};

class FileAnalyzer {
 public:
  FileAnalyzer(const CatalogIndex& index, const std::string& file, std::string_view source)
      : index_(index), file_(file), source_(source), names_(index) {}

  FileFindings run(SyntaxParser& parser, Dialect dialect);

 private:
  // passes
  void collect_errors(TSNode root);
  void structure(const CaptureNode& capture);
  void variables(const CaptureNode& capture);
  void findings(const CaptureNode& capture);

  // helpers
  std::string_view text(TSNode node) const { return node_text(source_, node); }
  bool dead(TSNode node) const;
  bool error_near(TSNode node) const;
  std::string enclosing_function(std::uint32_t byte) const;
  bool inside(std::uint32_t byte, Scope::Kind kind) const;
  std::string declarator_name(TSNode declarator) const;
  bool indirect(TSNode declarator) const;
  std::string type_of(TSNode type_node, bool unwrap_pointers) const;
  std::string value_type(TSNode value) const;
  std::string receiver_type(TSNode receiver) const;
  std::string receiver_name(TSNode receiver) const;
  std::string assigned_name(TSNode call) const;
  std::string first_argument_name(TSNode call) const;
  std::string template_argument_type(TSNode node) const;

  LibraryHit& hit(std::size_t entry);
  void evidence(std::size_t entry, TSNode node, facts::EvidenceKind kind, bool strong);
  void usage(TSNode node, const std::string& written, bool as_call);
  void site(const RoleRule& rule, const std::string& name, TSNode node, std::string receiver);
  bool file_mentions(std::size_t entry) const;
  void include(TSNode node);
  void call(TSNode node);
  void creation(TSNode node, const std::string& type, const std::string& receiver);
  void declaration_sites(TSNode node);
  void entry_point(TSNode node);
  void definition_candidate(TSNode node);
  bool calls_any(TSNode body, const std::vector<std::string>& names) const;
  std::vector<std::string> type_readings(TSNode type_node) const;
  void export_type_aliases();

  const CatalogIndex& index_;
  const std::string& file_;
  std::string_view source_;
  NameScope names_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dead_;    // byte ranges
  std::vector<std::pair<std::uint32_t, std::uint32_t>> errors_;  // row ranges
  std::vector<Scope> scopes_;
  std::vector<IncludeLine> includes_;
  std::set<std::string> ids_in_file_;
  std::set<std::pair<std::size_t, std::string>> seen_usage_;
  std::map<std::size_t, std::size_t> hit_index_;
  MarkerCollector markers_;
  FileFindings out_;
};

}  // namespace otel_setup::detectors::detail
