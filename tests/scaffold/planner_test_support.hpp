// Test helpers for planner, template and golden tests: temp folders, writing a plan to disk
// (a minimal apply: creates + inserts), and facts derived from a small project's text so these
// tests do not depend on the detectors' progress.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>

#include "otel_setup/facts.hpp"
#include "otel_setup/plan.hpp"

namespace scaffold_test {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

inline std::filesystem::path make_temp_dir(const std::string& tag) {
  std::string pattern = (std::filesystem::temp_directory_path() / ("otel-" + tag + "-XXXXXX"));
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// Applies inserts from the highest offset down, so earlier offsets stay valid.
inline std::string apply_inserts(std::string content, const otel_setup::scaffold::Plan& plan,
                                 const std::string& file) {
  std::vector<const otel_setup::scaffold::Edit*> inserts;
  for (const auto& edit : plan.edits) {
    if (edit.file == file && edit.kind == otel_setup::scaffold::EditKind::insert) {
      inserts.push_back(&edit);
    }
  }
  std::stable_sort(inserts.begin(), inserts.end(),
                   [](const auto* a, const auto* b) { return a->offset > b->offset; });
  for (const auto* edit : inserts) {
    content.insert(static_cast<std::size_t>(edit->offset), edit->text);
  }
  return content;
}

inline void apply_plan(const otel_setup::scaffold::Plan& plan, const std::filesystem::path& root) {
  std::vector<std::string> edited;
  for (const auto& edit : plan.edits) {
    if (edit.kind == otel_setup::scaffold::EditKind::create) {
      write_file(root / edit.file, edit.text);
    } else if (std::find(edited.begin(), edited.end(), edit.file) == edited.end()) {
      edited.push_back(edit.file);
    }
  }
  for (const std::string& file : edited) {
    write_file(root / file, apply_inserts(read_file(root / file), plan, file));
  }
}

// Facts for a project whose main() and add_executable() are written plainly.
inline std::int64_t line_end_after(const std::string& text, std::size_t at) {
  const auto newline = text.find('\n', at);
  return newline == std::string::npos ? static_cast<std::int64_t>(text.size())
                                      : static_cast<std::int64_t>(newline + 1);
}

inline otel_setup::facts::EntryPoint entry_from_text(const std::string& file,
                                                     const std::string& text,
                                                     const std::string& target) {
  otel_setup::facts::EntryPoint entry;
  entry.file = file;
  entry.target = target;
  const auto main_at = text.find("int main(");
  if (main_at == std::string::npos) throw std::runtime_error(file + ": no int main(");
  entry.position.line =
      static_cast<int>(std::count(text.begin(), text.begin() + main_at, '\n')) + 1;
  const auto brace = text.find('{', main_at);
  entry.body_open.byte_offset = static_cast<std::int64_t>(brace);
  const auto after = text.find_first_not_of(" \t", brace + 1);
  entry.code_after_body_open = after != std::string::npos && text[after] != '\n';
  const auto next_line = text.find('\n', brace) + 1;
  entry.body_indent = text.substr(next_line, text.find_first_not_of(" \t", next_line) - next_line);
  std::size_t search = 0;
  int line = 1;
  for (std::size_t at = 0; at < main_at; at = text.find('\n', at) + 1, ++line) {
    if (text.compare(at, 8, "#include") == 0) {
      entry.last_include_line = line;
      search = at;
    }
  }
  if (entry.last_include_line > 0) entry.last_include_end = line_end_after(text, search);
  entry.quoted_includes = true;
  entry.includes_telemetry = text.find("telemetry/telemetry.hpp") != std::string::npos;
  return entry;
}

inline otel_setup::facts::BuildTarget target_from_text(const std::string& file,
                                                       const std::string& text,
                                                       const std::string& name) {
  otel_setup::facts::BuildTarget target;
  target.name = name;
  target.type = "executable";
  target.file = file;
  const auto at = text.find("add_executable(" + name);
  if (at == std::string::npos) throw std::runtime_error(file + ": no add_executable(" + name);
  target.declaration_end.byte_offset = static_cast<std::int64_t>(text.find(')', at) + 1);
  // What target_link_libraries(name ...) links, as the scanner reads it (an earlier init's
  // block included).
  const std::regex links("target_link_libraries\\(" + name + R"(\s+([^)]*)\))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), links);
       it != std::sregex_iterator(); ++it) {
    std::istringstream words((*it)[1]);
    for (std::string word; words >> word;) {
      if (word != "PRIVATE" && word != "PUBLIC" && word != "INTERFACE")
        target.link_libraries.push_back(word);
    }
  }
  return target;
}

inline std::string relative_path(const std::filesystem::path& path,
                                 const std::filesystem::path& root) {
  return std::filesystem::relative(path, root).generic_string();
}

// CMake projects written plainly: project(), CMAKE_CXX_STANDARD, add_executable(name srcs),
// vcpkg.json, and main() in one of the executable's sources.
inline otel_setup::facts::Facts fixture_facts(const std::filesystem::path& root) {
  otel_setup::facts::Facts facts;
  facts.root = root.string();
  otel_setup::facts::BuildSystem cmake;
  cmake.id = "cmake";
  cmake.file = "CMakeLists.txt";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& path : files) {
    if (path.filename() != "CMakeLists.txt") continue;
    const std::string text = read_file(path);
    std::smatch match;
    if (std::regex_search(text, match, std::regex(R"(project\(([A-Za-z0-9_.-]+))"))) {
      cmake.project_name = match[1];
    }
    if (std::regex_search(text, match, std::regex(R"(CMAKE_CXX_STANDARD (\d+))"))) {
      cmake.cxx_standard = match[1];
    }
    const std::regex executable(R"(add_executable\(([A-Za-z0-9_.-]+)([^)]*)\))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), executable);
         it != std::sregex_iterator(); ++it) {
      otel_setup::facts::BuildTarget target =
          target_from_text(relative_path(path, root), text, (*it)[1]);
      std::istringstream sources((*it)[2]);
      for (std::string source; sources >> source;)
        target.sources.push_back(source);
      cmake.targets.push_back(target);
    }
  }
  facts.build_systems.push_back(cmake);
  if (std::filesystem::exists(root / "vcpkg.json")) {
    otel_setup::facts::BuildSystem vcpkg;
    vcpkg.id = "vcpkg";
    vcpkg.file = "vcpkg.json";
    facts.build_systems.push_back(vcpkg);
  }
  for (const std::filesystem::path& path : files) {
    if (path.extension() != ".cpp") continue;
    const std::string text = read_file(path);
    if (text.find("int main(") == std::string::npos) continue;
    const std::string file = relative_path(path, root);
    std::string owner;
    for (const otel_setup::facts::BuildTarget& target : cmake.targets) {
      for (const std::string& source : target.sources) {
        if (relative_path(root / std::filesystem::path(target.file).parent_path() / source, root) ==
            file) {
          owner = target.name;
        }
      }
    }
    facts.entry_points.push_back(entry_from_text(file, text, owner));
  }
  return facts;
}

}  // namespace scaffold_test
