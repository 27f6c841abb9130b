// A small asynchronous HTTP/1.1 server on Boost.Beast: a regex router plus the
// listener and per-connection sessions.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace inventory {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// `match` holds the route pattern's capture groups, matched against the path.
using RouteHandler = std::function<Response(const Request& request, const std::smatch& match)>;

// Builds a JSON response that mirrors the request's HTTP version and keep-alive.
Response json_response(const Request& request, http::status status, std::string body);

class Router {
 public:
  // `pattern` must match the whole path (query string excluded).
  void add(http::verb method, const std::string& pattern, RouteHandler handler);

  // Never throws: unknown paths get 404, wrong methods 405, and an exception
  // escaping a handler is logged and answered with 500.
  Response dispatch(const Request& request) const;

 private:
  struct Route {
    http::verb method;
    std::regex pattern;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

// Accepts connections and runs one Session per connection on the io_context.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Throws boost::system::system_error when the endpoint cannot be bound.
  Listener(net::io_context& io, const tcp::endpoint& endpoint, const Router& router);

  void run();
  void stop();

 private:
  void accept_next();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& io_;
  tcp::acceptor acceptor_;
  const Router& router_;
};

}  // namespace inventory
