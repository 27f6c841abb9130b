// Helpers shared by the integration planners (scaffold/src/integration_*.cpp): generated
// headers, an #include next to the library's own, and edits at detected sites.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "otel_setup/integrations.hpp"

namespace otel_setup::scaffold::integration {

// The planners, one file each; registered in integration_registry.cpp.
void plan_httplib_server(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_libcurl(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_sqlite3(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_spdlog(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_glog(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_beast_server(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_grpc_server(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_grpc_client(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_pistache(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_librdkafka(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_hiredis(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_libpqxx(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_httplib_client(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_poco_server(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_cpprest_server(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_cpprest_client(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
void plan_restinio(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&);
// `add traced FILE:FUNCTION` (not a library: planned from the request and the file's text).
void plan_traced(const facts::Facts& facts, const PlanTarget& target, const AddRequest& request,
                 Plan& plan);

// telemetry/<name> rendered from templates/integrations/<id>/<name>.mustache, unless an
// earlier run generated it.
void plan_generated_header(const facts::Facts& facts, const PlanTarget& target,
                           const std::string& id, const std::string& name,
                           const std::string& reason, Plan& plan);

// An #include of telemetry/<header> in file, in a marked block: just before the line that
// includes the library (library_header, e.g. "httplib.h"), else after the last #include of
// main(). Nothing when the marker is already there; a manual step when no place is known.
void plan_include(const facts::Facts& facts, const PlanTarget& target, const std::string& file,
                  std::string_view library_header, const std::string& header,
                  const std::string& integration, Plan& plan);

// A declaration site `Type name(args);` (one line) rewritten in a marked block as
// `traced_type(Type) name(args);`; a note and a manual step when the text is not of that form.
struct DeclarationSwap {
  std::string integration;  // shown in the plan: "libpqxx"
  std::string marker;       // marker id prefix, completed with the variable and function
  std::string header;       // the generated header declaring the traced type
  std::string reason;
  std::string (*traced_type)(const std::string& type) = nullptr;  // "pqxx::work" -> ...
  // For plan_declaration_swaps: the sites' role, the include placed in each edited file
  // (after library_header, between include_marker markers), the generated header's summary,
  // and an optional filter that refuses a site (adding its own note).
  std::string role;
  std::string library_header;
  std::string include_marker;
  std::string summary;
  bool (*accepts)(const facts::Site& site, Plan& plan) = nullptr;
};
void plan_declaration_swap(const facts::Facts& facts, const facts::Site& site,
                           const DeclarationSwap& swap, Plan& plan);
// Every editable site of swap.role swapped; then the include in each edited file and the
// generated header once, when anything was edited.
void plan_declaration_swaps(const facts::Facts& facts, const facts::Library& library,
                            const PlanTarget& target, const DeclarationSwap& swap, Plan& plan);

// Byte offset of the first character of the site's line (column is 1-based bytes).
std::int64_t line_start(const facts::Position& position);
// The content hash facts carry for file (entry points only), "" otherwise.
std::string base_hash_for(const facts::Facts& facts, const std::string& file);
// "file:line".
std::string where(const facts::Site& site);
// The lines between `otel-setup:begin id` and `otel-setup:end id`, both markers at indent:
// `indent// otel-setup:begin id\n<lines>\nindent// otel-setup:end id`.
std::string marked_lines(const std::string& indent, std::string_view id, const std::string& lines);
// Replaces content[begin, end), the whole lines of one statement, with `statement` between
// otel-setup:begin/end marker lines at the statement's own indent.
void plan_marked_statement(const std::string& file, const std::string& content, std::size_t begin,
                           std::size_t end, const std::string& statement, std::string_view marker,
                           std::string_view integration, std::string reason, Plan& plan);
// The file's text as it is now; false (content untouched) when it cannot be read.
bool read_source(const facts::Facts& facts, const std::string& file, std::string& content);
bool site_has_marker(const facts::Facts& facts, const facts::Site& site, std::string_view id);
// Sites of role that the parser read cleanly; the others are reported as notes.
std::vector<const facts::Site*> editable_sites(const facts::Library& library, std::string_view role,
                                               Plan& plan);

// A function definition found in source text by find_function_definitions().
struct FunctionDefinition {
  std::string written_name;  // as written before '(': "run", "Orders::run"
  int line = 0;
  std::int64_t body_open = -1;  // byte offset of the body's '{'
  std::string body_indent;      // leading whitespace of the body's first line
  bool code_after_body_open = false;
  std::int64_t body_close = -1;        // byte offset of the body's '}'
  std::int64_t close_line_start = -1;  // start of the '}' line when only space precedes it
  std::string close_indent;            // that space
  std::string parameters;              // the text between the parentheses
  bool returns_void = false;           // `void` is written right before the name
  std::string blank_body;              // the body between its braces, comments and literals blanked
};
std::vector<FunctionDefinition> find_function_definitions(std::string_view source,
                                                          std::string_view name);
// Letters, digits and '_'; the index of the first non-space at or after `i`; the index just
// past the last non-space before `i` (0 when there is none).
bool is_word(char c);
std::size_t skip_space(const std::string& text, std::size_t i);
std::size_t skip_space_back(const std::string& text, std::size_t i);
// Where `name` is next written, at or after `from`, as a whole word followed by '(' (spaces
// allowed) and not through an object (`a.name(`, `p->name(`); npos when nowhere. `text` has
// its comments and literals blanked.
std::size_t find_call(const std::string& text, std::string_view name, std::size_t from);
// `add middleware FILE:FUNCTION` for Boost.Beast: the handler's body runs in a SERVER span.
// The function detect found, the only "handler" site: sets request.function (FILE:FUNCTION)
// and request.function_source; false when there are none or several or the file cannot be
// read. beast_handler_hint: what to tell the user then (the command, a candidate a line).
bool detected_beast_handler(const facts::Facts& facts, const facts::Library& library, Plan& plan,
                            AddRequest& request);
std::string beast_handler_hint(const facts::Library& library);
void plan_beast_handler(const facts::Facts& facts, const PlanTarget& target,
                        const AddRequest& request, Plan& plan);
// Definitions of FUNCTION in request.function_source matching FILE:FUNCTION (and --site);
// throws otel_setup::Error when none or several match. Sets file, function.
FunctionDefinition find_one_definition(const AddRequest& request, std::string& file,
                                       std::string& function);

}  // namespace otel_setup::scaffold::integration
