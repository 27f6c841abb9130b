// shop: a tiny item service. Usage: shop PORT DB_PATH NOTIFY_URL
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

#include "notifier.hpp"
#include "routes.hpp"
#include "store.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    spdlog::error("usage: shop PORT DB_PATH NOTIFY_URL");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  shop::Store store(argv[2]);
  shop::Notifier notifier(argv[3]);
  spdlog::set_pattern("%l %v");

  httplib::Server svr;
  shop::register_routes(svr, store, notifier);
  svr.Get(R"(/items/(\d+))", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string name = store.find(std::stoi(req.matches[1].str()));
    res.status = name.empty() ? 404 : 200;
    res.set_content(name, "text/plain");
  });

  spdlog::info("listening on {}", port);
  svr.listen("127.0.0.1", port);
  return 0;
}
