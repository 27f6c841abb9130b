// plan_add: `otel-setup add <integration>` as a plan. The core module is planned too when it
// is missing (its pieces skip themselves when their markers are present), so `add` works on
// a repository where `init` never ran, and adds nothing twice.
#include <algorithm>
#include <cctype>

#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "plan_internal.hpp"

namespace otel_setup::scaffold {

namespace {

using integration::where;

const char* const kCategories[] = {"middleware", "http-client", "grpc-client",
                                   "db",         "logging",     "messaging"};

// True when the library is only used by the runtime otel-setup bundled (telemetry/otelrt/
// uses libcurl for https): that is not the user's http client.
bool only_in_bundled_runtime(const facts::Library& library) {
  bool in_sources = false;
  for (const facts::Evidence& evidence : library.evidence) {
    if (evidence.kind == facts::EvidenceKind::build) continue;
    in_sources = true;
    const std::string path = "/" + evidence.file;
    if (path.find("/telemetry/otelrt/") == std::string::npos) return false;
  }
  return in_sources;
}

const facts::Library* detected(const facts::Facts& facts, const Integration& integration) {
  for (const facts::Library& library : facts.libraries) {
    if (library.id == integration.id && library.kind == integration.kind &&
        !only_in_bundled_runtime(library)) {
      return &library;
    }
  }
  return nullptr;
}

// An id with two catalog entries (grpc, cpp-httplib) names them "<id>-server", "<id>-client".
bool named(const Integration& integration, const std::string& name) {
  return integration.id == name || integration.category == name ||
         (integration.kind == facts::LibraryKind::server && integration.id + "-server" == name) ||
         (integration.kind == facts::LibraryKind::http_client &&
          integration.id + "-client" == name);
}

std::string unique_name(const Integration& integration) {
  int entries = 0;
  for (const Integration& other : integration_catalog())
    entries += other.id == integration.id ? 1 : 0;
  if (entries == 1) return integration.id;
  return integration.kind == facts::LibraryKind::server ? integration.id + "-server"
                                                        : integration.id + "-client";
}

// Every name `add` takes, each once: the categories, then the integrations by unique name.
std::string known_names() {
  std::string text = "known integrations:";
  for (const char* category : kCategories)
    text += std::string(" ") + category;
  text += " traced FILE:FUNCTION |";
  for (const Integration& integration : integration_catalog())
    text += " " + unique_name(integration);
  return text;
}

std::vector<const Integration*> matching(const std::string& name) {
  std::vector<const Integration*> found;
  for (const Integration& integration : integration_catalog()) {
    if (named(integration, name)) found.push_back(&integration);
  }
  return found;
}

bool site_selected(const facts::Site& site, const AddRequest& request) {
  if (!request.file.empty() && site.file != request.file) return false;
  if (!request.site.empty() && where(site) != request.site) return false;
  return true;
}

// What every integration stands on, planned where it is missing: the telemetry module, the
// edits to main() and the build entries. Returns the executable they are planned for.
PlanTarget plan_core(const facts::Facts& facts, const PlanOptions& options, Plan& plan) {
  const PlanTarget target = detail::select_target(facts, options);
  detail::plan_module(facts, target, options.runtime, plan);
  detail::plan_main_edits(facts, target, plan);
  detail::plan_build_edits(facts, target, options.runtime, plan);
  return target;
}

// Without FILE:FUNCTION, the handler detect found, when it found exactly one.
Plan plan_beast(const facts::Facts& facts, const facts::Library& library,
                const PlanOptions& options, AddRequest request) {
  Plan plan;
  if (request.function.empty() &&
      !integration::detected_beast_handler(facts, library, plan, request)) {
    throw usage_error(
        "Boost.Beast has no router, and no single function turning a request "
        "into a response was found",
        integration::beast_handler_hint(library));
  }
  const PlanTarget target = plan_core(facts, options, plan);
  const std::size_t core_edits = plan.edits.size();
  integration::plan_beast_handler(facts, target, request, plan);
  return plan.edits.size() == core_edits ? Plan{} : plan;
}

}  // namespace

std::string canonical_integration_name(const std::string& name) {
  std::string lower;
  for (const char c : name)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::replace(lower.begin(), lower.end(), ' ', '-');
  std::replace(lower.begin(), lower.end(), '_', '-');
  if (lower == "fastapi-style-middleware" || lower == "server" || lower == "server-middleware") {
    return "middleware";
  }
  if (lower == "http" || lower == "client") return "http-client";
  if (lower == "database") return "db";
  if (lower == "log" || lower == "logs") return "logging";
  if (lower == "kafka") return "messaging";
  return lower;
}

Plan plan_add(const facts::Facts& facts, const PlanOptions& options, const AddRequest& request) {
  // 1. which integration: an id, or a category resolved to what detect found
  const std::string name = canonical_integration_name(request.name);
  if (name == "traced") {
    Plan plan;
    const PlanTarget target = plan_core(facts, options, plan);
    const std::size_t core_edits = plan.edits.size();
    integration::plan_traced(facts, target, request, plan);
    if (plan.edits.size() == core_edits) return Plan{};  // already traced
    return plan;
  }
  const std::vector<const Integration*> candidates = matching(name);
  if (candidates.empty()) {
    throw usage_error("unknown integration '" + request.name + "'", known_names());
  }
  std::vector<std::pair<const Integration*, const facts::Library*>> found;
  for (const Integration* integration : candidates) {
    if (const facts::Library* library = detected(facts, *integration)) {
      found.emplace_back(integration, library);
    }
  }
  if (found.empty()) {
    // An applied edit can hide what detect keyed on (grpc::CreateChannel becomes
    // telemetry::TracedChannel): its markers mean there is nothing left to do.
    for (const Integration* integration : candidates) {
      for (const facts::Marker& marker : facts.markers) {
        for (const std::string& id : integration->markers)
          if (marker.id == id) return Plan{};
      }
    }
    std::string ids;
    for (const Integration* integration : candidates)
      ids += (ids.empty() ? "" : ", ") + integration->id;
    throw Error(ExitCode::error, "no " + ids + " usage was detected in " + facts.root,
                "run `otel-setup detect` to see what was found; if the library is used in a "
                "file the scan skipped, name it with --file FILE");
  }
  if (found.size() > 1) {
    std::string ids;
    for (const auto& [integration, library] : found)
      ids += "\n  " + unique_name(*integration);
    throw usage_error("several libraries match '" + request.name + "'; name one:" + ids);
  }
  const Integration& integration = *found.front().first;
  if (integration.id == "beast") return plan_beast(facts, *found.front().second, options, request);

  // 2. which sites: --file / --site narrow them; one-site integrations need exactly one
  facts::Library library = *found.front().second;
  library.sites.erase(
      std::remove_if(library.sites.begin(), library.sites.end(),
                     [&](const facts::Site& site) { return !site_selected(site, request); }),
      library.sites.end());
  const std::string role = integration.site_roles.empty() ? "" : integration.site_roles.front();
  std::vector<std::string> sites;
  for (const facts::Site& site : library.sites) {
    if (site.role == role) sites.push_back(where(site) + "  " + site.text);
  }
  if (!request.site.empty() && sites.empty()) {
    throw usage_error("no " + integration.id + " site at " + request.site,
                      "run `otel-setup detect` to see the sites");
  }
  if (integration.one_site && sites.size() > 1) {
    std::string list;
    for (const std::string& site : sites)
      list += "\n  " + site;
    throw usage_error(
        "several places could get the " + integration.id + " " + integration.category + ":" + list,
        "choose one with --site FILE:LINE");
  }

  // 3. the core module where missing, then the integration itself
  Plan plan;
  const PlanTarget target = plan_core(facts, options, plan);
  integration.plan(facts, library, target, plan);
  // --file/--site name the place themselves, whichever program it belongs to.
  if (request.file.empty() && request.site.empty())
    detail::keep_to_the_program(facts, target, plan);
  return plan;
}

std::vector<IntegrationStatus> integration_status(const facts::Facts& facts) {
  std::vector<IntegrationStatus> statuses;
  for (const Integration& integration : integration_catalog()) {
    IntegrationStatus status;
    status.integration = &integration;
    if (const facts::Library* library = detected(facts, integration)) {
      status.detected = true;
      for (const facts::Evidence& evidence : library->evidence) {
        if (status.evidence.size() == 3) break;
        status.evidence.push_back(evidence.file + ":" + std::to_string(evidence.position.line));
      }
    }
    for (const facts::Marker& marker : facts.markers) {
      for (const std::string& id : integration.markers)
        status.applied = status.applied || marker.id == id;
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

}  // namespace otel_setup::scaffold
