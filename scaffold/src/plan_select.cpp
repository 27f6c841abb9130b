// Which executable, which main() and which service name a plan is for. Ambiguity is an error
// with the choices listed: guessing would instrument the wrong binary.
#include <algorithm>

#include "otel_setup/error.hpp"
#include "plan_internal.hpp"

namespace otel_setup::scaffold::detail {

namespace {

struct Executable {
  const facts::BuildSystem* build_system;
  const facts::BuildTarget* target;
};

std::vector<Executable> cmake_executables(const facts::Facts& facts) {
  std::vector<Executable> found;
  for (const facts::BuildSystem& build_system : facts.build_systems) {
    if (build_system.id != "cmake") continue;
    for (const facts::BuildTarget& target : build_system.targets) {
      if (target.type == "executable") found.push_back({&build_system, &target});
    }
  }
  return found;
}

std::string list_executables(const std::vector<Executable>& executables) {
  std::string text;
  for (const Executable& executable : executables) {
    text += "\n  " + executable.target->name + " (" + executable.target->file + ")";
  }
  return text;
}

std::string list_entries(const std::vector<const facts::EntryPoint*>& entries) {
  std::string text;
  for (const facts::EntryPoint* entry : entries) {
    text += "\n  " + entry->file + ":" + std::to_string(entry->position.line);
  }
  return text;
}

std::string normalized(std::string_view path) {
  while (path.substr(0, 2) == "./")
    path.remove_prefix(2);
  return std::string(path);
}

const facts::BuildTarget* choose_executable(const std::vector<Executable>& executables,
                                            const facts::Facts& facts, const PlanOptions& options) {
  if (!options.target.empty()) {
    for (const Executable& executable : executables) {
      if (executable.target->name == options.target) return executable.target;
    }
    throw usage_error("no executable target named '" + options.target + "'",
                      executables.empty() ? "no CMake executable was detected"
                                          : "executables:" + list_executables(executables));
  }
  if (executables.size() == 1) return executables.front().target;
  if (executables.empty()) return nullptr;
  if (!options.entry.empty()) {  // --entry names the main(); its target decides
    for (const facts::EntryPoint& entry : facts.entry_points) {
      if (normalized(entry.file) != normalized(options.entry)) continue;
      for (const Executable& executable : executables) {
        if (executable.target->name == entry.target) return executable.target;
      }
    }
  }
  throw usage_error("several executables found; which one should be instrumented?",
                    "run again with --target NAME; executables:" + list_executables(executables));
}

const facts::EntryPoint* choose_entry(const facts::Facts& facts, const PlanOptions& options,
                                      const facts::BuildTarget* target) {
  std::vector<const facts::EntryPoint*> all;
  for (const facts::EntryPoint& entry : facts.entry_points)
    all.push_back(&entry);
  if (!options.entry.empty()) {
    for (const facts::EntryPoint* entry : all) {
      if (normalized(entry->file) == normalized(options.entry)) return entry;
    }
    throw usage_error("no main() found in " + options.entry,
                      all.empty() ? "no main() was detected in this repository"
                                  : "main() was found in:" + list_entries(all));
  }
  std::vector<const facts::EntryPoint*> candidates;
  for (const facts::EntryPoint* entry : all) {
    if (target != nullptr && entry->target == target->name) candidates.push_back(entry);
  }
  if (candidates.empty()) candidates = all;  // targets of entry points may be unknown
  if (candidates.size() == 1) return candidates.front();
  if (candidates.empty()) {
    std::string hint = "point at the file that defines main() with --entry FILE";
    if (target != nullptr && !target->sources.empty()) {
      hint += "; sources of " + target->name + ":";
      for (const std::string& source : target->sources)
        hint += "\n  " + source;
    }
    throw Error(ExitCode::error, "no main() found", hint);
  }
  throw usage_error("several main() functions found; which one starts the service?",
                    "run again with --entry FILE; candidates:" + list_entries(candidates));
}

std::string folder_name(std::string_view root) {
  while (!root.empty() && root.back() == '/')
    root.remove_suffix(1);
  const auto slash = root.rfind('/');
  return std::string(slash == std::string_view::npos ? root : root.substr(slash + 1));
}

std::string standard_at_least_17(const std::string& declared) {
  int number = 0;
  for (const char c : declared) {
    if (c < '0' || c > '9') return "17";
    number = number * 10 + (c - '0');
  }
  // 98 and 03 are older than 11.
  return number >= 17 && number < 98 ? declared : "17";
}

}  // namespace

PlanTarget select_target(const facts::Facts& facts, const PlanOptions& options) {
  PlanTarget chosen;
  const std::vector<Executable> executables = cmake_executables(facts);
  const facts::BuildTarget* target = choose_executable(executables, facts, options);
  chosen.entry = choose_entry(facts, options, target);

  const facts::BuildSystem* build_system = nullptr;
  for (const Executable& executable : executables) {
    if (executable.target == target) build_system = executable.build_system;
  }
  if (build_system == nullptr) {  // no CMake executable: the first other build system
    for (const facts::BuildSystem& candidate : facts.build_systems) {
      if (candidate.id == "vcpkg" || candidate.id == "conan") continue;
      build_system = &candidate;
      break;
    }
  }
  if (build_system != nullptr) chosen.build_system = build_system->id;
  if (target != nullptr) {
    chosen.build_file = target->file;
    chosen.target = target->name;
    chosen.module_dir = join_path(parent_dir(target->file), "telemetry");
  } else {
    chosen.module_dir = build_system != nullptr
                            ? join_path(parent_dir(build_system->file), "telemetry")
                            : "telemetry";
  }

  const std::string existing = existing_module_dir(facts, chosen.module_dir);
  if (!existing.empty() && existing != chosen.module_dir) {
    chosen.module_dir = existing;
    chosen.earlier_module =
        has_marker(facts, join_path(existing, "telemetry.hpp"), kGeneratedMarker) ? "generated"
                                                                                  : "by hand";
  }

  // --service-name, else the chosen build's project(), else any project name, else the folder.
  chosen.service_name = options.service_name;
  if (chosen.service_name.empty() && build_system != nullptr) {
    chosen.service_name = build_system->project_name;
  }
  for (const facts::BuildSystem& candidate : facts.build_systems) {
    if (chosen.service_name.empty()) chosen.service_name = candidate.project_name;
  }
  if (chosen.service_name.empty()) chosen.service_name = folder_name(facts.root);
  if (chosen.service_name.empty()) chosen.service_name = "service";

  chosen.cxx_standard = standard_at_least_17(build_system ? build_system->cxx_standard : "");
  chosen.quoted_includes = chosen.entry == nullptr || chosen.entry->quoted_includes;
  return chosen;
}

}  // namespace otel_setup::scaffold::detail
