#pragma once

#include <nlohmann/json.hpp>

// Applies the discount rules to a cart: {"items": [{"sku": ..., "price": ..., "qty": ...}]}.
nlohmann::json price_cart(const nlohmann::json& cart);
