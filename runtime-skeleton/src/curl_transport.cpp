// https:// (and http:// when asked) through libcurl, for runtimes built with it. One easy
// handle keeps its connection alive between exports; the response body is capped the same
// way as on the socket transport. TLS trusts the system CA store unless a CA file is given
// (OTEL_EXPORTER_OTLP_CERTIFICATE); a client certificate and key enable mutual TLS.
#include "http_client.hpp"

#ifdef OTELRT_HAVE_CURL

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>

namespace otelrt::internal {
namespace {

using Clock = std::chrono::steady_clock;

struct Transfer {
  HttpResponse* response;
  std::size_t max_body;
  const std::atomic<bool>* cancelled;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  std::string& body = transfer->response->body;
  std::size_t room = transfer->max_body - std::min(transfer->max_body, body.size());
  if (bytes > room) {
    body.append(data, room);
    transfer->response->body_truncated = true;
    return 0;  // aborts the transfer: the rest is not read
  }
  body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
      value.remove_suffix(1);
    }
    if (name == "retry-after") transfer->response->retry_after = std::string(value);
    if (name == "content-type") transfer->response->content_type = std::string(value);
  }
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->cancelled->load() ? 1 : 0;
}

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport(std::string url, std::size_t max_response_bytes, TlsFiles tls)
      : url_(std::move(url)), max_response_bytes_(max_response_bytes), tls_(std::move(tls)) {
    static std::once_flag global_init;
    std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle_ = curl_easy_init();
  }
  ~CurlTransport() override {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
  }

  HttpResponse post(const HttpHeaders& headers, std::string_view body,
                    Clock::time_point deadline) override {
    HttpResponse response;
    if (handle_ == nullptr) {
      response.error = "libcurl failed to initialise";
      return response;
    }
    if (cancelled_.load()) {
      response.error = "exporter is shut down";
      return response;
    }
    auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (remaining <= 0) {
      response.timed_out = true;
      response.error = "deadline passed before sending";
      return response;
    }
    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers) {
      list = curl_slist_append(list, (name + ": " + value).c_str());
    }
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
    Transfer transfer{&response, max_response_bytes_, &cancelled_};
    curl_easy_setopt(handle_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(handle_, CURLOPT_POST, 1L);
    curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining));
    curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(remaining));
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle_, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(handle_, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(handle_, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(handle_, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(handle_, CURLOPT_NOPROGRESS, 0L);
    if (!tls_.ca_file.empty()) curl_easy_setopt(handle_, CURLOPT_CAINFO, tls_.ca_file.c_str());
    if (!tls_.client_certificate_file.empty()) {
      curl_easy_setopt(handle_, CURLOPT_SSLCERT, tls_.client_certificate_file.c_str());
    }
    if (!tls_.client_key_file.empty()) {
      curl_easy_setopt(handle_, CURLOPT_SSLKEY, tls_.client_key_file.c_str());
    }
    char detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, detail);
    CURLcode rc = curl_easy_perform(handle_);
    curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, nullptr);
    curl_slist_free_all(list);
    long status = 0;
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && response.body_truncated)) {
      response.complete = status != 0;
    } else {
      response.complete = false;
      response.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
      response.permanent = certificate_problem(rc);
      // The error buffer has the specifics ("SSL certificate problem: self-signed
      // certificate"); the generic text names the kind of failure.
      response.error = curl_easy_strerror(rc);
      if (detail[0] != '\0') response.error += std::string(": ") + detail;
    }
    return response;
  }

  void cancel() override { cancelled_.store(true); }

 private:
  // The peer's certificate or our own TLS files are wrong: retrying cannot help.
  static bool certificate_problem(CURLcode rc) {
    return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
           rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
  }

  std::string url_;
  std::size_t max_response_bytes_;
  TlsFiles tls_;
  CURL* handle_ = nullptr;
  std::atomic<bool> cancelled_{false};
};

}  // namespace

bool curl_available() {
  return true;
}

std::unique_ptr<HttpTransport> make_curl_transport(const std::string& url,
                                                   std::size_t max_response_bytes,
                                                   const TlsFiles& tls) {
  return std::make_unique<CurlTransport>(url, max_response_bytes, tls);
}

}  // namespace otelrt::internal

#else

namespace otelrt::internal {

bool curl_available() {
  return false;
}

std::unique_ptr<HttpTransport> make_curl_transport(const std::string&, std::size_t,
                                                   const TlsFiles&) {
  return nullptr;
}

}  // namespace otelrt::internal

#endif
