// Lookups over the table of embedded files generated at build time.
#include "otel_setup/embedded.hpp"

namespace otel_setup::scaffold {

std::optional<std::string_view> embedded_file(std::string_view path) {
  for (const EmbeddedFile* file = embedded_begin(); file != embedded_end(); ++file) {
    if (file->path == path) return file->content;
  }
  return std::nullopt;
}

std::vector<EmbeddedFile> embedded_files_under(std::string_view prefix) {
  std::vector<EmbeddedFile> found;
  for (const EmbeddedFile* file = embedded_begin(); file != embedded_end(); ++file) {
    if (file->path.substr(0, prefix.size()) == prefix) found.push_back(*file);
  }
  return found;
}

}  // namespace otel_setup::scaffold
