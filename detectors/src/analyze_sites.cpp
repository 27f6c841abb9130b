// Names, evidence and sites for one file (see file_analyzer.hpp).
#include <algorithm>
#include <cctype>

#include "file_analyzer.hpp"

namespace otel_setup::detectors::detail {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_smart_pointer(const std::string& name) {
  for (const char* wrapper : {"unique_ptr", "shared_ptr", "optional", "weak_ptr"}) {
    if (ends_with(name, wrapper)) return true;
  }
  return false;
}

bool is_make_function(const std::string& name) {
  return ends_with(name, "make_shared") || ends_with(name, "make_unique");
}

// A type written by name (`Server`, `httplib::Server`, `std::unique_ptr<T>`), not `auto`,
// `int` or a declarator.
bool names_a_type(TSNode type_node) {
  if (ts_node_is_null(type_node)) return false;
  std::string_view kind(ts_node_type(type_node));
  return kind == "type_identifier" || kind == "qualified_identifier" || kind == "template_type";
}

// Whether `text` spells `name(` (spaces allowed before the parenthesis) for a whole word.
bool spells_call(std::string_view text, std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t at = text.find(name); at != std::string_view::npos;
       at = text.find(name, at + 1)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_'))
      continue;
    std::size_t next = at + name.size();
    while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next])))
      ++next;
    if (next < text.size() && text[next] == '(') return true;
  }
  return false;
}

}  // namespace

bool FileAnalyzer::dead(TSNode node) const {
  std::uint32_t byte = ts_node_start_byte(node);
  for (const auto& [start, end] : dead_) {
    if (byte >= start && byte < end) return true;
  }
  return false;
}

bool FileAnalyzer::error_near(TSNode node) const {
  std::int64_t first = ts_node_start_point(node).row;
  std::int64_t last = ts_node_end_point(node).row;
  for (const auto& [start, end] : errors_) {
    if (static_cast<std::int64_t>(start) <= last + kErrorNearLines &&
        static_cast<std::int64_t>(end) + kErrorNearLines >= first)
      return true;
  }
  return false;
}

bool FileAnalyzer::inside(std::uint32_t byte, Scope::Kind kind) const {
  for (const Scope& scope : scopes_) {
    if (scope.kind == kind && byte > scope.start && byte < scope.end) return true;
  }
  return false;
}

// The innermost function around a byte, qualified by the classes and namespaces around it.
std::string FileAnalyzer::enclosing_function(std::uint32_t byte) const {
  const Scope* function = nullptr;
  for (const Scope& scope : scopes_) {
    if (scope.kind == Scope::function && byte >= scope.start && byte < scope.end &&
        (!function || scope.start >= function->start))
      function = &scope;
  }
  if (!function) return {};
  std::string qualified;
  for (const Scope& scope : scopes_) {  // captures come in document order: outermost first
    if (scope.kind != Scope::function && function->start > scope.start &&
        function->start < scope.end)
      qualified += scope.name + "::";
  }
  return qualified + function->name;
}

std::string FileAnalyzer::declarator_name(TSNode declarator) const {
  for (int depth = 0; depth < 16 && !ts_node_is_null(declarator); ++depth) {
    const char* type = ts_node_type(declarator);
    std::string_view kind(type);
    if (kind == "identifier" || kind == "field_identifier" || kind == "qualified_identifier" ||
        kind == "type_identifier" || kind == "destructor_name" || kind == "operator_name")
      return compact(text(declarator));
    TSNode inner = field(declarator, "declarator");
    if (ts_node_is_null(inner) && ts_node_named_child_count(declarator) > 0)
      inner = ts_node_named_child(declarator, 0);
    declarator = inner;
  }
  return {};
}

// Pointers and references name an object made elsewhere. `T x(a);` inside a function body
// may parse as a function declarator (the vexing parse) but is an object there.
bool FileAnalyzer::indirect(TSNode declarator) const {
  bool in_function = inside(ts_node_start_byte(declarator), Scope::function);
  for (int depth = 0; depth < 16 && !ts_node_is_null(declarator); ++depth) {
    if (is_type(declarator, "pointer_declarator") || is_type(declarator, "reference_declarator") ||
        (is_type(declarator, "function_declarator") && !in_function))
      return true;
    declarator = field(declarator, "declarator");
  }
  return false;
}

// The first type argument of a template (`std::unique_ptr<T>`, `make_shared<T>`).
std::string FileAnalyzer::template_argument_type(TSNode node) const {
  std::vector<TSNode> stack{node};
  while (!stack.empty()) {
    TSNode current = stack.back();
    stack.pop_back();
    if (is_type(current, "template_argument_list")) {
      for (std::uint32_t i = 0; i < ts_node_named_child_count(current); ++i) {
        TSNode argument = ts_node_named_child(current, i);
        if (is_type(argument, "type_descriptor")) return type_of(field(argument, "type"), true);
      }
      return {};
    }
    for (std::uint32_t i = ts_node_named_child_count(current); i > 0; --i)
      stack.push_back(ts_node_named_child(current, i - 1));
  }
  return {};
}

std::string FileAnalyzer::type_of(TSNode type_node, bool unwrap_pointers) const {
  if (!names_a_type(type_node)) return {};
  std::string name = names_.canonical(std::string(text(type_node)));
  if (unwrap_pointers && is_smart_pointer(name)) {
    std::string inner = template_argument_type(type_node);
    if (!inner.empty()) return inner;
  }
  return name;
}

// The type an initializer produces, for `auto x = ...`.
std::string FileAnalyzer::value_type(TSNode value) const {
  if (is_type(value, "new_expression")) return type_of(field(value, "type"), false);
  if (!is_type(value, "call_expression")) return {};
  TSNode function = field(value, "function");
  if (is_type(function, "field_expression")) return receiver_type(value);
  std::string name = names_.canonical(std::string(text(function)));
  if (is_make_function(name)) return names_.canonical(template_argument_type(function));
  std::string returned = index_.return_type(name);
  if (!returned.empty()) return returned;
  return index_.creation_rules(name) || index_.method_rules(name) ? name : std::string();
}

std::string FileAnalyzer::receiver_type(TSNode receiver) const {
  for (int depth = 0; depth < 32 && !ts_node_is_null(receiver); ++depth) {
    std::string_view kind(ts_node_type(receiver));
    if (kind == "identifier" || kind == "field_identifier")
      return names_.variable_type(std::string(text(receiver)));
    if (kind == "field_expression")
      return names_.variable_type(std::string(text(field(receiver, "field"))));
    if (kind == "pointer_expression" || kind == "parenthesized_expression") {
      receiver = ts_node_named_child(receiver, ts_node_named_child_count(receiver) - 1);
      continue;
    }
    if (kind != "call_expression") return {};
    TSNode function = field(receiver, "function");
    if (is_type(function, "field_expression")) {  // a fluent chain: a.port(1).run()
      receiver = field(function, "argument");
      continue;
    }
    return index_.return_type(names_.canonical(std::string(text(function))));
  }
  return {};
}

std::string FileAnalyzer::receiver_name(TSNode receiver) const {
  while (is_type(receiver, "call_expression") &&
         is_type(field(receiver, "function"), "field_expression"))
    receiver = field(field(receiver, "function"), "argument");
  if (is_type(receiver, "pointer_expression") || is_type(receiver, "parenthesized_expression"))
    receiver = ts_node_named_child(receiver, ts_node_named_child_count(receiver) - 1);
  return first_line(text(receiver));
}

// The variable a call's or new-expression's result lands in, if any.
std::string FileAnalyzer::assigned_name(TSNode node) const {
  TSNode parent = ts_node_parent(node);
  if (is_type(parent, "argument_list")) {  // `T x(make())` or a member initializer `x_(make())`
    TSNode owner = ts_node_parent(parent);
    if (is_type(owner, "field_initializer") && ts_node_named_child_count(owner) > 0)
      return compact(text(ts_node_named_child(owner, 0)));
    if (!is_type(owner, "init_declarator") || ts_node_named_child_count(parent) != 1) return {};
    parent = owner;
  }
  if (is_type(parent, "init_declarator")) return declarator_name(field(parent, "declarator"));
  if (is_type(parent, "assignment_expression")) return compact(text(field(parent, "left")));
  return {};
}

// The first argument that names an object: `curl_easy_perform(curl)`, `sqlite3_open(p, &db)`.
std::string FileAnalyzer::first_argument_name(TSNode call) const {
  TSNode arguments = field(call, "arguments");
  for (std::uint32_t i = 0; i < ts_node_named_child_count(arguments); ++i) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (is_type(argument, "pointer_expression"))
      argument = ts_node_named_child(argument, ts_node_named_child_count(argument) - 1);
    if (is_type(argument, "identifier") || is_type(argument, "field_expression"))
      return compact(text(argument));
  }
  return {};
}

LibraryHit& FileAnalyzer::hit(std::size_t entry) {
  auto [found, inserted] = hit_index_.emplace(entry, out_.hits.size());
  if (inserted) {
    out_.hits.emplace_back();
    out_.hits.back().entry = entry;
  }
  return out_.hits[found->second];
}

void FileAnalyzer::evidence(std::size_t entry, TSNode node, facts::EvidenceKind kind, bool strong) {
  LibraryHit& target = hit(entry);
  target.strong = target.strong || strong;
  target.evidence.push_back({file_, start_position(node), kind, first_line(text(node))});
  ids_in_file_.insert(index_.catalog()[entry].id);
}

// A type or function name written in the file: exact catalog names are strong evidence;
// a name only inside a library's namespace is weak (first one per file and library).
void FileAnalyzer::usage(TSNode node, const std::string& written, bool as_call) {
  facts::EvidenceKind kind = as_call ? facts::EvidenceKind::call : facts::EvidenceKind::type;
  std::vector<std::string> readings = names_.candidates(written);
  // A plain name under a using-directive counts only when it is a catalog name exactly:
  // `class InventoryApi` next to `using namespace Pistache;` is the project's own.
  bool qualified = readings.front().find("::") != std::string::npos;
  for (const std::string& name : readings) {
    const auto* exact = as_call ? index_.entries_for_call(name) : index_.entries_for_type(name);
    if (!exact && as_call) exact = index_.entries_for_type(name);  // a constructor call
    if (exact) {
      for (std::size_t entry : *exact) {
        if (seen_usage_.insert({entry, name}).second) evidence(entry, node, kind, true);
      }
      return;
    }
  }
  for (const std::string& name : readings) {
    if (!qualified && name != readings.front()) break;
    std::vector<std::size_t> entries = index_.entries_for_namespace(name);
    for (std::size_t entry : entries) {
      if (seen_usage_.insert({entry, "namespace"}).second) evidence(entry, node, kind, false);
    }
    if (!entries.empty()) return;
  }
}

bool FileAnalyzer::file_mentions(std::size_t entry) const {
  return ids_in_file_.count(index_.catalog()[entry].id) != 0;
}

void FileAnalyzer::site(const RoleRule& rule, const std::string& name, TSNode node,
                        std::string receiver) {
  if (!index_.owns(rule.entry, name) && !file_mentions(rule.entry)) return;
  facts::Site found;
  found.role = rule.role;
  found.file = file_;
  found.position = start_position(node);
  found.function = enclosing_function(ts_node_start_byte(node));
  found.text = first_line(text(node));
  found.receiver = std::move(receiver);
  found.parse_error_near = error_near(node);
  LibraryHit& target = hit(rule.entry);
  target.strong = true;
  target.sites.push_back(std::move(found));
  ids_in_file_.insert(index_.catalog()[rule.entry].id);
}

void FileAnalyzer::creation(TSNode node, const std::string& type, const std::string& receiver) {
  if (const auto* rules = index_.creation_rules(type)) {
    for (const RoleRule& rule : *rules)
      site(rule, type, node, receiver);
  }
}

void FileAnalyzer::call(TSNode node) {
  TSNode function = field(node, "function");
  if (is_type(function, "field_expression")) {
    TSNode receiver = field(function, "argument");
    std::string method = compact(text(field(function, "field")));
    std::string type = receiver_type(receiver);
    if (const auto* rules = type.empty() ? nullptr : index_.method_rules(type)) {
      for (const RoleRule& rule : *rules) {
        if (std::find(rule.methods.begin(), rule.methods.end(), method) != rule.methods.end() ||
            std::find(rule.methods.begin(), rule.methods.end(), "*") != rule.methods.end())
          site(rule, type, node, receiver_name(receiver));
      }
    }
    return;
  }
  if (!is_type(function, "identifier") && !is_type(function, "qualified_identifier") &&
      !is_type(function, "template_function"))
    return;
  std::string name = names_.canonical(std::string(text(function)));
  if (is_type(function, "identifier")) usage(function, std::string(text(function)), true);
  if (is_make_function(name)) {
    creation(node, names_.canonical(template_argument_type(function)), assigned_name(node));
    return;
  }
  if (const auto* rules = index_.function_rules(name)) {
    // A creating call's receiver is what it creates; any other call's is what it acts on.
    std::string assigned = assigned_name(node), argument = first_argument_name(node);
    for (const RoleRule& rule : *rules) {
      bool creates = rule.role == "client_create" || rule.role == "server_create";
      site(rule, name, node,
           creates ? (assigned.empty() ? argument : assigned)
                   : (argument.empty() ? assigned : argument));
    }
  }
  // `httplib::Client("host", 80)` as an expression creates an object too.
  if (index_.creation_rules(name) && !is_type(ts_node_parent(node), "init_declarator"))
    creation(node, name, assigned_name(node));
}

void FileAnalyzer::declaration_sites(TSNode node) {
  std::string type = type_of(field(node, "type"), false);
  if (type.empty() || !index_.creation_rules(type)) return;
  for (TSNode declarator : fields(node, "declarator")) {
    if (!indirect(is_type(declarator, "init_declarator") ? field(declarator, "declarator")
                                                         : declarator))
      creation(node, type, declarator_name(declarator));
  }
}

// The readings of a type written in a signature, "" for none (`auto`, `int`, `void`).
std::vector<std::string> FileAnalyzer::type_readings(TSNode type_node) const {
  if (!names_a_type(type_node)) return {};
  return names_.candidates(std::string(text(type_node)));
}

// Whether `body` calls one of `names` by itself (`send(response)`), as a function that answers
// through a callback does. A plain search first: most bodies call none of their parameters.
bool FileAnalyzer::calls_any(TSNode body, const std::vector<std::string>& names) const {
  const std::string_view body_text = text(body);
  bool spelled = false;
  for (const std::string& name : names)
    spelled = spelled || spells_call(body_text, name);
  if (!spelled) return false;
  std::vector<TSNode> pending{body};
  while (!pending.empty()) {
    TSNode node = pending.back();
    pending.pop_back();
    if (is_type(node, "call_expression")) {
      TSNode function = field(node, "function");
      if (is_type(function, "identifier") &&
          std::find(names.begin(), names.end(), text(function)) != names.end())
        return true;
    }
    for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i)
      pending.push_back(ts_node_named_child(node, i));
  }
  return false;
}

// A definition a definition rule may match, kept for merge_findings, where the aliases of every
// file are known: a named return type and one parameter of a named type (a function from a
// request to a response, not a helper that builds one from a request and a status, nor a
// route's handler that also takes the path's match), or void with a parameter it calls.
void FileAnalyzer::definition_candidate(TSNode node) {
  TSNode declarator = field(node, "declarator");
  TSNode body = field(node, "body");
  if (!is_type(declarator, "function_declarator") || ts_node_is_null(body)) return;
  DefinitionCandidate candidate;
  TSNode type = field(node, "type");
  const bool returns_void = is_type(type, "primitive_type") && text(type) == "void";
  candidate.returns = type_readings(type);
  if (candidate.returns.empty() && !returns_void) return;
  TSNode parameters = field(declarator, "parameters");
  const std::uint32_t count = ts_node_named_child_count(parameters);
  if (returns_void ? count < 2 : count != 1) return;
  std::vector<std::string> names;  // of the parameters a void function may call
  bool any_named_type = false;
  for (std::uint32_t i = 0; i < count; ++i) {
    TSNode parameter = ts_node_named_child(parameters, i);
    candidate.parameters.push_back(type_readings(field(parameter, "type")));
    any_named_type = any_named_type || !candidate.parameters.back().empty();
    if (returns_void) names.push_back(declarator_name(field(parameter, "declarator")));
  }
  if (!any_named_type) return;
  if (returns_void) {
    candidate.sends = calls_any(body, names);
    if (!candidate.sends) return;
  }
  TSNode name = field(declarator, "declarator");
  candidate.site.file = file_;
  candidate.site.position = start_position(name);
  candidate.site.function = enclosing_function(ts_node_start_byte(body));
  candidate.site.text = first_line(text(node));
  candidate.site.parse_error_near = error_near(declarator);
  out_.definitions.push_back(std::move(candidate));
}

void FileAnalyzer::export_type_aliases() {
  for (const auto& [alias, target] : names_.aliases()) {
    if (index_.is_definition_type(target)) out_.type_aliases.emplace_back(alias, target);
  }
}

}  // namespace otel_setup::detectors::detail
