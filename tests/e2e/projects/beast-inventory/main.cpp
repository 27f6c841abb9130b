// inventory: stock levels over HTTP with Boost.Beast (synchronous, one request per connection).
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

std::map<std::string, int> stock = {{"apple", 12}, {"pear", 4}};

http::response<http::string_body> handle(const http::request<http::string_body>& request) {
  http::response<http::string_body> response{http::status::ok, request.version()};
  response.set(http::field::content_type, "application/json");
  const std::string target(request.target());
  if (target == "/health") {
    response.body() = "{\"status\":\"ok\"}";
  } else if (target.rfind("/stock/", 0) == 0) {
    const auto it = stock.find(target.substr(7));
    if (it == stock.end()) {
      response.result(http::status::not_found);
      response.body() = "{\"error\":\"unknown item\"}";
    } else {
      response.body() =
          "{\"item\":\"" + it->first + "\",\"count\":" + std::to_string(it->second) + "}";
    }
  } else {
    response.result(http::status::not_found);
  }
  response.prepare_payload();
  return response;
}

}  // namespace

int main(int argc, char** argv) {
  const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8081);
  boost::asio::io_context io;
  tcp::acceptor acceptor{io, {tcp::v4(), port}};
  std::cout << "inventory listening on :" << port << std::endl;
  for (;;) {
    tcp::socket socket{io};
    acceptor.accept(socket);
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    beast::error_code error;
    http::read(socket, buffer, request, error);
    if (error) continue;
    http::write(socket, handle(request), error);
    socket.shutdown(tcp::socket::shutdown_send, error);
  }
}
