// The exporter's HTTP transports: plain POSIX sockets for http:// (http_client.cpp) and
// libcurl for https:// when the runtime is built with it (curl_transport.cpp). Both POST
// one body per call, keep one connection alive between calls and return by the deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "name_resolver.hpp"
#include "otelrt/exporter.hpp"

namespace otelrt::internal {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // without the brackets of an IPv6 literal
  std::uint16_t port = 0;
  std::string target;  // path and query, at least "/"

  std::string host_header() const;  // "host:port", IPv6 literals in brackets
};

// Parses scheme://host[:port][/path][?query]. Returns false and sets `error` otherwise.
bool parse_http_url(std::string_view url, HttpUrl& out, std::string& error);

struct HttpResponse {
  bool complete = false;  // a status line and headers arrived (the body may be truncated)
  int status = 0;
  std::string body;  // at most max_response_bytes
  bool body_truncated = false;
  std::string content_type;
  std::string retry_after;
  std::string error;  // why the exchange failed when !complete
  bool timed_out = false;
  bool permanent = false;  // retrying cannot help (a certificate problem)
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // POSTs `body` with `headers` (Content-Length and Host are added). Never blocks past
  // `deadline`.
  virtual HttpResponse post(const HttpHeaders& headers, std::string_view body,
                            std::chrono::steady_clock::time_point deadline) = 0;
  // Wakes a post() blocked on the network; every later post() fails at once. Thread-safe.
  virtual void cancel() = 0;
};

// An empty `lookup` resolves names with getaddrinfo (tests inject slow or counting ones).
std::unique_ptr<HttpTransport> make_socket_transport(const HttpUrl& url,
                                                     std::size_t max_response_bytes,
                                                     NameLookup lookup = {});

// PEM files for TLS; empty members use libcurl's defaults (the system CA store, no client
// certificate).
struct TlsFiles {
  std::string ca_file;
  std::string client_certificate_file;
  std::string client_key_file;
};
// nullptr when the runtime was built without libcurl.
std::unique_ptr<HttpTransport> make_curl_transport(const std::string& url,
                                                   std::size_t max_response_bytes,
                                                   const TlsFiles& tls = {});
bool curl_available();

// The OTLP exporter over a given transport; make_otlp_http_exporter() picks the transport
// from the URL and calls this.
std::unique_ptr<SpanExporter> make_otlp_http_exporter_over(
    const OtlpExporterConfig& config, std::unique_ptr<HttpTransport> transport);

}  // namespace otelrt::internal
