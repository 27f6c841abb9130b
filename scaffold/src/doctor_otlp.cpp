// doctor: endpoint reachability and one test span over OTLP/HTTP JSON, plain POSIX sockets
// (the scaffold stage does not link the bundled runtime: runtime-skeleton depends on nothing
// of ours and the CLI does not need it for one POST).
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "otel_setup/doctor.hpp"

namespace otel_setup::scaffold {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// A connected socket, or -1 with error set.
int connect_with_timeout(const Endpoint& endpoint, int timeout_ms, std::string& error) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(endpoint.host.c_str(), endpoint.port.c_str(), &hints, &found)) {
    error = "cannot resolve " + endpoint.host + ": " + ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  error = "connection refused";
  for (addrinfo* address = found; address && fd < 0; address = address->ai_next) {
    fd = ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) continue;
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    int rc = ::connect(fd, address->ai_addr, address->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd waiting{fd, POLLOUT, 0};
      rc = ::poll(&waiting, 1, timeout_ms);
      int so_error = 0;
      socklen_t length = sizeof so_error;
      if (rc == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length) == 0 &&
          so_error == 0) {
        rc = 0;
      } else {
        error = rc == 0 ? "timed out after " + std::to_string(timeout_ms) + " ms"
                        : "connection refused";
        rc = -1;
      }
    }
    if (rc != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd >= 0) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  return fd;
}

std::string random_hex(std::size_t digits) {
  static std::mt19937_64 engine{std::random_device{}()};
  const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < digits; ++i)
    out += hex[engine() % 16];
  return out;
}

std::string span_json(const std::string& service_name) {
  const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":)"
         R"({"stringValue":")" +
         service_name +
         R"("}}]},"scopeSpans":[{"scope":{"name":"otel-setup"},"spans":[{"traceId":")" +
         random_hex(32) + R"(","spanId":")" + random_hex(16) +
         R"(","name":"otel-setup doctor","kind":1,"startTimeUnixNano":")" +
         std::to_string(now - 1000000) + R"(","endTimeUnixNano":")" + std::to_string(now) +
         R"(","status":{"code":1}}]}]}]})";
}

// OTEL_EXPORTER_OTLP_HEADERS "k=v,k2=v2" as request header lines.
std::string extra_headers() {
  std::string lines, list = env("OTEL_EXPORTER_OTLP_HEADERS");
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    const std::string pair = list.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    if (equals != std::string::npos) {
      lines += pair.substr(0, equals) + ": " + pair.substr(equals + 1) + "\r\n";
    }
    start = end + 1;
  }
  return lines;
}

}  // namespace

Endpoint parse_traces_endpoint(const std::string& url, bool append_signal_path) {
  Endpoint endpoint;
  endpoint.url = url;
  std::string rest = url;
  if (rest.rfind("https://", 0) == 0) {
    endpoint.https = true;
    rest = rest.substr(8);
  } else if (rest.rfind("http://", 0) == 0) {
    rest = rest.substr(7);
  }
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (append_signal_path) {
    while (!path.empty() && path.back() == '/')
      path.pop_back();
    path += "/v1/traces";
    endpoint.url = (endpoint.https ? "https://" : "http://") + authority + path;
  }
  endpoint.path = path.empty() ? "/" : path;
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    endpoint.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  } else {
    endpoint.port = endpoint.https ? "443" : "80";
  }
  if (authority.size() > 2 && authority.front() == '[') {
    authority = authority.substr(1, authority.size() - 2);
  }
  endpoint.host = authority;
  return endpoint;
}

Endpoint traces_endpoint_from_env() {
  const std::string traces = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  if (!traces.empty()) return parse_traces_endpoint(traces, false);
  const std::string base = env("OTEL_EXPORTER_OTLP_ENDPOINT");
  return parse_traces_endpoint(base.empty() ? "http://localhost:4318" : base, true);
}

DoctorCheck check_reachable(const Endpoint& endpoint, int timeout_ms) {
  DoctorCheck check;
  check.name = "endpoint " + endpoint.url;
  std::string error;
  int fd = connect_with_timeout(endpoint, timeout_ms, error);
  check.ok = fd >= 0;
  check.detail = check.ok ? "reachable (TCP connect)" : error;
  if (fd >= 0) ::close(fd);
  if (!check.ok) {
    check.fix =
        "start a receiver (`otel-setup view`, a Collector or Jaeger), or point "
        "OTEL_EXPORTER_OTLP_ENDPOINT at yours";
  }
  return check;
}

DoctorCheck send_test_span(const Endpoint& endpoint, const std::string& service_name,
                           int timeout_ms) {
  DoctorCheck check;
  check.name = "test span";
  if (endpoint.https) {
    check.ok = true;
    check.detail = "not sent: https endpoint (doctor speaks plain http only)";
    return check;
  }
  std::string error;
  int fd = connect_with_timeout(endpoint, timeout_ms, error);
  if (fd < 0) {
    check.detail = "not sent: " + error;
    check.fix = "see the endpoint check above";
    return check;
  }
  const std::string body = span_json(service_name);
  const std::string request =
      "POST " + endpoint.path + " HTTP/1.1\r\nHost: " + endpoint.host + ":" + endpoint.port +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n" + extra_headers() + "\r\n" + body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buffer[1024];
  while (response.find("\r\n") == std::string::npos) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    response.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const std::string status_line = response.substr(0, response.find("\r\n"));
  const std::size_t space = status_line.find(' ');
  const int status = space == std::string::npos ? 0 : std::atoi(status_line.c_str() + space + 1);
  check.ok = status >= 200 && status < 300;
  check.detail = status == 0
                     ? "no HTTP answer from " + endpoint.url
                     : "POST " + endpoint.url + " answered " + status_line.substr(space + 1);
  if (!check.ok) {
    check.fix =
        "check that the endpoint accepts OTLP/HTTP JSON on this path (a Collector needs the "
        "otlp receiver with protocols.http) and OTEL_EXPORTER_OTLP_HEADERS (e.g. API keys)";
  }
  return check;
}

}  // namespace otel_setup::scaffold
