// RESTinio middleware: every line naming RESTinio's express router type,
// restinio::router::express_router_t<...> (or generic_express_router_t<...>), names
// telemetry::TracedRouter<...> instead (telemetry/restinio_server.hpp), in a marked block.
// That is usually one line, `using router_t = restinio::router::express_router_t<>;`, which
// the server's traits, std::make_unique and every handler registration then follow: the
// traced router wraps each handler in a SERVER span named after its route template.
// Detected sites name the files; a type alias declared in a header has no site of its own, so
// the files with RESTinio type evidence are read too.
#include <algorithm>
#include <regex>

#include "integration_support.hpp"
#include "otel_setup/repository.hpp"
#include "plan_internal.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "restinio";
constexpr const char* kMarker = "restinio-router";
constexpr const char* kTracedRouter = "telemetry::TracedRouter";

// The router type as written: qualified or not (under `using namespace restinio::router;`).
const std::regex& router_type() {
  static const std::regex type(
      R"((^|[^\w:])((?:::)?(?:restinio::)?(?:router::)?(?:generic_)?express_router_t)\b)");
  return type;
}

// Files that may name the router type: those with sites, and source files with RESTinio
// type evidence (a `using router_t = ...;` in a header), outside the telemetry module.
std::vector<std::string> candidate_files(const facts::Library& library, const PlanTarget& target) {
  std::vector<std::string> files;
  const auto add = [&](const std::string& file) {
    const std::string module_prefix = target.module_dir + "/";
    if (file.compare(0, module_prefix.size(), module_prefix) == 0) return;
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  };
  for (const facts::Site& site : library.sites)
    if (site.role == "server_create" || site.role == "route") add(site.file);
  for (const facts::Evidence& evidence : library.evidence)
    if (evidence.kind == facts::EvidenceKind::type) add(evidence.file);
  return files;
}

// One marked replace per code line naming the router type; ids restinio-router,
// restinio-router-2, ... in file order.
std::size_t plan_file(const std::string& file, const std::string& content, Plan& plan) {
  std::size_t edits = 0;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t stop = content.find('\n', start);
    if (stop == std::string::npos) stop = content.size();
    std::size_t end = stop;
    if (end > start && content[end - 1] == '\r') --end;
    const std::string line = content.substr(start, end - start);
    const std::size_t code = line.find_first_not_of(" \t");
    std::smatch match;
    if (code != std::string::npos && line.compare(code, 2, "//") != 0 && line[code] != '#' &&
        line.find("otel-setup:") == std::string::npos &&
        std::regex_search(line, match, router_type())) {
      const std::string indent = line.substr(0, code);
      const std::string swapped =
          std::regex_replace(line.substr(code), router_type(), std::string("$1") + kTracedRouter);
      const std::string id = edits == 0 ? std::string(kMarker)
                                        : std::string(kMarker) + "-" + std::to_string(edits + 1);
      Edit edit;
      edit.file = file;
      edit.kind = EditKind::replace;
      edit.offset = static_cast<std::int64_t>(start + code);
      edit.length = static_cast<std::int64_t>(end - start - code);
      edit.text = "// otel-setup:begin " + id + "\n" + indent + swapped + "\n" + indent +
                  "// otel-setup:end " + id;
      edit.id = id;
      edit.reason = "trace every handler registered on this router (SERVER spans)";
      edit.integration = kId;
      edit.base_hash = blob_hash(content);
      plan.edits.push_back(std::move(edit));
      ++edits;
    }
    start = stop + 1;
  }
  return edits;
}

}  // namespace

void plan_restinio(const facts::Facts& facts, const facts::Library& library,
                   const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  std::vector<std::string> edited;
  for (const std::string& file : candidate_files(library, target)) {
    if (detail::has_marker(facts, file, kMarker)) continue;
    std::string content;
    if (!read_source(facts, file, content)) {
      plan.notes.push_back(file + ": cannot read the file; not edited");
      continue;
    }
    if (plan_file(file, content, plan) == 0) continue;
    edited.push_back(file);
    plan_include(facts, target, file, "restinio/", "restinio_server.hpp", kId, plan);
    for (Edit& edit : plan.edits)
      if (edit.file == file) edit.base_hash = blob_hash(content);
  }
  if (edited.empty()) {
    bool applied = false;
    for (const facts::Marker& marker : facts.markers)
      applied = applied || marker.id.rfind(kMarker, 0) == 0;
    if (!applied) {
      plan.notes.push_back(
          "RESTinio: no restinio::router::express_router_t declaration found; nothing to trace");
      plan.manual_steps.push_back(
          "Declare the express router as telemetry::TracedRouter<> (telemetry/"
          "restinio_server.hpp) instead of restinio::router::express_router_t<>\n");
    }
    return;
  }
  plan_generated_header(facts, target, kId, "restinio_server.hpp",
                        "RESTinio server tracing: SERVER span per routed request", plan);
}

}  // namespace otel_setup::scaffold::integration
