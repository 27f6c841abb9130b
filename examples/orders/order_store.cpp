#include "order_store.hpp"

#include <sqlite3.h>

#include <utility>

namespace orders {
namespace {

constexpr int kBusyTimeoutMs = 2000;

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS orders (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    item       TEXT    NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    status     TEXT    NOT NULL,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
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

  void bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value), "bind failed");
  }
  void bind(int index, const std::string& value) {
    check(sqlite3_bind_text(stmt_, index, value.c_str(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT),
          "bind failed");
  }

  // True while a row is available, false once the statement is done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(describe(db_, "step failed"));
  }

  std::int64_t int64_at(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string text_at(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }

 private:
  void check(int rc, const char* what) {
    if (rc != SQLITE_OK) throw StoreError(describe(db_, what));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

Order read_order(const Statement& row) {
  Order order;
  order.id = row.int64_at(0);
  order.item = row.text_at(1);
  order.quantity = static_cast<int>(row.int64_at(2));
  order.status = row.text_at(3);
  order.created_at = row.text_at(4);
  return order;
}

}  // namespace

OrderStore::OrderStore(const std::string& path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = describe(db_, "cannot open " + path);
    sqlite3_close(db_);
    throw StoreError(message);
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  migrate();
}

OrderStore::~OrderStore() {
  sqlite3_close(db_);
}

void OrderStore::migrate() {
  char* error = nullptr;
  if (sqlite3_exec(db_, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = std::string("migration failed: ") + (error ? error : "unknown error");
    sqlite3_free(error);
    throw StoreError(message);
  }
}

Order OrderStore::create(const std::string& item, int quantity) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement insert(db_,
                   "INSERT INTO orders (item, quantity, status) VALUES (?, ?, 'confirmed') "
                   "RETURNING id, item, quantity, status, created_at");
  insert.bind(1, item);
  insert.bind(2, std::int64_t{quantity});
  if (!insert.step()) throw StoreError("insert returned no row");
  Order order = read_order(insert);
  insert.step();  // drains the statement so the insert is committed
  return order;
}

std::optional<Order> OrderStore::find(std::int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_, "SELECT id, item, quantity, status, created_at FROM orders WHERE id = ?");
  select.bind(1, id);
  if (!select.step()) return std::nullopt;
  return read_order(select);
}

std::vector<Order> OrderStore::list(int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_,
                   "SELECT id, item, quantity, status, created_at FROM orders "
                   "ORDER BY id DESC LIMIT ?");
  select.bind(1, std::int64_t{limit});
  std::vector<Order> orders;
  while (select.step())
    orders.push_back(read_order(select));
  return orders;
}

}  // namespace orders
