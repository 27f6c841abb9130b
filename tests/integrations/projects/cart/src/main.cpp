// cart: a shopping-cart service. Usage: cart PORT REDIS_PORT POSTGRES_URI PRICING_URL
#include <httplib.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "cache.hpp"
#include "orders.hpp"
#include "pricing.hpp"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: cart PORT REDIS_PORT POSTGRES_URI PRICING_URL\n";
    return 2;
  }
  const int port = std::atoi(argv[1]);
  cart::Cache cache("127.0.0.1", std::atoi(argv[2]));
  cart::Orders orders(argv[3]);
  cart::Pricing pricing(argv[4]);

  httplib::Server svr;
  svr.Post(R"(/carts/(\d+)/items)", [&](const httplib::Request& req, httplib::Response& res) {
    const int id = std::stoi(req.matches[1].str());
    const long price = pricing.quote(req.body);
    orders.add(id, req.body, 2);
    res.status = 201;
    res.set_content(std::to_string(price), "text/plain");
  });
  svr.Get(R"(/carts/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1].str();
    cache.touch(id);
    std::string lines = cache.get("cart:" + id);
    if (lines.empty()) {
      lines = orders.list(std::stoi(id));
      cache.put("cart:" + id, lines);
    }
    res.set_content(lines, "text/plain");
  });
  svr.Get(R"(/carts/(\d+)/audit)", [&](const httplib::Request&, httplib::Response& res) {
    orders.audit();  // throws: the table does not exist
    res.set_content("audited", "text/plain");
  });
  svr.Get(R"(/carts/(\d+)/bump)", [&](const httplib::Request& req, httplib::Response& res) {
    res.status = cache.bump_name("cart:" + req.matches[1].str()) ? 200 : 409;
  });
  svr.Get("/discontinued", [&](const httplib::Request&, httplib::Response& res) {
    res.status = pricing.discontinued() == 404 ? 410 : 200;
  });
  svr.Get("/offline", [&](const httplib::Request&, httplib::Response& res) {
    cart::Pricing offline("http://127.0.0.1:1");
    res.status = offline.quote("widget") < 0 ? 503 : 200;
  });
  svr.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });

  std::cout << "listening on " << port << std::endl;
  svr.listen("127.0.0.1", port);
  return 0;
}
