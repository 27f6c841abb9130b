#pragma once

#include <mutex>
#include <string>

#include <pqxx/pqxx>

namespace cart {

// Cart lines in PostgreSQL.
class Orders {
 public:
  explicit Orders(const std::string& connection_string);

  void add(int cart, const std::string& item, int quantity);
  // "item x2, item x1" for the cart, "" when it is empty.
  std::string list(int cart);
  // Reads a table that does not exist: PostgreSQL answers with an error.
  void audit();

 private:
  std::mutex mutex_;
  pqxx::connection connection_;
};

}  // namespace cart
