#include "diagnostics.hpp"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <new>
#include <unordered_map>

namespace otelrt::internal {
namespace {

constexpr std::chrono::seconds kDiagnosticInterval{10};

struct KeyState {
  std::chrono::steady_clock::time_point last_printed{};
  unsigned long suppressed = 0;
  bool printed = false;
};

struct Diagnostics {
  std::mutex mutex;
  std::unordered_map<std::string, KeyState> keys;
  std::string* sink = nullptr;
};

// Leaked on purpose: warnings may be issued from atexit handlers and worker threads after
// static destruction has begun. Atomic because the fork handlers read it on the forking
// thread, ordered after its creation only by glibc's internal atfork lock.
std::atomic<Diagnostics*> g_diagnostics{nullptr};
pthread_once_t g_diagnostics_once = PTHREAD_ONCE_INIT;

Diagnostics& created_diagnostics() {
  return *g_diagnostics.load(std::memory_order_acquire);
}

void create_diagnostics() {
  g_diagnostics.store(new Diagnostics(), std::memory_order_release);
  // A fork while another thread is printing must not leave the child's lock held.
  pthread_atfork([] { created_diagnostics().mutex.lock(); },
                 [] { created_diagnostics().mutex.unlock(); },
                 [] { new (&created_diagnostics().mutex) std::mutex(); });
}

Diagnostics& diagnostics() {
  // pthread_once, not a function-local static: glibc restarts a pthread_once that another
  // thread was running at fork time, whereas a C++ static-init guard left "in progress" by
  // the parent's worker blocks the forked child forever.
  pthread_once(&g_diagnostics_once, create_diagnostics);
  return created_diagnostics();
}

}  // namespace

void warn(std::string_view key, const std::string& message) {
  Diagnostics& state = diagnostics();
  std::lock_guard<std::mutex> lock(state.mutex);
  KeyState& entry = state.keys[std::string(key)];
  auto now = std::chrono::steady_clock::now();
  if (entry.printed && now - entry.last_printed < kDiagnosticInterval) {
    ++entry.suppressed;
    return;
  }
  std::string line = "otelrt: " + message;
  if (entry.suppressed > 0) {
    line += " (" + std::to_string(entry.suppressed) + " similar messages suppressed)";
  }
  entry.printed = true;
  entry.last_printed = now;
  entry.suppressed = 0;
  if (state.sink != nullptr) {
    *state.sink += line + "\n";
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

void set_diagnostics_sink(std::string* sink) {
  Diagnostics& state = diagnostics();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.sink = sink;
  state.keys.clear();
}

}  // namespace otelrt::internal
