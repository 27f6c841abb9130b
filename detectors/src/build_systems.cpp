// Dispatches the build files the walk found to their readers and resolves which target a
// source file belongs to.
#include "build_systems.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "build_readers.hpp"
#include "build_text.hpp"
#include "cmake_project.hpp"

namespace otel_setup::detectors {
namespace {

std::string base_name(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_bazel_file(const std::string& name) {
  return name == "BUILD" || name == "BUILD.bazel" || name == "WORKSPACE" ||
         name == "WORKSPACE.bazel" || name == "MODULE.bazel";
}

bool is_makefile(const std::string& name) {
  return name == "Makefile" || name == "GNUmakefile" || name == "makefile";
}

// Shallow paths first, so a project's root build file is read before its subfolders'.
std::vector<std::string> by_depth(std::vector<std::string> files) {
  std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    const auto depth_a = std::count(a.begin(), a.end(), '/');
    const auto depth_b = std::count(b.begin(), b.end(), '/');
    return depth_a != depth_b ? depth_a < depth_b : a < b;
  });
  return files;
}

std::optional<std::string> load(const std::filesystem::path& root, const std::string& file,
                                std::vector<facts::Warning>& warnings) {
  auto text = build::read_text_file(root / file);
  if (!text) warnings.push_back({file, 0, "cannot read build file"});
  return text;
}

void read_bazel(const std::filesystem::path& root, const std::vector<std::string>& files,
                std::vector<facts::BuildSystem>& systems, std::vector<facts::Warning>& warnings) {
  if (files.empty()) return;
  facts::BuildSystem system;
  system.id = "bazel";
  bool has_workspace = false;
  for (const std::string& file : files) {  // the shallowest WORKSPACE/MODULE.bazel names it
    const std::string name = base_name(file);
    if (name != "BUILD" && name != "BUILD.bazel" && !has_workspace) {
      system.file = file;
      has_workspace = true;
    }
  }
  bool has_bazel_names = has_workspace;
  for (const std::string& file : files) {
    if (ends_with(file, ".bazel")) has_bazel_names = true;
    if (auto text = load(root, file, warnings)) {
      build::read_bazel_text(file, *text, system, warnings);
    }
  }
  // A lone file called BUILD without cc_* rules is not evidence of Bazel.
  if (!has_bazel_names && system.targets.empty()) return;
  if (system.file.empty()) system.file = files.front();
  if (system.evidence.empty()) {
    system.evidence.push_back(
        build::build_evidence(system.file, {1, 1, 0}, base_name(system.file)));
  }
  systems.push_back(std::move(system));
}

// The path of `source` (as written in a build file of `system`) relative to the root.
std::string resolve(const facts::BuildSystem& system, const facts::BuildTarget& target,
                    const std::string& source) {
  const std::string target_folder = build::folder_of(target.file);
  const std::string project_folder = build::folder_of(system.file);
  static const std::pair<const char*, bool> kPrefixes[] = {
      {"${CMAKE_CURRENT_SOURCE_DIR}/", false}, {"${CMAKE_CURRENT_LIST_DIR}/", false},
      {"${PROJECT_SOURCE_DIR}/", true},        {"${CMAKE_SOURCE_DIR}/", true},
      {"${CMAKE_HOME_DIRECTORY}/", true},      {"$(CURDIR)/", false},
      {"@CMAKE_CURRENT_SOURCE_DIR@/", false}};
  for (const auto& [prefix, from_project] : kPrefixes) {
    const std::string text = prefix;
    if (source.compare(0, text.size(), text) == 0) {
      return build::join_relative(from_project ? project_folder : target_folder,
                                  source.substr(text.size()));
    }
  }
  // ${<project>_SOURCE_DIR}/ is the project's folder too.
  if (source.compare(0, 2, "${") == 0) {
    const std::size_t close = source.find("_SOURCE_DIR}/");
    if (close != std::string::npos) {
      return build::join_relative(project_folder, source.substr(close + 13));
    }
  }
  return build::join_relative(target_folder, source);
}

}  // namespace

bool is_build_file(const std::filesystem::path& relative_path) {
  const std::string name = relative_path.filename().string();
  return name == "CMakeLists.txt" || ends_with(name, ".cmake") || name == "meson.build" ||
         is_bazel_file(name) || is_makefile(name) || name == "vcpkg.json" ||
         name == "conanfile.txt" || name == "conanfile.py";
}

std::vector<facts::BuildSystem> detect_build_systems(
    const std::filesystem::path& root, const std::vector<std::string>& relative_build_files,
    std::vector<facts::Warning>& warnings) {
  std::map<std::string, std::vector<std::string>> by_kind;
  for (const std::string& file : relative_build_files) {
    const std::string name = base_name(file);
    if (name == "CMakeLists.txt") by_kind["cmake"].push_back(file);
    if (name == "meson.build") by_kind["meson"].push_back(file);
    if (is_bazel_file(name)) by_kind["bazel"].push_back(file);
    if (is_makefile(name)) by_kind["make"].push_back(file);
    if (name == "vcpkg.json") by_kind["vcpkg"].push_back(file);
    if (name == "conanfile.txt" || name == "conanfile.py") by_kind["conan"].push_back(file);
  }
  std::vector<facts::BuildSystem> systems;
  std::set<std::string> visited;  // files already read as part of an enclosing project
  for (const std::string& file : by_depth(by_kind["cmake"])) {
    if (!visited.count(file)) systems.push_back(cmake::read_project(root, file, visited, warnings));
  }
  for (const std::string& file : by_depth(by_kind["meson"])) {
    if (!visited.count(file)) systems.push_back(build::read_meson(root, file, visited, warnings));
  }
  read_bazel(root, by_depth(by_kind["bazel"]), systems, warnings);
  for (const std::string& file : by_depth(by_kind["make"])) {
    if (auto text = load(root, file, warnings)) {
      systems.push_back(build::read_makefile_text(file, *text, warnings, root));
    }
  }
  for (const std::string& file : by_depth(by_kind["vcpkg"])) {
    if (auto text = load(root, file, warnings)) {
      systems.push_back(build::read_vcpkg_text(file, *text, warnings));
    }
  }
  for (const std::string& file : by_depth(by_kind["conan"])) {
    if (auto text = load(root, file, warnings)) {
      systems.push_back(build::read_conan_text(file, *text, warnings));
    }
  }
  return systems;
}

std::string target_for_source(const std::vector<facts::BuildSystem>& build_systems,
                              const std::string& relative_source) {
  const std::string wanted = build::join_relative("", relative_source);
  // Exact paths win over glob patterns (file(GLOB), Bazel glob(), $(wildcard)).
  for (const bool globs : {false, true}) {
    for (const facts::BuildSystem& system : build_systems) {
      for (const facts::BuildTarget& target : system.targets) {
        for (const std::string& source : target.sources) {
          if (build::has_glob_characters(source) != globs) continue;
          const std::string path = resolve(system, target, source);
          if (globs ? build::glob_matches(path, wanted) : path == wanted) return target.name;
        }
      }
    }
  }
  return {};
}

}  // namespace otel_setup::detectors
