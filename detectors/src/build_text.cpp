#include "build_text.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace otel_setup::detectors::build {

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return content.str();
}

facts::Position position_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  facts::Position position;
  position.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t start =
      (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
  position.column = 1 + static_cast<int>(offset - start);
  position.byte_offset = static_cast<std::int64_t>(offset);
  return position;
}

std::string line_text_at(std::string_view text, std::size_t offset) {
  constexpr std::size_t kMaxLength = 200;
  offset = std::min(offset, text.size());
  std::size_t start = offset == 0 ? 0 : text.rfind('\n', offset - 1);
  start = start == std::string_view::npos || offset == 0 ? 0 : start + 1;
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  std::string line = trim(text.substr(start, end - start));
  if (line.size() > kMaxLength) line = line.substr(0, kMaxLength);
  return line;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin]))
    ++begin;
  while (end > begin && is_space(text[end - 1]))
    --end;
  return std::string(text.substr(begin, end - begin));
}

facts::Evidence build_evidence(const std::string& file, const facts::Position& position,
                               std::string text) {
  facts::Evidence evidence;
  evidence.file = file;
  evidence.position = position;
  evidence.kind = facts::EvidenceKind::build;
  evidence.text = std::move(text);
  return evidence;
}

void add_package(facts::BuildSystem& system, const std::string& name,
                 const facts::Evidence& evidence) {
  if (name.empty()) return;
  if (std::find(system.packages.begin(), system.packages.end(), name) == system.packages.end()) {
    system.packages.push_back(name);
  }
  system.evidence.push_back(evidence);
}

std::string folder_of(const std::string& relative_path) {
  const std::size_t slash = relative_path.rfind('/');
  return slash == std::string::npos ? std::string() : relative_path.substr(0, slash);
}

std::string join_relative(const std::string& folder, const std::string& path) {
  std::filesystem::path joined =
      folder.empty() ? std::filesystem::path(path) : std::filesystem::path(folder) / path;
  std::string normal = joined.lexically_normal().generic_string();
  while (normal.size() > 2 && normal.compare(0, 2, "./") == 0)
    normal.erase(0, 2);
  if (normal == ".") normal.clear();
  return normal;
}

bool has_glob_characters(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

bool glob_matches(const std::string& pattern, const std::string& path) {
  const std::size_t recursive = pattern.find("**/");
  if (recursive == std::string::npos) {
    return fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0;
  }
  // "a/**/b" matches "a/b" and "a/x/y/b": try without the component, then with a '*' that
  // may cross folders.
  std::string collapsed = pattern;
  collapsed.erase(recursive, 3);
  if (glob_matches(collapsed, path)) return true;
  std::string crossing = pattern;
  crossing.replace(recursive, 3, "*/");
  return fnmatch(crossing.c_str(), path.c_str(), 0) == 0;
}

std::string normalize_cxx_standard(std::string_view text) {
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"0x", "11"}, {"1y", "14"}, {"1z", "17"}, {"2a", "20"}, {"2b", "23"}, {"2c", "26"}};
  for (std::string_view prefix : {"cxx_std_", "c++", "gnu++"}) {
    const std::size_t at = text.find(prefix);
    if (at == std::string_view::npos) continue;
    std::string_view rest = text.substr(at + prefix.size());
    const std::string_view version = rest.substr(0, 2);
    if (version.size() < 2) continue;
    for (const auto& [alias, standard] : kAliases) {
      if (version == alias) return std::string(standard);
    }
    if (std::isdigit(static_cast<unsigned char>(version[0])) &&
        std::isdigit(static_cast<unsigned char>(version[1]))) {
      return std::string(version);
    }
  }
  return {};
}

}  // namespace otel_setup::detectors::build
