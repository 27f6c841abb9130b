#include "catalog.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace otel_setup::detectors {

extern const char* const kCatalogJson;

namespace {

std::vector<std::string> strings(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  if (object.contains(key)) {
    for (const auto& value : object.at(key))
      out.push_back(value.get<std::string>());
  }
  return out;
}

SiteRule parse_site(const nlohmann::json& site) {
  SiteRule rule;
  rule.role = site.at("role").get<std::string>();
  rule.types = strings(site, "types");
  rule.methods = strings(site, "methods");
  rule.functions = strings(site, "functions");
  rule.returns = strings(site, "returns");
  rule.takes = strings(site, "takes");
  rule.sends = site.value("sends", false);
  if (rule.takes.empty() != (rule.returns.empty() && !rule.sends))
    throw std::runtime_error("site " + rule.role +
                             ": \"takes\" goes with \"returns\" or with \"sends\"");
  if (!rule.returns.empty() && rule.sends)
    throw std::runtime_error("site " + rule.role + ": \"returns\" or \"sends\", not both");
  return rule;
}

CatalogEntry parse_entry(const nlohmann::json& item) {
  CatalogEntry entry;
  entry.id = item.at("id").get<std::string>();
  entry.kind = library_kind_from_string(item.at("kind").get<std::string>());
  entry.includes = strings(item, "includes");
  entry.namespaces = strings(item, "namespaces");
  entry.types = strings(item, "types");
  entry.calls = strings(item, "calls");
  entry.comment_markers = strings(item, "comment_markers");
  entry.triggers = strings(item, "triggers");
  entry.build_names = strings(item, "build_names");
  for (const auto& ret : item.value("returns", nlohmann::json::array()))
    entry.returns.push_back(
        {ret.at("function").get<std::string>(), ret.at("type").get<std::string>()});
  for (const auto& site : item.value("sites", nlohmann::json::array()))
    entry.sites.push_back(parse_site(site));
  for (const auto& marker : item.value("vendored", nlohmann::json::array())) {
    entry.vendored.push_back({marker.at("file").get<std::string>(),
                              marker.at("contains").get<std::string>(),
                              marker.value("owns", std::string("file"))});
  }
  return entry;
}

}  // namespace

facts::LibraryKind library_kind_from_string(const std::string& text) {
  using facts::LibraryKind;
  for (LibraryKind kind : {LibraryKind::server, LibraryKind::http_client, LibraryKind::db,
                           LibraryKind::messaging, LibraryKind::logging, LibraryKind::tracing}) {
    if (text == facts::to_string(kind)) return kind;
  }
  throw std::runtime_error("unknown library kind '" + text + "'");
}

Catalog parse_catalog(const std::string& json_text) {
  nlohmann::json document = nlohmann::json::parse(json_text);
  Catalog catalog;
  std::set<std::string> seen_ids;
  for (const auto& item : document.at("libraries")) {
    try {
      catalog.push_back(parse_entry(item));
    } catch (const std::exception& error) {
      throw std::runtime_error("catalog entry " + item.value("id", std::string("?")) + ": " +
                               error.what());
    }
    catalog.back().primary = seen_ids.insert(catalog.back().id).second;
  }
  return catalog;
}

const Catalog& builtin_catalog() {
  static const Catalog catalog = parse_catalog(kCatalogJson);
  return catalog;
}

TriggerStrings trigger_strings(const Catalog& catalog) {
  // Every finding needs one of these in the file's bytes: an include path, a namespace
  // name (qualified names, aliases and using-directives all spell it), an unqualified C
  // function, a comment marker or a vendored marker. Qualified types and calls are covered
  // by their namespace; entries may add more in "triggers".
  std::set<std::string> words, texts;
  for (const CatalogEntry& entry : catalog) {
    for (const std::string& include : entry.includes)
      words.insert(include.back() == '/' ? include.substr(0, include.size() - 1) : include);
    for (const std::string& call : entry.calls) {
      if (call.find("::") == std::string::npos) words.insert(call);
    }
    for (const auto* list : {&entry.namespaces, &entry.triggers})
      words.insert(list->begin(), list->end());
    texts.insert(entry.comment_markers.begin(), entry.comment_markers.end());
    for (const VendoredMarker& marker : entry.vendored)
      texts.insert(marker.contains);
  }
  TriggerStrings out;
  for (const std::string& word : words) {
    if (!word.empty() && texts.count(word) == 0) out.words.push_back(word);
  }
  out.texts.assign(texts.begin(), texts.end());
  return out;
}

bool include_matches(const std::string& pattern, const std::string& include_path) {
  if (pattern.empty()) return false;
  if (pattern.back() == '/') {
    if (include_path.compare(0, pattern.size(), pattern) == 0) return true;
    return include_path.find("/" + pattern) != std::string::npos;
  }
  if (include_path == pattern) return true;
  return include_path.size() > pattern.size() &&
         include_path.compare(include_path.size() - pattern.size() - 1, pattern.size() + 1,
                              "/" + pattern) == 0;
}

}  // namespace otel_setup::detectors
