#include <CLI/CLI.hpp>

#include <ostream>

#include "commands.hpp"

namespace otel_setup::cli {

// Placeholder until its issue lands: says so plainly and fails.
void configure_view(CLI::App& /*sub*/, Action& action) {
  action = [](Io& io) {
    io.err << "otel-setup: 'view' is not available in this build yet\n";
    return 1;
  };
}

}  // namespace otel_setup::cli
