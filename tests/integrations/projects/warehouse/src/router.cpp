#include "router.hpp"

#include <Poco/URI.h>

#include "handlers.hpp"

namespace warehouse {

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(
    const Poco::Net::HTTPServerRequest& request) {
  const std::string path = Poco::URI(request.getURI()).getPath();
  const std::string& method = request.getMethod();
  if (method == Poco::Net::HTTPRequest::HTTP_GET) {
    if (path == "/health") return new HealthHandler;
    if (path.rfind("/stock/", 0) == 0) {
      return new StockHandler(stock_, path.substr(7));
    }
    if (path == "/audit") return new AuditHandler;
    if (path == "/report") return new ReportHandler;
    return new NotFoundHandler;
  }
  if (method == Poco::Net::HTTPRequest::HTTP_POST && path == "/reserve") {
    return new ReserveHandler;
  }
  return nullptr;  // Poco answers 501 Not Implemented
}

}  // namespace warehouse
