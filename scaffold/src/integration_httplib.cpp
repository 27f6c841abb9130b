// cpp-httplib server middleware: the `httplib::Server x;` declaration becomes
// `telemetry::TracedServer x;` (telemetry/httplib_server.hpp), a subclass that traces every
// request through pre/post-routing hooks and keeps each route's pattern at registration.
// One declaration line changes; everything that takes an httplib::Server& keeps working.
#include <regex>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "cpp-httplib";
constexpr const char* kServerMarker = "httplib-server";

void plan_declaration(const facts::Facts& facts, const facts::Site& site, Plan& plan) {
  static const std::regex declaration(R"(^httplib::Server\s+([A-Za-z_]\w*)\s*;)");
  std::smatch match;
  if (!std::regex_search(site.text, match, declaration)) {
    plan.notes.push_back(where(site) + ": '" + site.text +
                         "' is not a plain `httplib::Server name;` declaration; not edited");
    plan.manual_steps.push_back("In " + site.file + ", create the server as a " +
                                "telemetry::TracedServer (telemetry/httplib_server.hpp) " +
                                "instead of an httplib::Server\n");
    return;
  }
  const std::string indent(static_cast<std::size_t>(site.position.column - 1), ' ');
  Edit edit;
  edit.file = site.file;
  edit.kind = EditKind::replace;
  edit.offset = site.position.byte_offset;
  edit.length = static_cast<std::int64_t>(match.length(0));
  edit.text = std::string("// otel-setup:begin ") + kServerMarker + "\n" + indent +
              "telemetry::TracedServer " + match.str(1) + ";\n" + indent + "// otel-setup:end " +
              kServerMarker;
  edit.id = kServerMarker;
  edit.reason = "trace every request of " + match.str(1) + " (SERVER spans)";
  edit.integration = kId;
  edit.base_hash = base_hash_for(facts, site.file);
  plan.edits.push_back(std::move(edit));
}

}  // namespace

void plan_httplib_server(const facts::Facts& facts, const facts::Library& library,
                         const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  std::vector<std::string> planned_files;
  for (const facts::Site* site : editable_sites(library, "server_create", plan)) {
    if (site_has_marker(facts, *site, kServerMarker)) continue;
    bool seen = false;
    for (const std::string& file : planned_files)
      seen = seen || file == site->file;
    if (seen) {
      plan.notes.push_back(where(*site) + ": a second server in this file; only the first is " +
                           "traced (use --site to choose)");
      continue;
    }
    const std::size_t before = plan.edits.size();
    plan_declaration(facts, *site, plan);
    if (plan.edits.size() == before) continue;
    planned_files.push_back(site->file);
    plan_include(facts, target, site->file, "httplib.h", "httplib_server.hpp", kId, plan);
  }
  if (!planned_files.empty()) {
    plan_generated_header(facts, target, kId, "httplib_server.hpp",
                          "cpp-httplib server tracing: SERVER span per request", plan);
  }
}

}  // namespace otel_setup::scaffold::integration
