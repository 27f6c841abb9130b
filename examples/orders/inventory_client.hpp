// Talks to the inventory service over HTTP (libcurl).
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace orders {

struct Reservation {
  enum class Outcome { kReserved, kInsufficientStock, kUnknownItem };

  Outcome outcome = Outcome::kReserved;
  int remaining = 0;  // stock left after the call, when inventory reports it
};

// The inventory service could not be reached or answered something unexpected.
class InventoryUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Stateless apart from its configuration, so one instance is shared by all
// request threads; every call uses its own curl handle.
class InventoryClient {
 public:
  explicit InventoryClient(std::string base_url,
                           std::chrono::milliseconds timeout = std::chrono::seconds(2));

  // POST {base_url}/stock/{item}/reserve with {"quantity": n}.
  Reservation reserve(const std::string& item, int quantity) const;

 private:
  struct HttpResult {
    long status = 0;
    std::string body;
  };

  HttpResult post_json(const std::string& url, const std::string& body) const;

  std::string base_url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace orders
