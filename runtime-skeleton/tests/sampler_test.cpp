// Samplers: the OTEL_TRACES_SAMPLER names, the trace id ratio rule (lower 8 bytes as a
// big-endian integer below ratio * 2^64) and parent-based decisions.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "diagnostics.hpp"
#include "ids.hpp"
#include "sampler.hpp"

using otelrt::internal::Sampler;

namespace {

otelrt::TraceId trace_id_with_low(std::uint64_t low) {
  otelrt::TraceId id;
  id.bytes[0] = 0xff;  // upper half must not matter
  for (int i = 15; i >= 8; --i) {
    id.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low);
    low >>= 8;
  }
  return id;
}

otelrt::SpanContext parent(bool sampled, bool remote) {
  otelrt::SpanContext context;
  context.trace_id.bytes[0] = 1;
  context.span_id.bytes[0] = 1;
  context.trace_flags = sampled ? 1 : 0;
  context.is_remote = remote;
  return context;
}

Sampler from_env(const char* name, const char* arg) {
  if (name) setenv("OTEL_TRACES_SAMPLER", name, 1);
  if (arg) setenv("OTEL_TRACES_SAMPLER_ARG", arg, 1);
  Sampler sampler = Sampler::from_environment();
  unsetenv("OTEL_TRACES_SAMPLER");
  unsetenv("OTEL_TRACES_SAMPLER_ARG");
  return sampler;
}

}  // namespace

TEST_CASE("ratio compares the lower 8 bytes against ratio * 2^64") {
  Sampler half = Sampler::trace_id_ratio(0.5, false);
  otelrt::SpanContext none;
  CHECK(half.should_sample(none, trace_id_with_low(0)));
  CHECK(half.should_sample(none, trace_id_with_low(0x7fffffffffffffffULL)));
  CHECK_FALSE(half.should_sample(none, trace_id_with_low(0x8000000000000000ULL)));
  CHECK_FALSE(half.should_sample(none, trace_id_with_low(~0ULL)));
  Sampler quarter = Sampler::trace_id_ratio(0.25, false);
  CHECK(quarter.should_sample(none, trace_id_with_low(0x3fffffffffffffffULL)));
  CHECK_FALSE(quarter.should_sample(none, trace_id_with_low(0x4000000000000000ULL)));
  CHECK(Sampler::trace_id_ratio(1.0, false).should_sample(none, trace_id_with_low(~0ULL)));
  CHECK_FALSE(Sampler::trace_id_ratio(0.0, false).should_sample(none, trace_id_with_low(0)));
}

TEST_CASE("ratio sampling matches the ratio over random ids") {
  for (double ratio : {0.01, 0.1, 0.5, 0.9}) {
    Sampler sampler = Sampler::trace_id_ratio(ratio, false);
    otelrt::SpanContext none;
    int sampled = 0;
    constexpr int kTrials = 200000;
    for (int i = 0; i < kTrials; ++i) {
      if (sampler.should_sample(none, otelrt::internal::new_trace_id())) ++sampled;
    }
    double measured = static_cast<double>(sampled) / kTrials;
    INFO("ratio " << ratio << " measured " << measured);
    CHECK(measured == Approx(ratio).margin(0.01));
  }
}

TEST_CASE("a ratio sampler decides the same for the same trace id") {
  Sampler sampler = Sampler::trace_id_ratio(0.3, false);
  otelrt::SpanContext none;
  for (int i = 0; i < 1000; ++i) {
    otelrt::TraceId id = otelrt::internal::new_trace_id();
    CHECK(sampler.should_sample(none, id) == sampler.should_sample(none, id));
  }
}

TEST_CASE("parent-based samplers follow a valid parent, the root sampler otherwise") {
  otelrt::TraceId any = trace_id_with_low(~0ULL);
  otelrt::SpanContext none;
  Sampler on = Sampler::parent_based(Sampler::Root::always_on);
  CHECK(on.should_sample(none, any));
  CHECK(on.should_sample(parent(true, true), any));
  CHECK_FALSE(on.should_sample(parent(false, true), any));
  CHECK_FALSE(on.should_sample(parent(false, false), any));
  Sampler off = Sampler::parent_based(Sampler::Root::always_off);
  CHECK_FALSE(off.should_sample(none, any));
  CHECK(off.should_sample(parent(true, false), any));
  Sampler ratio = Sampler::trace_id_ratio(0.5, true);
  CHECK_FALSE(ratio.should_sample(none, any));
  CHECK(ratio.should_sample(none, trace_id_with_low(1)));
  CHECK(ratio.should_sample(parent(true, true), any));
  CHECK_FALSE(ratio.should_sample(parent(false, true), trace_id_with_low(1)));
  // Plain always_on / always_off ignore the parent.
  CHECK(Sampler::always_on().should_sample(parent(false, true), any));
  CHECK_FALSE(Sampler::always_off().should_sample(parent(true, true), any));
}

TEST_CASE("OTEL_TRACES_SAMPLER and _ARG select the sampler") {
  CHECK(from_env(nullptr, nullptr).description() == "parentbased_always_on");
  CHECK(from_env("always_on", nullptr).description() == "always_on");
  CHECK(from_env("ALWAYS_OFF", nullptr).description() == "always_off");
  CHECK(from_env("parentbased_always_off", nullptr).description() == "parentbased_always_off");
  CHECK(from_env("traceidratio", "0.25").description() == "traceidratio(0.250000)");
  CHECK(from_env("parentbased_traceidratio", "0.5").description() ==
        "parentbased_traceidratio(0.500000)");
  CHECK(from_env("traceidratio", nullptr).description() == "always_on");  // default ratio 1
  std::string sink;
  otelrt::internal::set_diagnostics_sink(&sink);
  CHECK(from_env("traceidratio", "1.5").description() == "always_on");
  CHECK(from_env("traceidratio", "abc").description() == "always_on");
  CHECK(from_env("jaeger_remote", nullptr).description() == "parentbased_always_on");
  otelrt::internal::set_diagnostics_sink(nullptr);
  CHECK(sink.find("OTEL_TRACES_SAMPLER_ARG=1.5") != std::string::npos);
  CHECK(sink.find("unknown OTEL_TRACES_SAMPLER=jaeger_remote") != std::string::npos);
}
