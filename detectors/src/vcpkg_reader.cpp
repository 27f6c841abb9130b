// vcpkg.json manifests: the project name and the dependency names.
#include <nlohmann/json.hpp>

#include "build_readers.hpp"
#include "build_text.hpp"

namespace otel_setup::detectors::build {

facts::BuildSystem read_vcpkg_text(const std::string& file, const std::string& text,
                                   Warnings& warnings) {
  facts::BuildSystem system;
  system.id = "vcpkg";
  system.file = file;
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    warnings.push_back({file, position_at(text, offset).line, "invalid JSON in vcpkg manifest"});
    system.evidence.push_back(build_evidence(file, position_at(text, 0), line_text_at(text, 0)));
    return system;
  }
  if (!manifest.is_object()) {
    warnings.push_back({file, 1, "vcpkg manifest is not a JSON object"});
    return system;
  }
  if (manifest.contains("name") && manifest["name"].is_string()) {
    system.project_name = manifest["name"].get<std::string>();
  }
  // Evidence points at the dependency's name as written, searched after "dependencies".
  std::size_t search_from = text.find("\"dependencies\"");
  if (search_from == std::string::npos) search_from = 0;
  const auto evidence_for = [&](const std::string& name) {
    const std::size_t at = text.find("\"" + name + "\"", search_from);
    const std::size_t offset = at == std::string::npos ? search_from : at;
    return build_evidence(file, position_at(text, offset), line_text_at(text, offset));
  };
  const auto dependencies = manifest.find("dependencies");
  if (dependencies != manifest.end() && dependencies->is_array()) {
    for (const nlohmann::json& dependency : *dependencies) {
      std::string name;
      if (dependency.is_string()) {
        name = dependency.get<std::string>();
      } else if (dependency.is_object() && dependency.contains("name") &&
                 dependency["name"].is_string()) {
        name = dependency["name"].get<std::string>();
      } else {
        warnings.push_back({file, evidence_for("").position.line,
                            "vcpkg dependency is neither a string nor an object with \"name\""});
        continue;
      }
      add_package(system, name, evidence_for(name));
    }
  } else if (dependencies != manifest.end()) {
    warnings.push_back(
        {file, evidence_for("dependencies").position.line, "\"dependencies\" is not an array"});
  }
  if (system.evidence.empty()) {
    system.evidence.push_back(build_evidence(file, position_at(text, 0), line_text_at(text, 0)));
  }
  return system;
}

}  // namespace otel_setup::detectors::build
