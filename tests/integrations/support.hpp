// What the integration planner tests share: the facts of a fixture project under
// tests/integrations/projects, add requests and lookups of a plan's edits.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "otel_setup/integrations.hpp"
#include "otel_setup/plan.hpp"
#include "otel_setup/scan.hpp"

namespace otel_setup::scaffold::test_support {

// The folder of a fixture project, e.g. fixture_dir("shop").
inline std::string fixture_dir(const std::string& project) {
  return std::string(OTEL_SETUP_SOURCE_DIR) + "/tests/integrations/projects/" + project;
}

// The fixture's real facts, scanned once per test program: a scan costs more than the checks.
inline const facts::Facts& fixture_facts(const std::string& project) {
  static std::map<std::string, facts::Facts> scanned;
  auto found = scanned.find(project);
  if (found == scanned.end()) {
    detectors::ScanOptions options;
    options.root = fixture_dir(project);
    options.threads = 1;
    found = scanned.emplace(project, detectors::scan(options)).first;
  }
  return found->second;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline AddRequest add(std::string name) {
  AddRequest request;
  request.name = std::move(name);
  return request;
}

inline std::vector<const Edit*> edits_of(const Plan& plan, const std::string& file) {
  std::vector<const Edit*> found;
  for (const Edit& edit : plan.edits)
    if (edit.file == file) found.push_back(&edit);
  return found;
}

inline const Edit* find_edit(const Plan& plan, const std::string& file, const std::string& id) {
  for (const Edit* edit : edits_of(plan, file))
    if (edit->id == id) return edit;
  return nullptr;
}

}  // namespace otel_setup::scaffold::test_support
