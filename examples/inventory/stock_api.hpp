// HTTP routes of the inventory service.
#pragma once

#include "http_server.hpp"
#include "stock_store.hpp"

namespace inventory {

class StockApi {
 public:
  explicit StockApi(StockStore& store);

  // GET /health, GET /stock, GET /stock/{item}, POST /stock/{item}/reserve.
  void register_routes(Router& router);

 private:
  Response health(const Request& request, const std::smatch& match);
  Response list_stock(const Request& request, const std::smatch& match);
  Response get_stock(const Request& request, const std::smatch& match);
  Response reserve(const Request& request, const std::smatch& match);

  StockStore& store_;
};

}  // namespace inventory
