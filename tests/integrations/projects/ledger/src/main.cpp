// ledger: account balances over HTTP. Usage: ledger PORT
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ledger.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ledger PORT\n";
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::string base_url = std::string("http://127.0.0.1:") + argv[1];
  ledger::serve(base_url, [&] {
    std::cout << "listening on " << argv[1] << std::endl;
    int received = 0;
    sigwait(&signals, &received);  // until SIGTERM/SIGINT: then stop, flush, exit 0
  });
  return 0;
}
