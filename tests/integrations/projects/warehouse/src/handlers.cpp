#include "handlers.hpp"

#include <Poco/Exception.h>

#include <istream>
#include <ostream>
#include <stdexcept>

#include "router.hpp"

namespace warehouse {

namespace {

void answer(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
            const std::string& body) {
  response.setStatusAndReason(status);
  response.setContentType("application/json");
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  response.send() << body;
}

}  // namespace

Stock::Stock() : levels_{{"widget", 12}, {"gadget", 0}} {}

int Stock::level(const std::string& item) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = levels_.find(item);
  return found == levels_.end() ? -1 : found->second;
}

void HealthHandler::handleRequest(Poco::Net::HTTPServerRequest&,
                                  Poco::Net::HTTPServerResponse& response) {
  answer(response, Poco::Net::HTTPResponse::HTTP_OK, R"({"status":"ok"})");
}

void StockHandler::handleRequest(Poco::Net::HTTPServerRequest&,
                                 Poco::Net::HTTPServerResponse& response) {
  const int level = stock_.level(item_);
  if (level < 0) {
    answer(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, R"({"error":"unknown item"})");
    return;
  }
  answer(response, Poco::Net::HTTPResponse::HTTP_OK,
         R"({"item":")" + item_ + R"(","level":)" + std::to_string(level) + "}");
}

void ReserveHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                   Poco::Net::HTTPServerResponse& response) {
  request.stream().ignore(1 << 20);  // the body is read, then refused
  answer(response, Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
         R"({"error":"reservations paused"})");
}

void AuditHandler::handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&) {
  throw std::runtime_error("audit ledger unavailable");
}

void ReportHandler::handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&) {
  throw Poco::IOException("report.csv");
}

void NotFoundHandler::handleRequest(Poco::Net::HTTPServerRequest&,
                                    Poco::Net::HTTPServerResponse& response) {
  answer(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, R"({"error":"not found"})");
}

}  // namespace warehouse
