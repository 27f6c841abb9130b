#include <unistd.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "commands.hpp"
#include "otel_setup/apply.hpp"
#include "otel_setup/diff.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "version.hpp"

namespace otel_setup::cli {
namespace {

struct InitArgs {
  std::string path = ".";
  bool dry_run = false;
  bool yes = false;
  bool allow_dirty = false;
  bool json = false;
  std::string runtime;  // "": as an earlier init recorded, else bundled
  scaffold::PlanChoices plan;
};

const char* kind_word(const scaffold::FileChange& change) {
  if (change.kind == scaffold::ChangeKind::edit) return "edit  ";
  return change.existed ? "update" : "create";
}

void print_summary(std::ostream& out, const scaffold::InitPreview& preview) {
  for (const scaffold::FileChange& change : preview.changes) {
    out << "  " << kind_word(change) << " " << change.path;
    if (!change.reasons.empty() && !change.reasons.front().empty()) {
      out << "  (" << change.reasons.front() << ")";
    }
    out << "\n";
  }
}

void print_steps(std::ostream& out, const scaffold::Plan& plan) {
  for (const std::string& note : plan.notes)
    out << "note: " << note << "\n";
  if (plan.manual_steps.empty()) return;
  out << "\nManual steps (otel-setup does not edit these):\n";
  for (const std::string& step : plan.manual_steps)
    out << "- " << step << "\n";
}

// y/N on a terminal; without one, writing needs --yes.
bool confirmed(const InitArgs& args, Io& io, std::size_t files) {
  if (args.yes) return true;
  if (::isatty(STDIN_FILENO) == 0) {
    throw usage_error("stdin is not a terminal, so otel-setup cannot ask before writing",
                      "re-run with --yes to apply, or with --dry-run to only see the diff");
  }
  io.err << "Apply these changes to " << files << " file(s)? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

nlohmann::json json_report(const scaffold::InitPreview& preview, const std::string& diff,
                           bool applied) {
  nlohmann::json changes = nlohmann::json::array();
  for (const scaffold::FileChange& change : preview.changes) {
    changes.push_back(
        {{"path", change.path}, {"kind", kind_word(change)}, {"reasons", change.reasons}});
  }
  return {{"changes", changes},          {"diff", diff},
          {"applied", applied},          {"manual_steps", preview.plan.manual_steps},
          {"notes", preview.plan.notes}, {"already_set_up", preview.manifest.has_value()}};
}

int run_init(const InitArgs& args, Io& io) {
  scaffold::InitRequest request;
  request.root = args.path;
  request.choices = args.plan;
  request.tool_version = kVersion;
  request.progress = args.json ? nullptr : &io.err;
  request.may_write = !args.dry_run;
  request.runtime = args.runtime;
  scaffold::RealFileSystem fs(request.root);

  // scan -> plan -> reconcile with an earlier setup -> materialise (nothing written yet)
  const scaffold::InitPreview preview = scaffold::prepare_init(fs, request);
  for (const std::string& note : preview.notes)
    io.err << "otel-setup: " << note << "\n";
  if (preview.changes.empty()) {
    if (args.json) {
      io.out << json_report(preview, "", false).dump(2) << "\n";
      return 0;
    }
    io.out << (preview.manifest ? "Nothing to do: otel-setup is already set up here "
                                  "(.otel-setup.json present, files intact).\n"
                                : "Nothing to do: the plan is empty.\n");
    print_steps(io.out, preview.plan);
    return 0;
  }

  // refuse on a dirty tree before showing a diff that could not be applied
  if (!args.dry_run && !args.allow_dirty) {
    bool in_repository = false;
    const auto dirty = scaffold::dirty_files(request.root, preview.manifest, in_repository);
    if (!dirty.empty()) {
      std::string list;
      for (const std::string& path : dirty)
        list += "\n  " + path;
      throw refusal("the git tree has uncommitted changes:" + list,
                    "commit or stash them first (so `git diff` shows only otel-setup's changes), "
                    "or pass --allow-dirty");
    }
    if (!in_repository) io.err << "otel-setup: not a git repository; cannot check for changes\n";
  }

  // show the diff
  const bool color = !args.json && &io.out == &std::cout && scaffold::stdout_wants_color();
  const std::string diff = scaffold::unified_diff(preview.changes, scaffold::DiffOptions{3, color});
  if (args.json && args.dry_run) {
    io.out << json_report(preview, diff, false).dump(2) << "\n";
    return 0;
  }
  if (!args.json) {
    io.out << diff << "\notel-setup init plans:\n";
    print_summary(io.out, preview);
  }
  if (args.dry_run) {
    if (!args.json) print_steps(io.out, preview.plan);
    io.err << "otel-setup: dry run, nothing written\n";
    return 0;
  }

  // ask, then apply all-or-nothing
  if (!confirmed(args, io, preview.changes.size())) {
    io.err << "otel-setup: not applied; nothing written\n";
    return 1;
  }
  scaffold::apply_init(fs, preview, request);
  if (args.json) {
    io.out << json_report(preview, diff, true).dump(2) << "\n";
    return 0;
  }
  io.out << "\nApplied " << preview.changes.size()
         << " file change(s); recorded in .otel-setup.json.\n";
  print_steps(io.out, preview.plan);
  io.out << "\nNext: build as usual, run `otel-setup view` and start the service with\n"
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 to see its spans.\n"
            "`otel-setup doctor` checks the setup; `otel-setup remove` undoes it.\n";
  return 0;
}

}  // namespace

void configure_init(CLI::App& sub, Action& action) {
  auto args = std::make_shared<InitArgs>();
  sub.add_option("path", args->path, "Project root (default: the current directory)");
  sub.add_flag("--dry-run", args->dry_run, "Print the diff and write nothing");
  sub.add_flag("-y,--yes", args->yes, "Apply without asking (required when stdin is not a TTY)");
  sub.add_flag("--allow-dirty", args->allow_dirty,
               "Write even when tracked files have uncommitted changes");
  sub.add_option("--service-name", args->plan.service_name,
                 "service.name (default: the CMake project() name, else the folder name)");
  sub.add_option("--runtime", args->runtime,
                 "Tracing backend the generated code binds to (default: the one an earlier init "
                 "chose, else bundled)")
      ->check(CLI::IsMember({"bundled", "opentelemetry-cpp"}));
  sub.add_option("--target", args->plan.target, "Executable to instrument when there are several");
  sub.add_option("--entry", args->plan.entry,
                 "File whose main() gets init, when there are several");
  sub.add_flag("--json", args->json, "Print a JSON report instead of text");
  sub.footer("Exit codes: 0 ok, 1 error, 2 usage, 3 refused (dirty tree, conflict).");
  action = [args](Io& io) { return run_init(*args, io); };
}

}  // namespace otel_setup::cli
