// How `otel-setup view` shows spans: an indented tree per trace for people, one JSON object
// per span for programs.
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "otel_setup/otlp_model.hpp"

namespace otel_setup::otlp {

// One trace as a tree: children under their parent (by parent_span_id) in start order;
// spans whose parent is absent, and any caught in a parent cycle, at the root.
std::string render_trace_tree(const std::vector<Span>& trace, bool color);

// "850 us", "12.35 ms", "1.50 s".
std::string format_duration(std::uint64_t start_unix_nano, std::uint64_t end_unix_nano);

// The JSON-lines form of one span (schema in docs/view.md).
nlohmann::json span_to_json(const Span& span);
// span_to_json dumped on one line; invalid UTF-8 is replaced, never thrown.
std::string span_to_json_line(const Span& span);
nlohmann::json attributes_to_json(const Attributes& attributes);

// Groups spans by trace until the trace has been quiet for a while, so a trace whose
// spans arrive in several exports prints once. Not thread-safe: the caller locks.
class TraceBuffer {
 public:
  using Clock = std::chrono::steady_clock;

  void add(std::vector<Span> spans, Clock::time_point now);
  // Traces with no new span since `now - quiet`, in order of first arrival.
  std::vector<std::vector<Span>> take_quiet(Clock::time_point now, Clock::duration quiet);
  std::vector<std::vector<Span>> take_all();
  bool empty() const { return pending_.empty(); }

 private:
  struct Pending {
    std::vector<Span> spans;
    Clock::time_point last_arrival;
    std::uint64_t order = 0;
  };
  std::vector<std::vector<Span>> take_if(Clock::time_point cutoff, bool all);

  std::map<std::string, Pending> pending_;  // by trace id
  std::uint64_t next_order_ = 0;
};

}  // namespace otel_setup::otlp
