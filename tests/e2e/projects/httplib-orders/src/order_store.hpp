#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

struct Order {
  int id = 0;
  std::string item;
  int quantity = 0;
};

// In-memory orders, safe to use from the server's worker threads.
class OrderStore {
 public:
  Order add(std::string item, int quantity);
  std::optional<Order> find(int id) const;
  std::string to_json() const;

 private:
  mutable std::mutex mutex_;
  std::map<int, Order> orders_;
  int next_id_ = 1;
};
