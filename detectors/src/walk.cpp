#include "walk.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "build_systems.hpp"
#include "ignore.hpp"

namespace otel_setup::detectors {
namespace {

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

struct Walker {
  std::string root;
  IgnoreRules ignore;
  WalkResult result;
  std::set<std::pair<dev_t, ino_t>> visited;          // folders entered: a symlink loop ends here
  std::vector<std::pair<std::string, bool>> sources;  // path, .gitignore check needed

  explicit Walker(const std::filesystem::path& root_path)
      : root(root_path.string()), ignore(root_path) {}

  void warn(const std::string& relative, const std::string& message) {
    result.warnings.push_back({relative, 0, message});
  }

  // in_scope: a .gitignore in this folder's parents (inside the tree) or rules from outside
  // it can apply, so paths here are asked of libgit2; otherwise nothing can ignore them.
  void visit_directory(const std::string& relative, bool in_scope) {
    std::string absolute = relative.empty() ? root : root + "/" + relative;
    struct stat info {};
    if (stat(absolute.c_str(), &info) != 0) {
      warn(relative, std::string("cannot enter: ") + std::strerror(errno));
      return;
    }
    if (!visited.insert({info.st_dev, info.st_ino}).second) return;
    DIR* dir = opendir(absolute.c_str());
    if (dir == nullptr) {
      warn(relative, std::string("cannot list: ") + std::strerror(errno));
      return;
    }
    std::vector<std::pair<std::string, unsigned char>> entries;
    while (dirent* entry = readdir(dir)) {
      if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0) continue;
      if (std::strcmp(entry->d_name, ".gitignore") == 0) in_scope = true;
      entries.emplace_back(entry->d_name, entry->d_type);
    }
    closedir(dir);
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, type] : entries)
      visit_entry(relative.empty() ? name : relative + "/" + name, name, type, in_scope);
  }

  void visit_entry(const std::string& relative, const std::string& name, unsigned char type,
                   bool in_scope) {
    if (type == DT_UNKNOWN || type == DT_LNK) {
      struct stat info {};
      std::string absolute = root + "/" + relative;
      if (stat(absolute.c_str(), &info) != 0) {
        // A dangling link or a link loop (ELOOP): only worth a word when it looks like code.
        if (is_source_file(name) || is_build_file(relative)) {
          ++result.files_walked;
          warn(relative, std::string("cannot read: ") + std::strerror(errno));
        }
        return;
      }
      type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      if (is_skipped_directory(name) || (in_scope && ignore.ignored(relative + "/"))) return;
      visit_directory(relative, in_scope);
      return;
    }
    if (type != DT_REG) return;  // sockets, fifos, devices
    ++result.files_walked;
    if (is_build_file(relative)) {
      if (!in_scope || !ignore.ignored(relative)) result.build_files.push_back(relative);
    } else if (is_source_file(name)) {
      sources.emplace_back(relative, in_scope);  // .gitignore: checked by the scan's workers
    }
  }
};

}  // namespace

bool is_skipped_directory(const std::string& name) {
  static const std::set<std::string> exact = {".git", "out", "node_modules", ".cache", "_deps"};
  return exact.count(name) != 0 || starts_with(name, "build") || starts_with(name, "cmake-build-");
}

bool is_source_file(const std::string& name) {
  static const std::set<std::string> extensions = {".c",   ".cc",  ".cpp", ".cxx", ".c++",
                                                   ".h",   ".hh",  ".hpp", ".hxx", ".h++",
                                                   ".ipp", ".inl", ".tpp", ".tcc"};
  std::size_t dot = name.rfind('.');
  return dot != std::string::npos && dot != 0 && extensions.count(name.substr(dot)) != 0;
}

WalkResult walk(const std::filesystem::path& root) {
  Walker walker(root);
  walker.visit_directory("", walker.ignore.rules_outside_tree());
  std::sort(walker.sources.begin(), walker.sources.end());
  for (auto& [file, check] : walker.sources) {
    walker.result.sources.push_back(std::move(file));
    walker.result.check_ignore.push_back(check ? 1 : 0);
  }
  std::sort(walker.result.build_files.begin(), walker.result.build_files.end());
  return std::move(walker.result);
}

}  // namespace otel_setup::detectors
