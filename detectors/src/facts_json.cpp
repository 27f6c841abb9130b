// The facts document <-> JSON (schema: docs/facts-schema.md).
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "otel_setup/facts.hpp"

namespace otel_setup::facts {
namespace {

using nlohmann::json;

template <typename Enum>
Enum enum_from_string(const std::string& text, std::initializer_list<Enum> values,
                      const char* field) {
  for (Enum value : values) {
    if (text == to_string(value)) return value;
  }
  throw std::runtime_error(std::string("facts: unknown ") + field + " '" + text + "'");
}

json position_json(const Position& position) {
  return {
      {"line", position.line}, {"column", position.column}, {"byte_offset", position.byte_offset}};
}

Position position_from(const json& object) {
  Position position;
  position.line = object.at("line").get<int>();
  position.column = object.at("column").get<int>();
  position.byte_offset = object.value("byte_offset", std::int64_t{-1});
  return position;
}

json evidence_json(const Evidence& evidence) {
  return {{"file", evidence.file},
          {"line", evidence.position.line},
          {"column", evidence.position.column},
          {"byte_offset", evidence.position.byte_offset},
          {"kind", to_string(evidence.kind)},
          {"text", evidence.text}};
}

Evidence evidence_from(const json& object) {
  Evidence evidence;
  evidence.file = object.at("file").get<std::string>();
  evidence.position = position_from(object);
  evidence.kind = enum_from_string(object.at("kind").get<std::string>(),
                                   {EvidenceKind::include, EvidenceKind::type, EvidenceKind::call,
                                    EvidenceKind::build, EvidenceKind::marker},
                                   "evidence kind");
  evidence.text = object.value("text", std::string());
  return evidence;
}

json site_json(const Site& site) {
  return {{"role", site.role},
          {"file", site.file},
          {"line", site.position.line},
          {"column", site.position.column},
          {"byte_offset", site.position.byte_offset},
          {"function", site.function},
          {"text", site.text},
          {"receiver", site.receiver},
          {"parse_error_near", site.parse_error_near}};
}

Site site_from(const json& object) {
  Site site;
  site.role = object.at("role").get<std::string>();
  site.file = object.at("file").get<std::string>();
  site.position = position_from(object);
  site.function = object.value("function", std::string());
  site.text = object.value("text", std::string());
  site.receiver = object.value("receiver", std::string());
  site.parse_error_near = object.value("parse_error_near", false);
  return site;
}

json target_json(const BuildTarget& target) {
  return {{"name", target.name},
          {"type", target.type},
          {"file", target.file},
          {"line", target.position.line},
          {"column", target.position.column},
          {"sources", target.sources},
          {"link_libraries", target.link_libraries},
          {"declaration_end", position_json(target.declaration_end)},
          {"plain_link_signature", target.plain_link_signature}};
}

BuildTarget target_from(const json& object) {
  BuildTarget target;
  target.name = object.at("name").get<std::string>();
  target.type = object.value("type", std::string());
  target.file = object.value("file", std::string());
  target.position.line = object.value("line", 0);
  target.position.column = object.value("column", 0);
  target.sources = object.value("sources", std::vector<std::string>());
  target.link_libraries = object.value("link_libraries", std::vector<std::string>());
  if (object.contains("declaration_end"))
    target.declaration_end = position_from(object.at("declaration_end"));
  target.plain_link_signature = object.value("plain_link_signature", false);
  return target;
}

json build_system_json(const BuildSystem& build) {
  json targets = json::array();
  for (const BuildTarget& target : build.targets)
    targets.push_back(target_json(target));
  json evidence = json::array();
  for (const Evidence& item : build.evidence)
    evidence.push_back(evidence_json(item));
  return {{"id", build.id},
          {"file", build.file},
          {"project_name", build.project_name},
          {"cxx_standard", build.cxx_standard},
          {"targets", targets},
          {"packages", build.packages},
          {"evidence", evidence}};
}

BuildSystem build_system_from(const json& object) {
  BuildSystem build;
  build.id = object.at("id").get<std::string>();
  build.file = object.value("file", std::string());
  build.project_name = object.value("project_name", std::string());
  build.cxx_standard = object.value("cxx_standard", std::string());
  for (const json& target : object.value("targets", json::array()))
    build.targets.push_back(target_from(target));
  build.packages = object.value("packages", std::vector<std::string>());
  for (const json& item : object.value("evidence", json::array()))
    build.evidence.push_back(evidence_from(item));
  return build;
}

json entry_point_json(const EntryPoint& entry) {
  return {{"file", entry.file},
          {"line", entry.position.line},
          {"column", entry.position.column},
          {"byte_offset", entry.position.byte_offset},
          {"target", entry.target},
          {"signature", entry.signature},
          {"body_open", position_json(entry.body_open)},
          {"body_close", position_json(entry.body_close)},
          {"last_include_line", entry.last_include_line},
          {"quoted_includes", entry.quoted_includes},
          {"content_hash", entry.content_hash},
          {"parse_error_near", entry.parse_error_near},
          {"last_include_end", entry.last_include_end},
          {"body_indent", entry.body_indent},
          {"code_after_body_open", entry.code_after_body_open},
          {"includes_telemetry", entry.includes_telemetry}};
}

EntryPoint entry_point_from(const json& object) {
  EntryPoint entry;
  entry.file = object.at("file").get<std::string>();
  entry.position = position_from(object);
  entry.target = object.value("target", std::string());
  entry.signature = object.value("signature", std::string());
  if (object.contains("body_open")) entry.body_open = position_from(object.at("body_open"));
  if (object.contains("body_close")) entry.body_close = position_from(object.at("body_close"));
  entry.last_include_line = object.value("last_include_line", 0);
  entry.quoted_includes = object.value("quoted_includes", true);
  entry.content_hash = object.value("content_hash", std::string());
  entry.parse_error_near = object.value("parse_error_near", false);
  entry.last_include_end = object.value("last_include_end", std::int64_t{-1});
  entry.body_indent = object.value("body_indent", std::string());
  entry.code_after_body_open = object.value("code_after_body_open", false);
  entry.includes_telemetry = object.value("includes_telemetry", false);
  return entry;
}

json library_json(const Library& library) {
  json evidence = json::array();
  for (const Evidence& item : library.evidence)
    evidence.push_back(evidence_json(item));
  json sites = json::array();
  for (const Site& site : library.sites)
    sites.push_back(site_json(site));
  return {{"id", library.id},
          {"kind", to_string(library.kind)},
          {"vendored", library.vendored},
          {"vendored_files", library.vendored_files},
          {"evidence", evidence},
          {"sites", sites}};
}

Library library_from(const json& object) {
  Library library;
  library.id = object.at("id").get<std::string>();
  library.kind =
      enum_from_string(object.at("kind").get<std::string>(),
                       {LibraryKind::server, LibraryKind::http_client, LibraryKind::db,
                        LibraryKind::messaging, LibraryKind::logging, LibraryKind::tracing},
                       "library kind");
  library.vendored = object.value("vendored", false);
  library.vendored_files = object.value("vendored_files", std::vector<std::string>());
  for (const json& item : object.value("evidence", json::array()))
    library.evidence.push_back(evidence_from(item));
  for (const json& site : object.value("sites", json::array()))
    library.sites.push_back(site_from(site));
  return library;
}

}  // namespace

const char* to_string(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::include:
      return "include";
    case EvidenceKind::type:
      return "type";
    case EvidenceKind::call:
      return "call";
    case EvidenceKind::build:
      return "build";
    case EvidenceKind::marker:
      return "marker";
  }
  return "?";
}

const char* to_string(LibraryKind kind) {
  switch (kind) {
    case LibraryKind::server:
      return "server";
    case LibraryKind::http_client:
      return "http_client";
    case LibraryKind::db:
      return "db";
    case LibraryKind::messaging:
      return "messaging";
    case LibraryKind::logging:
      return "logging";
    case LibraryKind::tracing:
      return "tracing";
  }
  return "?";
}

const Library* Facts::find_library(const std::string& id) const {
  for (const Library& library : libraries) {
    if (library.id == id) return &library;
  }
  return nullptr;
}

const BuildSystem* Facts::find_build_system(const std::string& id) const {
  for (const BuildSystem& build : build_systems) {
    if (build.id == id) return &build;
  }
  return nullptr;
}

nlohmann::json to_json(const Facts& facts) {
  json document = {{"schema_version", facts.schema_version}, {"root", facts.root}};
  document["build_systems"] = json::array();
  for (const BuildSystem& build : facts.build_systems)
    document["build_systems"].push_back(build_system_json(build));
  document["entry_points"] = json::array();
  for (const EntryPoint& entry : facts.entry_points)
    document["entry_points"].push_back(entry_point_json(entry));
  document["libraries"] = json::array();
  for (const Library& library : facts.libraries)
    document["libraries"].push_back(library_json(library));
  document["markers"] = json::array();
  for (const Marker& marker : facts.markers) {
    document["markers"].push_back({{"file", marker.file},
                                   {"id", marker.id},
                                   {"begin", position_json(marker.begin)},
                                   {"end", position_json(marker.end)}});
  }
  document["warnings"] = json::array();
  for (const Warning& warning : facts.warnings) {
    document["warnings"].push_back(
        {{"file", warning.file}, {"line", warning.line}, {"message", warning.message}});
  }
  document["stats"] = {{"files_walked", facts.stats.files_walked},
                       {"files_parsed", facts.stats.files_parsed},
                       {"bytes_read", facts.stats.bytes_read},
                       {"seconds", facts.stats.seconds}};
  return document;
}

Facts facts_from_json(const nlohmann::json& document) {
  Facts facts;
  try {
    facts.schema_version = document.at("schema_version").get<int>();
    if (facts.schema_version > kFactsSchemaVersion) {
      throw std::runtime_error("schema_version " + std::to_string(facts.schema_version) +
                               " is newer than this otel-setup understands (" +
                               std::to_string(kFactsSchemaVersion) + ")");
    }
    facts.root = document.at("root").get<std::string>();
    for (const json& build : document.value("build_systems", json::array()))
      facts.build_systems.push_back(build_system_from(build));
    for (const json& entry : document.value("entry_points", json::array()))
      facts.entry_points.push_back(entry_point_from(entry));
    for (const json& library : document.value("libraries", json::array()))
      facts.libraries.push_back(library_from(library));
    for (const json& marker : document.value("markers", json::array())) {
      facts.markers.push_back({marker.at("file").get<std::string>(),
                               marker.at("id").get<std::string>(),
                               position_from(marker.at("begin")), position_from(marker.at("end"))});
    }
    for (const json& warning : document.value("warnings", json::array())) {
      facts.warnings.push_back({warning.value("file", std::string()), warning.value("line", 0),
                                warning.at("message").get<std::string>()});
    }
    if (document.contains("stats")) {
      const json& stats = document.at("stats");
      facts.stats.files_walked = stats.value("files_walked", std::int64_t{0});
      facts.stats.files_parsed = stats.value("files_parsed", std::int64_t{0});
      facts.stats.bytes_read = stats.value("bytes_read", std::int64_t{0});
      facts.stats.seconds = stats.value("seconds", 0.0);
    }
  } catch (const json::exception& error) {
    throw std::runtime_error(std::string("facts document: ") + error.what());
  }
  return facts;
}

}  // namespace otel_setup::facts
