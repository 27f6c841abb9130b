// meson.build: Meson has one global variable scope across subdir() files, so the reader
// keeps one variable table and remembers the folder each variable was assigned in (files()
// resolves relative to the folder where it is called).
#include <map>

#include "build_readers.hpp"
#include "build_script.hpp"
#include "build_text.hpp"

namespace otel_setup::detectors::build {
namespace {

using script::Value;

bool is_target_function(const std::string& name) {
  return name == "executable" || name == "library" || name == "shared_library" ||
         name == "static_library" || name == "both_libraries" || name == "shared_module";
}

class MesonReader {
 public:
  MesonReader(std::filesystem::path root, std::set<std::string>& visited, Warnings& warnings)
      : root_(std::move(root)), visited_(visited), warnings_(warnings) {}

  facts::BuildSystem read(const std::string& file, const std::string* text) {
    system_.id = "meson";
    system_.file = file;
    read_file(file, text, 0);
    if (system_.cxx_standard.empty()) system_.cxx_standard = target_standard_;
    if (system_.evidence.empty()) {
      system_.evidence.push_back(build_evidence(file, facts::Position{1, 1, 0}, "meson.build"));
    }
    return std::move(system_);
  }

 private:
  struct Variable {
    Value value;
    std::string folder;
  };

  void read_file(const std::string& file, const std::string* text, int depth) {
    if (depth > 32 || !visited_.insert(file).second) return;
    std::string loaded;
    if (text == nullptr) {
      auto content = read_text_file(root_ / file);
      if (!content) {
        warnings_.push_back({file, 0, "cannot read build file"});
        return;
      }
      loaded = std::move(*content);
      text = &loaded;
    }
    script::Script parsed = script::parse(*text, script::Dialect::meson);
    for (const script::ParseError& error : parsed.errors) {
      warnings_.push_back({file, error.line, error.message});
    }
    const std::string folder = folder_of(file);
    for (const script::Statement& statement : parsed.statements) {
      script::for_each_call(statement.value, [&](const Value& call) {
        handle_call(file, folder, *text, call, depth);
      });
      if (statement.assigned.empty()) continue;
      Variable& variable = variables_[statement.assigned];
      if (statement.append && variable.value.kind != Value::Kind::other) {
        Value combined;
        combined.kind = Value::Kind::list;
        combined.items = {variable.value, statement.value};
        variable.value = std::move(combined);
      } else {
        variable.value = statement.value;
      }
      variable.folder = folder;
    }
  }

  facts::Evidence evidence(const std::string& file, const std::string& text, const Value& at) {
    return build_evidence(file, at.position,
                          line_text_at(text, static_cast<std::size_t>(at.position.byte_offset)));
  }

  void handle_call(const std::string& file, const std::string& folder, const std::string& text,
                   const Value& call, int depth) {
    const auto first_string = [&]() -> std::string {
      return !call.items.empty() && call.items[0].kind == Value::Kind::string ? call.items[0].text
                                                                              : std::string();
    };
    if (call.text == "project") {
      if (system_.project_name.empty()) system_.project_name = first_string();
      system_.evidence.push_back(evidence(file, text, call));
      if (const Value* options = call.keyword("default_options")) {
        note_standard(*options, system_.cxx_standard);
      }
    } else if (call.text == "dependency" && !first_string().empty()) {
      add_package(system_, first_string(), evidence(file, text, call));
    } else if (call.text == "subdir" && !first_string().empty() && !root_.empty()) {
      const std::string child = join_relative(join_relative(folder, first_string()), "meson.build");
      std::error_code ignored;
      if (std::filesystem::is_regular_file(root_ / child, ignored)) {
        read_file(child, nullptr, depth + 1);
      } else {
        warnings_.push_back({file, call.position.line, "subdir(): " + child + " not found"});
      }
    } else if (is_target_function(call.text) && !first_string().empty()) {
      add_target(file, folder, text, call);
    }
  }

  void note_standard(const Value& options, std::string& into) {
    std::vector<std::string> strings;
    flatten(options, "", "", strings, 0);
    for (const std::string& option : strings) {
      if (option.compare(0, 8, "cpp_std=") == 0 && into.empty()) {
        into = normalize_cxx_standard(option.substr(8));
      }
    }
  }

  void add_target(const std::string& file, const std::string& folder, const std::string& text,
                  const Value& call) {
    facts::BuildTarget target;
    target.name = call.items[0].text;
    target.type = call.text == "executable" ? "executable" : "library";
    target.file = file;
    target.position = call.position;
    for (std::size_t i = 1; i < call.items.size(); ++i) {
      flatten(call.items[i], folder, folder, target.sources, 0);
    }
    if (const Value* sources = call.keyword("sources")) {
      flatten(*sources, folder, folder, target.sources, 0);
    }
    for (const char* key : {"dependencies", "link_with"}) {
      if (const Value* links = call.keyword(key)) {
        flatten_links(*links, target.link_libraries, 0);
      }
    }
    if (const Value* options = call.keyword("override_options")) {
      note_standard(*options, target_standard_);
    }
    system_.evidence.push_back(evidence(file, text, call));
    system_.targets.push_back(std::move(target));
  }

  // Source strings of `value`, relative to target_folder. `written_in` is the folder whose
  // files() calls produced them.
  void flatten(const Value& value, const std::string& written_in, const std::string& target_folder,
               std::vector<std::string>& out, int depth) {
    if (depth > 16) return;
    switch (value.kind) {
      case Value::Kind::string:
        out.push_back(value.text);
        break;
      case Value::Kind::list:
        for (const Value& item : value.items)
          flatten(item, written_in, target_folder, out, depth + 1);
        break;
      case Value::Kind::name: {
        const auto found = variables_.find(value.text);
        if (found != variables_.end()) {
          flatten(found->second.value, found->second.folder, target_folder, out, depth + 1);
        }
        break;
      }
      case Value::Kind::call:
        if (value.text == "files") {
          std::vector<std::string> files;
          for (const Value& item : value.items)
            flatten(item, written_in, written_in, files, depth + 1);
          for (const std::string& path : files)
            out.push_back(rebase(path, written_in, target_folder));
        }
        break;
      case Value::Kind::other:
        break;
    }
  }

  static std::string rebase(const std::string& path, const std::string& from,
                            const std::string& to) {
    if (from == to) return path;
    return std::filesystem::path(join_relative(from, path))
        .lexically_relative(to.empty() ? "." : to)
        .generic_string();
  }

  void flatten_links(const Value& value, std::vector<std::string>& out, int depth) {
    if (depth > 16) return;
    if (value.kind == Value::Kind::list) {
      for (const Value& item : value.items)
        flatten_links(item, out, depth + 1);
    } else if (value.kind == Value::Kind::call && !value.items.empty() &&
               value.items[0].kind == Value::Kind::string &&
               (value.text == "dependency" || is_target_function(value.text))) {
      out.push_back(value.items[0].text);
    } else if (value.kind == Value::Kind::name) {
      const auto found = variables_.find(value.text);
      const std::size_t before = out.size();
      if (found != variables_.end()) flatten_links(found->second.value, out, depth + 1);
      if (out.size() == before) out.push_back(value.text);
    }
  }

  std::filesystem::path root_;
  std::set<std::string>& visited_;
  Warnings& warnings_;
  facts::BuildSystem system_;
  std::map<std::string, Variable> variables_;
  std::string target_standard_;
};

}  // namespace

facts::BuildSystem read_meson(const std::filesystem::path& root, const std::string& file,
                              std::set<std::string>& visited, Warnings& warnings) {
  return MesonReader(root, visited, warnings).read(file, nullptr);
}

facts::BuildSystem read_meson_text(const std::string& file, const std::string& text,
                                   Warnings& warnings) {
  std::set<std::string> visited;
  return MesonReader({}, visited, warnings).read(file, &text);
}

}  // namespace otel_setup::detectors::build
