// Test helpers shared by the exporter tests: exporting a sample batch under a deadline,
// timing it, and capturing the runtime's diagnostics.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "diagnostics.hpp"
#include "otelrt/exporter.hpp"
#include "support/sample_spans.hpp"

namespace otelrt::testing {

// Exports `spans` sample spans; the export's deadline is `budget` from now.
inline ExportResult export_batch(SpanExporter& exporter,
                                 std::chrono::milliseconds budget = std::chrono::milliseconds(2000),
                                 std::size_t spans = 3) {
  return exporter.export_spans(sample_batch(spans), sample_resource(),
                               std::chrono::steady_clock::now() + budget);
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Collects the runtime's diagnostic lines for the duration of a test.
struct DiagnosticsCapture {
  std::string lines;
  DiagnosticsCapture() { internal::set_diagnostics_sink(&lines); }
  ~DiagnosticsCapture() { internal::set_diagnostics_sink(nullptr); }
};

}  // namespace otelrt::testing
