// NameResolver: literal addresses inline, names on a detached helper thread awaited with a
// deadline. The helper and the caller share one Pending object (shared_ptr), so whichever
// finishes last frees it: an abandoned lookup never writes into freed memory and nothing
// leaks once it returns.
#include "name_resolver.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

namespace otelrt::internal {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<SocketAddress> to_addresses(const addrinfo* list) {
  std::vector<SocketAddress> out;
  for (const addrinfo* entry = list; entry != nullptr; entry = entry->ai_next) {
    if (entry->ai_addrlen > sizeof(sockaddr_storage)) continue;
    SocketAddress address;
    address.family = entry->ai_family;
    address.socktype = entry->ai_socktype;
    address.protocol = entry->ai_protocol;
    std::memcpy(&address.storage, entry->ai_addr, entry->ai_addrlen);
    address.length = entry->ai_addrlen;
    out.push_back(address);
  }
  return out;
}

int lookup(const std::string& host, std::uint16_t port, int flags,
           std::vector<SocketAddress>& out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | flags;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (rc == 0) {
    out = to_addresses(list);
    ::freeaddrinfo(list);
  }
  return rc;
}

}  // namespace

std::vector<SocketAddress> lookup_with_getaddrinfo(const std::string& host, std::uint16_t port,
                                                   std::string& error) {
  std::vector<SocketAddress> out;
  int rc = lookup(host, port, 0, out);
  if (rc != 0) error = rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc);
  return out;
}

struct NameResolver::Pending {
  std::string host;
  std::uint16_t port = 0;
  pid_t pid = ::getpid();  // a child after fork() does not have the helper thread
  int done_pipe[2] = {-1, -1};
  std::atomic<bool> done{false};
  // Written by the helper before `done` is set, read by the caller only after.
  std::vector<SocketAddress> addresses;
  std::string error;

  ~Pending() {
    for (int fd : done_pipe) {
      if (fd >= 0) ::close(fd);
    }
  }
};

NameResolver::NameResolver(NameLookup lookup) : lookup_(std::move(lookup)) {
  if (!lookup_) lookup_ = lookup_with_getaddrinfo;
}

NameResolver::~NameResolver() = default;

Resolution NameResolver::resolve(const std::string& host, std::uint16_t port,
                                 Clock::time_point deadline, int cancel_fd) {
  Resolution result;
  int rc = lookup(host, port, AI_NUMERICHOST, result.addresses);
  if (rc == 0) return result;
  if (rc != EAI_NONAME) {
    result.error = ::gai_strerror(rc);
    return result;
  }
  if (pending_ != nullptr &&
      (pending_->pid != ::getpid() || pending_->host != host || pending_->port != port)) {
    pending_.reset();
  }
  if (pending_ == nullptr) {
    auto pending = std::make_shared<Pending>();
    pending->host = host;
    pending->port = port;
    if (::pipe2(pending->done_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
      result.error = std::string("pipe failed: ") + std::strerror(errno);
      return result;
    }
    // The helper must never be the thread a process signal is delivered to.
    sigset_t all;
    sigset_t previous;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_BLOCK, &all, &previous);
    try {
      std::thread([pending, lookup = lookup_] {
        std::string error;
        std::vector<SocketAddress> addresses = lookup(pending->host, pending->port, error);
        pending->addresses = std::move(addresses);
        pending->error = std::move(error);
        pending->done.store(true, std::memory_order_release);
        char byte = 1;
        [[maybe_unused]] ssize_t ignored = ::write(pending->done_pipe[1], &byte, 1);
      }).detach();
    } catch (const std::system_error& error) {
      result.error = std::string("cannot start a resolver thread: ") + error.what();
    }
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (!result.error.empty()) return result;
    pending_ = std::move(pending);
  }

  for (;;) {
    if (pending_->done.load(std::memory_order_acquire)) {
      result.addresses = std::move(pending_->addresses);
      result.error =
          result.addresses.empty() && pending_->error.empty() ? "no address" : pending_->error;
      pending_.reset();
      return result;
    }
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now() + std::chrono::microseconds(999));
    if (remaining.count() <= 0) {
      result.timed_out = true;
      result.error = "timed out";
      return result;  // pending_ stays: the next call awaits the same lookup
    }
    pollfd entries[2] = {{pending_->done_pipe[0], POLLIN, 0}, {cancel_fd, POLLIN, 0}};
    int ready = ::poll(entries, cancel_fd >= 0 ? 2 : 1,
                       static_cast<int>(std::min<long long>(remaining.count(), 60 * 60 * 1000)));
    if (ready < 0 && errno != EINTR) {
      result.error = std::string("poll failed: ") + std::strerror(errno);
      return result;
    }
    if (ready > 0 && cancel_fd >= 0 && (entries[1].revents & POLLIN) != 0) {
      result.cancelled = true;
      result.error = "interrupted";
      return result;
    }
  }
}

}  // namespace otelrt::internal
