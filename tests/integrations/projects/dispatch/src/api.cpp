#include "api.hpp"

#include <pistache/http.h>
#include <pistache/router.h>

#include <stdexcept>
#include <string>

using namespace Pistache;
using namespace Pistache::Rest;

namespace dispatch {

void OrdersApi::register_routes(Rest::Router& router) {
  Routes::Get(router, "/health", Routes::bind(&OrdersApi::health, this));
  Routes::Post(router, "/orders/:id", Routes::bind(&OrdersApi::create_order, this));
  Routes::Get(router, "/orders/:id", Routes::bind(&OrdersApi::get_order, this));
  Routes::Post(router, "/explode", Routes::bind(&OrdersApi::explode, this));
  Routes::Get(router, "/unavailable", Routes::bind(&OrdersApi::unavailable, this));
}

void OrdersApi::health(const Rest::Request&, Http::ResponseWriter response) {
  response.send(Http::Code::Ok, "ok");
}

void OrdersApi::create_order(const Rest::Request& request, Http::ResponseWriter response) {
  const std::string id = request.param(":id").as<std::string>();
  if (!queue_.publish(id, request.body())) {
    response.send(Http::Code::Service_Unavailable, "queue refused the order");
    return;
  }
  response.send(Http::Code::Accepted, "queued " + id);
}

void OrdersApi::get_order(const Rest::Request& request, Http::ResponseWriter response) {
  response.send(Http::Code::Ok, "order " + request.param(":id").as<std::string>());
}

void OrdersApi::explode(const Rest::Request&, Http::ResponseWriter) {
  throw std::runtime_error("boom");
}

void OrdersApi::unavailable(const Rest::Request&, Http::ResponseWriter response) {
  response.send(Http::Code::Service_Unavailable, "try later");
}

}  // namespace dispatch
