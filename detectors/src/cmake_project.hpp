// Interprets the commands of a CMake project: project(), the C++ standard, targets with
// their sources and link libraries, packages, following add_subdirectory() and include().
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors::cmake {

// root_file: '/'-separated path of a CMakeLists.txt relative to root. Every file read is
// added to `visited`, so a caller can tell which CMakeLists.txt files are project roots.
facts::BuildSystem read_project(const std::filesystem::path& root, const std::string& root_file,
                                std::set<std::string>& visited,
                                std::vector<facts::Warning>& warnings);

// Reads CMake text that is already in memory (tests, and the entry of read_project).
facts::BuildSystem read_project_text(const std::string& file, const std::string& text,
                                     std::vector<facts::Warning>& warnings);

}  // namespace otel_setup::detectors::cmake
