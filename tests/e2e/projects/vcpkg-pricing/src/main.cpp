// pricing: reads carts as JSON lines on stdin and prints their prices.
#include <iostream>
#include <string>

#include "pricing.hpp"

int main() {
  std::string line;
  int failures = 0;
  while (std::getline(std::cin, line)) {
    try {
      std::cout << price_cart(nlohmann::json::parse(line)).dump() << "\n";
    } catch (const std::exception& error) {
      std::cerr << "pricing: " << error.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 2;
}
