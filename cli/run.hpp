#pragma once

#include <iosfwd>

namespace otel_setup::cli {

// The whole CLI: parses arguments, runs one command, maps errors to exit codes.
// Tests call it directly with their own streams.
int run(int argc, char** argv);
int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace otel_setup::cli
