// Pistache REST middleware: one #include of telemetry/pistache_server.hpp in each file that
// registers routes with Routes::Get/Post/...(router, "/literal/:route", handler). The header
// adds overloads of those functions for string-literal routes, which register the handler
// inside a SERVER span named after the route template; the registration lines are untouched.
#include <regex>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "pistache";

bool registers_literal_route(const facts::Site& site) {
  static const std::regex literal(R"(Routes::[A-Z][a-z]+\s*\(\s*[^,]+,\s*")");
  return std::regex_search(site.text, literal);
}

}  // namespace

void plan_pistache(const facts::Facts& facts, const facts::Library& library,
                   const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  std::vector<std::string> files;
  const std::string module_prefix = target.module_dir + "/";
  for (const facts::Site* site : editable_sites(library, "route", plan)) {
    // The telemetry module (its generated headers call the library too) is not user code.
    if (site->file.compare(0, module_prefix.size(), module_prefix) == 0) continue;
    if (site->text.find("Routes::") == std::string::npos) continue;  // setHandler(...)
    if (!registers_literal_route(*site)) {
      plan.notes.push_back(where(*site) + ": route not given as a string literal; not traced");
      continue;
    }
    bool seen = false;
    for (const std::string& file : files)
      seen = seen || file == site->file;
    if (!seen) files.push_back(site->file);
  }
  if (files.empty()) {
    plan.notes.push_back(
        "Pistache: no Routes::Get/Post/...(router, \"/route\", handler) registration found; "
        "nothing to trace");
    return;
  }
  for (const std::string& file : files)
    plan_include(facts, target, file, "pistache/", "pistache_server.hpp", kId, plan);
  plan_generated_header(facts, target, kId, "pistache_server.hpp",
                        "Pistache server tracing: SERVER span per routed request", plan);
}

}  // namespace otel_setup::scaffold::integration
