#include <algorithm>

#include "otel_setup/trace_render.hpp"

namespace otel_setup::otlp {

void TraceBuffer::add(std::vector<Span> spans, Clock::time_point now) {
  for (Span& span : spans) {
    auto [entry, inserted] = pending_.try_emplace(span.trace_id);
    if (inserted) entry->second.order = next_order_++;
    entry->second.last_arrival = now;
    entry->second.spans.push_back(std::move(span));
  }
}

std::vector<std::vector<Span>> TraceBuffer::take_quiet(Clock::time_point now,
                                                       Clock::duration quiet) {
  return take_if(now - quiet, false);
}

std::vector<std::vector<Span>> TraceBuffer::take_all() {
  return take_if({}, true);
}

std::vector<std::vector<Span>> TraceBuffer::take_if(Clock::time_point cutoff, bool all) {
  std::vector<std::pair<std::uint64_t, std::vector<Span>>> ready;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (all || it->second.last_arrival <= cutoff) {
      ready.emplace_back(it->second.order, std::move(it->second.spans));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(ready.begin(), ready.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::vector<Span>> traces;
  for (auto& entry : ready)
    traces.push_back(std::move(entry.second));
  return traces;
}

}  // namespace otel_setup::otlp
