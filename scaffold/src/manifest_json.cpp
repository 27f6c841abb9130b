// .otel-setup.json <-> Manifest (nlohmann-json).
#include <nlohmann/json.hpp>

#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/manifest.hpp"

namespace otel_setup::scaffold {
namespace {

Error corrupt(const std::string& what) {
  return refusal(std::string(kManifestFile) + " is not a valid otel-setup manifest: " + what,
                 "restore it from git (git checkout -- .otel-setup.json); without it otel-setup "
                 "cannot tell its own changes from yours");
}

ManifestState state_from(const std::string& name) {
  if (name == "complete") return ManifestState::complete;
  if (name == "applying") return ManifestState::applying;
  if (name == "removing") return ManifestState::removing;
  throw corrupt("unknown state '" + name + "'");
}

}  // namespace

const CreatedFile* Manifest::find_created(const std::string& path) const {
  for (const CreatedFile& file : created) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

const EditedFile* Manifest::find_edited(const std::string& path) const {
  for (const EditedFile& file : edited) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

const char* to_string(ManifestState state) {
  switch (state) {
    case ManifestState::complete:
      return "complete";
    case ManifestState::applying:
      return "applying";
    case ManifestState::removing:
      return "removing";
  }
  return "complete";
}

nlohmann::json to_json(const Manifest& manifest) {
  nlohmann::json created = nlohmann::json::array();
  for (const CreatedFile& file : manifest.created)
    created.push_back({{"path", file.path}, {"hash", file.hash}, {"mode", file.mode}});
  nlohmann::json edited = nlohmann::json::array();
  for (const EditedFile& file : manifest.edited) {
    nlohmann::json blocks = nlohmann::json::array();
    for (const ManifestBlock& block : file.blocks) {
      blocks.push_back({{"id", block.id},
                        {"offset", block.offset},
                        {"text", block.text},
                        {"original", block.original}});
    }
    edited.push_back({{"path", file.path},
                      {"original_hash", file.original_hash},
                      {"new_hash", file.new_hash},
                      {"blocks", blocks}});
  }
  return {{"tool", "otel-setup"},
          {"schema_version", manifest.schema_version},
          {"tool_version", manifest.tool_version},
          {"runtime", manifest.runtime},
          {"state", to_string(manifest.state)},
          {"created", created},
          {"edited", edited},
          {"created_dirs", manifest.created_dirs}};
}

Manifest manifest_from_json(const nlohmann::json& document) {
  try {
    if (!document.is_object() || document.value("tool", "") != "otel-setup") {
      throw corrupt("\"tool\" is not \"otel-setup\"");
    }
    Manifest manifest;
    manifest.schema_version = document.at("schema_version").get<int>();
    if (manifest.schema_version > kManifestSchemaVersion) {
      throw refusal(std::string(kManifestFile) + " was written by a newer otel-setup (schema " +
                        std::to_string(manifest.schema_version) + ")",
                    "upgrade otel-setup to " + document.value("tool_version", "a newer version"));
    }
    manifest.tool_version = document.at("tool_version").get<std::string>();
    manifest.runtime = document.value("runtime", "");
    manifest.state = state_from(document.value("state", "complete"));
    for (const auto& file : document.at("created")) {
      manifest.created.push_back({file.at("path").get<std::string>(),
                                  file.at("hash").get<std::string>(), file.value("mode", 0644u)});
    }
    for (const auto& file : document.at("edited")) {
      EditedFile edited{file.at("path").get<std::string>(),
                        file.at("original_hash").get<std::string>(),
                        file.at("new_hash").get<std::string>(),
                        {}};
      for (const auto& block : file.at("blocks")) {
        edited.blocks.push_back(
            {block.at("id").get<std::string>(), block.value("offset", std::int64_t{0}),
             block.at("text").get<std::string>(), block.value("original", std::string())});
      }
      manifest.edited.push_back(std::move(edited));
    }
    manifest.created_dirs = document.value("created_dirs", std::vector<std::string>{});
    return manifest;
  } catch (const nlohmann::json::exception& error) {
    throw corrupt(error.what());
  }
}

std::string manifest_text(const Manifest& manifest) {
  return to_json(manifest).dump(2) + "\n";
}

std::optional<Manifest> load_manifest(const FileSystem& fs) {
  if (!fs.exists(kManifestFile)) return std::nullopt;
  nlohmann::json document = nlohmann::json::parse(fs.read(kManifestFile), nullptr, false);
  if (document.is_discarded()) throw corrupt("not JSON");
  return manifest_from_json(document);
}

}  // namespace otel_setup::scaffold
