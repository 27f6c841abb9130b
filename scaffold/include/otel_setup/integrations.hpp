// The integration catalog: one entry per instrumented library (data: id, kind, the `add`
// category, templates, the site roles it edits, what it needs from the build), plus the
// `otel-setup add` and `list` planning built on it. Planners themselves are registered in
// integration_planners() (planner.hpp) from this catalog.
#pragma once

#include <string>
#include <vector>

#include "otel_setup/facts.hpp"
#include "otel_setup/plan.hpp"
#include "otel_setup/planner.hpp"

namespace otel_setup::scaffold {

using IntegrationPlanFn = void (*)(const facts::Facts&, const facts::Library&, const PlanTarget&,
                                   Plan&);

struct Integration {
  std::string id;                       // = facts::Library::id, e.g. "cpp-httplib"
  facts::LibraryKind kind;              // which of the library's kinds it instruments
  std::string category;                 // `add` name: middleware, http-client, db, logging, ...
  std::vector<std::string> templates;   // under templates/integrations/<id>/
  std::vector<std::string> site_roles;  // facts::Site roles it edits
  std::string build;                    // what the build needs (header-only: nothing new)
  std::string records;                  // one line: what the spans carry
  std::vector<std::string> markers;     // marker ids it writes: present = applied
  bool one_site = false;                // several candidate sites: `add` asks for --site
  IntegrationPlanFn plan = nullptr;
};

// Every integration, in the order `list` prints them.
const std::vector<Integration>& integration_catalog();

// Libraries the catalog knows as detect-only (no package on Debian to build and test with).
const std::vector<std::string>& detect_only_libraries();

struct AddRequest {
  std::string name;  // integration id, category or alias ("fastapi-style middleware")
  std::string file;  // --file: only sites in this file
  std::string site;  // --site FILE:LINE: exactly this site
  // `add traced FILE:FUNCTION` / `add beast FILE:FUNCTION`: the argument, and the file's
  // content as the CLI read it (the planner reads no file).
  std::string function;
  std::string function_source;
};

// Plans `otel-setup add`: the core module when it is missing (same pieces as init, skipped
// when their markers are present) and the one integration. Throws otel_setup::Error: unknown
// integration (usage, lists the known ones), library not detected (suggests --file), several
// candidate sites (lists them, asks for --site FILE:LINE).
Plan plan_add(const facts::Facts& facts, const PlanOptions& options, const AddRequest& request);

// "fastapi-style middleware", "fastapi-style-middleware" -> "middleware"; lower-cased.
std::string canonical_integration_name(const std::string& name);

struct IntegrationStatus {
  const Integration* integration;
  bool detected = false;
  bool applied = false;
  std::vector<std::string> evidence;  // file:line of what detect found
};
std::vector<IntegrationStatus> integration_status(const facts::Facts& facts);

}  // namespace otel_setup::scaffold
