#include "store.hpp"

#include <fstream>

Store::Store(std::string path) : path_(std::move(path)) {
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) values_[line.substr(0, eq)] = line.substr(eq + 1);
  }
}

std::optional<std::string> Store::get(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void Store::put(const std::string& key, const std::string& value) {
  values_[key] = value;
}

bool Store::save() const {
  std::ofstream out(path_);
  for (const auto& [key, value] : values_)
    out << key << '=' << value << '\n';
  return static_cast<bool>(out);
}
