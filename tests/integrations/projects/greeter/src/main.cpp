// greeter: `greeter server PORT` serves the Greeter service, `greeter client PORT` calls it.
#include <cstdlib>
#include <iostream>
#include <string>

#include "greeter.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: greeter server|client PORT\n";
    return 2;
  }
  const std::string mode = argv[1];
  const int port = std::atoi(argv[2]);
  return mode == "server" ? run_server(port) : run_client(port);
}
