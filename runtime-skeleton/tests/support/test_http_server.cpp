#include "support/test_http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace otelrt::testing {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t");
  std::size_t end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

}  // namespace

ScriptedReply ScriptedReply::with_status(int status, std::string body) {
  ScriptedReply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

ScriptedReply ScriptedReply::of(Kind kind) {
  ScriptedReply reply;
  reply.kind = kind;
  return reply;
}

std::string RecordedRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (lower(key) == lower(name)) return value;
  }
  return {};
}

TestHttpServer::TestHttpServer(bool ipv6) : ipv6_(ipv6) {
  if (::pipe(stop_pipe_) != 0) throw std::runtime_error("pipe failed");
  listen_fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage address{};
  socklen_t size = 0;
  if (ipv6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
    in6->sin6_family = AF_INET6;
    in6->sin6_addr = in6addr_loopback;
    size = sizeof *in6;
  } else {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&address);
    in4->sin_family = AF_INET;
    in4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    size = sizeof *in4;
  }
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error(std::string("bind/listen failed: ") + std::strerror(errno));
  }
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                     : reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TestHttpServer::~TestHttpServer() {
  stop();
}

void TestHttpServer::stop() {
  if (stopping_.exchange(true)) return;
  char byte = 1;
  [[maybe_unused]] ssize_t ignored = ::write(stop_pipe_[1], &byte, 1);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads)
    thread.join();
  ::close(listen_fd_);
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

void TestHttpServer::script(std::vector<ScriptedReply> replies) {
  std::lock_guard<std::mutex> lock(mutex_);
  script_.assign(replies.begin(), replies.end());
}

void TestHttpServer::set_default(ScriptedReply reply) {
  std::lock_guard<std::mutex> lock(mutex_);
  default_reply_ = std::move(reply);
}

std::string TestHttpServer::url(const std::string& path) const {
  return std::string(ipv6_ ? "http://[::1]:" : "http://127.0.0.1:") + std::to_string(port_) + path;
}

std::vector<RecordedRequest> TestHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

bool TestHttpServer::wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

ScriptedReply TestHttpServer::next_reply() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (script_.empty()) return default_reply_;
  ScriptedReply reply = std::move(script_.front());
  script_.pop_front();
  return reply;
}

bool TestHttpServer::wait_readable(int fd) const {
  pollfd entries[2] = {{fd, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
  while (::poll(entries, 2, -1) < 0) {
    if (errno != EINTR) return false;
  }
  return (entries[1].revents & POLLIN) == 0;
}

bool TestHttpServer::send_all(int fd, const std::string& data) const {
  std::size_t sent = 0;
  while (sent < data.size()) {
    pollfd entries[2] = {{fd, POLLOUT, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(entries, 2, -1) < 0 && errno != EINTR) return false;
    if (entries[1].revents & POLLIN) return false;
    if ((entries[0].revents & POLLOUT) == 0) {
      if (entries[0].revents & (POLLERR | POLLHUP)) return false;
      continue;
    }
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void TestHttpServer::accept_loop() {
  for (;;) {
    if (!wait_readable(listen_fd_)) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::size_t index = ++connections_;
    std::lock_guard<std::mutex> lock(mutex_);
    threads_.emplace_back([this, fd, index] { serve(fd, index); });
  }
}

void TestHttpServer::serve(int fd, std::size_t connection) {
  std::string buffer;
  char chunk[65536];
  auto read_more = [&]() -> bool {
    if (!wait_readable(fd)) return false;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  for (;;) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!read_more()) {
        ::close(fd);
        return;
      }
    }
    RecordedRequest request;
    request.connection = connection;
    std::string head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    std::size_t space1 = request_line.find(' ');
    std::size_t space2 = request_line.find(' ', space1 + 1);
    request.method = request_line.substr(0, space1);
    request.target = request_line.substr(space1 + 1, space2 - space1 - 1);
    std::size_t position = line_end == std::string::npos ? head.size() : line_end + 2;
    while (position < head.size()) {
      std::size_t end = head.find("\r\n", position);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(position, end - position);
      position = end + 2;
      std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      request.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    if (lower(request.header("Transfer-Encoding")).find("chunked") != std::string::npos) {
      for (;;) {
        std::size_t end;
        while ((end = buffer.find("\r\n")) == std::string::npos) {
          if (!read_more()) return (void)::close(fd);
        }
        std::size_t size = std::stoul(buffer.substr(0, end), nullptr, 16);
        buffer.erase(0, end + 2);
        while (buffer.size() < size + 2) {
          if (!read_more()) return (void)::close(fd);
        }
        request.body.append(buffer, 0, size);
        buffer.erase(0, size + 2);
        if (size == 0) break;  // (trailers are not used by our clients)
      }
    } else {
      std::string length_text = request.header("Content-Length");
      std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
      while (buffer.size() < length) {
        if (!read_more()) return (void)::close(fd);
      }
      request.body = buffer.substr(0, length);
      buffer.erase(0, length);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
    }
    changed_.notify_all();

    ScriptedReply reply = next_reply();
    std::string extra;
    for (const auto& [name, value] : reply.headers)
      extra += name + ": " + value + "\r\n";
    if (reply.close_after) extra += "Connection: close\r\n";
    std::string status_line =
        "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
    using Kind = ScriptedReply::Kind;
    bool keep_open = !reply.close_after;
    switch (reply.kind) {
      case Kind::respond:
        keep_open = send_all(fd, status_line + extra + "Content-Length: " +
                                     std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body) &&
                    keep_open;
        break;
      case Kind::chunked: {
        std::string out = status_line + extra + "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t i = 0; i < reply.body.size(); i += 7) {
          std::string piece = reply.body.substr(i, 7);
          char size[16];
          std::snprintf(size, sizeof size, "%zx;ext=1\r\n", piece.size());
          out += size + piece + "\r\n";
        }
        out += "0\r\nX-Trailer: yes\r\n\r\n";
        keep_open = send_all(fd, out) && keep_open;
        break;
      }
      case Kind::never_answer:
        while (wait_readable(fd) && ::recv(fd, chunk, sizeof chunk, 0) > 0) {
        }
        keep_open = false;
        break;
      case Kind::close_mid_response:
        send_all(fd, status_line + "Content-Length: 1000\r\n\r\npartial body");
        keep_open = false;
        break;
      case Kind::huge_body: {
        send_all(fd, status_line + extra +
                         "Content-Length: " + std::to_string(reply.huge_body_bytes) + "\r\n\r\n");
        std::string block(65536, 'x');
        std::size_t sent = 0;
        while (sent < reply.huge_body_bytes && send_all(fd, block))
          sent += block.size();
        keep_open = false;
        break;
      }
      case Kind::close_silently:
        keep_open = false;
        break;
    }
    if (!keep_open) {
      ::close(fd);
      return;
    }
  }
}

std::uint16_t unused_local_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace otelrt::testing
