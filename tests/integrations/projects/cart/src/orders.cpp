#include "orders.hpp"

namespace cart {

Orders::Orders(const std::string& connection_string) : connection_(connection_string) {
  pqxx::work setup(connection_);
  setup.exec0("CREATE TABLE IF NOT EXISTS cart_lines (cart integer, item text, quantity integer)");
  setup.commit();
  connection_.prepare("lines_of_cart",
                      "SELECT item, quantity FROM cart_lines WHERE cart = $1 ORDER BY item");
}

void Orders::add(int cart, const std::string& item, int quantity) {
  std::lock_guard<std::mutex> lock(mutex_);
  pqxx::work txn(connection_);
  txn.exec_params("INSERT INTO cart_lines (cart, item, quantity) VALUES ($1, $2, $3)", cart, item,
                  quantity);
  txn.commit();
}

std::string Orders::list(int cart) {
  std::lock_guard<std::mutex> lock(mutex_);
  pqxx::work txn(connection_);
  const pqxx::result rows = txn.exec_prepared("lines_of_cart", cart);
  std::string text;
  for (const auto& row : rows) {
    if (!text.empty()) text += ", ";
    text += row[0].as<std::string>() + " x" + row[1].as<std::string>();
  }
  return text;
}

void Orders::audit() {
  std::lock_guard<std::mutex> lock(mutex_);
  pqxx::nontransaction txn(connection_);
  txn.exec("SELECT count(*) FROM cart_audit");
}

}  // namespace cart
