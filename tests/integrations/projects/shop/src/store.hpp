#pragma once

#include <sqlite3.h>

#include <string>

namespace shop {

class Store {
 public:
  explicit Store(const std::string& path);
  ~Store();
  int add(const std::string& name);
  int count();
  std::string find(int id);

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace shop
