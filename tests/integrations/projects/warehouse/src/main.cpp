// warehouse: stock levels over HTTP with Poco::Net::HTTPServer. Usage: warehouse PORT
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "router.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: warehouse PORT\n";
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  warehouse::Stock stock;
  const auto port = static_cast<Poco::UInt16>(std::atoi(argv[1]));
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  Poco::Net::HTTPServer server(new warehouse::Router(stock), socket, params);
  server.start();
  std::cout << "listening on " << port << std::endl;

  int received = 0;
  sigwait(&signals, &received);  // until SIGTERM/SIGINT: then stop, flush, exit 0
  server.stop();
  return 0;
}
