// `otel-setup add <integration> [PATH]`: plan one integration (and the core module when it is
// missing), show the diff, apply on confirmation. Same plan -> diff -> apply -> manifest path
// as `init`.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "commands.hpp"
#include "otel_setup/apply.hpp"
#include "otel_setup/diff.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/repository.hpp"
#include "otel_setup/scan.hpp"
#include "version.hpp"

namespace otel_setup::cli {

namespace {

struct AddArgs {
  std::vector<std::string> words;  // integration name (maybe two words), then PATH
  std::string file;
  std::string site;
  bool dry_run = false;
  bool yes = false;
  bool allow_dirty = false;
};

bool is_category(const std::string& name) {
  const std::string canonical = scaffold::canonical_integration_name(name);
  for (const scaffold::Integration& integration : scaffold::integration_catalog()) {
    if (canonical == integration.category || canonical == integration.id) return true;
  }
  return canonical == "traced";
}

// "fastapi-style middleware ." -> {"fastapi-style middleware", "."}.
std::pair<std::string, std::string> name_and_path(const std::vector<std::string>& words) {
  if (words.size() >= 2 && !is_category(words[0]) && is_category(words[0] + " " + words[1])) {
    return {words[0] + " " + words[1], words.size() > 2 ? words[2] : "."};
  }
  if (words.size() > 2) throw usage_error("unexpected argument '" + words[2] + "'");
  return {words[0], words.size() > 1 ? words[1] : "."};
}

bool confirm(Io& io) {
  if (!isatty(STDIN_FILENO)) {
    throw usage_error("stdin is not a terminal: nothing written", "pass --yes to apply");
  }
  io.err << "Apply these changes? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

int write_plan(Io& io, const std::string& root, const scaffold::Plan& plan,
               const std::optional<scaffold::Manifest>& manifest, scaffold::Runtime runtime,
               const AddArgs& args) {
  scaffold::RealFileSystem fs(root);
  if (manifest && manifest->state != scaffold::ManifestState::complete) {
    throw refusal("an earlier otel-setup run was interrupted (.otel-setup.json is a journal)",
                  "run `otel-setup init` to finish or roll it back, then add again");
  }
  std::vector<std::string> conflicts;
  const scaffold::Plan reconciled = scaffold::reconcile(plan, manifest, fs, conflicts);
  if (!conflicts.empty()) {
    std::string list;
    for (const std::string& conflict : conflicts)
      list += "\n  " + conflict;
    throw refusal("the plan conflicts with files in the repository:" + list,
                  "move those files away or run `otel-setup remove` first");
  }
  for (const std::string& step : reconciled.manual_steps)
    io.err << "manual step:\n" << step;
  for (const std::string& note : reconciled.notes)
    io.err << "note: " << note << "\n";
  if (reconciled.empty()) {
    io.out << "nothing to do: already applied\n";
    return 0;
  }
  const std::vector<scaffold::FileChange> changes = scaffold::materialize(reconciled, fs);
  io.out << scaffold::unified_diff(changes, {3, scaffold::stdout_wants_color()});
  if (args.dry_run) return 0;
  if (!args.allow_dirty) {  // files otel-setup owns (an earlier init) do not count
    bool in_repository = false;
    const auto dirty = scaffold::dirty_files(root, manifest, in_repository);
    if (!dirty.empty()) {
      std::string list;
      for (const std::string& path : dirty)
        list += "\n  " + path;
      throw refusal("the git tree has uncommitted changes:" + list,
                    "commit them first, or pass --allow-dirty");
    }
  }
  if (!args.yes && !confirm(io)) {
    io.err << "nothing written\n";
    return 3;
  }
  // The same journaled all-or-nothing write as init, recorded in the same manifest.
  scaffold::InitPreview preview;
  preview.plan = reconciled;
  preview.changes = changes;
  preview.manifest = manifest;
  preview.runtime = runtime;
  scaffold::InitRequest request;
  request.root = root;
  request.tool_version = kVersion;
  request.may_write = true;
  scaffold::apply_init(fs, preview, request);
  io.err << "applied: " << changes.size() << " file(s) changed; undo with `otel-setup remove`\n";
  return 0;
}

}  // namespace

void configure_add(CLI::App& sub, Action& action) {
  auto args = std::make_shared<AddArgs>();
  sub.add_option("integration", args->words,
                 "middleware | http-client | db | logging | messaging | traced FILE:FUNCTION | "
                 "a library id (see `otel-setup list`), then the repository PATH. Boost.Beast: "
                 "middleware [FILE:FUNCTION], the function turning a request into a response, "
                 "returned or passed to a send callback (found when there is one)")
      ->required();
  sub.add_option("--file", args->file, "Only edit sites in this file (relative to PATH)");
  sub.add_option("--site", args->site, "Edit exactly this site, FILE:LINE");
  sub.add_flag("--dry-run", args->dry_run, "Print the diff, write nothing");
  sub.add_flag("-y,--yes", args->yes, "Apply without asking");
  sub.add_flag("--allow-dirty", args->allow_dirty, "Write even when the git tree is dirty");
  action = [args](Io& io) {
    scaffold::AddRequest request;
    std::string name;
    std::string path = ".";
    const bool names_function =
        args->words.size() >= 2 && args->words[1].find(':') != std::string::npos;
    if (scaffold::canonical_integration_name(args->words.front()) == "traced" && !names_function) {
      throw usage_error("usage: otel-setup add traced FILE:FUNCTION [PATH]");
    }
    if (names_function) {  // traced FILE:FUNCTION, or a Beast handler: middleware FILE:FUNCTION
      if (args->words.size() > 3) throw usage_error("unexpected argument '" + args->words[3] + "'");
      name = args->words[0];
      request.function = args->words[1];
      if (args->words.size() == 3) path = args->words[2];
      const std::string file = request.function.substr(0, request.function.find(':'));
      request.function_source = scaffold::RealFileSystem(path).read(file);
    } else {
      std::tie(name, path) = name_and_path(args->words);
    }
    detectors::ScanOptions options;
    options.root = path;
    const facts::Facts found = detectors::scan(options);
    request.name = name;
    request.file = args->file;
    request.site = args->site;
    // The core module, when it is planned again, keeps the backend an earlier init chose.
    const auto manifest = scaffold::load_manifest(scaffold::RealFileSystem(path));
    scaffold::PlanOptions plan_options;
    plan_options.runtime = scaffold::choose_runtime("", manifest);
    const scaffold::Plan plan = scaffold::plan_add(found, plan_options, request);
    return write_plan(io, path, plan, manifest, plan_options.runtime, *args);
  };
}

}  // namespace otel_setup::cli
