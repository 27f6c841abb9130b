#include "routes.hpp"

#include <stdexcept>
#include <utility>

namespace catalogue {

bool Store::find(const std::string& id, std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto item = items_.find(id);
  if (item == items_.end()) return false;
  name = item->second;
  return true;
}

void Store::put(const std::string& id, std::string name) {
  std::lock_guard<std::mutex> lock(mutex_);
  items_[id] = std::move(name);
}

void Store::erase(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  items_.erase(id);
}

std::unique_ptr<router_t> make_router(Store& store) {
  auto router = std::make_unique<router_t>();
  router->http_get("/health",
                   [](auto req, auto) { return req->create_response().set_body("ok").done(); });
  router->http_get("/items/:id", [&store](auto req, auto params) {
    std::string name;
    if (!store.find(restinio::cast_to<std::string>(params["id"]), name)) {
      return req->create_response(restinio::status_not_found()).done();
    }
    return req->create_response()
        .append_header(restinio::http_field::content_type, "text/plain")
        .set_body(name)
        .done();
  });
  router->http_post("/items/:id", [&store](auto req, auto params) {
    store.put(restinio::cast_to<std::string>(params["id"]), req->body());
    return req->create_response(restinio::status_created()).done();
  });
  router->http_delete("/items/:id", [&store](auto req, auto params) {
    store.erase(restinio::cast_to<std::string>(params["id"]));
    return req->create_response(restinio::status_no_content()).done();
  });
  router->http_get("/explode", [](auto, auto) -> restinio::request_handling_status_t {
    throw std::runtime_error("boom");
  });
  router->http_get("/unavailable", [](auto req, auto) {
    return req->create_response(restinio::status_service_unavailable())
        .set_body("try later")
        .done();
  });
  router->non_matched_request_handler([](auto req) {
    return req->create_response(restinio::status_not_found()).set_body("no such route").done();
  });
  return router;
}

}  // namespace catalogue
