// Conan: conanfile.txt ([requires] "name/version" lines) and conanfile.py (requires /
// tool_requires attributes, self.requires(...) calls, the recipe's name attribute).
#include "build_readers.hpp"
#include "build_script.hpp"
#include "build_text.hpp"

namespace otel_setup::detectors::build {
namespace {

// "fmt/10.1.0@user/channel" -> "fmt"; the reference keeps only what identifies the package.
std::string package_name(const std::string& reference) {
  return trim(reference.substr(0, reference.find_first_of("/@[ ")));
}

bool is_requirement_section(const std::string& section) {
  return section == "requires" || section == "tool_requires" || section == "build_requires" ||
         section == "test_requires";
}

void read_conanfile_txt(const std::string& file, const std::string& text,
                        facts::BuildSystem& system, Warnings& warnings) {
  std::string section;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = trim(std::string_view(text).substr(start, end - start));
    if (!line.empty() && line[0] != '#') {
      if (line[0] == '[') {
        if (line.back() != ']') {
          warnings.push_back({file, position_at(text, start).line, "unclosed section header"});
        }
        section = line.substr(
            1, line.find(']') == std::string::npos ? line.size() - 1 : line.find(']') - 1);
      } else if (is_requirement_section(section)) {
        add_package(system, package_name(line),
                    build_evidence(file, position_at(text, start), line));
      }
    }
    start = end + 1;
  }
}

void collect_strings(const script::Value& value, std::vector<const script::Value*>& out) {
  if (value.kind == script::Value::Kind::string) out.push_back(&value);
  if (value.kind == script::Value::Kind::list) {
    for (const script::Value& item : value.items)
      collect_strings(item, out);
  }
}

void read_conanfile_py(const std::string& file, const std::string& text, facts::BuildSystem& system,
                       Warnings& warnings) {
  script::Script parsed = script::parse(text, script::Dialect::python);
  for (const script::ParseError& error : parsed.errors) {
    warnings.push_back({file, error.line, error.message});
  }
  const auto add = [&](const script::Value& reference) {
    const auto offset = static_cast<std::size_t>(reference.position.byte_offset);
    add_package(system, package_name(reference.text),
                build_evidence(file, reference.position, line_text_at(text, offset)));
  };
  for (const script::Statement& statement : parsed.statements) {
    const std::string& name = statement.assigned;
    if (name == "requires" || name == "tool_requires" || name == "build_requires" ||
        name == "test_requires") {
      std::vector<const script::Value*> references;
      collect_strings(statement.value, references);
      for (const script::Value* reference : references)
        add(*reference);
    } else if (name == "name" && statement.value.kind == script::Value::Kind::string &&
               system.project_name.empty()) {
      system.project_name = statement.value.text;
    }
    script::for_each_call(statement.value, [&](const script::Value& call) {
      if ((call.text == "requires" || call.text == "tool_requires" ||
           call.text == "build_requires" || call.text == "test_requires") &&
          !call.items.empty() && call.items[0].kind == script::Value::Kind::string) {
        add(call.items[0]);
      }
    });
  }
}

}  // namespace

facts::BuildSystem read_conan_text(const std::string& file, const std::string& text,
                                   Warnings& warnings) {
  facts::BuildSystem system;
  system.id = "conan";
  system.file = file;
  const bool python = file.size() >= 3 && file.compare(file.size() - 3, 3, ".py") == 0;
  if (python) {
    read_conanfile_py(file, text, system, warnings);
  } else {
    read_conanfile_txt(file, text, system, warnings);
  }
  if (system.evidence.empty()) {
    system.evidence.push_back(build_evidence(file, position_at(text, 0), line_text_at(text, 0)));
  }
  return system;
}

}  // namespace otel_setup::detectors::build
