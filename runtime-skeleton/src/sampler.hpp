// Head samplers from OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG. A plain value type, no
// virtual call on the span path.
#pragma once

#include <cstdint>
#include <string>

#include "otelrt/trace.hpp"

namespace otelrt::internal {

class Sampler {
 public:
  enum class Root : std::uint8_t { always_on, always_off, ratio };

  static Sampler always_on() { return Sampler(Root::always_on, false, 1.0); }
  static Sampler always_off() { return Sampler(Root::always_off, false, 0.0); }
  static Sampler trace_id_ratio(double ratio, bool parent_based);
  static Sampler parent_based(Root root, double ratio = 1.0) { return Sampler(root, true, ratio); }
  // Unknown names and bad ratios warn and fall back to the defaults
  // (parentbased_always_on, ratio 1.0).
  static Sampler from_environment();

  bool should_sample(const SpanContext& parent, const TraceId& trace_id) const {
    if (parent_based_ && parent.valid()) return parent.sampled();
    switch (root_) {
      case Root::always_on:
        return true;
      case Root::always_off:
        return false;
      case Root::ratio:
        return ratio_sampled(trace_id);
    }
    return false;
  }
  // Lower 8 bytes of the trace id as a big-endian integer, compared with ratio * 2^64.
  bool ratio_sampled(const TraceId& trace_id) const;
  std::string description() const;

 private:
  Sampler(Root root, bool parent_based, double ratio);

  Root root_;
  bool parent_based_;
  double ratio_;
  std::uint64_t threshold_;  // sampled when lower 64 bits < threshold_ (ratio < 1)
};

}  // namespace otelrt::internal
