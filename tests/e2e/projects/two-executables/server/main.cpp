// kvstore-server: answers GET/PUT lines on stdin (a stand-in for a network protocol).
#include <iostream>
#include <sstream>
#include <string>

#include "store.hpp"

int main(int argc, char** argv) {
  Store store(argc > 1 ? argv[1] : "kv.db");
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream request(line);
    std::string verb, key, value;
    request >> verb >> key >> value;
    if (verb == "GET") {
      std::cout << store.get(key).value_or("<missing>") << "\n";
    } else if (verb == "PUT") {
      store.put(key, value);
      std::cout << "OK\n";
    } else {
      std::cout << "ERR unknown verb\n";
    }
  }
  return store.save() ? 0 : 1;
}
