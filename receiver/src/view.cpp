#include "otel_setup/view.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <ostream>
#include <stdexcept>

#include "otel_setup/otlp_receiver.hpp"
#include "otel_setup/trace_render.hpp"

namespace otel_setup::otlp {
namespace {

volatile std::sig_atomic_t g_stop_requested = 0;

void request_stop(int) {
  g_stop_requested = 1;
}

// Routes SIGINT and SIGTERM to a flag for the lifetime of the view; restores on exit.
class StopSignals {
 public:
  StopSignals() {
    g_stop_requested = 0;
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  bool requested() const { return g_stop_requested != 0; }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

bool use_color(const ViewOptions& options) {
  if (options.color != ViewOptions::Color::automatic)
    return options.color == ViewOptions::Color::always;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return options.output.empty() && isatty(STDOUT_FILENO);
}

}  // namespace

int run_view(const ViewOptions& options, std::ostream& out, std::ostream& err) {
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::out | std::ios::trunc);
    if (!file) throw std::runtime_error("cannot write " + options.output);
  }
  std::ostream& sink = options.output.empty() ? out : file;
  const bool color = use_color(options);

  std::mutex mutex;  // guards everything below, and both streams
  std::condition_variable changed;
  TraceBuffer buffer;
  std::size_t received = 0;
  auto print_traces = [&](const std::vector<std::vector<Span>>& traces) {
    for (const auto& trace : traces)
      sink << render_trace_tree(trace, color) << "\n";
    if (!traces.empty()) sink.flush();
  };

  ReceiverOptions receiver_options;
  receiver_options.host = options.host;
  receiver_options.port = options.port;
  Receiver receiver(
      receiver_options,
      [&](std::vector<Span> spans) {
        std::lock_guard<std::mutex> lock(mutex);
        received += spans.size();
        if (options.json) {
          for (const Span& span : spans)
            sink << span_to_json_line(span) << "\n";
          sink.flush();
        } else {
          buffer.add(std::move(spans), TraceBuffer::Clock::now());
        }
        changed.notify_all();
      },
      [&](const std::string& note) {
        std::lock_guard<std::mutex> lock(mutex);
        err << "otel-setup view: " << note << std::endl;
      });

  StopSignals signals;
  int port = receiver.start();
  {
    std::lock_guard<std::mutex> lock(mutex);
    err << "listening on http://" << options.host << ":" << port << std::endl;
  }

  using Clock = std::chrono::steady_clock;
  const bool has_deadline = options.timeout_seconds > 0;
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(has_deadline ? options.timeout_seconds : 0));
  int exit_code = 0;
  std::unique_lock<std::mutex> lock(mutex);
  for (;;) {
    // Signals cannot notify a condition variable: poll the flag at a short interval.
    changed.wait_for(lock, std::chrono::milliseconds(50));
    if (signals.requested()) break;
    if (options.expect > 0 && received >= options.expect) break;
    if (has_deadline && Clock::now() >= deadline) {
      if (options.expect > 0) {
        exit_code = 1;
        err << "otel-setup view: timed out after " << options.timeout_seconds << " s with "
            << received << " of " << options.expect << " expected spans" << std::endl;
      }
      break;
    }
    print_traces(buffer.take_quiet(Clock::now(), options.quiet));
  }
  print_traces(buffer.take_all());
  lock.unlock();
  receiver.stop();
  return exit_code;
}

}  // namespace otel_setup::otlp
