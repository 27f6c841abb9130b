// Files compiled into the binary (scaffold/cmake/embed_files.cmake): the mustache templates
// ("templates/<path>") and the bundled runtime the planner copies into a user's project
// ("runtime/include/...", "runtime/src/...").
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace otel_setup::scaffold {

struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

// The generated table, sorted by path within each group.
const EmbeddedFile* embedded_begin();
const EmbeddedFile* embedded_end();

std::optional<std::string_view> embedded_file(std::string_view path);
// Every file whose path starts with prefix, e.g. "runtime/".
std::vector<EmbeddedFile> embedded_files_under(std::string_view prefix);

}  // namespace otel_setup::scaffold
