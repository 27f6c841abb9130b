// What CMake commands declare: the project name, the C++ standard, targets with their
// sources and link libraries, and packages. Declarations made inside a function()/macro()
// call are attributed to the call, where the planner can anchor edits.
#include <algorithm>

#include "build_text.hpp"
#include "cmake_reader.hpp"

namespace otel_setup::detectors::cmake {
namespace {

const std::set<std::string> kScopeKeywords = {
    "PUBLIC", "PRIVATE",   "INTERFACE", "LINK_PUBLIC", "LINK_PRIVATE", "LINK_INTERFACE_LIBRARIES",
    "debug",  "optimized", "general"};

void add_unique(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

// A source written in folder `from`, expressed relative to folder `to`.
std::string rebase(const std::string& source, const std::string& from, const std::string& to) {
  if (from == to) return source;
  std::string path = source;
  for (const char* prefix : {"${CMAKE_CURRENT_SOURCE_DIR}/", "${CMAKE_CURRENT_LIST_DIR}/"}) {
    if (build::starts_with(path, prefix)) path.erase(0, std::string(prefix).size());
  }
  if (path.find("${") != std::string::npos || build::starts_with(path, "/")) return source;
  const std::string full = build::join_relative(from, path);
  return std::filesystem::path(full).lexically_relative(to.empty() ? "." : to).generic_string();
}

}  // namespace

ProjectReader::Site ProjectReader::site(const Context& context, const Command& command) const {
  if (context.call_site != nullptr) {
    return Site{context.call_file, *context.call_text, *context.call_site};
  }
  return Site{context.file, *context.text, command};
}

facts::Evidence ProjectReader::evidence(const Context& context, const Command& command) const {
  const Site where = site(context, command);
  return build::build_evidence(
      where.file, where.command.position,
      build::line_text_at(where.text,
                          static_cast<std::size_t>(where.command.position.byte_offset)));
}

bool ProjectReader::declare(Context& context, const Command& command,
                            const std::vector<std::string>& args) {
  const std::string& name = command.name;
  Variables& variables = *context.variables;
  if (args.empty()) return false;
  if (name == "project") {
    if (system_.project_name.empty()) system_.project_name = args[0];
    variables["PROJECT_NAME"] = args[0];
    if (!variables.count("CMAKE_PROJECT_NAME")) variables["CMAKE_PROJECT_NAME"] = args[0];
    system_.evidence.push_back(evidence(context, command));
  } else if (name == "set") {
    set_variable(context, command, args);
  } else if (name == "list" && args.size() >= 2 && args[0] == "APPEND") {
    std::string& value = variables[args[1]];
    for (std::size_t i = 2; i < args.size(); ++i)
      value += (value.empty() ? "" : ";") + args[i];
  } else if (name == "file" && args.size() >= 3 &&
             (args[0] == "GLOB" || args[0] == "GLOB_RECURSE")) {
    // The variable holds the patterns; target_for_source matches them.
    std::vector<std::string> patterns;
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (args[i] == "LIST_DIRECTORIES" || args[i] == "RELATIVE") {
        ++i;
      } else if (args[i] != "CONFIGURE_DEPENDS" && args[i] != "FOLLOW_SYMLINKS") {
        std::string pattern = args[i];
        const std::size_t slash = pattern.rfind('/');
        if (args[0] == "GLOB_RECURSE") {
          pattern.insert(slash == std::string::npos ? 0 : slash + 1, "**/");
        }
        patterns.push_back(pattern);
      }
    }
    variables[args[1]] = join_list(patterns);
  } else if (name == "add_executable" || name == "add_library") {
    add_target(context, command, args);
  } else if (name == "target_sources") {
    add_sources(context, args);
  } else if (name == "target_link_libraries") {
    if (facts::BuildTarget* target = find_target(args[0])) {
      add_links(*target, args);
    } else {
      pending_links_.push_back(args);
    }
  } else if (name == "target_compile_features") {
    for (const std::string& arg : args) {
      if (build::starts_with(arg, "cxx_std_"))
        note_target_standard(build::normalize_cxx_standard(arg));
    }
  } else if (name == "set_property" || name == "set_target_properties") {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "CXX_STANDARD") note_target_standard(args[i + 1]);
    }
  } else if (name == "add_compile_options" || name == "target_compile_options") {
    for (const std::string& arg : args) {
      if (build::starts_with(arg, "-std="))
        note_target_standard(build::normalize_cxx_standard(arg));
    }
  } else if (name == "find_package" || name == "fetchcontent_declare" ||
             name == "externalproject_add") {
    build::add_package(system_, args[0], evidence(context, command));
  } else if (name == "cpmaddpackage") {
    add_cpm_package(context, command, args);
  } else if ((name == "pkg_check_modules" || name == "pkg_search_module") && args.size() > 1) {
    add_pkg_config_modules(context, command, args);
  } else {
    return false;
  }
  return true;
}

void ProjectReader::set_variable(Context& context, const Command& command,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> values;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "CACHE" || args[i] == "PARENT_SCOPE") break;
    values.push_back(args[i]);
  }
  (*context.variables)[args[0]] = join_list(values);
  if (args[0] == "CMAKE_CXX_STANDARD" && !values.empty() && cxx_standard_.empty()) {
    cxx_standard_ = values[0];
    system_.evidence.push_back(evidence(context, command));
  } else if (args[0] == "CMAKE_CXX_FLAGS") {
    for (const std::string& value : values) {
      const std::size_t at = value.find("-std=");
      if (at != std::string::npos) {
        note_target_standard(build::normalize_cxx_standard(value.substr(at)));
      }
    }
  }
}

void ProjectReader::add_target(Context& context, const Command& command,
                               const std::vector<std::string>& args) {
  static const std::set<std::string> kOptions = {"WIN32",  "MACOSX_BUNDLE", "EXCLUDE_FROM_ALL",
                                                 "STATIC", "SHARED",        "MODULE",
                                                 "OBJECT", "INTERFACE",     "UNKNOWN"};
  if (std::find(args.begin(), args.end(), "IMPORTED") != args.end() ||
      std::find(args.begin(), args.end(), "ALIAS") != args.end()) {
    return;  // not built from this repository's sources
  }
  const Site where = site(context, command);
  facts::BuildTarget target;
  target.name = args[0];
  target.type = command.name == "add_executable" ? "executable" : "library";
  target.file = where.file;
  target.position = where.command.position;
  target.declaration_end = build::position_at(where.text, where.command.end_offset);
  // Sources are relative to CMAKE_CURRENT_SOURCE_DIR; the facts want them relative to the
  // declaring file's folder (they differ for include()d files).
  const std::string target_folder = build::folder_of(target.file);
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!kOptions.count(args[i])) {
      target.sources.push_back(rebase(args[i], context.folder, target_folder));
    }
  }
  target_folders_[target.name] = target_folder;
  system_.evidence.push_back(evidence(context, command));
  system_.targets.push_back(std::move(target));
}

void ProjectReader::add_sources(const Context& context, const std::vector<std::string>& args) {
  facts::BuildTarget* target = find_target(args[0]);
  if (target == nullptr) return;
  const std::string target_folder = target_folders_[target->name];
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (kScopeKeywords.count(arg) || arg == "FILES") continue;
    if (arg == "FILE_SET" || arg == "TYPE") {
      ++i;
    } else if (arg == "BASE_DIRS") {
      while (i + 1 < args.size() && args[i + 1] != "FILES")
        ++i;
    } else {
      target->sources.push_back(rebase(arg, context.folder, target_folder));
    }
  }
}

void ProjectReader::add_links(facts::BuildTarget& target, const std::vector<std::string>& args) {
  static const std::set<std::string> kSignatureKeywords = {
      "PUBLIC", "PRIVATE", "INTERFACE", "LINK_PUBLIC", "LINK_PRIVATE", "LINK_INTERFACE_LIBRARIES"};
  bool keyword_signature = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (kSignatureKeywords.count(args[i])) keyword_signature = true;
    if (!kScopeKeywords.count(args[i])) add_unique(target.link_libraries, args[i]);
  }
  if (!keyword_signature && args.size() > 1) target.plain_link_signature = true;
}

void ProjectReader::add_cpm_package(const Context& context, const Command& command,
                                    const std::vector<std::string>& args) {
  std::string package;
  const auto named = std::find(args.begin(), args.end(), "NAME");
  if (named != args.end() && named + 1 != args.end()) {
    package = *(named + 1);
  } else {  // "gh:owner/repo@1.2" shorthand
    package = args[0];
    const std::size_t slash = package.rfind('/');
    if (slash != std::string::npos) package = package.substr(slash + 1);
    package = package.substr(0, package.find('@'));
  }
  build::add_package(system_, package, evidence(context, command));
}

void ProjectReader::add_pkg_config_modules(const Context& context, const Command& command,
                                           const std::vector<std::string>& args) {
  static const std::set<std::string> kOptions = {"REQUIRED",        "QUIET",
                                                 "IMPORTED_TARGET", "GLOBAL",
                                                 "NO_CMAKE_PATH",   "NO_CMAKE_ENVIRONMENT_PATH"};
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (kOptions.count(args[i])) continue;
    const std::string module = args[i].substr(0, args[i].find_first_of("<>="));
    build::add_package(system_, build::trim(module), evidence(context, command));
  }
}

facts::BuildTarget* ProjectReader::find_target(const std::string& name) {
  for (facts::BuildTarget& target : system_.targets) {
    if (target.name == name) return &target;
  }
  return nullptr;
}

void ProjectReader::note_target_standard(const std::string& standard) {
  if (!standard.empty() && target_standard_.empty()) target_standard_ = standard;
}

void ProjectReader::finish() {
  // target_link_libraries() for a target declared later (e.g. in a sibling folder).
  for (const std::vector<std::string>& args : pending_links_) {
    if (facts::BuildTarget* target = find_target(args[0])) add_links(*target, args);
  }
  system_.cxx_standard = !cxx_standard_.empty() ? cxx_standard_ : target_standard_;
}

}  // namespace otel_setup::detectors::cmake
