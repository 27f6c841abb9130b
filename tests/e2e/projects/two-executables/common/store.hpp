#pragma once

#include <map>
#include <optional>
#include <string>

// A tiny key-value store persisted as "key=value" lines.
class Store {
 public:
  explicit Store(std::string path);
  std::optional<std::string> get(const std::string& key) const;
  void put(const std::string& key, const std::string& value);
  bool save() const;
  std::size_t size() const { return values_.size(); }

 private:
  std::string path_;
  std::map<std::string, std::string> values_;
};
