#include "stock_api.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace inventory {
namespace {

using nlohmann::json;

constexpr int kMaxReservation = 1000;

// Item names: letters, digits, '-' and '_' (anything else is not a route).
constexpr const char* kItemPattern = "([A-Za-z0-9_-]{1,64})";

Response reply(const Request& request, http::status status, const json& body) {
  return json_response(request, status, body.dump());
}

json to_json(const StockLevel& level) {
  return json{{"item", level.item}, {"available", level.available}};
}

// {"quantity": n} with 1 <= n <= kMaxReservation.
std::optional<int> parse_quantity(const std::string& body) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return std::nullopt;
  const auto quantity = parsed.find("quantity");
  if (quantity == parsed.end() || !quantity->is_number_integer()) return std::nullopt;
  const long value = quantity->get<long>();
  if (value < 1 || value > kMaxReservation) return std::nullopt;
  return static_cast<int>(value);
}

}  // namespace

StockApi::StockApi(StockStore& store) : store_(store) {}

void StockApi::register_routes(Router& router) {
  using namespace std::placeholders;
  router.add(http::verb::get, "/health", std::bind(&StockApi::health, this, _1, _2));
  router.add(http::verb::get, "/stock", std::bind(&StockApi::list_stock, this, _1, _2));
  router.add(http::verb::get, std::string("/stock/") + kItemPattern,
             std::bind(&StockApi::get_stock, this, _1, _2));
  router.add(http::verb::post, std::string("/stock/") + kItemPattern + "/reserve",
             std::bind(&StockApi::reserve, this, _1, _2));
}

Response StockApi::health(const Request& request, const std::smatch&) {
  return reply(request, http::status::ok, json{{"status", "ok"}});
}

Response StockApi::list_stock(const Request& request, const std::smatch&) {
  json items = json::array();
  for (const StockLevel& level : store_.list())
    items.push_back(to_json(level));
  return reply(request, http::status::ok, json{{"items", items}});
}

Response StockApi::get_stock(const Request& request, const std::smatch& match) {
  const std::optional<StockLevel> level = store_.find(match[1].str());
  if (!level) return reply(request, http::status::not_found, json{{"error", "unknown item"}});
  return reply(request, http::status::ok, to_json(*level));
}

Response StockApi::reserve(const Request& request, const std::smatch& match) {
  const std::string item = match[1].str();
  const std::optional<int> quantity = parse_quantity(request.body());
  if (!quantity) {
    return reply(
        request, http::status::bad_request,
        json{{"error", "body must be {\"quantity\": 1.." + std::to_string(kMaxReservation) + "}"}});
  }

  const ReserveResult result = store_.reserve(item, *quantity);
  switch (result.outcome) {
    case ReserveResult::Outcome::kReserved:
      spdlog::info("reserved {} x{}, {} left", item, *quantity, result.remaining);
      return reply(request, http::status::ok,
                   json{{"item", item}, {"reserved", *quantity}, {"remaining", result.remaining}});
    case ReserveResult::Outcome::kInsufficientStock:
      spdlog::info("cannot reserve {} x{}: only {} left", item, *quantity, result.remaining);
      return reply(request, http::status::conflict,
                   json{{"error", "insufficient stock"},
                        {"item", item},
                        {"requested", *quantity},
                        {"remaining", result.remaining}});
    case ReserveResult::Outcome::kUnknownItem:
      break;
  }
  return reply(request, http::status::not_found, json{{"error", "unknown item"}});
}

}  // namespace inventory
