#include "run.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>

#include "command.hpp"
#include "otel_setup/error.hpp"
#include "version.hpp"

namespace otel_setup::cli {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// ninja-style "did you mean": the closest command within two edits.
std::string suggestion_for(const std::string& word) {
  std::string best;
  std::size_t best_distance = 3;
  for (const Command& command : command_table()) {
    std::size_t distance = edit_distance(word, command.name);
    if (distance < best_distance) {
      best_distance = distance;
      best = command.name;
    }
  }
  return best;
}

bool is_command(const std::string& word) {
  for (const Command& command : command_table()) {
    if (word == command.name) return true;
  }
  return false;
}

void print_error(std::ostream& err, const std::string& message, const std::string& hint) {
  err << "otel-setup: error: " << message << "\n";
  if (!hint.empty()) err << "  hint: " << hint << "\n";
}

}  // namespace

int run(int argc, char** argv) {
  return run(argc, argv, std::cout, std::cerr);
}

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"otel-setup: add OpenTelemetry tracing to a C++ service, as a reviewable diff."};
  app.name("otel-setup");
  app.set_version_flag("--version", std::string("otel-setup ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  const std::vector<Command>& commands = command_table();
  std::vector<Action> actions(commands.size());
  std::vector<CLI::App*> subcommands;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    subcommands.push_back(app.add_subcommand(commands[i].name, commands[i].summary));
    commands[i].configure(*subcommands.back(), actions[i]);
  }

  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::string unknown = argv[1];
    std::string close = suggestion_for(unknown);
    print_error(err, "unknown command '" + unknown + "'",
                close.empty() ? "run 'otel-setup --help' for the list of commands"
                              : "did you mean 'otel-setup " + close + "'?");
    return static_cast<int>(ExitCode::usage);
  }

  Io io{out, err};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "otel-setup " << kVersion << "\n";
    return 0;
  } catch (const CLI::ParseError& error) {
    // Subcommand --help is reported as CallForHelp from the subcommand's parse.
    if (error.get_exit_code() == 0) {
      for (CLI::App* sub : app.get_subcommands())
        out << sub->help();
      if (app.get_subcommands().empty()) out << app.help();
      return 0;
    }
    print_error(err, error.what(),
                "run 'otel-setup " + (argc > 1 ? std::string(argv[1]) + " " : std::string()) +
                    "--help' for usage");
    return static_cast<int>(ExitCode::usage);
  }

  try {
    for (std::size_t i = 0; i < subcommands.size(); ++i) {
      if (subcommands[i]->parsed() && actions[i]) return actions[i](io);
    }
    out << app.help();
    return static_cast<int>(ExitCode::usage);
  } catch (const Error& error) {
    print_error(err, error.what(), error.hint());
    return static_cast<int>(error.code());
  } catch (const std::exception& error) {
    print_error(err, error.what(), {});
    return static_cast<int>(ExitCode::error);
  }
}

}  // namespace otel_setup::cli
