// The readers for the build systems other than CMake (cmake_project.hpp). Each has a text
// variant for tests; the path variants read from disk and follow includes (Meson subdir()).
// None throws: problems become warnings with file and line.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors::build {

using Warnings = std::vector<facts::Warning>;

// meson.build: project(), executable()/library() with sources and dependencies,
// dependency('x'), subdir() followed when root is not empty.
facts::BuildSystem read_meson(const std::filesystem::path& root, const std::string& file,
                              std::set<std::string>& visited, Warnings& warnings);
facts::BuildSystem read_meson_text(const std::string& file, const std::string& text,
                                   Warnings& warnings);

// BUILD / BUILD.bazel: cc_binary/cc_library/cc_test; WORKSPACE / MODULE.bazel: external
// repositories and bazel_dep()s as packages. Adds to `system` (id "bazel").
void read_bazel_text(const std::string& file, const std::string& text, facts::BuildSystem& system,
                     Warnings& warnings);

// Makefile: binary targets with their source/object prerequisites, -l libraries, -std=.
// With a root, foo.o prerequisites are mapped to the foo.cpp/.cc/.cxx/.c beside them.
facts::BuildSystem read_makefile_text(const std::string& file, const std::string& text,
                                      Warnings& warnings, const std::filesystem::path& root = {});

// vcpkg.json: "name" and "dependencies" (strings or objects with "name").
facts::BuildSystem read_vcpkg_text(const std::string& file, const std::string& text,
                                   Warnings& warnings);

// conanfile.txt [requires]/[tool_requires]; conanfile.py requires/tool_requires attributes
// and self.requires() calls. Chosen by the file name.
facts::BuildSystem read_conan_text(const std::string& file, const std::string& text,
                                   Warnings& warnings);

}  // namespace otel_setup::detectors::build
