// The runtime's only voice: warnings on stderr, rate-limited per key so a dead collector or
// a flood of dropped spans produces a line now and then, never one line per span.
#pragma once

#include <string>
#include <string_view>

namespace otelrt::internal {

// Prints "otelrt: <message>" unless a warning with the same key was printed less than
// `kDiagnosticInterval` ago; suppressed repeats are counted and reported with the next line.
void warn(std::string_view key, const std::string& message);

// For tests: lines are appended here instead of stderr while set; nullptr restores stderr.
void set_diagnostics_sink(std::string* sink);

}  // namespace otelrt::internal
