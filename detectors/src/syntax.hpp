// tree-sitter plumbing: the C and C++ grammars, the one query the analyzer runs over each
// file, and small helpers on nodes. Grammars and queries are shared read-only between
// threads; each worker owns a SyntaxParser (parser and query cursor).
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors {

// What a query capture is, by its @name in the query source.
enum class Capture {
  include,
  comment,
  function,
  call,
  declaration,
  field,
  parameter,
  new_expression,
  qualified,
  type_identifier,
  namespace_alias,
  type_alias,
  type_definition,
  using_declaration,
  preproc_if,
  class_scope,
  namespace_scope,
  unknown
};

struct CaptureNode {
  Capture capture;
  TSNode node;
};

enum class Dialect { c, cpp };
Dialect dialect_for(const std::string& relative_path);  // .c -> C, everything else C++

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

class SyntaxParser {
 public:
  SyntaxParser();
  ~SyntaxParser();
  SyntaxParser(const SyntaxParser&) = delete;
  SyntaxParser& operator=(const SyntaxParser&) = delete;

  Tree parse(std::string_view source, Dialect dialect);
  // Every capture of the dialect's query, in document order.
  std::vector<CaptureNode> captures(const Tree& tree, Dialect dialect);

 private:
  TSParser* parser_;
  TSQueryCursor* cursor_;
};

// Helpers over one source buffer.
std::string_view node_text(std::string_view source, TSNode node);
std::string compact(std::string_view text);     // whitespace removed: "a :: b" -> "a::b"
std::string first_line(std::string_view text);  // trimmed, at most 160 characters
facts::Position start_position(TSNode node);
TSNode field(TSNode node, const char* name);
std::vector<TSNode> fields(TSNode node, const char* name);  // every child with that field
bool is_type(TSNode node, const char* type);

}  // namespace otel_setup::detectors
