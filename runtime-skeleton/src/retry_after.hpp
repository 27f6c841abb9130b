// Retry-After (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date.
#pragma once

#include <chrono>
#include <string_view>

namespace otelrt::internal {

// The delay a Retry-After value asks for, measured from `now` for an HTTP-date
// (IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT"). Negative for garbage, for obsolete
// date formats and for dates not after `now`: the caller then computes its own backoff.
std::chrono::milliseconds parse_retry_after(std::string_view value,
                                            std::chrono::system_clock::time_point now);

}  // namespace otelrt::internal
