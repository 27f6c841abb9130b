#include "routes.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

namespace shop {

void register_routes(httplib::Server& server, Store& store, Notifier& notifier) {
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.Get("/items", [&store](const httplib::Request&, httplib::Response& res) {
    spdlog::info("listing items");
    res.set_content(std::to_string(store.count()), "text/plain");
  });
  server.Post("/items", [&store, &notifier](const httplib::Request& req, httplib::Response& res) {
    const int id = store.add(req.body);
    spdlog::info("added item {}", id);
    res.status = notifier.notify(std::to_string(id)) ? 201 : 502;
  });
  server.Post("/explode", [](const httplib::Request&, httplib::Response&) {
    throw std::runtime_error("boom");
  });
  server.Get("/unavailable",
             [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
}

}  // namespace shop
