#include "analyze.hpp"

#include "file_analyzer.hpp"

namespace otel_setup::detectors {
namespace detail {

FileFindings FileAnalyzer::run(SyntaxParser& parser, Dialect dialect) {
  Tree tree = parser.parse(source_, dialect);
  if (!tree) return {};
  collect_errors(ts_tree_root_node(tree.get()));
  std::vector<CaptureNode> captures = parser.captures(tree, dialect);
  for (const CaptureNode& capture : captures)
    structure(capture);
  for (const CaptureNode& capture : captures)
    variables(capture);
  for (const CaptureNode& capture : captures)
    findings(capture);
  markers_.finish(out_.markers, out_.warnings);
  export_type_aliases();
  return std::move(out_);
}

// ERROR and MISSING nodes, found by descending only into subtrees that contain one.
void FileAnalyzer::collect_errors(TSNode root) {
  if (!ts_node_has_error(root)) return;
  std::vector<TSNode> stack{root};
  while (!stack.empty()) {
    TSNode node = stack.back();
    stack.pop_back();
    if (ts_node_is_missing(node) || is_type(node, "ERROR")) {
      errors_.emplace_back(ts_node_start_point(node).row, ts_node_end_point(node).row);
      continue;
    }
    for (std::uint32_t i = 0; i < ts_node_child_count(node); ++i) {
      TSNode child = ts_node_child(node, i);
      if (ts_node_has_error(child)) stack.push_back(child);
    }
  }
}

void FileAnalyzer::structure(const CaptureNode& capture) {
  TSNode node = capture.node;
  switch (capture.capture) {
    case Capture::preproc_if: {
      std::string condition = compact(text(field(node, "condition")));
      TSNode alternative = field(node, "alternative");
      std::uint32_t end = ts_node_end_byte(node);
      if (condition == "0" || condition == "(0)" || condition == "false") {
        std::uint32_t stop = ts_node_is_null(alternative) ? end : ts_node_start_byte(alternative);
        dead_.emplace_back(ts_node_end_byte(field(node, "condition")), stop);
      } else if ((condition == "1" || condition == "true") && !ts_node_is_null(alternative)) {
        dead_.emplace_back(ts_node_start_byte(alternative), end);
      }
      break;
    }
    case Capture::function: {
      std::string name = declarator_name(field(node, "declarator"));
      scopes_.push_back({ts_node_start_byte(node), ts_node_end_byte(node), name, Scope::function});
      break;
    }
    case Capture::class_scope:
    case Capture::namespace_scope: {
      TSNode name = field(node, "name");
      if (ts_node_is_null(name)) break;  // anonymous: no name, no scope of its own
      scopes_.push_back({ts_node_start_byte(node), ts_node_end_byte(node),
                         strip_template_arguments(std::string(text(name))),
                         capture.capture == Capture::class_scope ? Scope::type : Scope::space});
      break;
    }
    case Capture::namespace_alias:
      if (!dead(node) && ts_node_named_child_count(node) >= 2) {
        names_.add_alias(std::string(text(field(node, "name"))),
                         std::string(text(ts_node_named_child(node, 1))));
      }
      break;
    case Capture::type_alias:
      if (!dead(node))
        names_.add_alias(std::string(text(field(node, "name"))),
                         std::string(text(field(field(node, "type"), "type"))));
      break;
    case Capture::type_definition:
      if (!dead(node)) {
        for (TSNode declarator : fields(node, "declarator"))
          names_.add_alias(declarator_name(declarator), type_of(field(node, "type"), false));
      }
      break;
    case Capture::using_declaration: {
      if (dead(node) || ts_node_named_child_count(node) == 0) break;
      std::string target(text(ts_node_named_child(node, ts_node_named_child_count(node) - 1)));
      if (compact(text(node)).rfind("usingnamespace", 0) == 0) {
        names_.add_using_namespace(target);
      } else {
        std::string clean = strip_template_arguments(target);
        std::size_t colon = clean.rfind("::");
        if (colon != std::string::npos) names_.add_alias(clean.substr(colon + 2), clean);
      }
      break;
    }
    case Capture::include:
      include(node);
      break;
    case Capture::comment:
      markers_.feed(file_, text(node), start_position(node));
      for (std::size_t entry = 0; entry < index_.catalog().size(); ++entry) {
        for (const std::string& marker : index_.catalog()[entry].comment_markers) {
          if (text(node).find(marker) != std::string_view::npos)
            evidence(entry, node, facts::EvidenceKind::marker, true);
        }
      }
      break;
    default:
      break;
  }
}

void FileAnalyzer::include(TSNode node) {
  TSNode path = field(node, "path");
  if (ts_node_is_null(path) || dead(node)) return;
  std::string written(text(path));
  if (written.size() < 2) return;
  bool quoted = written.front() == '"';
  if (!quoted && written.front() != '<') return;  // #include MACRO
  std::string include_path = written.substr(1, written.size() - 2);
  std::size_t newline = source_.find('\n', ts_node_end_byte(path));
  IncludeLine line{
      include_path, quoted, start_position(node).line,
      static_cast<std::int64_t>(newline == std::string_view::npos ? source_.size() : newline + 1)};
  for (TSNode up = ts_node_parent(node); !ts_node_is_null(up); up = ts_node_parent(up)) {
    const std::string_view type = ts_node_type(up);
    if (type.substr(0, 10) == "preproc_if" || type.substr(0, 12) == "preproc_elif" ||
        type == "preproc_else") {
      line.conditional_line = start_position(up).line;
      line.conditional_start = ts_node_start_byte(up);
    }
  }
  includes_.push_back(std::move(line));
  const Catalog& catalog = index_.catalog();
  for (std::size_t entry = 0; entry < catalog.size(); ++entry) {
    for (const std::string& pattern : catalog[entry].includes) {
      if (include_matches(pattern, include_path)) {
        evidence(entry, node, facts::EvidenceKind::include, false);
        break;
      }
    }
  }
}

void FileAnalyzer::variables(const CaptureNode& capture) {
  TSNode node = capture.node;
  if (capture.capture != Capture::declaration && capture.capture != Capture::field &&
      capture.capture != Capture::parameter)
    return;
  if (dead(node)) return;
  std::string declared = type_of(field(node, "type"), true);
  for (TSNode declarator : fields(node, "declarator")) {
    std::string type = declared;
    if (type.empty() && is_type(declarator, "init_declarator"))
      type = value_type(field(declarator, "value"));
    names_.set_variable_type(declarator_name(declarator), type);
  }
}

void FileAnalyzer::findings(const CaptureNode& capture) {
  TSNode node = capture.node;
  switch (capture.capture) {
    case Capture::qualified: {
      TSNode parent = ts_node_parent(node);
      if (is_type(parent, "qualified_identifier") || dead(node)) break;
      bool as_call = is_type(parent, "call_expression");
      usage(node, std::string(text(node)), as_call);
      break;
    }
    case Capture::type_identifier:
      if (!is_type(ts_node_parent(node), "qualified_identifier") && !dead(node))
        usage(node, std::string(text(node)), false);
      break;
    case Capture::call:
      if (!dead(node)) call(node);
      break;
    case Capture::declaration:
    case Capture::field:
      if (!dead(node)) declaration_sites(node);
      break;
    case Capture::new_expression:
      if (!dead(node))
        creation(node, names_.canonical(type_of(field(node, "type"), false)), assigned_name(node));
      break;
    case Capture::function:
      if (!dead(node)) {
        entry_point(node);
        if (!index_.definition_rules().empty()) definition_candidate(node);
      }
      break;
    default:
      break;
  }
}

}  // namespace detail

FileFindings analyze_source(const CatalogIndex& index, SyntaxParser& parser,
                            const std::string& relative_path, const std::string& bytes) {
  detail::FileAnalyzer analyzer(index, relative_path, bytes);
  return analyzer.run(parser, dialect_for(relative_path));
}

}  // namespace otel_setup::detectors
