// orders-api: a small order service on cpp-httplib.
#include <httplib.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "order_store.hpp"

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 8080;
  OrderStore store;
  httplib::Server server;

  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.Get("/orders", [&store](const httplib::Request&, httplib::Response& res) {
    res.set_content(store.to_json(), "application/json");
  });
  server.Post("/orders", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string item = req.has_param("item") ? req.get_param_value("item") : "unknown";
    const int quantity =
        req.has_param("quantity") ? std::atoi(req.get_param_value("quantity").c_str()) : 1;
    const Order order = store.add(item, quantity);
    res.status = 201;
    res.set_content("{\"id\":" + std::to_string(order.id) + "}", "application/json");
  });

  std::cout << "orders-api listening on :" << port << std::endl;
  return server.listen("0.0.0.0", port) ? 0 : 1;
}
