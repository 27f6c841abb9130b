#include "pricing.hpp"

#include <stdexcept>

nlohmann::json price_cart(const nlohmann::json& cart) {
  if (!cart.contains("items")) throw std::invalid_argument("cart has no items");
  double total = 0;
  for (const auto& item : cart["items"]) {
    const double line = item.at("price").get<double>() * item.value("qty", 1);
    total += item.value("qty", 1) >= 10 ? line * 0.9 : line;
  }
  return {{"total", total}, {"currency", cart.value("currency", "EUR")}};
}
