// Name resolution inside one file: namespace aliases (`namespace beast = boost::beast;`),
// type aliases and typedefs, using-declarations (`using httplib::Server;`) and
// using-directives (`using namespace Pistache;`), so a written name maps back to the
// catalog's fully qualified one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog_index.hpp"

namespace otel_setup::detectors {

class NameScope {
 public:
  explicit NameScope(const CatalogIndex& index) : index_(index) {}

  void add_alias(const std::string& name, const std::string& target);
  void add_using_namespace(const std::string& name);

  // Every fully qualified reading of a written name, most likely first.
  std::vector<std::string> candidates(const std::string& written) const;
  // The reading the catalog knows, else the first one.
  std::string canonical(const std::string& written) const;

  // Alias -> fully qualified name, for every alias and typedef declared so far.
  const std::map<std::string, std::string>& aliases() const { return aliases_; }

  void set_variable_type(const std::string& variable, const std::string& type);
  std::string variable_type(const std::string& variable) const;

 private:
  std::string expand(std::string name) const;

  const CatalogIndex& index_;
  std::map<std::string, std::string> aliases_;
  std::vector<std::string> using_namespaces_;
  std::map<std::string, std::string> variables_;
};

// "std::vector<int>" -> "std::vector"; "::httplib::Server" -> "httplib::Server".
std::string strip_template_arguments(const std::string& name);

}  // namespace otel_setup::detectors
