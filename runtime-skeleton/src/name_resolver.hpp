// Name resolution with a deadline for the socket transport. getaddrinfo() has no timeout (a
// dead DNS server holds it for resolv.conf's timeout x attempts x servers), so a name runs
// on a helper thread the caller awaits with poll(), bounded by the export deadline and the
// transport's cancel pipe. A lookup still running at the deadline is not abandoned to pile
// up: the next call awaits the same one, so each resolver has at most one helper thread.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace otelrt::internal {

struct SocketAddress {
  int family = 0;
  int socktype = 0;
  int protocol = 0;
  sockaddr_storage storage{};
  socklen_t length = 0;
};

// A blocking lookup: the addresses, or none and `error` set. May run on a helper thread.
using NameLookup = std::function<std::vector<SocketAddress>(
    const std::string& host, std::uint16_t port, std::string& error)>;

// getaddrinfo(host, port) for TCP, IPv4 and IPv6.
std::vector<SocketAddress> lookup_with_getaddrinfo(const std::string& host, std::uint16_t port,
                                                   std::string& error);

struct Resolution {
  std::vector<SocketAddress> addresses;  // empty on failure
  std::string error;                     // why, when empty
  bool timed_out = false;
  bool cancelled = false;
};

class NameResolver {
 public:
  // An empty `lookup` means lookup_with_getaddrinfo (tests inject a slow one).
  explicit NameResolver(NameLookup lookup = {});
  ~NameResolver();
  NameResolver(const NameResolver&) = delete;
  NameResolver& operator=(const NameResolver&) = delete;

  // Literal addresses are converted at once; names go through the lookup, awaited until
  // `deadline` or until `cancel_fd` (when >= 0) is readable. Call from one thread at a time.
  Resolution resolve(const std::string& host, std::uint16_t port,
                     std::chrono::steady_clock::time_point deadline, int cancel_fd);

 private:
  struct Pending;
  NameLookup lookup_;
  std::shared_ptr<Pending> pending_;  // the lookup in flight, shared with its thread
};

}  // namespace otelrt::internal
