// HTTP/1.1 over POSIX sockets for http:// endpoints. One keep-alive connection, reused
// while the peer keeps it open; every wait is a poll() bounded by the caller's deadline and
// interruptible through a self-pipe, so a dead or hostile collector can never hold the
// export thread longer than the deadline, nor make it buffer more than max_response_bytes.
// Names are resolved with the same deadline (name_resolver.hpp) and cached.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "http_client.hpp"
#include "http_response_parser.hpp"
#include "name_resolver.hpp"

namespace otelrt::internal {
namespace {

using Clock = std::chrono::steady_clock;

enum class Wait { ready, timeout, cancelled, error };

class SocketTransport final : public HttpTransport {
 public:
  SocketTransport(HttpUrl url, std::size_t max_response_bytes, NameLookup lookup)
      : url_(std::move(url)),
        max_response_bytes_(max_response_bytes),
        resolver_(std::move(lookup)) {
    if (::pipe(cancel_pipe_) == 0) {
      for (int fd : cancel_pipe_) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
      }
    } else {
      cancel_pipe_[0] = cancel_pipe_[1] = -1;
    }
  }
  ~SocketTransport() override {
    close_connection();
    for (int fd : cancel_pipe_) {
      if (fd >= 0) ::close(fd);
    }
  }

  HttpResponse post(const HttpHeaders& headers, std::string_view body,
                    Clock::time_point deadline) override {
    HttpResponse response;
    if (cancelled_.load()) return failed(response, "exporter is shut down");
    // A child process after fork() shares the parent's socket; it must open its own.
    if (fd_ >= 0 && owner_pid_ != ::getpid()) {
      ::close(fd_);
      fd_ = -1;
    }
    std::string head = build_head(headers, body.size());
    bool reused = fd_ >= 0 && connection_idle();
    if (!reused) {
      close_connection();
      if (!connect_to(deadline, response)) return response;
    }
    bool stale = false;
    response = exchange(head, body, deadline, stale);
    if (stale && reused) {
      // The peer closed the kept-alive connection before reading our request: a normal
      // race with its idle timeout. Resend once on a fresh connection.
      close_connection();
      response = HttpResponse{};
      if (!connect_to(deadline, response)) return response;
      response = exchange(head, body, deadline, stale);
    }
    return response;
  }

  void cancel() override {
    cancelled_.store(true);
    if (cancel_pipe_[1] >= 0) {
      char byte = 1;
      [[maybe_unused]] ssize_t ignored = ::write(cancel_pipe_[1], &byte, 1);
    }
  }

 private:
  static HttpResponse& failed(HttpResponse& response, std::string error) {
    response.complete = false;
    response.error = std::move(error);
    return response;
  }

  std::string build_head(const HttpHeaders& headers, std::size_t body_size) const {
    std::string head;
    head.reserve(256);
    head += "POST " + url_.target + " HTTP/1.1\r\nHost: " + url_.host_header() + "\r\n";
    for (const auto& [name, value] : headers) {
      head += name;
      head += ": ";
      head += value;
      head += "\r\n";
    }
    head += "Content-Length: " + std::to_string(body_size) + "\r\n\r\n";
    return head;
  }

  // An idle kept-alive connection must have nothing to read: readable means the peer
  // closed it (EOF) or sent bytes we never asked for; either way it is not reusable.
  bool connection_idle() const {
    pollfd entry{fd_, POLLIN, 0};
    return ::poll(&entry, 1, 0) == 0;
  }

  void close_connection() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }

  Wait wait_for(int fd, short events, Clock::time_point deadline) const {
    for (;;) {
      auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - Clock::now() + std::chrono::microseconds(999));
      if (remaining.count() <= 0) return Wait::timeout;
      pollfd entries[2] = {{fd, events, 0}, {cancel_pipe_[0], POLLIN, 0}};
      int count = cancel_pipe_[0] >= 0 ? 2 : 1;
      int ready = ::poll(entries, count,
                         static_cast<int>(std::min<long long>(remaining.count(), 60 * 60 * 1000)));
      if (ready < 0) {
        if (errno == EINTR) continue;
        return Wait::error;
      }
      if (cancelled_.load()) return Wait::cancelled;
      if (ready == 0) continue;  // re-check the deadline
      return Wait::ready;
    }
  }

  // Tries every address of the host; the addresses are kept for later connections and
  // resolved again only after connecting to all of them failed.
  bool connect_to(Clock::time_point deadline, HttpResponse& response) {
    if (addresses_.empty()) {
      Resolution resolution = resolver_.resolve(url_.host, url_.port, deadline, cancel_pipe_[0]);
      if (resolution.addresses.empty()) {
        response.timed_out = resolution.timed_out;
        failed(response, resolution.timed_out ? "resolving " + url_.host + " timed out"
                         : resolution.cancelled
                             ? "resolving " + url_.host + " was interrupted"
                             : "cannot resolve " + url_.host + ": " + resolution.error);
        return false;
      }
      addresses_ = std::move(resolution.addresses);
    }
    std::string last_error = "no address";
    for (const SocketAddress& address : addresses_) {
      int fd = ::socket(address.family, address.socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                        address.protocol);
      if (fd < 0) {
        last_error = std::strerror(errno);
        continue;
      }
      int result =
          ::connect(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length);
      if (result != 0 && errno == EINPROGRESS) {
        Wait wait = wait_for(fd, POLLOUT, deadline);
        if (wait == Wait::ready) {
          int error = 0;
          socklen_t size = sizeof error;
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
          result = error == 0 ? 0 : -1;
          errno = error;
        } else {
          ::close(fd);
          if (wait != Wait::cancelled) addresses_.clear();
          response.timed_out = wait == Wait::timeout;
          failed(response, "connect to " + url_.host_header() +
                               (wait == Wait::timeout ? " timed out" : " interrupted"));
          return false;
        }
      }
      if (result == 0) {
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fd_ = fd;
        owner_pid_ = ::getpid();
        buffer_.clear();
        return true;
      }
      last_error = std::strerror(errno);
      ::close(fd);
    }
    addresses_.clear();
    failed(response, "connect to " + url_.host_header() + " failed: " + last_error);
    return false;
  }

  // Sends head and body; `stale` reports a connection the peer had already closed.
  bool send_request(std::string_view head, std::string_view body, Clock::time_point deadline,
                    HttpResponse& response, bool& stale) {
    iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                      {const_cast<char*>(body.data()), body.size()}};
    std::size_t total = head.size() + body.size();
    std::size_t sent = 0;
    while (sent < total) {
      msghdr message{};
      iovec remaining[2];
      std::size_t count = 0;
      std::size_t skip = sent;
      for (const iovec& part : parts) {
        if (skip >= part.iov_len) {
          skip -= part.iov_len;
          continue;
        }
        remaining[count].iov_base = static_cast<char*>(part.iov_base) + skip;
        remaining[count].iov_len = part.iov_len - skip;
        skip = 0;
        ++count;
      }
      message.msg_iov = remaining;
      message.msg_iovlen = count;
      ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
      if (n >= 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        Wait wait = wait_for(fd_, POLLOUT, deadline);
        if (wait == Wait::ready) continue;
        response.timed_out = wait == Wait::timeout;
        failed(response, wait == Wait::timeout ? "timed out sending the request"
                                               : "sending the request was interrupted");
        return false;
      }
      stale = sent == 0 && (errno == EPIPE || errno == ECONNRESET);
      failed(response, std::string("send failed: ") + std::strerror(errno));
      return false;
    }
    return true;
  }

  HttpResponse exchange(std::string_view head, std::string_view body, Clock::time_point deadline,
                        bool& stale) {
    HttpResponse response;
    stale = false;
    buffer_.clear();
    if (!send_request(head, body, deadline, response, stale)) {
      close_connection();
      return response;
    }
    HttpResponseParser parser(max_response_bytes_);
    bool received_any = false;
    char chunk[16384];
    for (;;) {
      ParseState state = parser.feed(buffer_, response);
      if (state == ParseState::done) break;
      if (state == ParseState::error) {
        close_connection();
        return response;
      }
      Wait wait = wait_for(fd_, POLLIN, deadline);
      if (wait != Wait::ready) {
        response.complete = false;
        response.timed_out = wait == Wait::timeout;
        response.error = wait == Wait::timeout ? "timed out waiting for the response"
                                               : "waiting for the response was interrupted";
        close_connection();
        return response;
      }
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (n <= 0) {
        std::string why = n == 0 ? "connection closed" : std::strerror(errno);
        if (parser.finish_at_eof(response)) break;  // body delimited by the close
        stale = !received_any;
        response.complete = false;
        response.error =
            why + (received_any ? " in the middle of the response" : " before the response");
        close_connection();
        return response;
      }
      received_any = true;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    if (!parser.keep_alive()) close_connection();
    return response;
  }

  HttpUrl url_;
  std::size_t max_response_bytes_;
  NameResolver resolver_;
  std::vector<SocketAddress> addresses_;  // resolved once, kept while connecting works
  int fd_ = -1;
  pid_t owner_pid_ = 0;
  std::string buffer_;
  int cancel_pipe_[2] = {-1, -1};
  std::atomic<bool> cancelled_{false};
};

}  // namespace

std::unique_ptr<HttpTransport> make_socket_transport(const HttpUrl& url,
                                                     std::size_t max_response_bytes,
                                                     NameLookup lookup) {
  return std::make_unique<SocketTransport>(url, max_response_bytes, std::move(lookup));
}

}  // namespace otelrt::internal
