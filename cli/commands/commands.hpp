// Register functions of the commands, one file each under cli/commands/.
#pragma once

#include "../command.hpp"

namespace otel_setup::cli {

void configure_detect(CLI::App& sub, Action& action);
void configure_init(CLI::App& sub, Action& action);
void configure_add(CLI::App& sub, Action& action);
void configure_diff(CLI::App& sub, Action& action);
void configure_remove(CLI::App& sub, Action& action);
void configure_doctor(CLI::App& sub, Action& action);
void configure_view(CLI::App& sub, Action& action);
void configure_list(CLI::App& sub, Action& action);

}  // namespace otel_setup::cli
