// Pistache server middleware: one #include of telemetry/pistache_server.hpp in each file that
// registers routes with Routes::Get/Post/...(router, "/literal/:route", handler). The header
// adds overloads of those functions for string-literal routes, which register the handler
// inside a SERVER span named after the route template; the registration lines are untouched.
// A server given an Http::Handler subclass, endpoint.setHandler(Http::make_handler<H>()), gets
// that call's head rewritten to telemetry::traced_handler<H>(): inside a line, so without
// marker comments (the manifest restores it), and a rewritten call plans nothing the next time.
#include <regex>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "pistache";

bool registers_literal_route(const facts::Site& site) {
  static const std::regex literal(R"(Routes::[A-Z][a-z]+\s*\(\s*[^,]+,\s*")");
  return std::regex_search(site.text, literal);
}

constexpr const char* kTracedHandler = "telemetry::traced_handler<";

// For `endpoint.setHandler(Http::make_handler<H>(...))`: the edit of the make_handler head
// (however qualified) into telemetry::traced_handler. false when the handler is made elsewhere
// (a variable, router.handler()).
bool plan_handler_call(const facts::Facts& facts, const facts::Site& site, Plan& plan) {
  static const std::regex made_here(
      R"(setHandler\s*\(\s*((?:(?:::)?Pistache\s*::\s*)?(?:Http\s*::\s*)?make_handler\s*<))");
  std::smatch match;
  if (!std::regex_search(site.text, match, made_here)) return false;
  Edit edit;
  edit.file = site.file;
  edit.kind = EditKind::replace;
  edit.offset = site.position.byte_offset + static_cast<std::int64_t>(match.position(1));
  edit.length = static_cast<std::int64_t>(match.length(1));
  edit.text = kTracedHandler;
  edit.reason = "SERVER span around each request the handler serves";
  edit.integration = kId;
  edit.base_hash = base_hash_for(facts, site.file);
  plan.edits.push_back(std::move(edit));
  return true;
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
    if (site->text.find("setHandler") != std::string::npos) {
      const bool traced = site->text.find(kTracedHandler) != std::string::npos;
      if (!traced && !plan_handler_call(facts, *site, plan)) {
        // router.handler() is traced through its routes; a handler made elsewhere is named.
        if (site->text.find("handler()") == std::string::npos) {
          plan.notes.push_back(where(*site) + ": handler not made in the setHandler call; " +
                               "trace it by hand with telemetry::traced_handler<H>()");
        }
        continue;
      }
    } else if (!registers_literal_route(*site)) {
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
        "Pistache: no Routes::Get/Post/...(router, \"/route\", handler) registration nor "
        "setHandler(Http::make_handler<H>()) found; nothing to trace");
    return;
  }
  for (const std::string& file : files)
    plan_include(facts, target, file, "pistache/", "pistache_server.hpp", kId, plan);
  plan_generated_header(facts, target, kId, "pistache_server.hpp",
                        "Pistache server tracing: SERVER span per routed request", plan);
}

}  // namespace otel_setup::scaffold::integration
