#include "ids.hpp"

#include <pthread.h>
#include <sys/random.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>

#include "otlp_common.hpp"

namespace otelrt {
namespace {

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& bytes) {
  std::string out;
  internal::append_hex(out, bytes.data(), N);
  return out;
}

// Bumped in the child of every fork; each thread reseeds when it sees a new value.
std::atomic<std::uint64_t> g_fork_generation{1};

void on_fork_child() {
  g_fork_generation.fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

class Xoshiro256 {
 public:
  std::uint64_t next() {
    std::uint64_t generation = g_fork_generation.load(std::memory_order_relaxed);
    if (generation != generation_) reseed(generation);
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  // Once per thread and fork: kept out of next()'s code, which every span runs.
  [[gnu::noinline]] void reseed(std::uint64_t generation) {
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, on_fork_child); });
    generation_ = generation;
    std::uint64_t seed[4] = {};
    std::size_t got = 0;
    while (got < sizeof(seed)) {
      ssize_t n = getrandom(reinterpret_cast<char*>(seed) + got, sizeof(seed) - got, 0);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    // Without getrandom (old kernels, seccomp) mix time, pid, thread and stack address; ids
    // then stay unique in practice though not unpredictable.
    std::uint64_t mix = static_cast<std::uint64_t>(
                            std::chrono::high_resolution_clock::now().time_since_epoch().count()) ^
                        (static_cast<std::uint64_t>(getpid()) << 32) ^
                        reinterpret_cast<std::uintptr_t>(&seed) ^ generation;
    for (std::uint64_t& word : seed)
      word ^= splitmix64(mix);
    std::memcpy(s_, seed, sizeof(s_));
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
  }

  std::uint64_t s_[4] = {};
  std::uint64_t generation_ = 0;  // 0: never seeded
};

thread_local Xoshiro256 t_generator;

// The ids are random bytes, so the generator's words are stored as they lie in memory: a byte
// order would only cost a loop per id.
void store64(std::uint8_t* out, std::uint64_t value) {
  std::memcpy(out, &value, sizeof value);
}

}  // namespace

bool TraceId::valid() const {
  return !internal::all_zero(bytes);
}
std::string TraceId::hex() const {
  return to_hex(bytes);
}
void TraceId::write_hex(char* out) const {
  internal::write_hex(bytes.data(), bytes.size(), out);
}
bool SpanId::valid() const {
  return !internal::all_zero(bytes);
}
std::string SpanId::hex() const {
  return to_hex(bytes);
}
void SpanId::write_hex(char* out) const {
  internal::write_hex(bytes.data(), bytes.size(), out);
}

namespace internal {

TraceId new_trace_id() {
  TraceId id;
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  while (high == 0 && low == 0) {
    high = t_generator.next();
    low = t_generator.next();
  }
  store64(id.bytes.data(), high);
  store64(id.bytes.data() + 8, low);
  return id;
}

SpanId new_span_id() {
  SpanId id;
  std::uint64_t value = 0;
  while (value == 0)
    value = t_generator.next();
  store64(id.bytes.data(), value);
  return id;
}

}  // namespace internal
}  // namespace otelrt
