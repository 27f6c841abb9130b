#include <unistd.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "otel_setup/diff.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/remove.hpp"

namespace otel_setup::cli {
namespace {

struct RemoveArgs {
  std::string path = ".";
  bool force = false;
  bool dry_run = false;
  bool yes = false;
};

int run_remove(const RemoveArgs& args, Io& io) {
  scaffold::RealFileSystem fs(args.path);
  const std::optional<scaffold::Manifest> manifest = scaffold::load_manifest(fs);
  if (!manifest) {
    throw Error(
        ExitCode::error,
        std::string("nothing to remove: no ") + scaffold::kManifestFile + " in " + args.path,
        "run it in the folder where `otel-setup init` ran");
  }
  // the inverse of every recorded change, checked against the recorded hashes
  const scaffold::RemovePlan undo = scaffold::plan_remove(*manifest, fs, args.force);
  if (!undo.conflicts.empty()) {
    std::string list;
    for (const std::string& conflict : undo.conflicts)
      list += "\n  " + conflict;
    throw refusal("you changed code otel-setup owns; not removing:" + list,
                  "undo those changes (git diff), or pass --force to remove them anyway");
  }
  for (const std::string& note : undo.notes)
    io.err << "otel-setup: " << note << "\n";
  // restored files as a diff; deleted files by name (their whole text is otel-setup's own)
  const bool color = &io.out == &std::cout && scaffold::stdout_wants_color();
  std::vector<scaffold::FileChange> restored;
  for (const scaffold::FileChange& change : undo.changes) {
    if (change.kind == scaffold::ChangeKind::remove) {
      io.out << "delete " << change.path << "\n";
    } else {
      restored.push_back(change);
    }
  }
  io.out << scaffold::unified_diff(restored, scaffold::DiffOptions{3, color});
  if (args.dry_run) {
    io.err << "otel-setup: dry run, nothing written\n";
    return 0;
  }
  if (!args.yes) {
    if (::isatty(STDIN_FILENO) == 0) {
      throw usage_error("stdin is not a terminal, so otel-setup cannot ask before writing",
                        "re-run with --yes to remove, or with --dry-run to only see the diff");
    }
    io.err << "Undo otel-setup's changes to " << undo.changes.size() << " file(s)? [y/N] "
           << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      io.err << "otel-setup: not removed; nothing written\n";
      return 1;
    }
  }
  for (const std::string& temp : undo.stale_temps)
    fs.remove(temp);
  // journal "removing" first, manifest deleted last: an interrupted remove can be re-run
  scaffold::Manifest journal = *manifest;
  journal.state = scaffold::ManifestState::removing;
  scaffold::commit_changes(fs, undo.changes, journal, std::nullopt);
  std::size_t deleted = 0;
  for (const scaffold::FileChange& change : undo.changes)
    deleted += change.kind == scaffold::ChangeKind::remove;
  io.out << "Removed: deleted " << deleted << " file(s), restored " << undo.changes.size() - deleted
         << " file(s); " << scaffold::kManifestFile << " deleted.\n";
  return 0;
}

}  // namespace

void configure_remove(CLI::App& sub, Action& action) {
  auto args = std::make_shared<RemoveArgs>();
  sub.add_option("path", args->path, "Project root (default: the current directory)");
  sub.add_flag("--force", args->force, "Remove otel-setup's code even where you changed it");
  sub.add_flag("--dry-run", args->dry_run, "Print the diff and write nothing");
  sub.add_flag("-y,--yes", args->yes, "Remove without asking (required when stdin is not a TTY)");
  sub.footer("Exit codes: 0 ok, 1 error, 2 usage, 3 refused (you changed tool-owned code).");
  action = [args](Io& io) { return run_remove(*args, io); };
}

}  // namespace otel_setup::cli
