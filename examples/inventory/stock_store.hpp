// Stock levels per item, kept in SQLite.
#pragma once

#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace inventory {

struct StockLevel {
  std::string item;
  int available = 0;
};

struct ReserveResult {
  enum class Outcome { kReserved, kInsufficientStock, kUnknownItem };

  Outcome outcome = Outcome::kUnknownItem;
  int remaining = 0;  // stock left after the call
};

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread-safe; every method runs under one mutex so a reservation's check and
// decrement cannot interleave with another one.
class StockStore {
 public:
  // `path` is a file name or ":memory:".
  explicit StockStore(const std::string& path);
  ~StockStore();

  StockStore(const StockStore&) = delete;
  StockStore& operator=(const StockStore&) = delete;

  // Adds items that are not stored yet; existing levels are kept.
  void seed(const std::vector<StockLevel>& levels);

  std::optional<StockLevel> find(const std::string& item);
  std::vector<StockLevel> list();
  ReserveResult reserve(const std::string& item, int quantity);

 private:
  std::optional<StockLevel> find_locked(const std::string& item);

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

}  // namespace inventory
