// Plan -> new file contents: compare-and-swap, line endings, BOM, markers. Writes nothing.
#include <algorithm>
#include <map>

#include "otel_setup/apply.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A file is CRLF when most of its line breaks are; a file with no line break is LF.
bool uses_crlf(const std::string& content) {
  std::size_t lf = 0, crlf = 0;
  for (std::size_t i = 0; i < content.size(); ++i) {
    if (content[i] != '\n') continue;
    ++lf;
    if (i > 0 && content[i - 1] == '\r') ++crlf;
  }
  return crlf > 0 && crlf * 2 >= lf;
}

std::string to_crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

Error conflict(const std::string& path, const std::string& why) {
  return refusal(path + " " + why + "; nothing was written",
                 "run otel-setup again: it plans against the file as it is now");
}

FileChange materialize_file(const std::string& path, std::vector<const Edit*> edits,
                            const FileSystem& fs) {
  FileChange change;
  change.path = path;
  for (const Edit* edit : edits)
    change.reasons.push_back(edit->reason);

  if (edits.front()->kind == EditKind::create) {
    if (edits.size() != 1) throw conflict(path, "is both created and edited by the plan");
    const Edit& edit = *edits.front();
    change.kind = ChangeKind::create;
    change.existed = fs.exists(path);
    if (change.existed) {
      change.old_content = fs.read(path);
      change.mode = fs.mode(path);
      if (edit.base_hash.empty() || blob_hash(change.old_content) != edit.base_hash) {
        throw conflict(path, "already exists and was not written by otel-setup");
      }
    }
    change.new_content = edit.text;
    return change;
  }

  change.kind = ChangeKind::edit;
  change.existed = true;
  if (!fs.exists(path)) throw conflict(path, "was planned for editing but no longer exists");
  change.old_content = fs.read(path);
  change.mode = fs.mode(path);
  const std::string current_hash = blob_hash(change.old_content);
  for (const Edit* edit : edits) {
    if (edit->kind == EditKind::create) throw conflict(path, "is both created and edited");
    if (!edit->base_hash.empty() && edit->base_hash != current_hash) {
      throw conflict(path, "changed since it was scanned (compare-and-swap failed)");
    }
  }

  const bool crlf = uses_crlf(change.old_content);
  const bool bom = change.old_content.compare(0, kBom.size(), kBom) == 0;
  const std::string prefix = comment_prefix_for(path);
  const auto size = static_cast<std::int64_t>(change.old_content.size());

  struct Piece {
    std::int64_t offset, length;
    std::string text, original, id;
  };
  std::vector<Piece> pieces;
  for (const Edit* edit : edits) {
    std::int64_t offset = edit->offset;
    const std::int64_t length = edit->kind == EditKind::replace ? edit->length : 0;
    if (bom && offset < static_cast<std::int64_t>(kBom.size())) {
      offset = static_cast<std::int64_t>(kBom.size());  // the BOM stays the first bytes
    }
    if (offset < 0 || length < 0 || offset + length > size) {
      throw conflict(path, "has an edit outside the file (offset " + std::to_string(offset) + ")");
    }
    std::string text = wrap_in_markers(edit->text, edit->id, prefix);
    if (crlf) text = to_crlf(text);
    pieces.push_back({offset, length, text,
                      change.old_content.substr(static_cast<std::size_t>(offset),
                                                static_cast<std::size_t>(length)),
                      edit->id});
  }
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const Piece& a, const Piece& b) { return a.offset < b.offset; });
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    if (pieces[i].offset < pieces[i - 1].offset + pieces[i - 1].length) {
      throw conflict(path, "has overlapping edits in the plan");
    }
  }

  // Apply from the highest offset down so earlier offsets stay valid; at equal offsets the
  // later edit of the plan ends up after the earlier one.
  change.new_content = change.old_content;
  for (auto piece = pieces.rbegin(); piece != pieces.rend(); ++piece) {
    change.new_content.replace(static_cast<std::size_t>(piece->offset),
                               static_cast<std::size_t>(piece->length), piece->text);
  }
  std::int64_t shift = 0;
  for (const Piece& piece : pieces) {
    change.blocks.push_back({piece.id, piece.offset + shift, piece.text, piece.original});
    shift += static_cast<std::int64_t>(piece.text.size()) - piece.length;
  }
  return change;
}

}  // namespace

std::string comment_prefix_for(const std::string& path) {
  const std::string name =
      path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (ends_with(name, ".json")) return "";
  if (name == "CMakeLists.txt" || ends_with(name, ".cmake") || name == "meson.build" ||
      name == "meson_options.txt" || name == "BUILD" || name == "BUILD.bazel" ||
      name == "WORKSPACE" || name == "MODULE.bazel" || ends_with(name, ".bzl") ||
      name == "Makefile" || name == "GNUmakefile" || ends_with(name, ".mk") ||
      name == "conanfile.txt" || ends_with(name, ".py")) {
    return "#";
  }
  return "//";
}

std::string wrap_in_markers(const std::string& text, const std::string& id,
                            const std::string& prefix) {
  if (prefix.empty() || id.empty() || text.find("otel-setup:begin " + id) != std::string::npos) {
    return text;
  }
  std::string lead, body = text;
  while (!body.empty() && body.front() == '\n') {  // text that starts a new line itself
    lead += '\n';
    body.erase(0, 1);
  }
  const std::string indent = body.substr(0, body.find_first_not_of(" \t"));
  const bool ends_line = !body.empty() && body.back() == '\n';
  return lead + indent + prefix + " otel-setup:begin " + id + "\n" + body +
         (ends_line ? "" : "\n") + indent + prefix + " otel-setup:end " + id + "\n";
}

std::vector<FileChange> materialize(const Plan& plan, const FileSystem& fs) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Edit*>> by_file;
  for (const Edit& edit : plan.edits) {
    if (by_file.count(edit.file) == 0) order.push_back(edit.file);
    by_file[edit.file].push_back(&edit);
  }
  std::vector<FileChange> changes;
  for (const std::string& path : order)
    changes.push_back(materialize_file(path, by_file[path], fs));
  return changes;
}

}  // namespace otel_setup::scaffold
