// depot: parcel counts over HTTP, an asynchronous Boost.Beast server in the style of Beast's
// http_server_async example.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

namespace {

const std::map<std::string, int> parcels = {{"north", 3}, {"south", 8}};

// Where recounts run: their answer is sent from this thread after handle_request returned.
net::thread_pool& back_office() {
  static net::thread_pool pool{1};
  return pool;
}

// Answers a request through `send`, which the session gives: a lambda that queues the write.
template <class Body, class Allocator, class Send>
void handle_request(http::request<Body, http::basic_fields<Allocator>>&& req, Send&& send) {
  auto const reply = [&req](http::status status, std::string body) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::server, BOOST_BEAST_VERSION_STRING);
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
  };

  if (req.method() != http::verb::get)
    return send(reply(http::status::bad_request, "{\"error\":\"GET only\"}"));
  const std::string target(req.target());
  if (target == "/health") return send(reply(http::status::ok, "{\"status\":\"ok\"}"));
  if (target == "/audit") throw std::runtime_error("audit log unavailable");
  if (target.rfind("/recount/", 0) == 0) {
    net::post(back_office(), [send, res = reply(http::status::ok, "{\"recounted\":true}")]() {
      send(http::response<http::string_body>(res));
    });
    return;
  }
  if (target.rfind("/parcels/", 0) == 0) {
    const auto found = parcels.find(target.substr(9));
    if (found == parcels.end())
      return send(reply(http::status::not_found, "{\"error\":\"unknown depot\"}"));
    return send(reply(http::status::ok, "{\"depot\":\"" + found->first + "\",\"parcels\":" +
                                            std::to_string(found->second) + "}"));
  }
  return send(reply(http::status::not_found, "{\"error\":\"no such path\"}"));
}

class session : public std::enable_shared_from_this<session> {
  // Keeps the session and the message alive until the write completes, which may be started
  // from another thread (a recount): it runs on the connection's strand.
  struct send_lambda {
    std::shared_ptr<session> self_;

    template <bool isRequest, class Body, class Fields>
    void operator()(http::message<isRequest, Body, Fields>&& msg) const {
      auto sp = std::make_shared<http::message<isRequest, Body, Fields>>(std::move(msg));
      net::dispatch(self_->stream_.get_executor(), [self = self_, sp]() {
        self->res_ = sp;
        http::async_write(self->stream_, *sp,
                          beast::bind_front_handler(&session::on_write, self, sp->need_eof()));
      });
    }
  };

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  std::shared_ptr<void> res_;

 public:
  explicit session(tcp::socket&& socket) : stream_(std::move(socket)) {}

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&session::do_read, shared_from_this()));
  }

  void do_read() {
    req_ = {};
    http::async_read(stream_, buffer_, req_,
                     beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return do_close();
    try {
      handle_request(std::move(req_), send_lambda{shared_from_this()});
    } catch (const std::exception& error) {
      std::cerr << "request failed: " << error.what() << std::endl;
      do_close();
    }
  }

  void on_write(bool close, beast::error_code ec, std::size_t) {
    if (ec || close) return do_close();
    res_ = nullptr;
    do_read();
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
};

class listener : public std::enable_shared_from_this<listener> {
  net::io_context& ioc_;
  tcp::acceptor acceptor_;

 public:
  listener(net::io_context& ioc, tcp::endpoint endpoint) : ioc_(ioc), acceptor_(ioc, endpoint) {}

  void run() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<session>(std::move(socket))->run();
    run();
  }
};

}  // namespace

int main() {
  const char* port = std::getenv("PORT");
  net::io_context ioc{1};
  std::make_shared<listener>(
      ioc, tcp::endpoint{net::ip::make_address("127.0.0.1"),
                         static_cast<unsigned short>(std::atoi(port ? port : "8082"))})
      ->run();
  std::cout << "depot listening" << std::endl;
  ioc.run();
}
