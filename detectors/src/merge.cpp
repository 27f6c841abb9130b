#include "merge.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace otel_setup::detectors {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The words of a build-file line: find_package(CURL REQUIRED) -> find_package, curl, required.
std::set<std::string> build_tokens(const std::string& text) {
  std::set<std::string> tokens;
  std::string token;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' ||
        c == ':' || c == '.') {
      token += c;
    } else if (!token.empty()) {
      tokens.insert(lower(token));
      token.clear();
    }
  }
  return tokens;
}

struct Gathered {
  bool strong = false;
  std::vector<facts::Evidence> evidence;
  std::vector<facts::Site> sites;
};

// Which entries of the catalog the repository uses. An id listed with two kinds keeps the
// kinds with strong evidence; when none has any, only its primary (first) entry stays.
std::vector<std::size_t> surviving_entries(const CatalogIndex& index,
                                           const std::map<std::size_t, Gathered>& gathered) {
  const Catalog& catalog = index.catalog();
  std::set<std::string> strong_ids;
  for (const auto& [entry, found] : gathered) {
    if (found.strong) strong_ids.insert(catalog[entry].id);
  }
  std::vector<std::size_t> out;
  std::set<std::string> taken;
  for (const auto& [entry, found] : gathered) {
    const std::string& id = catalog[entry].id;
    if (strong_ids.count(id) ? found.strong : taken.insert(id).second) out.push_back(entry);
  }
  return out;
}

// Alias name -> the definition rule types it stands for, from every file: a handler's
// signature may use aliases declared in a header it includes.
using TypeAliases = std::map<std::string, std::set<std::string>>;

std::string last_component(const std::string& name) {
  const std::size_t colon = name.rfind("::");
  return colon == std::string::npos ? name : name.substr(colon + 2);
}

bool reads_as(const std::vector<std::string>& readings, const std::vector<std::string>& types,
              const TypeAliases& aliases) {
  for (const std::string& reading : readings) {
    if (std::find(types.begin(), types.end(), reading) != types.end()) return true;
    // An alias declared in another file is written the same, qualified or not.
    for (const std::string& key : {reading, last_component(reading)}) {
      auto found = aliases.find(key);
      if (found == aliases.end()) continue;
      for (const std::string& type : found->second) {
        if (std::find(types.begin(), types.end(), type) != types.end()) return true;
      }
    }
  }
  return false;
}

// A function from a request to a response (returns), or one that answers a request through
// a callback it calls (sends).
bool matches(const DefinitionRule& rule, const DefinitionCandidate& candidate,
             const TypeAliases& aliases) {
  if (rule.sends != candidate.sends) return false;
  if (!rule.sends) {
    return candidate.parameters.size() == 1 && reads_as(candidate.returns, rule.returns, aliases) &&
           reads_as(candidate.parameters.front(), rule.takes, aliases);
  }
  int requests = 0;
  for (const std::vector<std::string>& parameter : candidate.parameters)
    requests += reads_as(parameter, rule.takes, aliases) ? 1 : 0;
  return requests == 1;
}

// The definitions that match a definition rule become sites of its entry.
void match_definitions(const CatalogIndex& index, const std::vector<ScannedFile>& files,
                       const std::vector<VendoredCopy>& copies,
                       std::map<std::size_t, Gathered>& gathered) {
  if (index.definition_rules().empty()) return;
  TypeAliases aliases;
  for (const ScannedFile& scanned : files) {
    if (is_vendored(copies, scanned.file)) continue;
    for (const auto& [alias, type] : scanned.findings.type_aliases)
      aliases[alias].insert(type);
  }
  for (const ScannedFile& scanned : files) {
    if (is_vendored(copies, scanned.file)) continue;
    for (const DefinitionCandidate& candidate : scanned.findings.definitions) {
      for (const DefinitionRule& rule : index.definition_rules()) {
        if (!matches(rule, candidate, aliases)) continue;
        Gathered& target = gathered[rule.entry];
        target.strong = true;
        target.sites.push_back(candidate.site);
        target.sites.back().role = rule.role;
      }
    }
  }
}

}  // namespace

bool is_vendored(const std::vector<VendoredCopy>& copies, const std::string& file) {
  for (const VendoredCopy& copy : copies) {
    if (file == copy.owned ||
        (!copy.owned.empty() && copy.owned.back() == '/' && file.rfind(copy.owned, 0) == 0))
      return true;
  }
  return false;
}

void merge_findings(const CatalogIndex& index, std::vector<ScannedFile>& files,
                    facts::Facts& facts) {
  const Catalog& catalog = index.catalog();
  std::vector<VendoredCopy> copies;
  for (const ScannedFile& scanned : files)
    copies.insert(copies.end(), scanned.vendored.begin(), scanned.vendored.end());

  std::map<std::size_t, Gathered> gathered;  // by entry; std::map keeps catalog order
  for (ScannedFile& scanned : files) {
    if (is_vendored(copies, scanned.file)) continue;  // the library's own code: no findings
    FileFindings& found = scanned.findings;
    for (LibraryHit& hit : found.hits) {
      Gathered& target = gathered[hit.entry];
      target.strong = target.strong || hit.strong;
      std::move(hit.evidence.begin(), hit.evidence.end(), std::back_inserter(target.evidence));
      std::move(hit.sites.begin(), hit.sites.end(), std::back_inserter(target.sites));
    }
    std::move(found.entry_points.begin(), found.entry_points.end(),
              std::back_inserter(facts.entry_points));
    std::move(found.markers.begin(), found.markers.end(), std::back_inserter(facts.markers));
    std::move(found.warnings.begin(), found.warnings.end(), std::back_inserter(facts.warnings));
  }
  match_definitions(index, files, copies, gathered);
  // A vendored copy alone means the repository uses the library.
  std::map<std::string, std::vector<std::string>> vendored_files;
  for (const VendoredCopy& copy : copies) {
    std::vector<std::string>& listed = vendored_files[catalog[copy.entry].id];
    if (std::find(listed.begin(), listed.end(), copy.file) == listed.end())
      listed.push_back(copy.file);
    bool id_found = false;
    for (const auto& [entry, found] : gathered)
      id_found = id_found || catalog[entry].id == catalog[copy.entry].id;
    if (!id_found) gathered[copy.entry];
  }

  for (std::size_t entry : surviving_entries(index, gathered)) {
    Gathered& found = gathered[entry];
    facts::Library library;
    library.id = catalog[entry].id;
    library.kind = catalog[entry].kind;
    library.evidence = std::move(found.evidence);
    library.sites = std::move(found.sites);
    auto vendored = vendored_files.find(library.id);
    if (vendored != vendored_files.end()) {
      library.vendored = true;
      library.vendored_files = vendored->second;
    }
    // Build files that name the library (find_package, pkg-config, vcpkg, conan).
    std::set<std::string> names;
    for (const std::string& name : catalog[entry].build_names)
      names.insert(lower(name));
    for (const facts::BuildSystem& build : facts.build_systems) {
      for (const facts::Evidence& item : build.evidence) {
        std::set<std::string> tokens = build_tokens(item.text);
        if (std::any_of(tokens.begin(), tokens.end(),
                        [&](const std::string& token) { return names.count(token) != 0; }))
          library.evidence.push_back(item);
      }
    }
    facts.libraries.push_back(std::move(library));
  }
}

void sort_facts(facts::Facts& facts) {
  auto evidence_key = [](const facts::Evidence& e) {
    return std::make_tuple(e.file, e.position.line, e.position.column, static_cast<int>(e.kind),
                           e.text);
  };
  auto site_key = [](const facts::Site& s) {
    return std::make_tuple(s.file, s.position.line, s.position.column, s.role, s.text);
  };
  for (facts::Library& library : facts.libraries) {
    std::sort(library.evidence.begin(), library.evidence.end(),
              [&](const auto& a, const auto& b) { return evidence_key(a) < evidence_key(b); });
    library.evidence.erase(std::unique(library.evidence.begin(), library.evidence.end(),
                                       [&](const auto& a, const auto& b) {
                                         return evidence_key(a) == evidence_key(b);
                                       }),
                           library.evidence.end());
    std::sort(library.sites.begin(), library.sites.end(),
              [&](const auto& a, const auto& b) { return site_key(a) < site_key(b); });
    std::sort(library.vendored_files.begin(), library.vendored_files.end());
  }
  std::sort(facts.libraries.begin(), facts.libraries.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.id, static_cast<int>(a.kind)) <
           std::make_tuple(b.id, static_cast<int>(b.kind));
  });
  std::sort(facts.entry_points.begin(), facts.entry_points.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.file, a.position.line) < std::make_tuple(b.file, b.position.line);
  });
  std::sort(facts.markers.begin(), facts.markers.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.file, a.begin.line, a.id) <
           std::make_tuple(b.file, b.begin.line, b.id);
  });
  std::sort(facts.warnings.begin(), facts.warnings.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.file, a.line, a.message) < std::make_tuple(b.file, b.line, b.message);
  });
}

}  // namespace otel_setup::detectors
