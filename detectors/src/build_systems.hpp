// Build-system detection: reads the build files the walk found, as text or JSON (there is
// no tree-sitter grammar for CMake), into facts::BuildSystem entries.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors {

// True for names the walk must hand to detect_build_systems: CMakeLists.txt, *.cmake,
// meson.build, BUILD, BUILD.bazel, WORKSPACE, MODULE.bazel, Makefile, GNUmakefile,
// vcpkg.json, conanfile.txt, conanfile.py.
bool is_build_file(const std::filesystem::path& relative_path);

// relative_build_files: '/'-separated paths relative to root. Problems (unbalanced
// parentheses, invalid JSON) become warnings with file and line; they never throw.
std::vector<facts::BuildSystem> detect_build_systems(
    const std::filesystem::path& root, const std::vector<std::string>& relative_build_files,
    std::vector<facts::Warning>& warnings);

// The name of the target whose sources list `relative_source` (resolving each build file's
// folder and ${CMAKE_CURRENT_SOURCE_DIR}-style prefixes), or "" when none does.
std::string target_for_source(const std::vector<facts::BuildSystem>& build_systems,
                              const std::string& relative_source);

}  // namespace otel_setup::detectors
