// `otel-setup view`: run a Receiver and print what arrives, until interrupted, until the
// expected number of spans arrived, or until the timeout.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace otel_setup::otlp {

struct ViewOptions {
  std::string host = "127.0.0.1";
  int port = 4318;
  bool json = false;           // one JSON object per span per line
  std::size_t expect = 0;      // exit 0 once this many spans arrived; 0: run until a signal
  double timeout_seconds = 0;  // exit 1 when it passes first; 0: no timeout
  std::string output;          // write spans here instead of `out`
  enum class Color { automatic, always, never } color = Color::automatic;
  std::chrono::milliseconds quiet{1000};  // a trace prints once quiet this long
};

// Returns the exit code: 0 on a signal or when `expect` spans arrived, 1 on timeout.
// Throws std::runtime_error when it cannot listen or open the output file.
int run_view(const ViewOptions& options, std::ostream& out, std::ostream& err);

}  // namespace otel_setup::otlp
