#include "order_store.hpp"

Order OrderStore::add(std::string item, int quantity) {
  std::lock_guard<std::mutex> lock(mutex_);
  Order order{next_id_++, std::move(item), quantity};
  orders_[order.id] = order;
  return order;
}

std::optional<Order> OrderStore::find(int id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = orders_.find(id);
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

std::string OrderStore::to_json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string json = "[";
  for (const auto& [id, order] : orders_) {
    if (json.size() > 1) json += ",";
    json += "{\"id\":" + std::to_string(id) + ",\"item\":\"" + order.item +
            "\",\"quantity\":" + std::to_string(order.quantity) + "}";
  }
  return json + "]";
}
