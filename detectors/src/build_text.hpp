// Small text helpers shared by the build-file readers: file loading, positions, evidence and
// '/'-separated relative path arithmetic.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors::build {

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// 1-based line and column of a byte offset.
facts::Position position_at(std::string_view text, std::size_t offset);

// The trimmed source line holding `offset`, cut to a readable length.
std::string line_text_at(std::string_view text, std::size_t offset);

std::string trim(std::string_view text);

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

facts::Evidence build_evidence(const std::string& file, const facts::Position& position,
                               std::string text);

// Adds `name` to system.packages once, and one evidence entry for it.
void add_package(facts::BuildSystem& system, const std::string& name,
                 const facts::Evidence& evidence);

// The folder of a '/'-separated relative path ("" for a file at the root).
std::string folder_of(const std::string& relative_path);

// folder + '/' + path, lexically normalised ("a/./b/../c" -> "a/c"), '/' separators.
std::string join_relative(const std::string& folder, const std::string& path);

bool has_glob_characters(const std::string& pattern);

// Shell-style match where '*' does not cross '/', except in a "**/" component.
bool glob_matches(const std::string& pattern, const std::string& path);

// "c++17", "gnu++2a", "cxx_std_20", "-std=c++1z" -> "17" / "20"; "" when not a standard.
std::string normalize_cxx_standard(std::string_view text);

}  // namespace otel_setup::detectors::build
