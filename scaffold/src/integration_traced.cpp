// `otel-setup add traced FILE:FUNCTION`: TELEMETRY_TRACED() as the first statement of that
// function, the C++ form of Python's @traced. The span name comes from __PRETTY_FUNCTION__ at
// compile time (namespace::Class::function), so the edit is the same one line everywhere.
#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold::integration {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string marker_id(std::string_view function) {
  std::string id = "traced-";
  for (const char c : function)
    id += c == ':' ? '.' : c;
  return id;
}

}  // namespace

FunctionDefinition find_one_definition(const AddRequest& request, std::string& file,
                                       std::string& function) {
  const std::string::size_type colon = request.function.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == request.function.size()) {
    throw usage_error("expected FILE:FUNCTION, e.g. src/orders.cpp:orders::Store::find");
  }
  file = request.function.substr(0, colon);
  function = request.function.substr(colon + 1);
  const std::string::size_type last = function.rfind("::");
  const std::string name = last == std::string::npos ? function : function.substr(last + 2);

  std::vector<FunctionDefinition> candidates;
  for (const FunctionDefinition& definition :
       find_function_definitions(request.function_source, name)) {
    // "Store::find" written out of class matches "shop::Store::find"; a definition inside
    // its class is written "find" and matches any qualification.
    if (!ends_with(function, definition.written_name)) continue;
    if (!request.site.empty() && request.site != file + ":" + std::to_string(definition.line)) {
      continue;
    }
    candidates.push_back(definition);
  }
  if (candidates.empty()) {
    throw Error(ExitCode::error, "no definition of " + function + " found in " + file,
                "name the function as written in the file, e.g. " + file + ":Class::method");
  }
  if (candidates.size() > 1) {
    std::string list;
    for (const FunctionDefinition& definition : candidates)
      list +=
          "\n  " + file + ":" + std::to_string(definition.line) + "  " + definition.written_name;
    throw usage_error("several definitions of " + function + ":" + list,
                      "choose one with --site FILE:LINE");
  }
  return candidates.front();
}

void plan_traced(const facts::Facts& facts, const PlanTarget& target, const AddRequest& request,
                 Plan& plan) {
  std::string file;
  std::string function;
  const FunctionDefinition definition = find_one_definition(request, file, function);
  const std::string id = marker_id(function);
  if (request.function_source.find("otel-setup:begin " + id) != std::string::npos) return;
  const std::string& indent = definition.body_indent;
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::insert;
  edit.offset = definition.body_open + 1;
  edit.text = "\n" + marked_lines(indent, id, indent + "TELEMETRY_TRACED();");
  if (definition.code_after_body_open) edit.text += "\n" + indent;
  edit.id = id;
  edit.reason = "trace " + function + " (span named after the function)";
  edit.integration = "traced";
  edit.base_hash = blob_hash(request.function_source);
  plan.edits.push_back(edit);
  // The facade include, unless main()'s edits or an earlier run put it there already.
  bool included = false;
  for (const facts::EntryPoint& entry : facts.entry_points)
    included = included || (entry.file == file && entry.includes_telemetry);
  if (!included)
    plan_include(facts, target, file, "telemetry/telemetry.hpp", "telemetry.hpp", "telemetry",
                 plan);
  for (Edit& planned : plan.edits) {
    if (planned.file == file) planned.base_hash = edit.base_hash;
  }
}

}  // namespace otel_setup::scaffold::integration
