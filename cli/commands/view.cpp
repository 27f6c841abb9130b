#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "commands.hpp"
#include "otel_setup/view.hpp"

namespace otel_setup::cli {

void configure_view(CLI::App& sub, Action& action) {
  auto options = std::make_shared<otlp::ViewOptions>();
  sub.add_option("--port", options->port, "Port to listen on; 0 picks a free one (default 4318)")
      ->check(CLI::Range(0, 65535));
  sub.add_option("--host", options->host, "Address to listen on (default 127.0.0.1)");
  sub.add_flag("--json", options->json, "Print one JSON object per span per line");
  sub.add_option("--expect", options->expect, "Exit 0 once this many spans arrived");
  sub.add_option("--timeout", options->timeout_seconds,
                 "Give up after this many seconds (exit 1 if --expect was not met)")
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--output", options->output, "Write spans to this file instead of stdout");
  sub.footer(
      "Point a service at it with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318.\n"
      "Accepts POST /v1/traces, protobuf or JSON, gzip or not. See docs/view.md.");
  action = [options](Io& io) { return otlp::run_view(*options, io.out, io.err); };
}

}  // namespace otel_setup::cli
