#include "env.hpp"

#include <cstdlib>

#include "diagnostics.hpp"

namespace otelrt::internal {

std::string env_string(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::string env_lower(const char* name) {
  return to_lower(trim_ows(env_string(name)));
}

std::int64_t env_int(const char* name, std::int64_t fallback) {
  std::string text(trim_ows(env_string(name)));
  if (text.empty()) return fallback;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) {
      warn(std::string("env:") + name,
           std::string("ignoring ") + name + "=" + text + ": not a non-negative integer");
      return fallback;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

bool env_tracing_disabled() {
  if (env_lower("OTEL_SDK_DISABLED") == "true") return true;
  std::string enabled = env_lower("OTEL_ENABLED");
  return !enabled.empty() && enabled != "true";
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace otelrt::internal
