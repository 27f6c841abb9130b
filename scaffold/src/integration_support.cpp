// Helpers shared by the integration planners: generated headers, includes, site positions.
#include "integration_support.hpp"

#include "otel_setup/filesystem.hpp"
#include "otel_setup/repository.hpp"
#include "plan_internal.hpp"

namespace otel_setup::scaffold::integration {

void plan_generated_header(const facts::Facts& facts, const PlanTarget& target,
                           const std::string& id, const std::string& name,
                           const std::string& reason, Plan& plan) {
  const std::string path = detail::join_path(target.module_dir, name);
  if (detail::has_marker(facts, path, detail::kGeneratedMarker)) return;
  for (const Edit& edit : plan.edits) {
    if (edit.file == path) return;  // planned already (two kinds of one library)
  }
  TemplateValues values;
  values.strings["service_name"] = target.service_name;
  values.strings["facade_include"] = detail::include_line(target, "telemetry/telemetry.hpp");
  Edit edit;
  edit.file = path;
  edit.kind = EditKind::create;
  edit.text = render_template("integrations/" + id + "/" + name + ".mustache", values);
  edit.id = detail::kGeneratedMarker;
  edit.reason = reason;
  edit.integration = id;
  plan.edits.push_back(std::move(edit));
}

std::int64_t line_start(const facts::Position& position) {
  if (position.byte_offset < 0 || position.column < 1) return -1;
  return position.byte_offset - (position.column - 1);
}

std::string base_hash_for(const facts::Facts& facts, const std::string& file) {
  for (const facts::EntryPoint& entry : facts.entry_points) {
    if (entry.file == file) return entry.content_hash;
  }
  return {};
}

std::string where(const facts::Site& site) {
  return site.file + ":" + std::to_string(site.position.line);
}

std::string marked_lines(const std::string& indent, std::string_view id, const std::string& lines) {
  const std::string marker(id);
  return indent + "// otel-setup:begin " + marker + "\n" + lines + "\n" + indent +
         "// otel-setup:end " + marker;
}

void plan_marked_statement(const std::string& file, const std::string& content, std::size_t begin,
                           std::size_t end, const std::string& statement, std::string_view marker,
                           std::string_view integration, std::string reason, Plan& plan) {
  const std::string indent = statement.substr(0, statement.find_first_not_of(" \t"));
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::replace;
  edit.offset = static_cast<std::int64_t>(begin);
  edit.length = static_cast<std::int64_t>(end - begin);
  edit.text = marked_lines(indent, marker, statement);
  edit.id = std::string(marker);
  edit.reason = std::move(reason);
  edit.integration = std::string(integration);
  edit.base_hash = blob_hash(content);
  plan.edits.push_back(std::move(edit));
}

bool read_source(const facts::Facts& facts, const std::string& file, std::string& content) {
  try {
    content = RealFileSystem(facts.root).read(file);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool site_has_marker(const facts::Facts& facts, const facts::Site& site, std::string_view id) {
  return detail::has_marker(facts, site.file, id);
}

std::vector<const facts::Site*> editable_sites(const facts::Library& library, std::string_view role,
                                               Plan& plan) {
  std::vector<const facts::Site*> sites;
  for (const facts::Site& site : library.sites) {
    if (site.role != role) continue;
    if (site.parse_error_near || site.position.byte_offset < 0) {
      plan.notes.push_back(where(site) + ": " + library.id +
                           " site not edited: the parser found errors near it");
      continue;
    }
    sites.push_back(&site);
  }
  return sites;
}

void plan_include(const facts::Facts& facts, const PlanTarget& target, const std::string& file,
                  std::string_view library_header, const std::string& header,
                  const std::string& integration, Plan& plan) {
  const std::string id = integration + "-include";
  if (detail::has_marker(facts, file, id)) return;
  for (const Edit& edit : plan.edits) {
    if (edit.file == file && edit.id == id) return;
  }
  const std::string line = "#include " + detail::include_line(target, "telemetry/" + header);
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::insert;
  edit.id = id;
  edit.reason = "include the " + integration + " tracing header";
  edit.integration = integration;
  edit.base_hash = base_hash_for(facts, file);
  edit.offset = -1;
  edit.text = "// otel-setup:begin " + id + "\n" + line + "\n// otel-setup:end " + id + "\n";
  // Where: before the line including the library itself, else before any #include the scan
  // saw in the file, else after main()'s last #include, else at the top of the file.
  const facts::Evidence* other_include = nullptr;
  for (const facts::Library& library : facts.libraries) {
    for (const facts::Evidence& evidence : library.evidence) {
      if (evidence.file != file || evidence.kind != facts::EvidenceKind::include) continue;
      if (evidence.text.find(library_header) != std::string::npos) {
        edit.offset = line_start(evidence.position);
        break;
      }
      if (other_include == nullptr || evidence.position.line < other_include->position.line) {
        other_include = &evidence;
      }
    }
    if (edit.offset >= 0) break;
  }
  if (edit.offset < 0 && other_include != nullptr)
    edit.offset = line_start(other_include->position);
  if (edit.offset < 0 && target.entry != nullptr && target.entry->file == file &&
      target.entry->last_include_end >= 0) {
    edit.offset = target.entry->last_include_end;
  }
  if (edit.offset < 0) edit.offset = 0;
  plan.edits.push_back(std::move(edit));
}

}  // namespace otel_setup::scaffold::integration
