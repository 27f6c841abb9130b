#include "pricing.hpp"

#include <httplib.h>

namespace cart {

long Pricing::quote(const std::string& item) {
  httplib::Client client(base_url_);
  client.set_connection_timeout(2);
  const httplib::Headers headers = {{"x-caller", "cart"}};
  const auto result = client.Post("/quote", headers, item, "text/plain");
  if (!result || result->status != 200) return -1;
  return std::stol(result->body);
}

int Pricing::discontinued() {
  httplib::Client client(base_url_);
  const auto result = client.Get("/discontinued");
  return result ? result->status : 0;
}

}  // namespace cart
