// Build entries. CMake: one marked block after the executable's declaration that adds the
// telemetry/ subdirectory and links it. The bundled runtime needs nothing from vcpkg.json or
// conanfile (it is plain source in telemetry/otelrt/); opentelemetry-cpp does, and those
// manifests are JSON/Python we do not rewrite blind: the exact entries become manual steps.
// Meson, Bazel and Makefiles are not edited: the user gets the exact lines to add (Bazel's in
// plan_bazel.cpp).
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

std::string link_marker(const std::string& target) {
  return "telemetry-link-" + target;
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

bool links_telemetry(const facts::BuildTarget& target) {
  return std::count(target.link_libraries.begin(), target.link_libraries.end(), "telemetry") != 0;
}

// The telemetry/ subdirectory was added for another program of the repository (an earlier
// init --target): this one is only linked to it, since adding it again would declare the
// telemetry target twice.
bool added_for_another(const facts::Facts& facts, const std::string& target) {
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    for (const facts::BuildTarget& candidate : build_system.targets) {
      if (candidate.name != target && links_telemetry(candidate)) return true;
    }
  }
  return false;
}

void plan_cmake(const facts::Facts& facts, const PlanTarget& target, Plan& plan) {
  const facts::BuildTarget* declared = find_target(facts, target);
  if (declared != nullptr && links_telemetry(*declared)) return;
  const bool module_added =
      std::any_of(facts.markers.begin(), facts.markers.end(),
                  [](const facts::Marker& marker) { return marker.id == kBuildMarker; });
  // A block the scan cannot tie to another target is taken to be this one's, as before.
  if (module_added && (declared == nullptr || !added_for_another(facts, target.target))) return;
  const bool link_only = module_added;
  if (declared != nullptr && builds_module(*declared, target.module_dir)) {
    plan.notes.push_back(target.build_file + ": " + target.target + " already compiles the " +
                         "sources of " + target.module_dir + "/: not linked again");
    return;
  }
  // A module found elsewhere (plan_select) is added from where it is; one written by hand may
  // have no CMakeLists.txt of ours, and one outside the target's folder no relative subdir.
  const std::string base = parent_dir(target.build_file);
  const std::string prefix = base.empty() ? "" : base + "/";
  if (target.earlier_module == "by hand" || target.module_dir.rfind(prefix, 0) != 0) {
    plan.notes.push_back(target.build_file + ": " + target.target + " does not build " +
                         target.module_dir + "/ yet; build file not edited");
    plan.manual_steps.push_back("Build the sources of " + target.module_dir + "/ into " +
                                target.target + " (or link the library that holds them).\n");
    return;
  }
  TemplateValues values;
  values.strings["module_subdir"] = target.module_dir.substr(prefix.size());
  values.strings["target"] = target.target;
  values.strings["link_keyword"] =
      declared != nullptr && declared->plain_link_signature ? "" : " PRIVATE";
  values.strings["marker"] = link_only ? link_marker(target.target) : kBuildMarker;
  values.flags["add_module"] = !link_only;
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
  edit.id = link_only ? link_marker(target.target) : kBuildMarker;
  edit.reason = (link_only ? "link the telemetry library into "
                           : "build and link the telemetry library into ") +
                target.target;
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

// telemetry/meson.build declares telemetry_dep (plan_module); Meson has one global scope, so
// the root must read it with subdir('telemetry') before the subdir() that declares the
// executable, which then lists telemetry_dep.
void plan_meson(const facts::Facts& facts, const PlanTarget& target, Plan& plan) {
  const std::string package = parent_dir(target.module_dir);
  const std::string module_name =
      target.module_dir.substr(package.empty() ? 0 : package.size() + 1);
  const std::string root_file = join_path(package, "meson.build");
  const facts::BuildTarget* executable = nullptr;
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    if (build_system.id != "meson") continue;
    for (const facts::BuildTarget& candidate : build_system.targets) {
      const bool is_main = target.entry != nullptr && candidate.name == target.entry->target;
      if (candidate.type == "executable" && (executable == nullptr || is_main)) {
        executable = &candidate;
      }
    }
  }
  const std::string name = executable != nullptr ? "executable('" + executable->name + "')"
                                                 : std::string("your executable()");
  const std::string exe_dir = executable != nullptr ? parent_dir(executable->file) : package;
  std::string step = "In the root " + root_file + ", add subdir('" + module_name + "') before ";
  const std::string prefix = package.empty() ? "" : package + "/";
  if (executable == nullptr || exe_dir == package || exe_dir.rfind(prefix, 0) != 0) {
    step += name + ", and add telemetry_dep to its dependencies: list.\n";
  } else {
    const std::string below = exe_dir.substr(prefix.size());
    step += "subdir('" + below.substr(0, below.find('/')) + "') (" + executable->file +
            " declares " + name + "), and in " + executable->file +
            " add telemetry_dep to the dependencies: of " + name + ".\n";
  }
  plan.manual_steps.push_back(step);
}

void plan_manual_build(const facts::Facts& facts, const PlanTarget& target, Plan& plan) {
  const std::string include_dir = parent_dir(target.module_dir);
  const std::string runtime_include = join_path(target.module_dir, "otelrt/include");
  const std::string root = include_dir.empty() ? "." : include_dir;
  if (target.build_system == "meson") {
    plan_meson(facts, target, plan);
  } else {
    plan.manual_steps.push_back(
        "Compile and link with your program: " + module_sources(target, " ") +
        "\nwith the flags: -std=c++" + target.cxx_standard + " -I" + root + " -I" +
        runtime_include + " -pthread\n");
  }
}

}  // namespace

bool manual_build_needed(const facts::Facts& facts, const PlanTarget& target) {
  return target.earlier_module.empty() &&
         !has_marker(facts, join_path(target.module_dir, "telemetry.hpp"), kGeneratedMarker);
}

void plan_build_edits(const facts::Facts& facts, const PlanTarget& target, Runtime runtime,
                      Plan& plan) {
  if (target.build_system == "cmake" && !target.target.empty()) {
    plan_cmake(facts, target, plan);
  } else if (target.build_system != "bazel" && manual_build_needed(facts, target)) {
    plan_manual_build(facts, target, plan);  // Bazel: plan_bazel_build, after the integrations
  }
  plan_package_manifests(facts, runtime, plan);
}

}  // namespace otel_setup::scaffold::detail
