#include "stock_store.hpp"

#include <sqlite3.h>

#include <cstdint>

namespace inventory {
namespace {

constexpr int kBusyTimeoutMs = 2000;

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS stock (
    item      TEXT    PRIMARY KEY,
    available INTEGER NOT NULL CHECK (available >= 0)
  );
)sql";

std::string describe(sqlite3* db, const std::string& what) {
  return what + ": " + sqlite3_errmsg(db);
}

// Owns one prepared statement; finalizes it on every exit path.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw StoreError(describe(db_, "prepare failed"));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind(int index, const std::string& value) {
    check(sqlite3_bind_text(stmt_, index, value.c_str(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT));
  }

  // True while a row is available, false once the statement is done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(describe(db_, "step failed"));
  }

  int int_at(int column) const { return sqlite3_column_int(stmt_, column); }
  std::string text_at(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw StoreError(describe(db_, "bind failed"));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

StockStore::StockStore(const std::string& path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = describe(db_, "cannot open " + path);
    sqlite3_close(db_);
    throw StoreError(message);
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  char* error = nullptr;
  if (sqlite3_exec(db_, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = std::string("migration failed: ") + (error ? error : "unknown error");
    sqlite3_free(error);
    sqlite3_close(db_);
    throw StoreError(message);
  }
}

StockStore::~StockStore() {
  sqlite3_close(db_);
}

void StockStore::seed(const std::vector<StockLevel>& levels) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const StockLevel& level : levels) {
    Statement insert(db_, "INSERT OR IGNORE INTO stock (item, available) VALUES (?, ?)");
    insert.bind(1, level.item);
    insert.bind(2, std::int64_t{level.available});
    insert.step();
  }
}

std::optional<StockLevel> StockStore::find(const std::string& item) {
  std::lock_guard<std::mutex> lock(mutex_);
  return find_locked(item);
}

std::optional<StockLevel> StockStore::find_locked(const std::string& item) {
  Statement select(db_, "SELECT item, available FROM stock WHERE item = ?");
  select.bind(1, item);
  if (!select.step()) return std::nullopt;
  return StockLevel{select.text_at(0), select.int_at(1)};
}

std::vector<StockLevel> StockStore::list() {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_, "SELECT item, available FROM stock ORDER BY item");
  std::vector<StockLevel> levels;
  while (select.step())
    levels.push_back(StockLevel{select.text_at(0), select.int_at(1)});
  return levels;
}

ReserveResult StockStore::reserve(const std::string& item, int quantity) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement update(db_,
                   "UPDATE stock SET available = available - ? "
                   "WHERE item = ? AND available >= ? RETURNING available");
  update.bind(1, std::int64_t{quantity});
  update.bind(2, item);
  update.bind(3, std::int64_t{quantity});
  if (update.step()) {
    ReserveResult result{ReserveResult::Outcome::kReserved, update.int_at(0)};
    update.step();  // drains the statement so the update is committed
    return result;
  }

  // Nothing updated: either the item is unknown or there is not enough of it.
  const std::optional<StockLevel> level = find_locked(item);
  if (!level) return ReserveResult{ReserveResult::Outcome::kUnknownItem, 0};
  return ReserveResult{ReserveResult::Outcome::kInsufficientStock, level->available};
}

}  // namespace inventory
