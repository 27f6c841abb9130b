// kvstore-admin: prints statistics of a store file.
#include <iostream>

#include "store.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: kvstore-admin FILE\n";
    return 2;
  }
  const Store store(argv[1]);
  std::cout << store.size() << " keys\n";
  return 0;
}
