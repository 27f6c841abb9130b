// HTTP routes of the orders service.
#pragma once

#include <httplib.h>

#include "inventory_client.hpp"
#include "order_store.hpp"

namespace orders {

class OrdersApi {
 public:
  OrdersApi(OrderStore& store, const InventoryClient& inventory);

  // GET /health, GET /orders, GET /orders/{id}, POST /orders.
  void register_routes(httplib::Server& server);

 private:
  void health(const httplib::Request& req, httplib::Response& res);
  void list_orders(const httplib::Request& req, httplib::Response& res);
  void get_order(const httplib::Request& req, httplib::Response& res);
  void create_order(const httplib::Request& req, httplib::Response& res);

  OrderStore& store_;
  const InventoryClient& inventory_;
};

}  // namespace orders
