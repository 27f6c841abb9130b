// Spans ended on a batch processor from several threads at once, each thread flushing now and
// then: the shape of the processors' concurrency tests (a lost wakeup or a race shows there).
#pragma once

#include <chrono>
#include <thread>
#include <vector>

#include "batch_processor.hpp"

namespace otelrt_test {

// Ends `per_thread` spans from each of `threads` threads, make_span(thread index) giving each
// (called concurrently), and a force_flush every 1000 spans; returns once all have joined.
template <typename MakeSpan>
void end_from_threads(otelrt::internal::BatchProcessor& processor, int threads, int per_thread,
                      const MakeSpan& make_span) {
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&processor, &make_span, t, per_thread] {
      for (int i = 0; i < per_thread; ++i) {
        processor.on_end(make_span(t));
        if (i % 1000 == 0) processor.force_flush(std::chrono::seconds(10));
      }
    });
  }
  for (std::thread& thread : running)
    thread.join();
}

}  // namespace otelrt_test
