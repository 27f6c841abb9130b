// doctor: the setup on disk, judged against .otel-setup.json.
#include "otel_setup/apply.hpp"
#include "otel_setup/doctor.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/manifest.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold {
namespace {

bool is_build_file(const std::string& path) {
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  return json || comment_prefix_for(path) == "#";
}

DoctorCheck check_edited(const EditedFile& file, const FileSystem& fs) {
  DoctorCheck check;
  check.name = (is_build_file(file.path) ? "build entries " : "edits ") + file.path;
  if (!fs.exists(file.path)) {
    check.detail = "file is missing";
    check.fix = "restore it from git, then run `otel-setup init` again";
    return check;
  }
  const std::string content = fs.read(file.path);
  if (blob_hash(content) == file.new_hash) {
    check.ok = true;
    check.detail = "unmodified since otel-setup wrote it";
    return check;
  }
  std::string missing;
  for (const ManifestBlock& block : file.blocks) {
    if (content.find(block.text) == std::string::npos) missing += " " + block.id;
  }
  check.ok = missing.empty();
  check.detail = check.ok ? "changed outside otel-setup's blocks; blocks intact"
                          : "otel-setup blocks changed or missing:" + missing;
  if (!check.ok) {
    check.fix = "restore the blocks (git diff " + file.path +
                "), or `otel-setup remove --force` and `otel-setup init` again";
  }
  return check;
}

}  // namespace

std::vector<DoctorCheck> check_setup(const FileSystem& fs) {
  std::vector<DoctorCheck> checks;
  DoctorCheck manifest_check;
  manifest_check.name = "manifest";
  std::optional<Manifest> manifest;
  try {
    manifest = load_manifest(fs);
  } catch (const Error& error) {
    manifest_check.detail = error.what();
    manifest_check.fix = error.hint();
    checks.push_back(manifest_check);
    return checks;
  }
  if (!manifest) {
    manifest_check.detail = std::string("no ") + kManifestFile + " here";
    manifest_check.fix = "run `otel-setup init` in the project root first";
    checks.push_back(manifest_check);
    return checks;
  }
  manifest_check.ok = manifest->state == ManifestState::complete;
  manifest_check.detail = std::string(kManifestFile) + " from otel-setup " +
                          manifest->tool_version + ", runtime " + manifest->runtime + ", state " +
                          to_string(manifest->state);
  if (!manifest_check.ok) {
    manifest_check.fix =
        "a previous run was interrupted: `otel-setup init` rolls it back and starts again, "
        "`otel-setup remove` rolls it back";
  }
  checks.push_back(manifest_check);

  for (const CreatedFile& file : manifest->created) {
    DoctorCheck check;
    check.name = "file " + file.path;
    if (!fs.exists(file.path)) {
      check.detail = "missing";
      check.fix = "`otel-setup init` writes it again";
    } else {
      check.ok = blob_hash(fs.read(file.path)) == file.hash;
      check.detail = check.ok ? "unmodified" : "modified since otel-setup wrote it";
      if (!check.ok) check.fix = "fine if on purpose; `git diff " + file.path + "` shows how";
    }
    checks.push_back(check);
  }
  for (const EditedFile& file : manifest->edited)
    checks.push_back(check_edited(file, fs));
  return checks;
}

}  // namespace otel_setup::scaffold
