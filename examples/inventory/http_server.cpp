#include "http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <optional>
#include <string_view>
#include <utility>

namespace inventory {
namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr std::uint64_t kMaxBodyBytes = 64 * 1024;
constexpr const char* kServerName = "inventory";

std::string_view as_std(beast::string_view text) {
  return {text.data(), text.size()};
}

std::string path_of(const Request& request) {
  const beast::string_view target = request.target();
  return std::string(target.substr(0, target.find('?')));
}

// One keep-alive connection: read a request, dispatch, write, repeat.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const Router& router)
      : stream_(std::move(socket)), router_(router) {}

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::read_request, shared_from_this()));
  }

 private:
  void read_request() {
    parser_.emplace();
    parser_->body_limit(kMaxBodyBytes);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == http::error::body_limit) return reject_oversized();
    if (ec) {
      if (ec != beast::error::timeout) spdlog::debug("read failed: {}", ec.message());
      return;
    }
    const Request request = parser_->release();
    response_ = router_.dispatch(request);
    response_.set(http::field::server, kServerName);
    response_.prepare_payload();
    spdlog::info("{} {} -> {}", as_std(request.method_string()), as_std(request.target()),
                 response_.result_int());

    http::async_write(
        stream_, response_,
        beast::bind_front_handler(&Session::on_write, shared_from_this(), response_.keep_alive()));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) {
      spdlog::debug("write failed: {}", ec.message());
      return;
    }
    if (!keep_alive) return close();
    read_request();
  }

  // Answers 413 and closes: the rest of the oversized body is never read.
  void reject_oversized() {
    spdlog::warn("rejected a request body over {} bytes -> 413", kMaxBodyBytes);
    response_ = Response{http::status::payload_too_large, 11};
    response_.set(http::field::server, kServerName);
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(false);
    response_.body() = R"({"error":"request body too large"})";
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this(), false));
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response response_;
  const Router& router_;
};

}  // namespace

Response json_response(const Request& request, http::status status, std::string body) {
  Response response{status, request.version()};
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  return response;
}

void Router::add(http::verb method, const std::string& pattern, RouteHandler handler) {
  routes_.push_back(Route{method, std::regex(pattern), std::move(handler)});
}

Response Router::dispatch(const Request& request) const {
  const std::string path = path_of(request);
  bool path_known = false;
  for (const Route& route : routes_) {
    std::smatch match;
    if (!std::regex_match(path, match, route.pattern)) continue;
    path_known = true;
    if (route.method != request.method()) continue;
    try {
      return route.handler(request, match);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", as_std(request.method_string()), path, e.what());
      return json_response(request, http::status::internal_server_error,
                           R"({"error":"internal server error"})");
    }
  }
  if (path_known) {
    return json_response(request, http::status::method_not_allowed,
                         R"({"error":"method not allowed"})");
  }
  return json_response(request, http::status::not_found, R"({"error":"not found"})");
}

Listener::Listener(net::io_context& io, const tcp::endpoint& endpoint, const Router& router)
    : io_(io), acceptor_(net::make_strand(io)), router_(router) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

void Listener::run() {
  accept_next();
}

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
  });
}

void Listener::accept_next() {
  acceptor_.async_accept(net::make_strand(io_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted) return;  // stopped
  if (ec) {
    spdlog::warn("accept failed: {}", ec.message());
  } else {
    std::make_shared<Session>(std::move(socket), router_)->run();
  }
  accept_next();
}

}  // namespace inventory
