#include "catalog_index.hpp"

#include <algorithm>

namespace otel_setup::detectors {
namespace {

template <typename Map>
const typename Map::mapped_type* lookup(const Map& map, const std::string& key) {
  auto found = map.find(key);
  return found == map.end() ? nullptr : &found->second;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

CatalogIndex::CatalogIndex(const Catalog& catalog) : catalog_(catalog) {
  for (std::size_t entry = 0; entry < catalog.size(); ++entry) {
    const CatalogEntry& item = catalog[entry];
    for (const std::string& type : item.types)
      types_[type].push_back(entry);
    for (const std::string& call : item.calls)
      calls_[call].push_back(entry);
    for (const std::string& name : item.namespaces)
      namespaces_.emplace_back(name + "::", entry);
    for (const ReturnType& ret : item.returns)
      returns_[ret.function] = ret.type;
    for (const SiteRule& rule : item.sites) {
      for (const std::string& type : rule.types) {
        auto& table = rule.methods.empty() ? creation_ : methods_;
        table[type].push_back({entry, rule.role, rule.methods});
      }
      for (const std::string& function : rule.functions)
        functions_[function].push_back({entry, rule.role, {}});
      if (!rule.takes.empty())
        definitions_.push_back({entry, rule.role, rule.returns, rule.takes, rule.sends});
    }
  }
}

const std::vector<std::size_t>* CatalogIndex::entries_for_type(const std::string& name) const {
  return lookup(types_, name);
}

const std::vector<std::size_t>* CatalogIndex::entries_for_call(const std::string& name) const {
  return lookup(calls_, name);
}

std::vector<std::size_t> CatalogIndex::entries_for_namespace(const std::string& name) const {
  std::vector<std::size_t> out;
  for (const auto& [prefix, entry] : namespaces_) {
    if (name.compare(0, prefix.size(), prefix) == 0) out.push_back(entry);
  }
  return out;
}

std::string CatalogIndex::return_type(const std::string& function) const {
  const std::string* type = lookup(returns_, function);
  return type ? *type : std::string();
}

bool CatalogIndex::knows(const std::string& name) const {
  return types_.count(name) || calls_.count(name) || returns_.count(name) ||
         creation_.count(name) || methods_.count(name) || functions_.count(name) ||
         is_definition_type(name);
}

const std::vector<RoleRule>* CatalogIndex::creation_rules(const std::string& type) const {
  return lookup(creation_, type);
}

const std::vector<RoleRule>* CatalogIndex::method_rules(const std::string& type) const {
  return lookup(methods_, type);
}

const std::vector<RoleRule>* CatalogIndex::function_rules(const std::string& function) const {
  return lookup(functions_, function);
}

bool CatalogIndex::is_definition_type(const std::string& type) const {
  for (const DefinitionRule& rule : definitions_) {
    if (contains(rule.returns, type) || contains(rule.takes, type)) return true;
  }
  return false;
}

bool CatalogIndex::owns(std::size_t entry, const std::string& name) const {
  const CatalogEntry& item = catalog_[entry];
  if (contains(item.types, name) || contains(item.calls, name)) return true;
  for (const std::string& space : item.namespaces) {
    if (name.compare(0, space.size() + 2, space + "::") == 0) return true;
  }
  return false;
}

}  // namespace otel_setup::detectors
