// Bazel: BUILD files declare cc_* rules; WORKSPACE and MODULE.bazel name the external
// repositories, which are the packages.
#include "build_readers.hpp"
#include "build_script.hpp"
#include "build_text.hpp"

namespace otel_setup::detectors::build {
namespace {

using script::Value;

const std::string* string_keyword(const Value& call, const char* name) {
  const Value* value = call.keyword(name);
  return value != nullptr && value->kind == Value::Kind::string ? &value->text : nullptr;
}

// A label in srcs, as a path relative to the package folder: ":main.cc" -> "main.cc",
// "//app:main.cc" -> relative from the package; labels of other repositories are kept.
std::string label_to_source(const std::string& label, const std::string& package) {
  if (label.compare(0, 1, ":") == 0) return label.substr(1);
  if (label.compare(0, 2, "//") == 0) {
    std::string path = label.substr(2);
    const std::size_t colon = path.find(':');
    if (colon != std::string::npos) path[colon] = '/';
    if (!path.empty() && path[0] == '/') path.erase(0, 1);
    return std::filesystem::path(path)
        .lexically_relative(package.empty() ? "." : package)
        .generic_string();
  }
  return label;
}

void collect_sources(const Value& value, const std::string& package, std::vector<std::string>& out,
                     int depth) {
  if (depth > 16) return;
  if (value.kind == Value::Kind::string) {
    out.push_back(label_to_source(value.text, package));
  } else if (value.kind == Value::Kind::list) {
    for (const Value& item : value.items)
      collect_sources(item, package, out, depth + 1);
  } else if (value.kind == Value::Kind::call && value.text == "glob") {
    // glob(["src/**/*.cc"], exclude = [...]): the patterns, matched by target_for_source.
    if (!value.items.empty()) collect_sources(value.items[0], package, out, depth + 1);
    if (const Value* include = value.keyword("include")) {
      collect_sources(*include, package, out, depth + 1);
    }
  }
}

void collect_strings(const Value& value, std::vector<std::string>& out) {
  if (value.kind == Value::Kind::string) out.push_back(value.text);
  for (const Value& item : value.items)
    collect_strings(item, out);
}

}  // namespace

void read_bazel_text(const std::string& file, const std::string& text, facts::BuildSystem& system,
                     Warnings& warnings) {
  system.id = "bazel";
  script::Script parsed = script::parse(text, script::Dialect::starlark);
  for (const script::ParseError& error : parsed.errors) {
    warnings.push_back({file, error.line, error.message});
  }
  const std::string package = folder_of(file);
  const auto evidence = [&](const Value& call) {
    return build_evidence(file, call.position,
                          line_text_at(text, static_cast<std::size_t>(call.position.byte_offset)));
  };
  for (const script::Statement& statement : parsed.statements) {
    script::for_each_call(statement.value, [&](const Value& call) {
      const std::string* name = string_keyword(call, "name");
      if (name == nullptr) return;
      if (call.text == "cc_binary" || call.text == "cc_library" || call.text == "cc_test") {
        facts::BuildTarget target;
        target.name = *name;
        target.type = call.text == "cc_library" ? "library" : "executable";
        target.file = file;
        target.position = call.position;
        if (const Value* srcs = call.keyword("srcs")) {
          collect_sources(*srcs, package, target.sources, 0);
        }
        if (const Value* deps = call.keyword("deps")) collect_strings(*deps, target.link_libraries);
        if (const Value* copts = call.keyword("copts")) {
          std::vector<std::string> options;
          collect_strings(*copts, options);
          for (const std::string& option : options) {
            if (system.cxx_standard.empty() && option.compare(0, 5, "-std=") == 0) {
              system.cxx_standard = normalize_cxx_standard(option);
            }
          }
        }
        system.evidence.push_back(evidence(call));
        system.targets.push_back(std::move(target));
      } else if (call.text == "bazel_dep" || call.text == "http_archive" ||
                 call.text == "git_repository" || call.text == "new_git_repository" ||
                 call.text == "local_repository" || call.text == "new_local_repository") {
        add_package(system, *name, evidence(call));
      } else if (call.text == "module" || call.text == "workspace") {
        if (system.project_name.empty()) system.project_name = *name;
        system.evidence.push_back(evidence(call));
      }
    });
  }
}

}  // namespace otel_setup::detectors::build
