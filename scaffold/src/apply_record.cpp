// The manifest after a set of changes.
#include <algorithm>

#include "otel_setup/apply.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold {

Manifest record_changes(const std::optional<Manifest>& before,
                        const std::vector<FileChange>& changes, const std::string& tool_version,
                        const std::string& runtime) {
  Manifest manifest = before.value_or(Manifest{});
  manifest.schema_version = kManifestSchemaVersion;
  manifest.tool_version = tool_version;
  if (!runtime.empty()) manifest.runtime = runtime;
  manifest.state = ManifestState::complete;
  auto erase_path = [&](const std::string& path) {
    manifest.created.erase(std::remove_if(manifest.created.begin(), manifest.created.end(),
                                          [&](const CreatedFile& f) { return f.path == path; }),
                           manifest.created.end());
    manifest.edited.erase(std::remove_if(manifest.edited.begin(), manifest.edited.end(),
                                         [&](const EditedFile& f) { return f.path == path; }),
                          manifest.edited.end());
  };
  for (const FileChange& change : changes) {
    if (change.kind == ChangeKind::remove) {
      erase_path(change.path);
    } else if (change.kind == ChangeKind::create) {
      erase_path(change.path);
      manifest.created.push_back({change.path, blob_hash(change.new_content), change.mode});
    } else {
      const std::string new_hash = blob_hash(change.new_content);
      auto found = std::find_if(manifest.edited.begin(), manifest.edited.end(),
                                [&](const EditedFile& f) { return f.path == change.path; });
      if (found == manifest.edited.end()) {
        manifest.edited.push_back(
            {change.path, blob_hash(change.old_content), new_hash, change.blocks});
      } else {
        found->new_hash = new_hash;
        found->blocks.insert(found->blocks.end(), change.blocks.begin(), change.blocks.end());
      }
    }
  }
  return manifest;
}

}  // namespace otel_setup::scaffold
