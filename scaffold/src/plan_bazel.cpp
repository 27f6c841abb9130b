// Bazel is not edited: one manual step with the cc_library for the telemetry module, the
// BUILD file of the package that holds telemetry/ (named only if it exists), its label, and
// every target that needs it: the cc_binary of main() and each target whose sources the plan
// edits (an integration's include). Planned after the integrations, which add those edits.
#include <fnmatch.h>

#include <algorithm>

#include "plan_internal.hpp"

namespace otel_setup::scaffold::detail {

namespace {

const facts::BuildSystem* bazel(const facts::Facts& facts) {
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    if (build_system.id == "bazel") return &build_system;
  }
  return nullptr;
}

std::string label(const std::string& package, const std::string& name) {
  return "//" + package + ":" + name;
}

// The target listing `file` (a path from the root) in its srcs/hdrs: exact paths first, then
// glob() patterns, both relative to the package.
const facts::BuildTarget* owner(const facts::BuildSystem& build_system, const std::string& file) {
  for (const bool patterns : {false, true}) {
    for (const facts::BuildTarget& target : build_system.targets) {
      for (const std::string& source : target.sources) {
        const std::string path = join_path(parent_dir(target.file), source);
        if (patterns ? fnmatch(path.c_str(), file.c_str(), 0) == 0 : path == file) return &target;
      }
    }
  }
  return nullptr;
}

// "#include \"telemetry/x.hpp\"" in an edit's text -> "telemetry/x.hpp", else "".
std::string included_header(const std::string& text) {
  const auto at = text.find("#include ");
  if (at == std::string::npos) return "";
  const auto open = at + 9;
  const auto close = text.find_first_of("\">", open + 1);
  return close == std::string::npos ? "" : text.substr(open + 1, close - open - 1);
}

std::string build_file_in(const facts::BuildSystem& build_system, const std::string& package) {
  for (const facts::BuildTarget& target : build_system.targets) {
    if (parent_dir(target.file) == package) return target.file;
  }
  for (const facts::Evidence& evidence : build_system.evidence) {
    const std::string name = evidence.file.substr(evidence.file.rfind('/') + 1);
    if (parent_dir(evidence.file) == package && (name == "BUILD" || name == "BUILD.bazel")) {
      return evidence.file;
    }
  }
  return "";
}

std::string listed(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " and " : ", ";
    text += items[i];
  }
  return text;
}

}  // namespace

void plan_bazel_build(const facts::Facts& facts, const PlanTarget& target, std::size_t step_at,
                      Plan& plan) {
  const facts::BuildSystem* build_system = bazel(facts);
  const std::string package = parent_dir(target.module_dir);
  const std::string module_name =
      target.module_dir.substr(package.empty() ? 0 : package.size() + 1);

  // Who needs the library: main()'s target, then the owners of the files the plan edits.
  std::vector<std::string> deps;
  std::vector<std::string> why;
  bool other_package = false;
  auto need = [&](const facts::BuildTarget& user, const std::string& reason) {
    const std::string name = label(parent_dir(user.file), user.name);
    if (std::find(deps.begin(), deps.end(), name) != deps.end()) return;
    deps.push_back(name);
    if (!reason.empty()) why.push_back(reason);
    other_package = other_package || parent_dir(user.file) != package;
  };
  if (build_system != nullptr && target.entry != nullptr) {
    for (const facts::BuildTarget& candidate : build_system->targets) {
      if (candidate.name == target.entry->target) need(candidate, "");
    }
    for (const Edit& edit : plan.edits) {
      if (edit.kind == EditKind::create) continue;
      if (const facts::BuildTarget* user = owner(*build_system, edit.file)) {
        const std::string header = included_header(edit.text);
        need(*user, edit.file +
                        (header.empty() ? " is edited to use telemetry::" : " includes " + header));
      }
    }
  }

  const std::string build_file =
      build_system != nullptr ? build_file_in(*build_system, package) : std::string();
  std::string where;
  if (!build_file.empty()) {
    where = "In " + build_file;
  } else if (package.empty()) {
    where = "In BUILD.bazel at the repository root (create it: " + module_name + "/ is there)";
  } else {
    where = "In " + package + "/BUILD.bazel (create it: " + target.module_dir + "/ is there)";
  }
  std::string step = where + ", add:\ncc_library(\n    name = \"telemetry\",\n    srcs = glob([\"" +
                     module_name + "/*.cpp\", \"" + module_name +
                     "/otelrt/src/*\"]),\n    hdrs = glob([\"" + module_name + "/*.hpp\", \"" +
                     module_name + "/otelrt/include/**/*.hpp\"]),\n    includes = [\".\", \"" +
                     module_name + "/otelrt/include\"],\n    copts = [\"-std=c++" +
                     target.cxx_standard + "\"],\n    linkopts = [\"-pthread\"],\n";
  // Targets in other packages see the library only with a visibility that names them.
  if (other_package || deps.empty()) step += "    visibility = [\"//visibility:public\"],\n";
  step += ")\nand add \"" + label(package, "telemetry") + "\" to the deps of " +
          (deps.empty() ? std::string("your cc_binary") : listed(deps));
  for (std::size_t i = 0; i < why.size(); ++i)
    step += (i == 0 ? " (" : "; ") + why[i] + (i + 1 == why.size() ? ")" : "");
  step += ".\n";
  plan.manual_steps.insert(plan.manual_steps.begin() + static_cast<std::ptrdiff_t>(step_at), step);
}

}  // namespace otel_setup::scaffold::detail
