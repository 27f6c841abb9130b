// A fault-injecting HTTP/1.1 server for tests, on 127.0.0.1 (or ::1) with an ephemeral
// port. It answers a script of replies in order (then the default reply), records every
// request, and can misbehave: never answer, close mid-response, stream a huge body, answer
// chunked, or close without answering. One thread per connection; stop() ends them all.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace otelrt::testing {

struct ScriptedReply {
  enum class Kind { respond, chunked, never_answer, close_mid_response, huge_body, close_silently };
  Kind kind = Kind::respond;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t huge_body_bytes = std::size_t{100} << 20;  // for huge_body
  bool close_after = false;                              // Connection: close

  static ScriptedReply with_status(int status, std::string body = {});
  static ScriptedReply of(Kind kind);
};

struct RecordedRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::size_t connection = 0;  // 1-based index of the TCP connection it arrived on

  // Case-insensitive lookup; "" when absent.
  std::string header(const std::string& name) const;
};

class TestHttpServer {
 public:
  explicit TestHttpServer(bool ipv6 = false);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  void script(std::vector<ScriptedReply> replies);
  void set_default(ScriptedReply reply);

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port><path>" (or "http://[::1]:<port><path>").
  std::string url(const std::string& path = "/v1/traces") const;

  std::vector<RecordedRequest> requests() const;
  std::size_t connections() const { return connections_.load(); }
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;

  void stop();

 private:
  void accept_loop();
  void serve(int fd, std::size_t connection);
  ScriptedReply next_reply();
  bool send_all(int fd, const std::string& data) const;
  bool wait_readable(int fd) const;  // false when stopping

  bool ipv6_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<ScriptedReply> script_;
  ScriptedReply default_reply_;
  std::vector<RecordedRequest> requests_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// A local port where nothing listens (bound, then closed).
std::uint16_t unused_local_port();

}  // namespace otelrt::testing
