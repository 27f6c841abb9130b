// Ids: never zero, unique across threads, lowercase hex, different in a forked child.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "ids.hpp"

TEST_CASE("ids are valid, lowercase hex and unique") {
  std::set<std::string> seen;
  for (int i = 0; i < 100000; ++i) {
    otelrt::TraceId trace = otelrt::internal::new_trace_id();
    otelrt::SpanId span = otelrt::internal::new_span_id();
    REQUIRE(trace.valid());
    REQUIRE(span.valid());
    REQUIRE(seen.insert(trace.hex()).second);
    REQUIRE(seen.insert(span.hex()).second);
  }
  otelrt::TraceId zero;
  CHECK_FALSE(zero.valid());
  CHECK(zero.hex() == std::string(32, '0'));
  otelrt::SpanId id;
  id.bytes = {0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7};
  CHECK(id.hex() == "00f067aa0ba902b7");
}

TEST_CASE("threads draw independent ids") {
  std::mutex mutex;
  std::set<std::string> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 10000; ++i)
        mine.push_back(otelrt::internal::new_span_id().hex());
      std::lock_guard<std::mutex> lock(mutex);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads)
    thread.join();
  CHECK(seen.size() == 40000);
}

TEST_CASE("a forked child does not repeat the parent's ids") {
  otelrt::internal::new_span_id();  // seed this thread before fork
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::string id = otelrt::internal::new_trace_id().hex();
    ssize_t written = write(pipe_fds[1], id.data(), id.size());
    _exit(written == static_cast<ssize_t>(id.size()) ? 0 : 1);
  }
  std::string parent_id = otelrt::internal::new_trace_id().hex();
  char buffer[32];
  ssize_t got = read(pipe_fds[0], buffer, sizeof(buffer));
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  REQUIRE(got == 32);
  CHECK(std::string(buffer, 32) != parent_id);
  CHECK(WIFEXITED(status));
}
