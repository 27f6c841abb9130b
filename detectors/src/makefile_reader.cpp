// Makefiles: variables, rules and recipes are read line by line (no make evaluation). A
// rule is a binary target when its name has no extension and it has object/source
// prerequisites or a recipe with "-o"; pattern rules, .PHONY names and dotted names are not.
#include <algorithm>
#include <map>
#include <sstream>

#include "build_readers.hpp"
#include "build_text.hpp"

namespace otel_setup::detectors::build {
namespace {

struct LogicalLine {
  std::string text;
  std::size_t offset = 0;  // of its first character
  bool recipe = false;     // started with a tab
};

std::vector<LogicalLine> logical_lines(const std::string& text) {
  std::vector<LogicalLine> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    LogicalLine line;
    line.offset = start;
    line.recipe = text[start] == '\t';
    std::size_t end = start;
    while (true) {  // backslash-newline continues the line
      end = text.find('\n', end);
      if (end == std::string::npos) end = text.size();
      std::size_t content_end = end;
      if (content_end > start && text[content_end - 1] == '\r') --content_end;
      if (content_end > start && text[content_end - 1] == '\\' && end < text.size()) {
        line.text += text.substr(start, content_end - 1 - start) + " ";
        start = end + 1;
        ++end;
        continue;
      }
      line.text += text.substr(start, content_end - start);
      break;
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;)
    out.push_back(word);
  return out;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_source(const std::string& path) {
  for (const char* ext : {".cpp", ".cc", ".cxx", ".c++", ".C", ".c"}) {
    if (ends_with(path, ext)) return true;
  }
  return false;
}

class MakefileReader {
 public:
  MakefileReader(std::string file, const std::string& text, Warnings& warnings,
                 std::filesystem::path root)
      : file_(std::move(file)), text_(text), warnings_(warnings), root_(std::move(root)) {}

  facts::BuildSystem read() {
    system_.id = "make";
    system_.file = file_;
    bool in_define = false;
    int open_conditionals = 0;
    for (const LogicalLine& line : logical_lines(text_)) {
      std::string content = strip_comment(line.text);
      const std::string trimmed = trim(content);
      if (in_define) {
        in_define = trimmed.compare(0, 5, "endef") != 0;
        continue;
      }
      if (trimmed.empty()) continue;
      if (line.recipe && !current_rules_.empty()) {
        for (const std::string& name : current_rules_)
          recipes_[name].push_back(trimmed);
        continue;
      }
      const std::string keyword = trimmed.substr(0, trimmed.find_first_of(" \t("));
      if (keyword == "define") {
        in_define = true;
      } else if (keyword == "ifeq" || keyword == "ifneq" || keyword == "ifdef" ||
                 keyword == "ifndef") {
        ++open_conditionals;
      } else if (keyword == "endif") {
        --open_conditionals;
      } else if (keyword == "else" || keyword == "include" || keyword == "-include" ||
                 keyword == "sinclude" || keyword == "vpath" || keyword == "export" ||
                 keyword == "unexport" || keyword == "override") {
        if (keyword == "export" || keyword == "override")
          assignment_or_rule(trimmed.substr(keyword.size()), line);
      } else {
        assignment_or_rule(trimmed, line);
      }
    }
    if (open_conditionals > 0) {
      warnings_.push_back({file_, 0, "conditional (ifeq/ifdef) without a matching endif"});
    }
    finish();
    return std::move(system_);
  }

 private:
  static std::string strip_comment(const std::string& line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
      } else if (line[i] == '#') {
        return line.substr(0, i);
      }
    }
    return line;
  }

  void assignment_or_rule(const std::string& line, const LogicalLine& where) {
    if (!where.recipe) current_rules_.clear();
    const std::size_t equals = line.find('=');
    const std::size_t colon = line.find(':');
    if (equals != std::string::npos &&
        (colon == std::string::npos || colon > equals || line.compare(colon, 2, ":=") == 0 ||
         line.compare(colon, 3, "::=") == 0)) {
      std::size_t name_end = equals;
      while (name_end > 0 && std::string(":+?!").find(line[name_end - 1]) != std::string::npos) {
        --name_end;
      }
      const std::string name = trim(line.substr(0, name_end));
      const std::string value = trim(line.substr(equals + 1));
      if (line[name_end] == '+') {
        variables_[name] += " " + value;
      } else if (line[name_end] != '?' || !variables_.count(name)) {
        variables_[name] = value;
      }
      return;
    }
    current_rules_.clear();
    if (colon == std::string::npos) {
      if (where.recipe || line[0] == '$') return;  // e.g. $(eval ...), $(info ...)
      warnings_.push_back({file_, position_at(text_, where.offset).line,
                           "line is neither a rule nor an assignment: " + trim(line)});
      return;
    }
    std::string prerequisites = line.substr(colon + 1);
    if (!prerequisites.empty() && prerequisites[0] == ':') prerequisites.erase(0, 1);
    const std::size_t inline_recipe = prerequisites.find(';');
    std::string recipe;
    if (inline_recipe != std::string::npos) {
      recipe = prerequisites.substr(inline_recipe + 1);
      prerequisites.erase(inline_recipe);
    }
    const std::size_t order_only = prerequisites.find('|');
    if (order_only != std::string::npos) prerequisites.erase(order_only);
    const std::vector<std::string> names = words(expand(line.substr(0, colon), 0));
    if (!names.empty() && names[0] == ".PHONY") {
      for (const std::string& word : words(expand(prerequisites, 0)))
        phony_.push_back(word);
      return;
    }
    for (const std::string& name : names) {
      Rule rule;
      rule.name = name;
      rule.prerequisites = words(expand(prerequisites, 0));
      rule.position = position_at(text_, where.offset);
      rules_.push_back(rule);
      if (!trim(recipe).empty()) recipes_[name].push_back(trim(recipe));
      current_rules_.push_back(name);
    }
  }

  // $(VAR), ${VAR}, $(VAR:.cpp=.o), $(wildcard p) and $(patsubst %.a,%.b,text); other
  // functions expand to nothing. Automatic variables ($@, $^, $<) stay as written.
  std::string expand(const std::string& text, int depth) {
    if (depth > 8) return text;
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$' || i + 1 >= text.size()) {
        out.push_back(text[i]);
        continue;
      }
      const char open = text[i + 1];
      if (open != '(' && open != '{') {
        out.push_back(text[i]);
        continue;
      }
      const char close = open == '(' ? ')' : '}';
      int nesting = 0;
      std::size_t end = i + 2;
      for (; end < text.size(); ++end) {
        if (text[end] == open) ++nesting;
        if (text[end] == close && nesting-- == 0) break;
      }
      out += reference(text.substr(i + 2, end - i - 2), depth);
      i = end;
    }
    return out;
  }

  std::string reference(const std::string& inner, int depth) {
    const std::size_t space = inner.find(' ');
    if (space != std::string::npos) {
      const std::string function = inner.substr(0, space);
      const std::string argument = expand(inner.substr(space + 1), depth + 1);
      if (function == "wildcard") return argument;
      if (function == "shell" && argument.find("pkg-config") != std::string::npos) {
        for (const std::string& word : words(argument)) {
          if (word != "pkg-config" && word[0] != '-' && word[0] != '`')
            shell_packages_.push_back(word);
        }
      }
      if (function == "patsubst") {
        const std::vector<std::string> parts = split(argument, ',');
        if (parts.size() == 3) return substitute(words(parts[2]), parts[0], parts[1]);
      }
      return {};
    }
    const std::size_t colon = inner.find(':');
    const std::string name = inner.substr(0, colon);
    const auto found = variables_.find(name);
    const std::string value = found == variables_.end() ? "" : expand(found->second, depth + 1);
    if (colon == std::string::npos) return value;
    const std::string rule = inner.substr(colon + 1);  // .cpp=.o
    const std::size_t equals = rule.find('=');
    if (equals == std::string::npos) return value;
    std::string from = rule.substr(0, equals);
    std::string to = rule.substr(equals + 1);
    if (from.find('%') == std::string::npos) {
      from = "%" + from;
      to = "%" + to;
    }
    return substitute(words(value), from, to);
  }

  static std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator))
      parts.push_back(trim(part));
    return parts;
  }

  static std::string substitute(const std::vector<std::string>& items, const std::string& from,
                                const std::string& to) {
    const std::size_t percent = from.find('%');
    const std::string prefix = from.substr(0, percent);
    const std::string suffix = percent == std::string::npos ? "" : from.substr(percent + 1);
    std::string out;
    for (const std::string& item : items) {
      std::string result = item;
      if (percent != std::string::npos && item.size() >= prefix.size() + suffix.size() &&
          item.compare(0, prefix.size(), prefix) == 0 && ends_with(item, suffix)) {
        const std::string stem =
            item.substr(prefix.size(), item.size() - prefix.size() - suffix.size());
        result = to;
        const std::size_t at = result.find('%');
        if (at != std::string::npos) result.replace(at, 1, stem);
      }
      out += (out.empty() ? "" : " ") + result;
    }
    return out;
  }

  struct Rule {
    std::string name;
    std::vector<std::string> prerequisites;
    facts::Position position;
  };

  bool is_binary(const Rule& rule, const std::vector<std::string>& recipe) const {
    if (rule.name.empty() || rule.name[0] == '.' || rule.name.find('%') != std::string::npos ||
        rule.name.find('$') != std::string::npos) {
      return false;
    }
    for (const std::string& phony : phony_) {
      if (phony == rule.name) return false;
    }
    const std::string base = rule.name.substr(rule.name.rfind('/') + 1);
    const std::size_t dot = base.rfind('.');
    if (dot != std::string::npos && base.substr(dot) != ".exe" && base.substr(dot) != ".out") {
      return false;
    }
    for (const std::string& prerequisite : rule.prerequisites) {
      if (ends_with(prerequisite, ".o") || is_source(prerequisite)) return true;
    }
    for (const std::string& line : recipe) {
      if (line.find("-o ") != std::string::npos) return true;
    }
    return false;
  }

  // foo.o -> the foo.cpp (or .cc, .cxx, .c) next to the Makefile, when it exists.
  std::string source_for_object(const std::string& object) const {
    if (root_.empty()) return object;
    const std::string stem = object.substr(0, object.size() - 2);
    for (const char* ext : {".cpp", ".cc", ".cxx", ".c"}) {
      std::error_code ignored;
      if (std::filesystem::is_regular_file(root_ / join_relative(folder_of(file_), stem + ext),
                                           ignored)) {
        return stem + ext;
      }
    }
    return object;
  }

  static void add_libraries(const std::string& text, std::vector<std::string>& out) {
    for (const std::string& word : words(text)) {
      if (word.size() > 2 && word.compare(0, 2, "-l") == 0) {
        const std::string library = word.substr(2);
        if (std::find(out.begin(), out.end(), library) == out.end()) out.push_back(library);
      }
    }
  }

  void finish() {
    std::vector<std::string> target_libraries;
    for (const Rule& rule : rules_) {
      std::vector<std::string> recipe;
      for (const std::string& line : recipes_[rule.name])
        recipe.push_back(expand(line, 0));
      if (!is_binary(rule, recipe)) continue;
      facts::BuildTarget target;
      target.name = rule.name;
      target.type = "executable";
      target.file = file_;
      target.position = rule.position;
      for (const std::string& prerequisite : rule.prerequisites) {
        if (ends_with(prerequisite, ".o")) {
          target.sources.push_back(source_for_object(prerequisite));
        } else if (is_source(prerequisite)) {
          target.sources.push_back(prerequisite);
        }
      }
      for (const std::string& line : recipe) {
        for (const std::string& word : words(line)) {
          if (is_source(word) && std::find(target.sources.begin(), target.sources.end(), word) ==
                                     target.sources.end()) {
            target.sources.push_back(word);
          }
        }
        add_libraries(line, target.link_libraries);
      }
      if (recipe.empty()) {  // make's built-in link rule uses LDLIBS and LOADLIBES
        add_libraries(expand("$(LDFLAGS) $(LOADLIBES) $(LDLIBS)", 0), target.link_libraries);
      }
      system_.evidence.push_back(build_evidence(
          file_, target.position,
          line_text_at(text_, static_cast<std::size_t>(target.position.byte_offset))));
      target_libraries.insert(target_libraries.end(), target.link_libraries.begin(),
                              target.link_libraries.end());
      system_.targets.push_back(std::move(target));
    }
    std::vector<std::string> libraries = target_libraries;
    for (const auto& [name, value] : variables_) {
      add_libraries(expand(value, 0), libraries);
      const std::size_t standard = value.find("-std=");
      if (standard != std::string::npos && system_.cxx_standard.empty()) {
        system_.cxx_standard = normalize_cxx_standard(value.substr(standard));
      }
    }
    for (const auto& [name, lines] : recipes_) {
      for (const std::string& line : lines) {
        const std::string expanded = expand(line, 0);
        const std::size_t standard = expanded.find("-std=");
        if (standard != std::string::npos && system_.cxx_standard.empty()) {
          system_.cxx_standard = normalize_cxx_standard(expanded.substr(standard));
        }
      }
    }
    for (const std::string& package : shell_packages_)
      libraries.push_back(package);
    const facts::Evidence presence =
        build_evidence(file_, position_at(text_, 0), line_text_at(text_, 0));
    for (const std::string& library : libraries) {
      if (std::find(system_.packages.begin(), system_.packages.end(), library) ==
          system_.packages.end()) {
        system_.packages.push_back(library);
      }
    }
    if (system_.evidence.empty()) system_.evidence.push_back(presence);
  }

  std::string file_;
  const std::string& text_;
  Warnings& warnings_;
  std::filesystem::path root_;
  facts::BuildSystem system_;
  std::map<std::string, std::string> variables_;
  std::vector<Rule> rules_;
  std::map<std::string, std::vector<std::string>> recipes_;
  std::vector<std::string> phony_;
  std::vector<std::string> shell_packages_;
  std::vector<std::string> current_rules_;  // the rules the following recipe lines belong to
};

}  // namespace

facts::BuildSystem read_makefile_text(const std::string& file, const std::string& text,
                                      Warnings& warnings, const std::filesystem::path& root) {
  return MakefileReader(file, text, warnings, root).read();
}

}  // namespace otel_setup::detectors::build
