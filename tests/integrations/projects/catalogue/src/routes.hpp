#pragma once

#include <restinio/all.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace catalogue {

using router_t = restinio::router::express_router_t<>;

// Items by id, shared by the handlers.
class Store {
 public:
  bool find(const std::string& id, std::string& name) const;
  void put(const std::string& id, std::string name);
  void erase(const std::string& id);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> items_;
};

std::unique_ptr<router_t> make_router(Store& store);

}  // namespace catalogue
