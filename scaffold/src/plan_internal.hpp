// Pieces of plan_init, one file each; shared only inside the scaffold library.
#pragma once

#include <string>
#include <string_view>

#include "otel_setup/planner.hpp"
#include "otel_setup/render.hpp"

namespace otel_setup::scaffold::detail {

// Marker ids of the core module; integrations use their own.
inline constexpr const char* kIncludeMarker = "telemetry-include";
inline constexpr const char* kInitMarker = "telemetry-init";
inline constexpr const char* kBuildMarker = "telemetry-build";
inline constexpr const char* kGeneratedMarker = "generated";

// Chooses build target, main() and service name; throws otel_setup::Error when it cannot.
PlanTarget select_target(const facts::Facts& facts, const PlanOptions& options);

// telemetry/*: facade, backend binding, exit hooks, build file and (bundled) the runtime.
void plan_module(const facts::Facts& facts, const PlanTarget& target, Runtime runtime, Plan& plan);
// #include + init/shutdown guard in main().
void plan_main_edits(const facts::Facts& facts, const PlanTarget& target, Plan& plan);
// CMake: link the telemetry library; other build systems: exact manual steps.
void plan_build_edits(const facts::Facts& facts, const PlanTarget& target, Runtime runtime,
                      Plan& plan);

// Bazel: the manual step, planned after the integrations (it names the targets whose files
// they edit) and inserted at step_at among the manual steps.
void plan_bazel_build(const facts::Facts& facts, const PlanTarget& target, std::size_t step_at,
                      Plan& plan);
// Meson, Bazel, Makefiles: no module yet, so the user must add it to the build.
bool manual_build_needed(const facts::Facts& facts, const PlanTarget& target);

// Drops the integrations' edits of files that define another main() than the target's
// (another program's), with a note for each; Bazel plans keep them (plan_scope.cpp).
void keep_to_the_program(const facts::Facts& facts, const PlanTarget& target, Plan& plan);

bool has_marker(const facts::Facts& facts, std::string_view file, std::string_view id);

// Earlier instrumentation, whatever its marker ids (plan_existing.cpp).
// The folder of a telemetry module already in the repository ("" when none), preferred first.
std::string existing_module_dir(const facts::Facts& facts, const std::string& preferred);
// The block that starts tracing in main(): telemetry-init, or an older id ending in "init".
const facts::Marker* init_marker(const facts::Facts& facts, const facts::EntryPoint& entry);
// The target compiles sources of module_dir itself (an older init listed them there).
bool builds_module(const facts::BuildTarget& target, const std::string& module_dir);

std::string parent_dir(std::string_view path);  // "a/b/c.txt" -> "a/b", "c" -> ""
std::string join_path(std::string_view dir, std::string_view name);  // "" + "x" -> "x"
std::string cpp_string_literal(std::string_view text);               // quoted, escaped
std::string include_line(const PlanTarget& target, std::string_view header);
// The runtime files copied by the plan, relative to telemetry/otelrt/.
std::vector<std::string> runtime_sources();

}  // namespace otel_setup::scaffold::detail
