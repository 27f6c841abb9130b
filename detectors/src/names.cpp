#include "names.hpp"

#include <algorithm>

namespace otel_setup::detectors {

std::string strip_template_arguments(const std::string& name) {
  std::string out;
  int depth = 0;
  for (char c : name) {
    if (c == '<') {
      ++depth;
    } else if (c == '>') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out += c;
    }
  }
  if (out.rfind("::", 0) == 0) out.erase(0, 2);
  return out;
}

void NameScope::add_alias(const std::string& name, const std::string& target) {
  std::string clean = strip_template_arguments(target);
  if (!name.empty() && !clean.empty() && clean != name) aliases_[name] = expand(clean);
}

void NameScope::add_using_namespace(const std::string& name) {
  const std::string clean = expand(strip_template_arguments(name));
  // `using namespace Rest;` after `using namespace Pistache;` names Pistache::Rest, as in
  // Pistache's own rest_server example: a reading through an earlier directive the catalog
  // knows is added too (not for `using namespace ::Rest;`, which names the global one).
  std::vector<std::string> readings{clean};
  const std::size_t first = name.find_first_not_of(" \t");
  const bool global = first != std::string::npos && name.compare(first, 2, "::") == 0;
  for (const std::string& space : using_namespaces_) {
    std::string nested = expand(space + "::" + clean);
    if (!global && !index_.entries_for_namespace(nested).empty())
      readings.push_back(std::move(nested));
  }
  for (std::string& reading : readings) {
    if (std::find(using_namespaces_.begin(), using_namespaces_.end(), reading) ==
        using_namespaces_.end())
      using_namespaces_.push_back(std::move(reading));
  }
}

// Replaces an alias standing for the whole name or for its first component; a few rounds
// cover aliases of aliases without looping on a cycle.
std::string NameScope::expand(std::string name) const {
  for (int round = 0; round < 4; ++round) {
    auto whole = aliases_.find(name);
    if (whole != aliases_.end()) {
      name = whole->second;
      continue;
    }
    std::size_t colon = name.find("::");
    if (colon == std::string::npos) break;
    auto head = aliases_.find(name.substr(0, colon));
    if (head == aliases_.end()) break;
    name = head->second + name.substr(colon);
  }
  return name;
}

std::vector<std::string> NameScope::candidates(const std::string& written) const {
  std::string name = expand(strip_template_arguments(written));
  std::vector<std::string> out{name};
  for (const std::string& space : using_namespaces_)
    out.push_back(expand(space + "::" + name));
  return out;
}

std::string NameScope::canonical(const std::string& written) const {
  std::vector<std::string> readings = candidates(written);
  for (const std::string& reading : readings) {
    if (index_.knows(reading)) return reading;
  }
  for (const std::string& reading : readings) {
    if (!index_.entries_for_namespace(reading).empty()) return reading;
  }
  return readings.front();
}

void NameScope::set_variable_type(const std::string& variable, const std::string& type) {
  if (!variable.empty() && !type.empty()) variables_[variable] = type;
}

std::string NameScope::variable_type(const std::string& variable) const {
  auto found = variables_.find(variable);
  return found == variables_.end() ? std::string() : found->second;
}

}  // namespace otel_setup::detectors
