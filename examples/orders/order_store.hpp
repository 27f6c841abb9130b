// Persistence for orders: one SQLite database, one table.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace orders {

struct Order {
  std::int64_t id = 0;
  std::string item;
  int quantity = 0;
  std::string status;
  std::string created_at;
};

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread-safe: the HTTP server calls it from its worker pool, and a single
// connection guarded by a mutex is plenty for this service's write rate.
class OrderStore {
 public:
  // `path` is a file name or ":memory:".
  explicit OrderStore(const std::string& path);
  ~OrderStore();

  OrderStore(const OrderStore&) = delete;
  OrderStore& operator=(const OrderStore&) = delete;

  Order create(const std::string& item, int quantity);
  std::optional<Order> find(std::int64_t id);
  std::vector<Order> list(int limit);

 private:
  void migrate();

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

}  // namespace orders
