// The REST API: order routes registered on a Pistache router.
#pragma once

#include <pistache/router.h>

#include "queue.hpp"

namespace dispatch {

class OrdersApi {
 public:
  explicit OrdersApi(OrderQueue& queue) : queue_(queue) {}
  void register_routes(Pistache::Rest::Router& router);

 private:
  void health(const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response);
  void create_order(const Pistache::Rest::Request& request,
                    Pistache::Http::ResponseWriter response);
  void get_order(const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response);
  void explode(const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response);
  void unavailable(const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response);

  OrderQueue& queue_;
};

}  // namespace dispatch
