// Typed reads of OTEL_* environment variables with the OpenTelemetry conventions: unset and
// empty are the same, booleans are "true" case-insensitively, bad numbers warn and fall back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace otelrt::internal {

// The value, or "" when unset or empty.
std::string env_string(const char* name);
// Lowercased and trimmed value, or "" when unset.
std::string env_lower(const char* name);
// A non-negative integer; unset/empty gives `fallback`, garbage gives `fallback` and a warning.
std::int64_t env_int(const char* name, std::int64_t fallback);
// OTEL_SDK_DISABLED=true or OTEL_ENABLED set to anything but "true".
bool env_tracing_disabled();

std::string to_lower(std::string_view text);
std::string_view trim_ows(std::string_view text);  // spaces and tabs at both ends
// 0-15 for a hex digit of either case, -1 otherwise.
int hex_digit(char c);

}  // namespace otelrt::internal
