// Stand-in for a collector running on another machine: accepts OTLP/HTTP exports on
// 127.0.0.1:PORT (keep-alive), reads each body, answers 200 with an empty
// ExportTraceServiceResponse and decodes nothing, so the benchmark charges the service only for
// what it does itself (encode, send) and not for a collector sharing its cores. In C++ because
// the Python version it replaces took 2-3% of the instrumented service's CPU time on the same
// two cores (reading 150 KiB bodies into Python objects).
//
//   discard_collector PORT        prints "exports=N bytes=B" to stderr on SIGTERM/SIGINT
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

volatile sig_atomic_t g_stop = 0;

void on_signal(int) {
  g_stop = 1;
}

// One keep-alive connection: requests are parsed just enough to find their bodies.
struct Connection {
  int fd;
  std::string pending;  // bytes of the current request read so far
};

constexpr char kReply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n";

// Content-Length of a request head, or 0 when absent.
std::size_t content_length(const std::string& head) {
  for (std::size_t at = head.find("\r\n"); at != std::string::npos;
       at = head.find("\r\n", at + 2)) {
    static constexpr char kName[] = "content-length:";
    bool match = true;
    for (std::size_t i = 0; kName[i] != '\0'; ++i) {
      const char c = at + 2 + i < head.size() ? head[at + 2 + i] : '\0';
      if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != kName[i]) {
        match = false;
        break;
      }
    }
    if (match) return std::strtoul(head.c_str() + at + 2 + sizeof(kName) - 1, nullptr, 10);
  }
  return 0;
}

// Answers every complete request in `connection.pending`; false when the peer is gone.
bool serve(Connection& connection, unsigned long& exports, unsigned long long& bytes) {
  while (true) {
    const std::size_t head_end = connection.pending.find("\r\n\r\n");
    if (head_end == std::string::npos) return true;
    const std::size_t body = content_length(connection.pending.substr(0, head_end + 2));
    const std::size_t total = head_end + 4 + body;
    if (connection.pending.size() < total) return true;
    connection.pending.erase(0, total);
    ++exports;
    bytes += body;
    if (write(connection.fd, kReply, sizeof kReply - 1) !=
        static_cast<ssize_t>(sizeof kReply - 1)) {
      return false;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: discard_collector PORT\n");
    return 2;
  }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[1])));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 16) != 0) {
    std::perror("discard_collector: bind/listen");
    return 1;
  }
  std::fprintf(stderr, "listening\n");

  std::vector<Connection> connections;
  unsigned long exports = 0;
  unsigned long long bytes = 0;
  std::vector<char> buffer(1 << 16);
  while (g_stop == 0) {
    std::vector<pollfd> fds{{listener, POLLIN, 0}};
    for (const Connection& connection : connections)
      fds.push_back({connection.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), 200) <= 0) continue;
    if ((fds[0].revents & POLLIN) != 0) {
      const int fd = accept(listener, nullptr, nullptr);
      if (fd >= 0) connections.push_back({fd, {}});
    }
    for (std::size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      Connection& connection = connections[i - 1];
      const ssize_t got = read(connection.fd, buffer.data(), buffer.size());
      if (got > 0) connection.pending.append(buffer.data(), static_cast<std::size_t>(got));
      if (got <= 0 || !serve(connection, exports, bytes)) {
        close(connection.fd);
        connection.fd = -1;
      }
    }
    std::vector<Connection> open;
    for (Connection& connection : connections) {
      if (connection.fd >= 0) open.push_back(std::move(connection));
    }
    connections.swap(open);
  }
  std::fprintf(stderr, "exports=%lu bytes=%llu\n", exports, bytes);
  return 0;
}
