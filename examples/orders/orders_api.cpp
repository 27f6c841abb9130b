#include "orders_api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace orders {
namespace {

using nlohmann::json;

constexpr int kDefaultListLimit = 50;
constexpr int kMaxListLimit = 500;
constexpr int kMaxQuantity = 1000;
constexpr std::size_t kMaxItemLength = 64;

// Ordering this item throws from inside the handler. It exists so the demo and
// the end-to-end tests can exercise the "unhandled exception -> 500" path.
constexpr const char* kFailingItem = "explode";

struct NewOrder {
  std::string item;
  int quantity = 0;
};

void reply_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, status, json{{"error", message}});
}

json to_json(const Order& order) {
  return json{{"id", order.id},
              {"item", order.item},
              {"quantity", order.quantity},
              {"status", order.status},
              {"created_at", order.created_at}};
}

bool is_valid_item(const std::string& item) {
  if (item.empty() || item.size() > kMaxItemLength) return false;
  return std::all_of(item.begin(), item.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
}

// Parses {"item": "...", "quantity": n}; on failure returns nullopt and sets `error`.
std::optional<NewOrder> parse_new_order(const std::string& body, std::string& error) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    error = "body must be a JSON object";
    return std::nullopt;
  }
  const auto item = parsed.find("item");
  if (item == parsed.end() || !item->is_string() || !is_valid_item(item->get<std::string>())) {
    error = "item must be a name of letters, digits, '-' or '_'";
    return std::nullopt;
  }
  const auto quantity = parsed.find("quantity");
  if (quantity == parsed.end() || !quantity->is_number_integer() || quantity->get<long>() < 1 ||
      quantity->get<long>() > kMaxQuantity) {
    error = "quantity must be an integer between 1 and " + std::to_string(kMaxQuantity);
    return std::nullopt;
  }
  return NewOrder{item->get<std::string>(), static_cast<int>(quantity->get<long>())};
}

int list_limit(const httplib::Request& req) {
  if (!req.has_param("limit")) return kDefaultListLimit;
  try {
    return std::clamp(std::stoi(req.get_param_value("limit")), 1, kMaxListLimit);
  } catch (const std::exception&) {
    return kDefaultListLimit;
  }
}

}  // namespace

OrdersApi::OrdersApi(OrderStore& store, const InventoryClient& inventory)
    : store_(store), inventory_(inventory) {}

void OrdersApi::register_routes(httplib::Server& server) {
  server.Get("/health",
             [this](const httplib::Request& req, httplib::Response& res) { health(req, res); });
  server.Get("/orders", [this](const httplib::Request& req, httplib::Response& res) {
    list_orders(req, res);
  });
  server.Get(R"(/orders/(\d+))",
             [this](const httplib::Request& req, httplib::Response& res) { get_order(req, res); });
  server.Post("/orders", [this](const httplib::Request& req, httplib::Response& res) {
    create_order(req, res);
  });
}

void OrdersApi::health(const httplib::Request&, httplib::Response& res) {
  reply_json(res, 200, json{{"status", "ok"}});
}

void OrdersApi::list_orders(const httplib::Request& req, httplib::Response& res) {
  json body = json::array();
  for (const Order& order : store_.list(list_limit(req)))
    body.push_back(to_json(order));
  reply_json(res, 200, json{{"orders", body}});
}

void OrdersApi::get_order(const httplib::Request& req, httplib::Response& res) {
  std::optional<Order> order;
  try {
    order = store_.find(std::stoll(req.matches[1].str()));
  } catch (const std::out_of_range&) {
    // More digits than an id can have: no such order.
  }
  if (!order) {
    reply_error(res, 404, "order not found");
    return;
  }
  reply_json(res, 200, to_json(*order));
}

void OrdersApi::create_order(const httplib::Request& req, httplib::Response& res) {
  std::string error;
  const std::optional<NewOrder> request = parse_new_order(req.body, error);
  if (!request) {
    spdlog::warn("rejected order: {}", error);
    reply_error(res, 400, error);
    return;
  }
  if (request->item == kFailingItem) {
    throw std::runtime_error("order pipeline failed for item '" + request->item + "'");
  }

  Reservation reservation;
  try {
    reservation = inventory_.reserve(request->item, request->quantity);
  } catch (const InventoryUnavailable& e) {
    spdlog::error("inventory unavailable: {}", e.what());
    reply_error(res, 502, "inventory service unavailable");
    return;
  }

  switch (reservation.outcome) {
    case Reservation::Outcome::kInsufficientStock:
      spdlog::info("out of stock: {} x{} (available {})", request->item, request->quantity,
                   reservation.remaining);
      reply_json(res, 409,
                 json{{"error", "insufficient stock"},
                      {"item", request->item},
                      {"available", reservation.remaining}});
      return;
    case Reservation::Outcome::kUnknownItem:
      reply_error(res, 422, "unknown item '" + request->item + "'");
      return;
    case Reservation::Outcome::kReserved:
      break;
  }

  const Order order = store_.create(request->item, request->quantity);
  spdlog::info("order {} placed: {} x{}", order.id, order.item, order.quantity);
  res.set_header("Location", "/orders/" + std::to_string(order.id));
  reply_json(res, 201, to_json(order));
}

}  // namespace orders
