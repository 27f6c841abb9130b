// The planner: facts + options -> a Plan of edits. Pure: it reads no file and writes none, so
// `--dry-run`, `diff` and `init` all start from the same value.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "otel_setup/facts.hpp"
#include "otel_setup/plan.hpp"

namespace otel_setup::scaffold {

// Plans `otel-setup init`: the telemetry module (telemetry/telemetry.hpp, .cpp, the bundled
// runtime or the opentelemetry-cpp binding), init + shutdown guard in main(), and the build
// entries. Throws otel_setup::Error (with a hint) when it cannot choose: no main(), several
// executables, an unknown --target/--entry. Pieces already present (markers in facts) are not
// planned again, so a second run returns an empty plan.
Plan plan_init(const facts::Facts& facts, const PlanOptions& options);

// What every piece of a plan needs to know about the chosen service.
struct PlanTarget {
  std::string build_system;  // "cmake", "meson", "bazel", "make", "" (none found)
  std::string build_file;    // file declaring the executable ("" when not CMake)
  std::string target;        // executable target name ("" when not CMake)
  std::string module_dir;    // where telemetry/ goes, e.g. "telemetry" or "app/telemetry"
  // Set when module_dir is a module found elsewhere than init would put it: "generated" (an
  // earlier otel-setup run) or "by hand"; nothing is generated there then.
  std::string earlier_module;
  std::string service_name;  // for init() and the file headers
  std::string cxx_standard;  // "17" at least
  bool quoted_includes = true;
  const facts::EntryPoint* entry = nullptr;  // main(), or nullptr when none was chosen
};

// Integrations (server middleware, HTTP clients, databases, messaging, logging) plan their
// own edits from the facts of their library. `init` runs every registered planner whose
// library was detected; `add` runs one by id. The catalog is empty today: the core module
// alone is planned.
struct IntegrationPlanner {
  std::string library_id;  // facts::Library::id, e.g. "cpp-httplib"
  std::function<void(const facts::Facts&, const facts::Library&, const PlanTarget&, Plan&)> plan;
};
const std::vector<IntegrationPlanner>& integration_planners();

// The plan as reviewable text: one block per edit (file, kind, reason, text of inserts),
// manual steps and notes. Created files are listed by name only.
std::string describe_plan(const Plan& plan);

}  // namespace otel_setup::scaffold
