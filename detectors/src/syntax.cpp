#include "syntax.hpp"

#include <cstring>
#include <stdexcept>

extern "C" const TSLanguage* tree_sitter_cpp();
extern "C" const TSLanguage* tree_sitter_c();

namespace otel_setup::detectors {
namespace {

// Patterns shared by both grammars, then the C++-only ones. Each capture name maps to one
// Capture value; the analyzer reads fields of the captured nodes itself.
constexpr const char* kCommonQuery = R"query(
(preproc_include) @include
(comment) @comment
(function_definition) @function
(call_expression) @call
(declaration) @declaration
(field_declaration) @field
(parameter_declaration) @parameter
(type_identifier) @type_identifier
(type_definition) @type_definition
(preproc_if) @preproc_if
(struct_specifier body: (_)) @class_scope
)query";

constexpr const char* kCppQuery = R"query(
(optional_parameter_declaration) @parameter
(new_expression) @new_expression
(qualified_identifier) @qualified
(namespace_alias_definition) @namespace_alias
(alias_declaration) @type_alias
(using_declaration) @using_declaration
(class_specifier body: (_)) @class_scope
(namespace_definition) @namespace_scope
)query";

Capture capture_from_name(std::string_view name) {
  static const std::pair<const char*, Capture> names[] = {
      {"include", Capture::include},
      {"comment", Capture::comment},
      {"function", Capture::function},
      {"call", Capture::call},
      {"declaration", Capture::declaration},
      {"field", Capture::field},
      {"parameter", Capture::parameter},
      {"new_expression", Capture::new_expression},
      {"qualified", Capture::qualified},
      {"type_identifier", Capture::type_identifier},
      {"namespace_alias", Capture::namespace_alias},
      {"type_alias", Capture::type_alias},
      {"type_definition", Capture::type_definition},
      {"using_declaration", Capture::using_declaration},
      {"preproc_if", Capture::preproc_if},
      {"class_scope", Capture::class_scope},
      {"namespace_scope", Capture::namespace_scope}};
  for (const auto& [text, capture] : names) {
    if (name == text) return capture;
  }
  return Capture::unknown;
}

struct CompiledQuery {
  const TSLanguage* language = nullptr;
  TSQuery* query = nullptr;
  std::vector<Capture> captures;  // by capture id
};

CompiledQuery compile(const TSLanguage* language, const std::string& source) {
  CompiledQuery compiled;
  compiled.language = language;
  std::uint32_t error_offset = 0;
  TSQueryError error = TSQueryErrorNone;
  compiled.query = ts_query_new(language, source.data(), static_cast<std::uint32_t>(source.size()),
                                &error_offset, &error);
  if (compiled.query == nullptr) {
    throw std::logic_error("detector query does not compile at offset " +
                           std::to_string(error_offset) + ": " + source.substr(error_offset, 40));
  }
  for (std::uint32_t id = 0; id < ts_query_capture_count(compiled.query); ++id) {
    std::uint32_t length = 0;
    const char* name = ts_query_capture_name_for_id(compiled.query, id, &length);
    compiled.captures.push_back(capture_from_name(std::string_view(name, length)));
  }
  return compiled;
}

// Compiled once, never freed: queries are immutable and shared by every worker.
const CompiledQuery& compiled_query(Dialect dialect) {
  static const CompiledQuery cpp =
      compile(tree_sitter_cpp(), std::string(kCommonQuery) + kCppQuery);
  static const CompiledQuery c = compile(tree_sitter_c(), kCommonQuery);
  return dialect == Dialect::c ? c : cpp;
}

}  // namespace

Dialect dialect_for(const std::string& relative_path) {
  std::size_t size = relative_path.size();
  return size > 2 && relative_path.compare(size - 2, 2, ".c") == 0 ? Dialect::c : Dialect::cpp;
}

SyntaxParser::SyntaxParser() : parser_(ts_parser_new()), cursor_(ts_query_cursor_new()) {}

SyntaxParser::~SyntaxParser() {
  ts_query_cursor_delete(cursor_);
  ts_parser_delete(parser_);
}

Tree SyntaxParser::parse(std::string_view source, Dialect dialect) {
  ts_parser_set_language(parser_, compiled_query(dialect).language);
  return Tree(ts_parser_parse_string(parser_, nullptr, source.data(),
                                     static_cast<std::uint32_t>(source.size())));
}

std::vector<CaptureNode> SyntaxParser::captures(const Tree& tree, Dialect dialect) {
  const CompiledQuery& compiled = compiled_query(dialect);
  std::vector<CaptureNode> out;
  ts_query_cursor_exec(cursor_, compiled.query, ts_tree_root_node(tree.get()));
  TSQueryMatch match;
  std::uint32_t capture_index = 0;
  while (ts_query_cursor_next_capture(cursor_, &match, &capture_index)) {
    const TSQueryCapture& capture = match.captures[capture_index];
    out.push_back({compiled.captures[capture.index], capture.node});
  }
  return out;
}

std::string_view node_text(std::string_view source, TSNode node) {
  std::uint32_t start = ts_node_start_byte(node);
  std::uint32_t end = ts_node_end_byte(node);
  if (start > source.size() || end > source.size() || end < start) return {};
  return source.substr(start, end - start);
}

std::string compact(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

std::string first_line(std::string_view text) {
  std::size_t newline = text.find('\n');
  if (newline != std::string_view::npos) text = text.substr(0, newline);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  if (text.size() > 160) text = text.substr(0, 160);
  return std::string(text);
}

facts::Position start_position(TSNode node) {
  TSPoint point = ts_node_start_point(node);
  return {static_cast<int>(point.row) + 1, static_cast<int>(point.column) + 1,
          static_cast<std::int64_t>(ts_node_start_byte(node))};
}

TSNode field(TSNode node, const char* name) {
  return ts_node_child_by_field_name(node, name, static_cast<std::uint32_t>(std::strlen(name)));
}

std::vector<TSNode> fields(TSNode node, const char* name) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const char* field_name = ts_tree_cursor_current_field_name(&cursor);
      if (field_name != nullptr && std::strcmp(field_name, name) == 0)
        out.push_back(ts_tree_cursor_current_node(&cursor));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

bool is_type(TSNode node, const char* type) {
  return !ts_node_is_null(node) && std::strcmp(ts_node_type(node), type) == 0;
}

}  // namespace otel_setup::detectors
