// orders: accepts orders over HTTP, reserves stock at the inventory service and
// keeps the orders in SQLite.
//
// Configuration (environment):
//   PORT            listen port                       (default 8080)
//   BIND_ADDRESS    listen address                    (default 0.0.0.0)
//   ORDERS_DB       SQLite file, or :memory:          (default :memory:)
//   INVENTORY_URL   base URL of the inventory service (default http://127.0.0.1:8081)
//   LOG_LEVEL       trace|debug|info|warn|error       (default info)
#include <curl/curl.h>
#include <httplib.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

#include "inventory_client.hpp"
#include "order_store.hpp"
#include "orders_api.hpp"

namespace {

struct Config {
  std::string bind_address;
  int port = 0;
  std::string db_path;
  std::string inventory_url;
  std::string log_level;
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

int parse_port(const std::string& text) {
  std::size_t used = 0;
  const int port = std::stoi(text, &used);
  if (used != text.size() || port < 1 || port > 65535) {
    throw std::invalid_argument("PORT must be 1-65535, got '" + text + "'");
  }
  return port;
}

Config load_config() {
  Config config;
  config.bind_address = env_or("BIND_ADDRESS", "0.0.0.0");
  config.port = parse_port(env_or("PORT", "8080"));
  config.db_path = env_or("ORDERS_DB", ":memory:");
  config.inventory_url = env_or("INVENTORY_URL", "http://127.0.0.1:8081");
  config.log_level = env_or("LOG_LEVEL", "info");
  return config;
}

void configure_logging(const std::string& level) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [orders] %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

// SIGINT/SIGTERM are blocked in every thread and picked up by one watcher
// thread, which stops the server so main() can return and clean up normally.
class ShutdownWatcher {
 public:
  ShutdownWatcher() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  }
  ~ShutdownWatcher() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }

  void watch(httplib::Server& server) {
    thread_ = std::thread([this, &server] {
      const timespec poll_interval{0, 200 * 1000 * 1000};
      while (!done_) {
        const int signal = sigtimedwait(&signals_, nullptr, &poll_interval);
        if (signal > 0) {
          spdlog::info("received signal {}, shutting down", signal);
          server.stop();
          return;
        }
      }
    });
  }

 private:
  sigset_t signals_;
  std::atomic<bool> done_{false};
  std::thread thread_;
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
  configure_logging(config.log_level);

  // Blocks the shutdown signals before any other thread exists.
  ShutdownWatcher shutdown;
  curl_global_init(CURL_GLOBAL_DEFAULT);

  int exit_code = 0;
  try {
    orders::OrderStore store(config.db_path);
    orders::InventoryClient inventory(config.inventory_url);
    orders::OrdersApi api(store, inventory);

    httplib::Server server;
    // Headers and body go out in separate writes; without TCP_NODELAY keep-alive
    // clients wait on delayed ACKs (~40 ms per request).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100);
    api.register_routes(server);
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      if (res.status >= 500 && res.has_header("EXCEPTION_WHAT")) {
        // cpp-httplib answers an exception escaping a handler with 500 and this header.
        spdlog::error("{} {} -> {}: {}", req.method, req.path, res.status,
                      res.get_header_value("EXCEPTION_WHAT"));
      } else {
        spdlog::info("{} {} -> {}", req.method, req.path, res.status);
      }
    });

    if (!server.bind_to_port(config.bind_address.c_str(), config.port)) {
      spdlog::critical("cannot listen on {}:{}", config.bind_address, config.port);
      exit_code = 1;
    } else {
      spdlog::info("listening on {}:{} (db {}, inventory {})", config.bind_address, config.port,
                   config.db_path, config.inventory_url);
      shutdown.watch(server);
      server.listen_after_bind();
      spdlog::info("stopped");
    }
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    exit_code = 1;
  }

  curl_global_cleanup();
  return exit_code;
}
