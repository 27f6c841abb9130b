// The request-handler factory: picks a handler by method and URI path.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <map>
#include <mutex>
#include <string>

namespace warehouse {

class Stock {
 public:
  Stock();
  // -1 when the item is unknown.
  int level(const std::string& item) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> levels_;
};

class Router : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Router(Stock& stock) : stock_(stock) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  Stock& stock_;
};

}  // namespace warehouse
