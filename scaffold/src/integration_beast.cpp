// Boost.Beast server middleware. Beast has no router to hook, so the function that turns a
// request into a response gets its body wrapped: `return telemetry::beast_server(request,
// [&]() {` after the '{' and `});` before the '}', each line between markers. The body itself
// is not touched. The function is the one detect found (a "handler" site: an
// http::response from a lone http::request parameter) or the one named with
// `add middleware FILE:FUNCTION`.
#include <cctype>

#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "beast";

// The name of the parameter whose type mentions "request" (Beast's http::request<...> or an
// alias such as Request), "" when none does.
std::string request_parameter(const std::string& parameters) {
  std::vector<std::string> list(1);
  int depth = 0;
  for (const char c : parameters) {
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (c == ',' && depth == 0) {
      list.emplace_back();
    } else {
      list.back() += c;
    }
  }
  for (const std::string& parameter : list) {
    std::string lower;
    for (const char c : parameter)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string::size_type end = parameter.find('=');
    if (end == std::string::npos) end = parameter.size();
    while (end > 0 && !(std::isalnum(static_cast<unsigned char>(parameter[end - 1])) ||
                        parameter[end - 1] == '_'))
      --end;
    std::string::size_type start = end;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(parameter[start - 1])) ||
                         parameter[start - 1] == '_'))
      --start;
    const std::string name = parameter.substr(start, end - start);
    if (lower.substr(0, start).find("request") != std::string::npos && !name.empty()) return name;
  }
  return {};
}

}  // namespace

bool detected_beast_handler(const facts::Facts& facts, const facts::Library& library, Plan& plan,
                            AddRequest& request) {
  const std::vector<const facts::Site*> handlers = editable_sites(library, "handler", plan);
  if (handlers.size() != 1) return false;
  request.function = handlers.front()->file + ":" + handlers.front()->function;
  return read_source(facts, handlers.front()->file, request.function_source);
}

std::string beast_handler_hint(const facts::Library& library) {
  std::string hint =
      "name the function that turns a request into a response to trace it: otel-setup add "
      "middleware FILE:FUNCTION";
  for (const facts::Site& site : library.sites) {
    if (site.role == "handler") hint += "\n  candidate: " + site.file + ":" + site.function;
  }
  return hint;
}

void plan_beast_server(const facts::Facts& facts, const facts::Library& library,
                       const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  AddRequest request;
  if (detected_beast_handler(facts, library, plan, request)) {
    try {
      plan_beast_handler(facts, target, request, plan);
      return;
    } catch (const Error& error) {
      plan.notes.push_back("Boost.Beast: " + std::string(error.what()) +
                           (error.hint().empty() ? "" : "; " + error.hint()));
    }
  }
  plan.notes.push_back("Boost.Beast: " + beast_handler_hint(library));
}

void plan_beast_handler(const facts::Facts& facts, const PlanTarget& target,
                        const AddRequest& request, Plan& plan) {
  std::string file;
  std::string function;
  const FunctionDefinition definition = find_one_definition(request, file, function);
  if (request.function_source.find("otel-setup:begin beast-server") != std::string::npos) return;
  const std::string parameter = request_parameter(definition.parameters);
  if (parameter.empty() || definition.close_line_start < 0) {
    throw Error(ExitCode::error,
                function +
                    " is not a request handler this tool can wrap: it needs a Beast "
                    "request parameter and a body ending on its own line '}'",
                "wrap the body by hand: return telemetry::beast_server(request, [&] { ... });");
  }
  const std::string& indent = definition.body_indent;
  const std::string hash = blob_hash(request.function_source);
  Edit open;
  open.file = file;
  open.kind = EditKind::insert;
  open.offset = definition.body_open + 1;
  open.text = "\n" + indent + "// otel-setup:begin beast-server\n" + indent +
              "return telemetry::beast_server(" + parameter + ", [&]() {\n" + indent +
              "// otel-setup:end beast-server";
  if (definition.code_after_body_open) open.text += "\n" + indent;
  open.id = "beast-server";
  open.reason = "SERVER span around " + function;
  open.integration = kId;
  open.base_hash = hash;
  Edit close = open;
  close.offset = definition.close_line_start;
  close.text = indent + "// otel-setup:begin beast-server-end\n" + indent + "});\n" + indent +
               "// otel-setup:end beast-server-end\n";
  close.id = "beast-server-end";
  close.reason = "end of the SERVER span around " + function;
  plan.edits.push_back(open);
  plan.edits.push_back(close);
  plan_include(facts, target, file, "boost/beast", "beast_server.hpp", kId, plan);
  for (Edit& planned : plan.edits) {
    if (planned.file == file) planned.base_hash = hash;
  }
  plan_generated_header(facts, target, kId, "beast_server.hpp",
                        "Boost.Beast server tracing: SERVER span per request", plan);
}

}  // namespace otel_setup::scaffold::integration
