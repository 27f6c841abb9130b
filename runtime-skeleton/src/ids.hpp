// Trace and span ids from a per-thread xoshiro256** generator, seeded from getrandom() and
// reseeded in a forked child so parent and child never hand out the same ids.
#pragma once

#include "otelrt/span_data.hpp"

namespace otelrt::internal {

TraceId new_trace_id();  // never all zero
SpanId new_span_id();    // never all zero

}  // namespace otelrt::internal
