// Small string helpers of the planner: paths, markers, C++ literals.
#include <algorithm>

#include "otel_setup/embedded.hpp"
#include "plan_internal.hpp"

namespace otel_setup::scaffold::detail {

bool has_marker(const facts::Facts& facts, std::string_view file, std::string_view id) {
  return std::any_of(facts.markers.begin(), facts.markers.end(), [&](const facts::Marker& marker) {
    return marker.file == file && marker.id == id;
  });
}

std::string parent_dir(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string join_path(std::string_view dir, std::string_view name) {
  if (dir.empty() || dir == ".") return std::string(name);
  return std::string(dir) + "/" + std::string(name);
}

std::string cpp_string_literal(std::string_view text) {
  std::string literal = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') literal += '\\';
    if (c == '\n') {
      literal += "\\n";
      continue;
    }
    literal += c;
  }
  return literal + "\"";
}

std::string include_line(const PlanTarget& target, std::string_view header) {
  return target.quoted_includes ? "\"" + std::string(header) + "\""
                                : "<" + std::string(header) + ">";
}

std::vector<std::string> runtime_sources() {
  std::vector<std::string> sources;
  for (const EmbeddedFile& file : embedded_files_under("runtime/src/")) {
    const std::string_view path = file.path.substr(std::string_view("runtime/").size());
    if (path.size() > 4 && path.substr(path.size() - 4) == ".cpp") sources.emplace_back(path);
  }
  return sources;
}

}  // namespace otel_setup::scaffold::detail
