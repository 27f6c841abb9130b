#pragma once

#include <string>

namespace cart {

// The downstream pricing service.
class Pricing {
 public:
  explicit Pricing(std::string base_url) : base_url_(std::move(base_url)) {}

  // The price of an item in cents, -1 when the service did not answer 200.
  long quote(const std::string& item);
  // A path the pricing service does not have: answered 404.
  int discontinued();

 private:
  std::string base_url_;
};

}  // namespace cart
