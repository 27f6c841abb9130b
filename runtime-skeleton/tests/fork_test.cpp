// Fork rule: the child starts with an empty queue and a lazily restarted worker; the parent
// keeps exporting its own spans; ids and process.pid differ in the child.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/capturing_exporter.hpp"

#if defined(__SANITIZE_THREAD__)
// The child legitimately starts a thread after a multi-threaded fork.
extern "C" const char* __tsan_default_options() {
  return "die_after_fork=0";
}
// But ThreadSanitizer still believes the parent's worker lives in the child and aborts with
// "dup thread with used id" when glibc hands its cached stack to the child's new worker. So
// under TSan the children below exit before starting threads; the fork handlers still run
// (and are race-checked) in the parent, and the release and ASan runs cover the children.
constexpr bool kChildMayStartThreads = false;
#elif defined(__SANITIZE_ADDRESS__)
// GCC 12's AddressSanitizer does not take its allocator locks around fork(): a lock another
// parent thread held at fork time stays held in the child, whose new worker then blocks in
// ASan's own malloc. The release run covers the children; ASan still checks the handlers.
constexpr bool kChildMayStartThreads = false;
#else
constexpr bool kChildMayStartThreads = true;
#endif

using namespace std::chrono_literals;
using otelrt_test::RuntimeFixture;

namespace {

// Runs `body` in a forked child; the child's exit code is the number of failed checks.
int run_in_child(int (*body)(), bool starts_threads = true) {
  pid_t child = fork();
  if (child == 0) _exit(starts_threads && !kChildMayStartThreads ? 0 : body());
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

}  // namespace

TEST_CASE("a forked child exports only its own spans with a restarted worker") {
  RuntimeFixture runtime(otelrt_test::Env{{"OTEL_BSP_SCHEDULE_DELAY", "60000"}});
  { otelrt::Span queued("parent-before-fork"); }  // still queued at fork time
  static std::shared_ptr<otelrt_test::Captured> captured;
  captured = runtime.captured;
  int failures = run_in_child([]() -> int {
    int failed = 0;
    { otelrt::Span span("child-span"); }
    if (!otelrt::force_flush(10s)) ++failed;
    {
      std::lock_guard<std::mutex> lock(captured->mutex);
      // The parent's queued span is not exported a second time by the child.
      if (captured->spans.size() != 1 || captured->spans[0].name != "child-span") ++failed;
    }
    auto* provider = otelrt::internal::g_provider.load();
    for (const auto& attribute : provider->resource.attributes) {
      if (attribute.key == "process.pid" && std::get<std::int64_t>(attribute.value) != getpid()) {
        ++failed;
      }
    }
    otelrt::shutdown(10s);
    return failed;
  });
  CHECK(failures == 0);
  { otelrt::Span after("parent-after-fork"); }
  REQUIRE(otelrt::force_flush(10s));
  std::lock_guard<std::mutex> lock(runtime.captured->mutex);
  REQUIRE(runtime.captured->spans.size() == 2);
  CHECK(runtime.captured->spans[0].name == "parent-before-fork");
  CHECK(runtime.captured->spans[1].name == "parent-after-fork");
}

TEST_CASE("fork while other threads end spans does not deadlock the child") {
  RuntimeFixture runtime(otelrt_test::Env{{"OTEL_BSP_SCHEDULE_DELAY", "1"}});
  std::atomic<bool> stop{false};
  std::thread busy([&] {
    while (!stop.load())
      otelrt::Span span("busy");
  });
  for (int round = 0; round < 20; ++round) {
    int failures = run_in_child([]() -> int {
      for (int i = 0; i < 10; ++i)
        otelrt::Span span("child");
      return otelrt::force_flush(10s) ? 0 : 1;
    });
    CHECK(failures == 0);
  }
  stop = true;
  busy.join();
}

TEST_CASE("a runtime shut down before fork stays shut down in the child") {
  RuntimeFixture runtime;
  otelrt::shutdown(10s);
  int failures = run_in_child(
      []() -> int {
        otelrt::Span span("nothing");
        int failed = span.is_recording() ? 1 : 0;
        otelrt::shutdown(100ms);
        return failed + (otelrt::force_flush(100ms) ? 0 : 1);
      },
      false);
  CHECK(failures == 0);
}
