#include "store.hpp"

#include <stdexcept>

namespace shop {

Store::Store(const std::string& path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open db");
  sqlite3_exec(db_, "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT)", nullptr,
               nullptr, nullptr);
}

Store::~Store() {
  sqlite3_close(db_);
}

int Store::add(const std::string& name) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db_, "INSERT INTO items (name) VALUES (?)", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return static_cast<int>(sqlite3_last_insert_rowid(db_));
}

int Store::count() {
  int rows = 0;
  sqlite3_exec(
      db_, "SELECT id FROM items",
      [](void* total, int, char**, char**) {
        ++*static_cast<int*>(total);
        return 0;
      },
      &rows, nullptr);
  return rows;
}

std::string Store::find(int id) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db_, "SELECT name FROM items WHERE id = ?", -1, &stmt, nullptr);
  sqlite3_bind_int(stmt, 1, id);
  std::string name;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  return name;
}

}  // namespace shop
