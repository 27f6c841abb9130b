#include "cmake_project.hpp"

#include <algorithm>
#include <map>

#include "build_text.hpp"
#include "cmake_lexer.hpp"

namespace otel_setup::detectors::cmake {
namespace {

using Variables = std::map<std::string, std::string>;  // name -> ';'-joined list value
constexpr int kMaxDepth = 32;

const std::set<std::string> kScopeKeywords = {
    "PUBLIC", "PRIVATE",   "INTERFACE", "LINK_PUBLIC", "LINK_PRIVATE", "LINK_INTERFACE_LIBRARIES",
    "debug",  "optimized", "general"};

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::string item;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == ';') {
      item.push_back(';');
      ++i;
    } else if (value[i] == ';') {
      if (!item.empty()) items.push_back(item);
      item.clear();
    } else {
      item.push_back(value[i]);
    }
  }
  if (!item.empty()) items.push_back(item);
  return items;
}

std::string join_list(const std::vector<std::string>& items, std::size_t from = 0) {
  std::string value;
  for (std::size_t i = from; i < items.size(); ++i) {
    if (i > from) value.push_back(';');
    value += items[i];
  }
  return value;
}

// Replaces ${NAME} with known values, innermost first; unknown references stay as written
// (${CMAKE_CURRENT_SOURCE_DIR} is resolved later, by target_for_source).
std::string expand(const std::string& text, const Variables& variables, int depth = 0) {
  if (depth > 8 || text.find("${") == std::string::npos) return text;
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") != 0) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t close = text.find('}', i + 2);
    if (close == std::string::npos) {
      out += text.substr(i);
      break;
    }
    const std::string name = expand(text.substr(i + 2, close - i - 2), variables, depth + 1);
    const auto found = variables.find(name);
    out += found != variables.end() ? found->second : "${" + name + "}";
    i = close + 1;
  }
  return out;
}

class ProjectReader {
 public:
  ProjectReader(std::filesystem::path root, std::set<std::string>& visited,
                std::vector<facts::Warning>& warnings)
      : root_(std::move(root)), visited_(visited), warnings_(warnings) {}

  facts::BuildSystem read(const std::string& file, const std::string* text) {
    system_.id = "cmake";
    system_.file = file;
    Variables variables;
    read_file(file, folder_of(file), variables, text, 0);
    finish();
    if (system_.evidence.empty()) {  // a CMakeLists.txt without project() or targets
      system_.evidence.push_back(
          build::build_evidence(file, facts::Position{1, 1, 0}, "CMakeLists.txt"));
    }
    return std::move(system_);
  }

 private:
  struct Context {
    std::string file;    // the file being read
    std::string folder;  // CMAKE_CURRENT_SOURCE_DIR, relative to root
    const std::string* text;
    Variables& variables;
    int depth;
  };

  void warn(const std::string& file, int line, std::string message) {
    warnings_.push_back(facts::Warning{file, line, std::move(message)});
  }

  void read_file(const std::string& file, const std::string& folder, Variables& variables,
                 const std::string* text, int depth) {
    if (depth > kMaxDepth || !visited_.insert(file).second) return;
    std::string loaded;
    if (text == nullptr) {
      auto content = build::read_text_file(root_ / file);
      if (!content) {
        warn(file, 0, "cannot read build file");
        return;
      }
      loaded = std::move(*content);
      text = &loaded;
    }
    LexResult lexed = tokenize(*text);
    for (const LexError& error : lexed.errors)
      warn(file, error.line, error.message);
    Context context{file, folder, text, variables, depth};
    for (const Command& command : lexed.commands)
      interpret(context, command);
  }

  // Arguments after variable expansion; unquoted ones split on ';' like CMake lists.
  std::vector<std::string> arguments(const Context& context, const Command& command) const {
    std::vector<std::string> values;
    for (const Argument& argument : command.arguments) {
      if (argument.kind == ArgumentKind::bracket) {
        values.push_back(argument.text);
      } else if (argument.kind == ArgumentKind::quoted) {
        values.push_back(expand(argument.text, context.variables));
      } else {
        for (std::string& item : split_list(expand(argument.text, context.variables))) {
          values.push_back(std::move(item));
        }
      }
    }
    return values;
  }

  facts::Evidence evidence(const Context& context, const Command& command) const {
    return build::build_evidence(
        context.file, command.position,
        build::line_text_at(*context.text, static_cast<std::size_t>(command.position.byte_offset)));
  }

  void interpret(Context& context, const Command& command) {
    const std::vector<std::string> args = arguments(context, command);
    const std::string& name = command.name;
    if (name == "project" && !args.empty()) {
      if (system_.project_name.empty()) system_.project_name = args[0];
      context.variables["PROJECT_NAME"] = args[0];
      if (!context.variables.count("CMAKE_PROJECT_NAME")) {
        context.variables["CMAKE_PROJECT_NAME"] = args[0];
      }
      system_.evidence.push_back(evidence(context, command));
    } else if (name == "set" && !args.empty()) {
      set_variable(context, command, args);
    } else if (name == "list" && args.size() >= 2 && args[0] == "APPEND") {
      std::string& value = context.variables[args[1]];
      for (std::size_t i = 2; i < args.size(); ++i)
        value += (value.empty() ? "" : ";") + args[i];
    } else if (name == "file" && args.size() >= 3 &&
               (args[0] == "GLOB" || args[0] == "GLOB_RECURSE")) {
      glob_variable(context, args);
    } else if ((name == "add_executable" || name == "add_library") && !args.empty()) {
      add_target(context, command, args);
    } else if (name == "target_sources" && !args.empty()) {
      add_sources(context, args);
    } else if (name == "target_link_libraries" && !args.empty()) {
      if (facts::BuildTarget* target = find_target(args[0])) {
        add_links(*target, args);
      } else {
        pending_links_.push_back(args);
      }
    } else if (name == "target_compile_features") {
      for (const std::string& arg : args) {
        if (starts_with(arg, "cxx_std_")) note_target_standard(build::normalize_cxx_standard(arg));
      }
    } else if (name == "set_property" || name == "set_target_properties") {
      for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "CXX_STANDARD") note_target_standard(args[i + 1]);
      }
    } else if (name == "add_compile_options" || name == "target_compile_options") {
      for (const std::string& arg : args) {
        if (starts_with(arg, "-std=")) note_target_standard(build::normalize_cxx_standard(arg));
      }
    } else if (name == "find_package" && !args.empty()) {
      build::add_package(system_, args[0], evidence(context, command));
    } else if ((name == "fetchcontent_declare" || name == "externalproject_add") && !args.empty()) {
      build::add_package(system_, args[0], evidence(context, command));
    } else if (name == "cpmaddpackage" && !args.empty()) {
      add_cpm_package(context, command, args);
    } else if ((name == "pkg_check_modules" || name == "pkg_search_module") && args.size() > 1) {
      add_pkg_config_modules(context, command, args);
    } else if (name == "add_subdirectory" && !args.empty()) {
      enter_subdirectory(context, command, args[0]);
    } else if (name == "include" && !args.empty()) {
      include_file(context, args[0]);
    }
  }

  void set_variable(Context& context, const Command& command,
                    const std::vector<std::string>& args) {
    std::vector<std::string> values;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "CACHE" || args[i] == "PARENT_SCOPE") break;
      values.push_back(args[i]);
    }
    context.variables[args[0]] = join_list(values);
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

  // file(GLOB var [LIST_DIRECTORIES b] [RELATIVE path] [CONFIGURE_DEPENDS] patterns...):
  // the variable holds the patterns; target_for_source matches them.
  void glob_variable(Context& context, const std::vector<std::string>& args) {
    const bool recursive = args[0] == "GLOB_RECURSE";
    std::vector<std::string> patterns;
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (args[i] == "LIST_DIRECTORIES" || args[i] == "RELATIVE") {
        ++i;
      } else if (args[i] != "CONFIGURE_DEPENDS" && args[i] != "FOLLOW_SYMLINKS") {
        std::string pattern = args[i];
        const std::size_t slash = pattern.rfind('/');
        if (recursive) pattern.insert(slash == std::string::npos ? 0 : slash + 1, "**/");
        patterns.push_back(pattern);
      }
    }
    context.variables[args[1]] = join_list(patterns);
  }

  void add_target(Context& context, const Command& command, const std::vector<std::string>& args) {
    static const std::set<std::string> kOptions = {"WIN32",  "MACOSX_BUNDLE", "EXCLUDE_FROM_ALL",
                                                   "STATIC", "SHARED",        "MODULE",
                                                   "OBJECT", "INTERFACE",     "UNKNOWN"};
    if (std::find(args.begin(), args.end(), "IMPORTED") != args.end() ||
        std::find(args.begin(), args.end(), "ALIAS") != args.end()) {
      return;  // not built from this repository's sources
    }
    facts::BuildTarget target;
    target.name = args[0];
    target.type = command.name == "add_executable" ? "executable" : "library";
    target.file = context.file;
    target.position = command.position;
    target.declaration_end = build::position_at(*context.text, command.end_offset);
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (!kOptions.count(args[i])) target.sources.push_back(args[i]);
    }
    target_folders_[target.name] = context.folder;
    system_.evidence.push_back(evidence(context, command));
    system_.targets.push_back(std::move(target));
  }

  void add_sources(const Context& context, const std::vector<std::string>& args) {
    facts::BuildTarget* target = find_target(args[0]);
    if (target == nullptr) return;
    const std::string& target_folder = target_folders_[target->name];
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

  // A source written in `from` folder, expressed relative to the target's folder.
  static std::string rebase(const std::string& source, const std::string& from,
                            const std::string& to) {
    if (from == to) return source;
    std::string path = source;
    for (const char* prefix : {"${CMAKE_CURRENT_SOURCE_DIR}/", "${CMAKE_CURRENT_LIST_DIR}/"}) {
      if (starts_with(path, prefix)) path.erase(0, std::string(prefix).size());
    }
    if (path.find("${") != std::string::npos || starts_with(path, "/")) return source;
    const std::string full = build::join_relative(from, path);
    return std::filesystem::path(full).lexically_relative(to.empty() ? "." : to).generic_string();
  }

  void add_cpm_package(const Context& context, const Command& command,
                       const std::vector<std::string>& args) {
    std::string package;
    const auto named = std::find(args.begin(), args.end(), "NAME");
    if (named != args.end() && named + 1 != args.end()) {
      package = *(named + 1);
    } else {
      // "gh:owner/repo@1.2" shorthand
      package = args[0];
      const std::size_t slash = package.rfind('/');
      if (slash != std::string::npos) package = package.substr(slash + 1);
      package = package.substr(0, package.find('@'));
    }
    build::add_package(system_, package, evidence(context, command));
  }

  void add_pkg_config_modules(const Context& context, const Command& command,
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

  void enter_subdirectory(const Context& context, const Command& command, std::string dir) {
    for (const char* prefix : {"${CMAKE_CURRENT_SOURCE_DIR}/", "${CMAKE_CURRENT_LIST_DIR}/"}) {
      if (starts_with(dir, prefix)) dir.erase(0, std::string(prefix).size());
    }
    if (dir.find("${") != std::string::npos || starts_with(dir, "/")) return;
    const std::string folder = build::join_relative(context.folder, dir);
    const std::string child = build::join_relative(folder, "CMakeLists.txt");
    std::error_code ignored;
    if (root_.empty() || child.compare(0, 3, "../") == 0 ||
        !std::filesystem::is_regular_file(root_ / child, ignored)) {
      warn(context.file, command.position.line,
           "add_subdirectory(" + dir + "): " + child + " not found");
      return;
    }
    Variables scope = context.variables;  // a subdirectory gets a copy of its parent's scope
    read_file(child, folder, scope, nullptr, context.depth + 1);
  }

  // include(path.cmake) runs in the includer's scope and folder; module names are skipped.
  void include_file(Context& context, const std::string& argument) {
    std::string path = argument;
    for (const char* prefix : {"${CMAKE_CURRENT_SOURCE_DIR}/", "${CMAKE_CURRENT_LIST_DIR}/"}) {
      if (starts_with(path, prefix)) path.erase(0, std::string(prefix).size());
    }
    if (path.size() < 7 || path.compare(path.size() - 6, 6, ".cmake") != 0) return;
    if (path.find("${") != std::string::npos || starts_with(path, "/")) return;
    const std::string file = build::join_relative(folder_of(context.file), path);
    std::error_code ignored;
    if (root_.empty() || file.compare(0, 3, "../") == 0 ||
        !std::filesystem::is_regular_file(root_ / file, ignored)) {
      return;
    }
    read_file(file, context.folder, context.variables, nullptr, context.depth + 1);
  }

  static std::string folder_of(const std::string& file) { return build::folder_of(file); }

  facts::BuildTarget* find_target(const std::string& name) {
    for (facts::BuildTarget& target : system_.targets) {
      if (target.name == name) return &target;
    }
    return nullptr;
  }

  static void add_links(facts::BuildTarget& target, const std::vector<std::string>& args) {
    static const std::set<std::string> kSignatureKeywords = {
        "PUBLIC",      "PRIVATE",      "INTERFACE",
        "LINK_PUBLIC", "LINK_PRIVATE", "LINK_INTERFACE_LIBRARIES"};
    bool keyword_signature = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (kSignatureKeywords.count(args[i])) keyword_signature = true;
      if (!kScopeKeywords.count(args[i])) add_unique(target.link_libraries, args[i]);
    }
    if (!keyword_signature && args.size() > 1) target.plain_link_signature = true;
  }

  static void add_unique(std::vector<std::string>& values, const std::string& value) {
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
  }

  void note_target_standard(const std::string& standard) {
    if (!standard.empty() && target_standard_.empty()) target_standard_ = standard;
  }

  void finish() {
    // target_link_libraries() for a target declared later (e.g. in a sibling folder).
    for (const std::vector<std::string>& args : pending_links_) {
      if (facts::BuildTarget* target = find_target(args[0])) add_links(*target, args);
    }
    system_.cxx_standard = !cxx_standard_.empty() ? cxx_standard_ : target_standard_;
  }

  std::filesystem::path root_;
  std::set<std::string>& visited_;
  std::vector<facts::Warning>& warnings_;
  facts::BuildSystem system_;
  std::map<std::string, std::string> target_folders_;
  std::vector<std::vector<std::string>> pending_links_;
  std::string cxx_standard_;
  std::string target_standard_;
};

}  // namespace

facts::BuildSystem read_project(const std::filesystem::path& root, const std::string& root_file,
                                std::set<std::string>& visited,
                                std::vector<facts::Warning>& warnings) {
  return ProjectReader(root, visited, warnings).read(root_file, nullptr);
}

facts::BuildSystem read_project_text(const std::string& file, const std::string& text,
                                     std::vector<facts::Warning>& warnings) {
  std::set<std::string> visited;
  return ProjectReader(std::filesystem::path(), visited, warnings).read(file, &text);
}

}  // namespace otel_setup::detectors::cmake
