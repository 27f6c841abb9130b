// dispatch: takes orders over REST and queues them on Kafka. Usage: dispatch PORT LOG_PATH
#include <pistache/endpoint.h>
#include <pistache/router.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "api.hpp"
#include "queue.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: dispatch PORT LOG_PATH\n";
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  dispatch::OrderQueue queue(argv[2]);
  dispatch::OrdersApi api(queue);
  Pistache::Rest::Router router;
  api.register_routes(router);

  const Pistache::Address address(Pistache::Ipv4::loopback(),
                                  Pistache::Port(static_cast<uint16_t>(std::atoi(argv[1]))));
  Pistache::Http::Endpoint endpoint(address);
  endpoint.init(Pistache::Http::Endpoint::options().threads(2));
  endpoint.setHandler(router.handler());
  endpoint.serveThreaded();
  std::cout << "listening on " << argv[1] << std::endl;

  int received = 0;
  sigwait(&signals, &received);  // until SIGTERM/SIGINT: then stop, flush, exit 0
  endpoint.shutdown();
  return 0;
}
