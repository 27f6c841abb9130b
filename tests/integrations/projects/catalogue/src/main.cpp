// catalogue: an item catalogue over HTTP. Usage: catalogue PORT
#include <restinio/all.hpp>

#include <cstdlib>
#include <iostream>

#include "routes.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: catalogue PORT\n";
    return 2;
  }
  using traits_t = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t,
                                      catalogue::router_t>;
  catalogue::Store store;
  std::cout << "listening on " << argv[1] << std::endl;
  restinio::run(restinio::on_thread_pool<traits_t>(2)
                    .port(static_cast<std::uint16_t>(std::atoi(argv[1])))
                    .address("127.0.0.1")
                    .request_handler(catalogue::make_router(store)));
  return 0;
}
