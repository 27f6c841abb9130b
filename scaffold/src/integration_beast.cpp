// Boost.Beast server middleware. Beast has no router to hook, so the function that turns a
// request into a response gets its body wrapped: `return telemetry::beast_server(request,
// [&]() {` after the '{' and `});` before the '}', each line between markers. A void handler
// answering through a callback (Beast's examples' `send`) gets `return
// telemetry::beast_server(req, send, [&](auto&& send) {`: its body calls the traced send. The
// body itself is not touched. The function is the one detect found (a "handler" site) or the
// one named with `add middleware FILE:FUNCTION`.
#include <cctype>

#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "beast";

struct Parameter {
  std::string type;  // lower-cased text before the name
  std::string name;
};

std::vector<Parameter> split_parameters(const std::string& parameters) {
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
  std::vector<Parameter> split;
  for (const std::string& parameter : list) {
    std::string::size_type end = parameter.find('=');
    if (end == std::string::npos) end = parameter.size();
    while (end > 0 && !is_word(parameter[end - 1]))
      --end;
    std::string::size_type start = end;
    while (start > 0 && is_word(parameter[start - 1]))
      --start;
    Parameter item;
    for (const char c : parameter.substr(0, start))
      item.type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    item.name = parameter.substr(start, end - start);
    if (!item.name.empty()) split.push_back(item);
  }
  return split;
}

// The name of the parameter whose type mentions "request" (Beast's http::request<...> or an
// alias such as Request), "" when none does.
std::string request_parameter(const std::vector<Parameter>& parameters) {
  for (const Parameter& parameter : parameters) {
    if (parameter.type.find("request") != std::string::npos) return parameter.name;
  }
  return {};
}

// A call of `name` itself in the body: `send(`, not `session.send(` or `net::send(`.
bool calls(const std::string& body, const std::string& name) {
  for (std::size_t at = find_call(body, name, 0); at != std::string::npos;
       at = find_call(body, name, at + name.size())) {
    const std::size_t before = skip_space_back(body, at);
    if (before == 0 || body[before - 1] != ':') return true;
  }
  return false;
}

// A void handler's callback, the parameter other than the request that its body calls: the
// `send` of Beast's examples. "" when there is none.
std::string send_parameter(const FunctionDefinition& definition,
                           const std::vector<Parameter>& parameters, const std::string& request) {
  if (!definition.returns_void) return {};
  for (const Parameter& parameter : parameters) {
    if (parameter.name != request && calls(definition.blank_body, parameter.name))
      return parameter.name;
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
  const std::vector<Parameter> parameters = split_parameters(definition.parameters);
  const std::string parameter = request_parameter(parameters);
  const std::string send = send_parameter(definition, parameters, parameter);
  if (parameter.empty() || (definition.returns_void && send.empty()) ||
      definition.close_line_start < 0) {
    throw Error(ExitCode::error,
                function +
                    " is not a request handler this tool can wrap: it needs a Beast "
                    "request parameter, a response to return or a callback it calls with "
                    "one, and a body ending on its own line '}'",
                "wrap the body by hand: return telemetry::beast_server(request, [&] { ... }); "
                "or, answering through send, return telemetry::beast_server(request, send, "
                "[&](auto&& send) { ... });");
  }
  const std::string& indent = definition.body_indent;
  const std::string hash = blob_hash(request.function_source);
  Edit open;
  open.file = file;
  open.kind = EditKind::insert;
  open.offset = definition.body_open + 1;
  // The send form passes the body a traced `send` of the same name, so the body is unchanged.
  const std::string wrapper = send.empty()
                                  ? parameter + ", [&]() {"
                                  : parameter + ", " + send + ", [&](auto&& " + send + ") {";
  open.text = "\n" + indent + "// otel-setup:begin beast-server\n" + indent +
              "return telemetry::beast_server(" + wrapper + "\n" + indent +
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
