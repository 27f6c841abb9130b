// Lookup tables over the catalog, built once per scan and shared read-only by workers.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace otel_setup::detectors {

struct RoleRule {
  std::size_t entry;
  std::string role;
  std::vector<std::string> methods;  // empty for creation and function rules
};

// A site rule on function definitions (SiteRule::returns/takes).
struct DefinitionRule {
  std::size_t entry;
  std::string role;
  std::vector<std::string> returns, takes;
  bool sends = false;
};

class CatalogIndex {
 public:
  explicit CatalogIndex(const Catalog& catalog);

  const Catalog& catalog() const { return catalog_; }

  // Entries naming this fully qualified type or function exactly.
  const std::vector<std::size_t>* entries_for_type(const std::string& name) const;
  const std::vector<std::size_t>* entries_for_call(const std::string& name) const;
  // Entries whose namespace contains the name (e.g. "httplib::Request").
  std::vector<std::size_t> entries_for_namespace(const std::string& name) const;
  // The known result type of a function, "" when unknown.
  std::string return_type(const std::string& function) const;
  // True when the catalog knows the name as a type, a call or a function with a result.
  bool knows(const std::string& name) const;

  const std::vector<RoleRule>* creation_rules(const std::string& type) const;
  const std::vector<RoleRule>* method_rules(const std::string& type) const;
  const std::vector<RoleRule>* function_rules(const std::string& function) const;

  const std::vector<DefinitionRule>& definition_rules() const { return definitions_; }
  // True when a definition rule names the type among its returns or takes.
  bool is_definition_type(const std::string& type) const;

  // A site rule of `entry` may fire without other evidence in the file when the name is
  // the entry's own (listed in its types or calls, or inside one of its namespaces).
  bool owns(std::size_t entry, const std::string& name) const;

 private:
  const Catalog& catalog_;
  std::map<std::string, std::vector<std::size_t>> types_, calls_;
  std::vector<std::pair<std::string, std::size_t>> namespaces_;  // "ns::" prefixes
  std::map<std::string, std::string> returns_;
  std::map<std::string, std::vector<RoleRule>> creation_, methods_, functions_;
  std::vector<DefinitionRule> definitions_;
};

}  // namespace otel_setup::detectors
