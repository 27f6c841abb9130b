#include "inventory_client.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <utility>

namespace orders {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

size_t append_to_string(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

int remaining_from(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("remaining") && json["remaining"].is_number_integer()) {
    return json["remaining"].get<int>();
  }
  return 0;
}

// Item names become a URL path segment.
std::string escape_segment(const std::string& segment) {
  char* escaped = curl_easy_escape(nullptr, segment.c_str(), static_cast<int>(segment.size()));
  if (!escaped) throw InventoryUnavailable("cannot escape item name");
  std::string result(escaped);
  curl_free(escaped);
  return result;
}

}  // namespace

InventoryClient::InventoryClient(std::string base_url, std::chrono::milliseconds timeout)
    : base_url_(std::move(base_url)), timeout_(timeout) {
  while (!base_url_.empty() && base_url_.back() == '/')
    base_url_.pop_back();
}

Reservation InventoryClient::reserve(const std::string& item, int quantity) const {
  const std::string url = base_url_ + "/stock/" + escape_segment(item) + "/reserve";
  const nlohmann::json request = {{"quantity", quantity}};
  const HttpResult result = post_json(url, request.dump());

  Reservation reservation;
  reservation.remaining = remaining_from(result.body);
  switch (result.status) {
    case 200:
      reservation.outcome = Reservation::Outcome::kReserved;
      return reservation;
    case 409:
      reservation.outcome = Reservation::Outcome::kInsufficientStock;
      return reservation;
    case 404:
      reservation.outcome = Reservation::Outcome::kUnknownItem;
      return reservation;
    default:
      throw InventoryUnavailable("inventory answered HTTP " + std::to_string(result.status) +
                                 " for " + url);
  }
}

InventoryClient::HttpResult InventoryClient::post_json(const std::string& url,
                                                       const std::string& body) const {
  EasyHandle curl(curl_easy_init());
  if (!curl) throw InventoryUnavailable("curl_easy_init failed");

  HeaderList headers(curl_slist_append(nullptr, "Content-Type: application/json"));
  headers.reset(curl_slist_append(headers.release(), "Accept: application/json"));

  HttpResult result;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_to_string);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  // Worker threads must not get SIGALRM from curl's resolver timeouts.
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);

  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    throw InventoryUnavailable("POST " + url + " failed: " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &result.status);
  return result;
}

}  // namespace orders
