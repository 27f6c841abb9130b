// .otel-setup.json at the project root: everything otel-setup wrote, so `remove`, re-`init`,
// upgrades and `doctor` are exact. It doubles as the journal of an apply: written with state
// "applying" (or "removing") before the first file is renamed and rewritten as "complete"
// (or deleted) after the last, so an interrupted run can be finished or rolled back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace otel_setup::scaffold {

class FileSystem;

inline constexpr const char* kManifestFile = ".otel-setup.json";
inline constexpr int kManifestSchemaVersion = 1;

// One block inserted into a user's file, exactly as written (markers and line endings
// included), and the bytes it replaced ("" for an insert): removing it means replacing text
// by original.
struct ManifestBlock {
  std::string id;
  std::int64_t offset = 0;  // where text started when written; a hint, text is searched for
  std::string text;
  std::string original;
};

struct CreatedFile {
  std::string path;
  std::string hash;  // git blob id as written
  unsigned mode = 0644;
};

struct EditedFile {
  std::string path;
  std::string original_hash;  // before otel-setup touched it
  std::string new_hash;       // after the last otel-setup write
  std::vector<ManifestBlock> blocks;
};

enum class ManifestState { complete, applying, removing };

struct Manifest {
  int schema_version = kManifestSchemaVersion;
  std::string tool_version;
  std::string runtime;  // "bundled" | "opentelemetry-cpp"
  ManifestState state = ManifestState::complete;
  std::vector<CreatedFile> created;
  std::vector<EditedFile> edited;
  // Folders apply created for new files; remove deletes them when they are empty again.
  std::vector<std::string> created_dirs;

  const CreatedFile* find_created(const std::string& path) const;
  const EditedFile* find_edited(const std::string& path) const;
  bool owns(const std::string& path) const { return find_created(path) || find_edited(path); }
};

const char* to_string(ManifestState state);
nlohmann::json to_json(const Manifest& manifest);
// Throws otel_setup::Error (refused) naming the field when the document is not a manifest.
Manifest manifest_from_json(const nlohmann::json& document);
// The file's text: pretty JSON with a trailing newline.
std::string manifest_text(const Manifest& manifest);
// nullopt when the project has no manifest; throws otel_setup::Error when it is unreadable.
std::optional<Manifest> load_manifest(const FileSystem& fs);

}  // namespace otel_setup::scaffold
