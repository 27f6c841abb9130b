#include "sampler.hpp"

#include <cmath>
#include <cstdlib>

#include "diagnostics.hpp"
#include "env.hpp"

namespace otelrt::internal {

Sampler::Sampler(Root root, bool parent_based, double ratio)
    : root_(root), parent_based_(parent_based), ratio_(ratio), threshold_(0) {
  if (root_ == Root::ratio) {
    if (!(ratio_ > 0.0)) {
      root_ = Root::always_off;  // includes NaN
      ratio_ = 0.0;
    } else if (ratio_ >= 1.0) {
      root_ = Root::always_on;
      ratio_ = 1.0;
    } else {
      // 2^64 * ratio; ratio < 1 so the product fits below 2^64.
      threshold_ = static_cast<std::uint64_t>(std::ldexp(ratio_, 64));
    }
  }
}

Sampler Sampler::trace_id_ratio(double ratio, bool parent_based) {
  return Sampler(Root::ratio, parent_based, ratio);
}

bool Sampler::ratio_sampled(const TraceId& trace_id) const {
  std::uint64_t low = 0;
  for (std::size_t i = 8; i < 16; ++i)
    low = low << 8 | trace_id.bytes[i];
  return low < threshold_;
}

std::string Sampler::description() const {
  std::string root = root_ == Root::always_on    ? "always_on"
                     : root_ == Root::always_off ? "always_off"
                                                 : "traceidratio(" + std::to_string(ratio_) + ")";
  return parent_based_ ? "parentbased_" + root : root;
}

namespace {

double ratio_from_environment() {
  std::string text(trim_ows(env_string("OTEL_TRACES_SAMPLER_ARG")));
  if (text.empty()) return 1.0;
  char* end = nullptr;
  double ratio = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(ratio >= 0.0 && ratio <= 1.0)) {
    warn("sampler_arg", "OTEL_TRACES_SAMPLER_ARG=" + text + " is not a ratio in [0, 1]; using 1.0");
    return 1.0;
  }
  return ratio;
}

}  // namespace

Sampler Sampler::from_environment() {
  std::string name = env_lower("OTEL_TRACES_SAMPLER");
  if (name.empty() || name == "parentbased_always_on") return parent_based(Root::always_on);
  if (name == "always_on") return always_on();
  if (name == "always_off") return always_off();
  if (name == "parentbased_always_off") return parent_based(Root::always_off);
  if (name == "traceidratio") return trace_id_ratio(ratio_from_environment(), false);
  if (name == "parentbased_traceidratio") return trace_id_ratio(ratio_from_environment(), true);
  warn("sampler", "unknown OTEL_TRACES_SAMPLER=" + name + "; using parentbased_always_on");
  return parent_based(Root::always_on);
}

}  // namespace otelrt::internal
