// One entry per command: its name, one-line summary and how it registers itself.
#pragma once

#include <functional>
#include <iosfwd>
#include <vector>

namespace CLI {
class App;
}

namespace otel_setup::cli {

struct Io {
  std::ostream& out;  // results
  std::ostream& err;  // progress, warnings, errors
};

// A command's action, set by its register function; returns the process exit code.
using Action = std::function<int(Io&)>;

struct Command {
  const char* name;
  const char* summary;
  // Adds the command's options to `sub` and sets `action` to run it.
  void (*configure)(CLI::App& sub, Action& action);
};

const std::vector<Command>& command_table();

}  // namespace otel_setup::cli
