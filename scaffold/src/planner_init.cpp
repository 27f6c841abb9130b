// plan_init: the `otel-setup init` plan, read top to bottom.
#include <cstdlib>

#include "plan_internal.hpp"

namespace otel_setup::scaffold {

Plan plan_init(const facts::Facts& facts, const PlanOptions& options) {
  Plan plan;
  // 1. which executable, main() and service name (throws when ambiguous or missing)
  const PlanTarget target = detail::select_target(facts, options);
  // 2. telemetry/: facade, backend binding, exit hooks, build file, bundled runtime
  detail::plan_module(facts, target, options.runtime, plan);
  // 3. main(): include + init + shutdown guard
  detail::plan_main_edits(facts, target, plan);
  // 4. build: link the telemetry library (CMake) or say exactly how (others)
  const std::size_t build_step_at = plan.manual_steps.size();
  detail::plan_build_edits(facts, target, options.runtime, plan);
  // 5. integrations for what detect found, through the same catalog `add` uses
  for (const facts::Library& library : facts.libraries) {
    bool planned = false;
    for (const IntegrationPlanner& integration : integration_planners()) {
      if (integration.library_id != library.id) continue;
      integration.plan(facts, library, target, plan);
      planned = true;
    }
    if (!planned && library.kind != facts::LibraryKind::tracing) {
      plan.notes.push_back("detected " + library.id +
                           ": no integration for it yet; use telemetry::Span around its calls");
    }
  }
  detail::keep_to_the_program(facts, target, plan);
  // 4b. Bazel names every target that needs the library, so it waits for the integrations
  if (target.build_system == "bazel" && detail::manual_build_needed(facts, target)) {
    detail::plan_bazel_build(facts, target, build_step_at, plan);
  }
  if (options.runtime == Runtime::opentelemetry_cpp) {
    plan.notes.push_back(
        "the opentelemetry-cpp backend needs opentelemetry-cpp installed (Debian 12: "
        "opentelemetry-cpp-dev from bookworm-backports; vcpkg, conan or from source)");
  }
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    const int declared = std::atoi(build_system.cxx_standard.c_str());
    if (declared == 98 || (declared > 0 && declared < 17)) {
      plan.notes.push_back(build_system.file + " declares C++" + build_system.cxx_standard +
                           "; the telemetry library needs C++17 and requires it of its users");
    }
  }
  return plan;
}

namespace {

const char* kind_name(EditKind kind) {
  switch (kind) {
    case EditKind::create:
      return "create";
    case EditKind::insert:
      return "insert";
    case EditKind::replace:
      return "replace";
  }
  return "?";
}

}  // namespace

std::string describe_plan(const Plan& plan) {
  std::string text;
  if (plan.empty()) text += "nothing to do: already set up\n";
  for (const Edit& edit : plan.edits) {
    text += std::string(kind_name(edit.kind)) + " " + edit.file;
    if (edit.kind != EditKind::create) text += " @" + std::to_string(edit.offset);
    text += " [" + edit.integration + "] " + edit.reason + "\n";
    if (edit.kind == EditKind::create) continue;
    std::string::size_type start = 0;
    while (start < edit.text.size()) {
      auto end = edit.text.find('\n', start);
      if (end == std::string::npos) end = edit.text.size();
      text += "  | " + edit.text.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  for (const std::string& step : plan.manual_steps)
    text += "manual step:\n" + step + "\n";
  for (const std::string& note : plan.notes)
    text += "note: " + note + "\n";
  return text;
}

}  // namespace otel_setup::scaffold
