// The init pipeline: scan, plan, reconcile with an earlier setup, materialise; then apply.
#include <algorithm>
#include <ostream>

#include "otel_setup/apply.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/planner.hpp"
#include "otel_setup/remove.hpp"
#include "otel_setup/repository.hpp"
#include "otel_setup/scan.hpp"

namespace otel_setup::scaffold {
namespace {

std::string bullet_list(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines)
    text += "\n  " + line;
  return text;
}

// An init that crashed between the journal and the final manifest: undo what it renamed.
void roll_back(FileSystem& fs, const Manifest& journal) {
  const RemovePlan undo = plan_remove(journal, fs, false);
  if (!undo.conflicts.empty()) {
    throw refusal(
        "an interrupted otel-setup run cannot be rolled back:" + bullet_list(undo.conflicts),
        "fix those files by hand (git diff), or `otel-setup remove --force`");
  }
  for (const std::string& temp : undo.stale_temps)
    fs.remove(temp);
  Manifest removing = journal;
  removing.state = ManifestState::removing;
  commit_changes(fs, undo.changes, removing, std::nullopt);
}

}  // namespace

const char* to_string(Runtime runtime) {
  return runtime == Runtime::bundled ? "bundled" : "opentelemetry-cpp";
}

Runtime choose_runtime(const std::string& requested, const std::optional<Manifest>& manifest) {
  const std::string& name = !requested.empty() ? requested : manifest ? manifest->runtime : "";
  return name == to_string(Runtime::opentelemetry_cpp) ? Runtime::opentelemetry_cpp
                                                       : Runtime::bundled;
}

InitPreview prepare_init(FileSystem& fs, const InitRequest& request) {
  InitPreview preview;
  preview.manifest = load_manifest(fs);
  preview.runtime = choose_runtime(request.runtime, preview.manifest);
  if (preview.manifest && preview.manifest->state == ManifestState::removing) {
    throw refusal("a previous `otel-setup remove` was interrupted",
                  "run `otel-setup remove` again to finish it");
  }
  if (preview.manifest && preview.manifest->state == ManifestState::applying) {
    if (!request.may_write) {
      throw refusal(
          "a previous `otel-setup init` was interrupted",
          "run `otel-setup init` (rolls it back and starts again) or `otel-setup remove`");
    }
    roll_back(fs, *preview.manifest);
    preview.notes.push_back("rolled back an interrupted earlier init");
    preview.manifest.reset();
  }

  detectors::ScanOptions scan_options;
  scan_options.root = request.root;
  scan_options.progress = request.progress;
  facts::Facts found = detectors::scan(scan_options);
  if (preview.manifest && preview.manifest->tool_version != request.tool_version) {
    // Upgrade: let the planner plan the generated files again; reconcile refreshes those the
    // user has not modified and reports the others.
    const Manifest& manifest = *preview.manifest;
    found.markers.erase(std::remove_if(found.markers.begin(), found.markers.end(),
                                       [&](const facts::Marker& marker) {
                                         return marker.id == "generated" &&
                                                manifest.find_created(marker.file);
                                       }),
                        found.markers.end());
  }

  const Plan planned = plan_init(found, PlanOptions{request.choices, preview.runtime});
  std::vector<std::string> conflicts;
  preview.plan = reconcile(planned, preview.manifest, fs, conflicts);
  if (!conflicts.empty()) {
    throw refusal("otel-setup would overwrite changes it did not make:" + bullet_list(conflicts),
                  "move those files aside or undo your changes to them, then run again; "
                  "`otel-setup remove --force` starts from scratch");
  }
  preview.changes = materialize(preview.plan, fs);
  return preview;
}

Manifest apply_init(FileSystem& fs, const InitPreview& preview, const InitRequest& request) {
  const Manifest after = record_changes(preview.manifest, preview.changes, request.tool_version,
                                        to_string(preview.runtime));
  Manifest journal = after;
  journal.state = ManifestState::applying;
  commit_changes(fs, preview.changes, journal, after);
  return after;
}

std::vector<std::string> dirty_files(const std::filesystem::path& root,
                                     const std::optional<Manifest>& manifest, bool& in_repository) {
  TreeStatus status = tree_status(root);
  in_repository = status.in_repository;
  std::vector<std::string> dirty;
  for (const std::string& path : status.dirty) {
    if (path == kManifestFile || (manifest && manifest->owns(path))) continue;
    dirty.push_back(path);
  }
  return dirty;
}

}  // namespace otel_setup::scaffold
