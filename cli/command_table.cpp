#include "command.hpp"
#include "commands/commands.hpp"

namespace otel_setup::cli {

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"detect", "Scan a repository and print what was found, with file:line evidence",
       configure_detect},
      {"init", "Plan the whole setup, show the diff, apply on confirmation", configure_init},
      {"add", "Add one integration (middleware, http-client, db, logging, messaging, traced)",
       configure_add},
      {"diff", "Print the planned change as a unified diff, writing nothing", configure_diff},
      {"remove", "Undo everything otel-setup wrote, byte-identical to before", configure_remove},
      {"doctor", "Check an instrumented repository and send a test span", configure_doctor},
      {"view", "Run a local OTLP/HTTP receiver and print incoming traces as trees", configure_view},
      {"list", "List known integrations and which are detected here", configure_list},
  };
  return table;
}

}  // namespace otel_setup::cli
