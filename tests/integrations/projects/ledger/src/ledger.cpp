// Balances, transfers that read a balance through the service's own API, a report built
// from the audit endpoint (which fails), and a handler that throws.
#include "ledger.hpp"

#include <cpprest/http_client.h>
#include <cpprest/http_listener.h>
#include <cpprest/json.h>

#include <map>
#include <stdexcept>

namespace ledger {

namespace {

using web::http::http_request;
using web::http::http_response;
using web::http::methods;
using web::http::status_codes;

const std::map<std::string, int> kBalances = {{"alice", 120}, {"bob", 75}};

void reply_balance(const http_request& request, const std::string& account) {
  const auto found = kBalances.find(account);
  if (found == kBalances.end()) {
    request.reply(status_codes::NotFound, "no such account");
    return;
  }
  web::json::value body;
  body["account"] = web::json::value::string(account);
  body["balance"] = web::json::value::number(found->second);
  request.reply(status_codes::OK, body);
}

void get(const http_request& request, web::http::client::http_client& self) {
  const std::string path = request.relative_uri().path();
  if (path == "/health") {
    request.reply(status_codes::OK, "ok");
  } else if (path.rfind("/balance/", 0) == 0) {
    reply_balance(request, path.substr(9));
  } else if (path == "/audit") {
    request.reply(status_codes::InternalError, "audit log unavailable");
  } else if (path == "/report") {
    self.request(methods::GET, "/audit").then([request](pplx::task<http_response> audit) {
      try {
        request.reply(audit.get().status_code() == status_codes::OK ? status_codes::OK
                                                                    : status_codes::BadGateway,
                      "report");
      } catch (const std::exception&) {
        request.reply(status_codes::BadGateway, "audit unreachable");
      }
    });
  } else {
    request.reply(status_codes::NotFound);
  }
}

void post(const http_request& request, web::http::client::http_client& self) {
  const std::string path = request.relative_uri().path();
  if (path == "/explode") throw std::runtime_error("ledger exploded");
  if (path != "/transfer") {
    request.reply(status_codes::NotFound);
    return;
  }
  self.request(methods::GET, "/balance/alice")
      .then([](http_response balance) { return balance.extract_json(); })
      .then([request](pplx::task<web::json::value> balance) {
        try {
          const bool covered = balance.get().at("balance").as_integer() >= 50;
          request.reply(covered ? status_codes::OK : status_codes::Conflict,
                        covered ? "transferred" : "insufficient funds");
        } catch (const std::exception&) {
          request.reply(status_codes::BadGateway, "balance unavailable");
        }
      });
}

}  // namespace

void serve(const std::string& base_url, const std::function<void()>& wait) {
  web::http::experimental::listener::http_listener listener(base_url);
  web::http::client::http_client self(base_url);
  listener.support(methods::GET, [&self](http_request request) { get(request, self); });
  listener.support(methods::POST, [&self](http_request request) { post(request, self); });
  listener.open().wait();
  wait();
  listener.close().wait();
}

}  // namespace ledger
