// Files, scopes and control flow of a CMake project: add_subdirectory() gets a copy of the
// parent's scope, include() runs in the includer's, foreach() bodies run once per item and
// function()/macro() bodies at each call, with their parameters and cmake_parse_arguments().
// if() is not evaluated: every branch is read.
#include "cmake_project.hpp"

#include <algorithm>
#include <cctype>

#include "build_text.hpp"
#include "cmake_reader.hpp"

namespace otel_setup::detectors::cmake {
namespace {

constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxIterations = 256;

std::string expand_at(const std::string& text, const Variables& variables, int depth) {
  if (depth > 8 || text.find("${") == std::string::npos) return text;
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") != 0) {
      out.push_back(text[i++]);
      continue;
    }
    // The innermost reference first: ${A_${B}} expands ${B} before looking up A_<b>.
    std::size_t close = i + 2;
    int nesting = 0;
    for (; close < text.size(); ++close) {
      if (text.compare(close, 2, "${") == 0) ++nesting;
      if (text[close] == '}' && nesting-- == 0) break;
    }
    if (close >= text.size()) {
      out += text.substr(i);
      break;
    }
    const std::string name = expand_at(text.substr(i + 2, close - i - 2), variables, depth + 1);
    const auto found = variables.find(name);
    out += found != variables.end() ? found->second : "${" + name + "}";
    i = close + 1;
  }
  return out;
}

std::string strip_current_dir(std::string path) {
  for (const char* prefix : {"${CMAKE_CURRENT_SOURCE_DIR}/", "${CMAKE_CURRENT_LIST_DIR}/"}) {
    if (build::starts_with(path, prefix)) path.erase(0, std::string(prefix).size());
  }
  return path;
}

}  // namespace

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

std::string join_list(const std::vector<std::string>& items, std::size_t from) {
  std::string value;
  for (std::size_t i = from; i < items.size(); ++i) {
    if (i > from) value.push_back(';');
    value += items[i];
  }
  return value;
}

std::string expand(const std::string& text, const Variables& variables) {
  return expand_at(text, variables, 0);
}

facts::BuildSystem ProjectReader::read(const std::string& file, const std::string* text) {
  system_.id = "cmake";
  system_.file = file;
  Variables variables;
  read_file(file, build::folder_of(file), variables, text, 0);
  finish();
  if (system_.evidence.empty()) {  // a CMakeLists.txt without project() or targets
    system_.evidence.push_back(
        build::build_evidence(file, facts::Position{1, 1, 0}, "CMakeLists.txt"));
  }
  return std::move(system_);
}

void ProjectReader::warn(const std::string& file, int line, std::string message) {
  warnings_.push_back(facts::Warning{file, line, std::move(message)});
}

void ProjectReader::read_file(const std::string& file, const std::string& folder,
                              Variables& variables, const std::string* text, int depth) {
  if (depth > kMaxDepth || !visited_.insert(file).second) return;
  if (text != nullptr) {
    texts_.push_back(*text);
  } else {
    auto content = build::read_text_file(root_ / file);
    if (!content) {
      warn(file, 0, "cannot read build file");
      return;
    }
    texts_.push_back(std::move(*content));
  }
  const std::string& stored = texts_.back();
  LexResult lexed = tokenize(stored);
  for (const LexError& error : lexed.errors)
    warn(file, error.line, error.message);
  Context context{file, folder, &stored, &variables, depth};
  run(context, lexed.commands, 0, lexed.commands.size());
}

std::vector<std::string> ProjectReader::arguments(const Context& context,
                                                  const Command& command) const {
  std::vector<std::string> values;
  for (const Argument& argument : command.arguments) {
    if (argument.kind == ArgumentKind::bracket) {
      values.push_back(argument.text);
    } else if (argument.kind == ArgumentKind::quoted) {
      values.push_back(expand(argument.text, *context.variables));
    } else {
      for (std::string& item : split_list(expand(argument.text, *context.variables))) {
        values.push_back(std::move(item));
      }
    }
  }
  return values;
}

void ProjectReader::run(Context& context, const std::vector<Command>& commands, std::size_t begin,
                        std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    const Command& command = commands[i];
    const std::string& name = command.name;
    if (name == "foreach") {
      const std::size_t close = block_end(context, commands, i, "foreach", "endforeach");
      run_foreach(context, commands, i, std::min(close, end));
      i = close;
      continue;
    }
    if (name == "function" || name == "macro") {
      const std::size_t close = block_end(context, commands, i, name.c_str(),
                                          name == "function" ? "endfunction" : "endmacro");
      std::vector<std::string> signature = arguments(context, command);
      if (!signature.empty()) {
        std::string function_name = signature[0];
        std::transform(function_name.begin(), function_name.end(), function_name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        Definition definition;
        definition.is_macro = name == "macro";
        definition.parameters.assign(signature.begin() + 1, signature.end());
        const auto body_end = static_cast<std::ptrdiff_t>(std::min(close, end));
        definition.body.assign(commands.begin() + static_cast<std::ptrdiff_t>(i + 1),
                               commands.begin() + body_end);
        definition.text = context.text;
        definitions_[function_name] = std::move(definition);
      }
      i = close;
      continue;
    }
    if (name == "if") ++context.open_ifs;
    if (name == "endif" && context.open_ifs > 0) --context.open_ifs;
    const std::vector<std::string> args = arguments(context, command);
    const auto defined = definitions_.find(name);
    if (defined != definitions_.end()) {
      call(context, command, defined->second, args);
    } else if (name == "cmake_parse_arguments") {
      parse_arguments(context, args);
    } else if (name == "add_subdirectory" && !args.empty()) {
      enter_subdirectory(context, command, args[0]);
    } else if (name == "include" && !args.empty()) {
      include_file(context, args[0]);
    } else {
      declare(context, command, args);
    }
  }
}

// Index of the command closing the block opened at `open` (nesting counted), or the end.
std::size_t ProjectReader::block_end(const Context& context, const std::vector<Command>& commands,
                                     std::size_t open, const char* opener, const char* closer) {
  int nesting = 0;
  for (std::size_t i = open + 1; i < commands.size(); ++i) {
    if (commands[i].name == opener) ++nesting;
    if (commands[i].name == closer && nesting-- == 0) return i;
  }
  warn(context.file, commands[open].position.line,
       std::string(opener) + "() without a matching " + closer + "()");
  return commands.size();
}

void ProjectReader::run_foreach(Context& context, const std::vector<Command>& commands,
                                std::size_t open, std::size_t close) {
  const std::vector<std::string> args = arguments(context, commands[open]);
  if (args.empty()) return;
  std::vector<std::string> items;
  if (args.size() > 1 && args[1] == "IN") {
    bool lists = false;
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (args[i] == "LISTS" || args[i] == "ITEMS") {
        lists = args[i] == "LISTS";
      } else if (lists) {
        const auto found = context.variables->find(args[i]);
        if (found != context.variables->end()) {
          for (std::string& item : split_list(found->second))
            items.push_back(std::move(item));
        }
      } else {
        items.push_back(args[i]);
      }
    }
  } else if (args.size() > 1 && args[1] == "RANGE") {
    items.push_back("${" + args[0] + "}");  // not unrolled: the body is read once
  } else {
    items.assign(args.begin() + 1, args.end());
  }
  const auto previous = context.variables->find(args[0]);
  const bool had_value = previous != context.variables->end();
  const std::string saved = had_value ? previous->second : std::string();
  for (std::size_t i = 0; i < items.size() && i < kMaxIterations; ++i) {
    (*context.variables)[args[0]] = items[i];
    run(context, commands, open + 1, close);
  }
  if (had_value) {
    (*context.variables)[args[0]] = saved;
  } else {
    context.variables->erase(args[0]);
  }
}

void ProjectReader::call(Context& context, const Command& command, const Definition& definition,
                         const std::vector<std::string>& args) {
  if (context.depth > kMaxDepth) return;
  Variables function_scope;
  if (!definition.is_macro) function_scope = *context.variables;
  Variables& scope = definition.is_macro ? *context.variables : function_scope;
  for (std::size_t i = 0; i < definition.parameters.size(); ++i) {
    scope[definition.parameters[i]] = i < args.size() ? args[i] : std::string();
  }
  scope["ARGN"] = join_list(args, std::min(args.size(), definition.parameters.size()));
  scope["ARGV"] = join_list(args);
  scope["ARGC"] = std::to_string(args.size());
  Context inner{context.file, context.folder, definition.text, &scope, context.depth + 1};
  inner.call_site = context.call_site != nullptr ? context.call_site : &command;
  inner.call_file = context.call_site != nullptr ? context.call_file : context.file;
  inner.call_text = context.call_site != nullptr ? context.call_text : context.text;
  run(inner, definition.body, 0, definition.body.size());
}

// cmake_parse_arguments(<prefix> <options> <one_value> <multi_value> <args>...): sets
// <prefix>_<keyword> for each keyword found, as CMake does.
void ProjectReader::parse_arguments(Context& context, const std::vector<std::string>& args) {
  if (args.size() < 4 || args[0] == "PARSE_ARGV") return;
  const std::string& prefix = args[0];
  std::map<std::string, int> keywords;  // 0 option, 1 one value, 2 multi value
  for (int kind = 0; kind < 3; ++kind) {
    for (const std::string& keyword : split_list(args[static_cast<std::size_t>(kind) + 1])) {
      keywords[keyword] = kind;
    }
  }
  std::string current;
  for (std::size_t i = 4; i < args.size(); ++i) {
    const auto keyword = keywords.find(args[i]);
    if (keyword != keywords.end()) {
      current = keyword->second == 0 ? std::string() : args[i];
      (*context.variables)[prefix + "_" + args[i]] = keyword->second == 0 ? "TRUE" : "";
      continue;
    }
    if (current.empty()) continue;
    std::string& value = (*context.variables)[prefix + "_" + current];
    value += (value.empty() ? "" : ";") + args[i];
    if (keywords[current] == 1) current.clear();
  }
}

void ProjectReader::enter_subdirectory(const Context& context, const Command& command,
                                       std::string dir) {
  dir = strip_current_dir(dir);
  if (dir.find("${") != std::string::npos || build::starts_with(dir, "/")) return;
  const std::string folder = build::join_relative(context.folder, dir);
  const std::string child = build::join_relative(folder, "CMakeLists.txt");
  std::error_code ignored;
  if (root_.empty() || build::starts_with(child, "../") ||
      !std::filesystem::is_regular_file(root_ / child, ignored)) {
    // Inside if() the folder is often optional (if(EXISTS dir) add_subdirectory(dir)).
    if (context.open_ifs > 0) return;
    warn(context.file, command.position.line,
         "add_subdirectory(" + dir + "): " + child + " not found");
    return;
  }
  Variables scope = *context.variables;  // a subdirectory gets a copy of its parent's scope
  read_file(child, folder, scope, nullptr, context.depth + 1);
}

// include(path.cmake) runs in the includer's scope and folder; module names are skipped.
void ProjectReader::include_file(Context& context, const std::string& argument) {
  const std::string path = strip_current_dir(argument);
  if (path.size() < 7 || path.compare(path.size() - 6, 6, ".cmake") != 0) return;
  if (path.find("${") != std::string::npos || build::starts_with(path, "/")) return;
  const std::string file = build::join_relative(context.folder, path);
  std::error_code ignored;
  if (root_.empty() || build::starts_with(file, "../") ||
      !std::filesystem::is_regular_file(root_ / file, ignored)) {
    return;
  }
  read_file(file, context.folder, *context.variables, nullptr, context.depth + 1);
}

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
