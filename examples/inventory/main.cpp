// inventory: owns stock levels and hands out reservations over HTTP.
//
// Configuration (environment):
//   PORT            listen port                  (default 8081)
//   BIND_ADDRESS    listen address               (default 0.0.0.0)
//   INVENTORY_DB    SQLite file, or :memory:     (default :memory:)
//   THREADS         I/O threads                  (default 2)
//   LOG_LEVEL       trace|debug|info|warn|error  (default info)
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http_server.hpp"
#include "stock_api.hpp"
#include "stock_store.hpp"

namespace {

struct Config {
  std::string bind_address;
  unsigned short port = 0;
  std::string db_path;
  int threads = 0;
  std::string log_level;
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

int parse_int(const char* name, const std::string& text, int min, int max) {
  std::size_t used = 0;
  const int value = std::stoi(text, &used);
  if (used != text.size() || value < min || value > max) {
    throw std::invalid_argument(std::string(name) + " must be " + std::to_string(min) + "-" +
                                std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

Config load_config() {
  Config config;
  config.bind_address = env_or("BIND_ADDRESS", "0.0.0.0");
  config.port = static_cast<unsigned short>(parse_int("PORT", env_or("PORT", "8081"), 1, 65535));
  config.db_path = env_or("INVENTORY_DB", ":memory:");
  config.threads = parse_int("THREADS", env_or("THREADS", "2"), 1, 64);
  config.log_level = env_or("LOG_LEVEL", "info");
  return config;
}

// What a fresh warehouse holds; existing rows in a file database are kept.
const std::vector<inventory::StockLevel> kInitialStock = {
    {"widget", 100},
    {"gadget", 5},
    {"sprocket", 20},
};

}  // namespace

int main() {
  Config config;
  try {
    config = load_config();
  } catch (const std::exception& e) {
    spdlog::critical("invalid configuration: {}", e.what());
    return 2;
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [inventory] %v");
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  try {
    inventory::StockStore store(config.db_path);
    store.seed(kInitialStock);

    inventory::Router router;
    inventory::StockApi api(store);
    api.register_routes(router);

    boost::asio::io_context io(config.threads);
    const auto address = boost::asio::ip::make_address(config.bind_address);
    auto listener = std::make_shared<inventory::Listener>(
        io, inventory::tcp::endpoint(address, config.port), router);
    listener->run();

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int signal) {
      spdlog::info("received signal {}, shutting down", signal);
      listener->stop();
      io.stop();
    });

    spdlog::info("listening on {}:{} (db {}, {} threads)", config.bind_address, config.port,
                 config.db_path, config.threads);
    std::vector<std::thread> workers;
    for (int i = 1; i < config.threads; ++i)
      workers.emplace_back([&io] { io.run(); });
    io.run();
    for (std::thread& worker : workers)
      worker.join();
    spdlog::info("stopped");
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    return 1;
  }
  return 0;
}
