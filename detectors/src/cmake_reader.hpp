// The CMake project reader's internals, shared by cmake_project.cpp (files, scopes and
// control flow: add_subdirectory, include, foreach, function/macro) and
// cmake_declarations.cpp (what a command declares: project, targets, packages, standard).
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cmake_lexer.hpp"
#include "otel_setup/facts.hpp"

namespace otel_setup::detectors::cmake {

using Variables = std::map<std::string, std::string>;  // name -> ';'-joined list value

std::vector<std::string> split_list(const std::string& value);
std::string join_list(const std::vector<std::string>& items, std::size_t from = 0);
// Replaces ${NAME} with known values; unknown references stay as written.
std::string expand(const std::string& text, const Variables& variables);

class ProjectReader {
 public:
  ProjectReader(std::filesystem::path root, std::set<std::string>& visited,
                std::vector<facts::Warning>& warnings)
      : root_(std::move(root)), visited_(visited), warnings_(warnings) {}

  facts::BuildSystem read(const std::string& file, const std::string* text);

 private:
  struct Context {
    Context(std::string file_, std::string folder_, const std::string* text_, Variables* variables_,
            int depth_)
        : file(std::move(file_)),
          folder(std::move(folder_)),
          text(text_),
          variables(variables_),
          depth(depth_) {}
    std::string file;    // the file whose commands run
    std::string folder;  // CMAKE_CURRENT_SOURCE_DIR, relative to root
    const std::string* text;
    Variables* variables;
    int depth;
    // Inside a function()/macro() call: declarations are attributed to the outermost call.
    int open_ifs = 0;  // if() blocks around the current command: their conditions are unknown
    const Command* call_site = nullptr;
    std::string call_file;
    const std::string* call_text = nullptr;
  };
  struct Definition {
    bool is_macro = false;
    std::vector<std::string> parameters;
    std::vector<Command> body;
    const std::string* text = nullptr;  // of the defining file, owned by texts_
  };
  // Where a declaration is reported: the command itself or the call that ran it.
  struct Site {
    const std::string& file;
    const std::string& text;
    const Command& command;
  };

  // cmake_project.cpp
  void read_file(const std::string& file, const std::string& folder, Variables& variables,
                 const std::string* text, int depth);
  void run(Context& context, const std::vector<Command>& commands, std::size_t begin,
           std::size_t end);
  std::size_t block_end(const Context& context, const std::vector<Command>& commands,
                        std::size_t open, const char* opener, const char* closer);
  void run_foreach(Context& context, const std::vector<Command>& commands, std::size_t open,
                   std::size_t close);
  void call(Context& context, const Command& command, const Definition& definition,
            const std::vector<std::string>& args);
  void parse_arguments(Context& context, const std::vector<std::string>& args);
  void enter_subdirectory(const Context& context, const Command& command, std::string dir);
  void include_file(Context& context, const std::string& argument);
  std::vector<std::string> arguments(const Context& context, const Command& command) const;
  void warn(const std::string& file, int line, std::string message);

  // cmake_declarations.cpp
  bool declare(Context& context, const Command& command, const std::vector<std::string>& args);
  Site site(const Context& context, const Command& command) const;
  facts::Evidence evidence(const Context& context, const Command& command) const;
  void set_variable(Context& context, const Command& command, const std::vector<std::string>& args);
  void add_target(Context& context, const Command& command, const std::vector<std::string>& args);
  void add_sources(const Context& context, const std::vector<std::string>& args);
  void add_links(facts::BuildTarget& target, const std::vector<std::string>& args);
  void add_cpm_package(const Context& context, const Command& command,
                       const std::vector<std::string>& args);
  void add_pkg_config_modules(const Context& context, const Command& command,
                              const std::vector<std::string>& args);
  facts::BuildTarget* find_target(const std::string& name);
  void note_target_standard(const std::string& standard);
  void finish();

  std::filesystem::path root_;
  std::set<std::string>& visited_;
  std::vector<facts::Warning>& warnings_;
  std::deque<std::string> texts_;  // every file read; commands and definitions point into them
  facts::BuildSystem system_;
  std::map<std::string, Definition> definitions_;  // by lower-cased name
  std::map<std::string, std::string> target_folders_;
  std::vector<std::vector<std::string>> pending_links_;
  std::string cxx_standard_;
  std::string target_standard_;
};

}  // namespace otel_setup::detectors::cmake
