// Build entries. CMake: one marked block after the executable's declaration that adds the
// telemetry/ subdirectory and links it. The bundled runtime needs nothing from vcpkg.json or
// conanfile (it is plain source in telemetry/otelrt/); opentelemetry-cpp does, and those
// manifests are JSON/Python we do not rewrite blind: the exact entries become manual steps.
// Meson, Bazel and Makefiles are not edited: the user gets the exact lines to add.
#include <algorithm>

#include "plan_internal.hpp"

namespace otel_setup::scaffold::detail {

namespace {

const facts::BuildTarget* find_target(const facts::Facts& facts, const PlanTarget& target) {
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    for (const facts::BuildTarget& candidate : build_system.targets) {
      if (candidate.name == target.target && candidate.file == target.build_file) {
        return &candidate;
      }
    }
  }
  return nullptr;
}

std::string module_sources(const PlanTarget& target, const char* separator) {
  std::string text;
  std::vector<std::string> sources = {"telemetry.cpp", "support.cpp", "exit_hooks.cpp"};
  for (const std::string& source : runtime_sources())
    sources.push_back("otelrt/" + source);
  for (const std::string& source : sources) {
    if (!text.empty()) text += separator;
    text += "'" + join_path(target.module_dir, source) + "'";
  }
  return text;
}

void plan_cmake(const facts::Facts& facts, const PlanTarget& target, Plan& plan) {
  const facts::BuildTarget* declared = find_target(facts, target);
  if (has_marker(facts, target.build_file, kBuildMarker)) return;
  if (declared != nullptr &&
      std::count(declared->link_libraries.begin(), declared->link_libraries.end(), "telemetry")) {
    return;
  }
  TemplateValues values;
  values.strings["module_subdir"] = "telemetry";
  values.strings["target"] = target.target;
  values.strings["link_keyword"] =
      declared != nullptr && declared->plain_link_signature ? "" : " PRIVATE";
  const std::string block = render_template("edits/cmake_link.mustache", values);
  if (declared == nullptr || declared->declaration_end.byte_offset < 0) {
    plan.notes.push_back(target.build_file + ": where " + target.target +
                         " is declared is unknown; build file not edited");
    plan.manual_steps.push_back("In " + target.build_file + ", after the declaration of " +
                                target.target + ", add:\n" + block);
    return;
  }
  Edit edit;
  edit.file = target.build_file;
  edit.kind = EditKind::insert;
  edit.offset = declared->declaration_end.byte_offset;
  edit.text = "\n" + block;
  edit.text.pop_back();  // the newline that ended the declaration's line follows the block
  edit.id = kBuildMarker;
  edit.reason = "build and link the telemetry library into " + target.target;
  edit.integration = "core";
  edit.base_hash = declared->file_hash;
  plan.edits.push_back(edit);
}

void plan_package_manifests(const facts::Facts& facts, Runtime runtime, Plan& plan) {
  if (runtime != Runtime::opentelemetry_cpp) return;  // bundled: plain sources, no package
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    if (build_system.id == "vcpkg") {
      plan.manual_steps.push_back(
          "In " + build_system.file + ", add to \"dependencies\":\n" +
          "  { \"name\": \"opentelemetry-cpp\", \"features\": [\"otlp-http\"] }\n");
    } else if (build_system.id == "conan") {
      plan.manual_steps.push_back("In " + build_system.file +
                                  ", require opentelemetry-cpp (conanfile.txt [requires]: "
                                  "opentelemetry-cpp/1.14.2; conanfile.py: "
                                  "self.requires(\"opentelemetry-cpp/1.14.2\")) with the "
                                  "option with_otlp_http=True\n");
    }
  }
}

void plan_manual_build(const PlanTarget& target, Plan& plan) {
  const std::string include_dir = parent_dir(target.module_dir);
  const std::string runtime_include = join_path(target.module_dir, "otelrt/include");
  const std::string root = include_dir.empty() ? "." : include_dir;
  if (target.build_system == "meson") {
    plan.manual_steps.push_back(
        "In meson.build, before your executable(), add:\n"
        "telemetry_lib = static_library('telemetry', " +
        module_sources(target, ", ") + ",\n  include_directories: include_directories('" + root +
        "', '" + runtime_include +
        "'),\n  dependencies: dependency('threads'), override_options: ['cpp_std=c++" +
        target.cxx_standard +
        "'])\n"
        "telemetry_dep = declare_dependency(link_with: telemetry_lib,\n"
        "  include_directories: include_directories('" +
        root +
        "'), dependencies: dependency('threads'))\n"
        "and add telemetry_dep to the dependencies: of the executable.\n");
  } else if (target.build_system == "bazel") {
    plan.manual_steps.push_back(
        "In the BUILD file next to " + target.module_dir + "/, add:\n" +
        "cc_library(\n    name = \"telemetry\",\n    srcs = glob([\"telemetry/*.cpp\", "
        "\"telemetry/otelrt/src/*\"]),\n    hdrs = glob([\"telemetry/*.hpp\", "
        "\"telemetry/otelrt/include/**/*.hpp\"]),\n    includes = [\".\", "
        "\"telemetry/otelrt/include\"],\n    copts = [\"-std=c++" +
        target.cxx_standard +
        "\"],\n    linkopts = [\"-pthread\"],\n)\n"
        "and add \":telemetry\" to the deps of your cc_binary.\n");
  } else {
    plan.manual_steps.push_back(
        "Compile and link with your program: " + module_sources(target, " ") +
        "\nwith the flags: -std=c++" + target.cxx_standard + " -I" + root + " -I" +
        runtime_include + " -pthread\n");
  }
}

}  // namespace

void plan_build_edits(const facts::Facts& facts, const PlanTarget& target, Runtime runtime,
                      Plan& plan) {
  if (target.build_system == "cmake" && !target.target.empty()) {
    plan_cmake(facts, target, plan);
  } else if (!has_marker(facts, join_path(target.module_dir, "telemetry.hpp"), kGeneratedMarker)) {
    plan_manual_build(target, plan);
  }
  plan_package_manifests(facts, runtime, plan);
}

}  // namespace otel_setup::scaffold::detail
