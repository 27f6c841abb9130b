#include "vendored.hpp"

#include <cctype>
#include <filesystem>

namespace otel_setup::detectors {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// `beast` for beast, `curl` for libcurl, `libfoo` for foo, `log` for boost-log (the last
// '-'-separated part: a library of a family lives in the family's folder).
bool named_like(const std::string& folder, const std::string& id) {
  std::string name = lower(folder), library = lower(id);
  if (name.empty()) return false;
  if (name == library || "lib" + name == library || name == "lib" + library) return true;
  return library.size() > name.size() + 1 &&
         library.compare(library.size() - name.size() - 1, std::string::npos, "-" + name) == 0;
}

}  // namespace

std::string owned_folder(const std::string& file, const std::string& owns, const std::string& id) {
  std::filesystem::path folder = std::filesystem::path(file).parent_path();
  std::filesystem::path bound = (folder / owns).lexically_normal();
  std::string bound_text = bound.generic_string();
  while (!bound_text.empty() && bound_text.back() == '/')
    bound_text.pop_back();
  if (bound_text == "." || bound_text.rfind("..", 0) == 0) bound_text.clear();  // the root
  std::string best;
  for (std::filesystem::path at = folder; !at.empty(); at = at.parent_path()) {
    std::string text = at.generic_string();
    if (named_like(at.filename().string(), id)) best = text;
    if (text == bound_text) break;
  }
  if (best.empty()) best = folder.generic_string();
  return best.empty() ? "" : best + "/";
}

std::vector<VendoredCopy> vendored_copies(const CatalogIndex& index, const Prefilter::Hits& hits,
                                          const Prefilter& prefilter, const std::string& file) {
  std::vector<VendoredCopy> copies;
  const Catalog& catalog = index.catalog();
  for (std::uint32_t pattern : hits.hits) {
    const std::string& text = prefilter.patterns()[pattern];
    for (std::size_t entry = 0; entry < catalog.size(); ++entry) {
      for (const VendoredMarker& marker : catalog[entry].vendored) {
        if (marker.contains != text || !include_matches(marker.file, file)) continue;
        std::string owned =
            marker.owns == "file" ? file : owned_folder(file, marker.owns, catalog[entry].id);
        copies.push_back({entry, file, owned});
      }
    }
  }
  return copies;
}

}  // namespace otel_setup::detectors
