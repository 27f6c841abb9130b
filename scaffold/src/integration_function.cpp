// Finds function definitions by name in one source text, for `add traced FILE:FUNCTION` and
// the Boost.Beast handler edit. A light scanner rather than a parser: comments and literals
// are blanked (offsets kept), then `name(...)` counts as a definition when what follows its
// parameter list leads to a body `{` (qualifiers, trailing return type, constructor
// initializers), which calls never do.
#include <algorithm>
#include <cctype>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

// Comments, string and character literals replaced by spaces; newlines kept.
std::string blank_comments_and_literals(std::string_view source) {
  std::string text(source);
  std::size_t i = 0;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < text.size(); ++k)
      if (text[k] != '\n') text[k] = ' ';
  };
  while (i < text.size()) {
    if (text.compare(i, 2, "//") == 0) {
      const std::size_t end = text.find('\n', i);
      blank(i, end == std::string::npos ? text.size() : end);
      i = end == std::string::npos ? text.size() : end;
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      const std::size_t stop = end == std::string::npos ? text.size() : end + 2;
      blank(i, stop);
      i = stop;
    } else if (text.compare(i, 2, "R\"") == 0) {  // raw string: R"delim( ... )delim"
      const std::size_t open = text.find('(', i);
      const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = open == std::string::npos ? open : text.find(close, open);
      const std::size_t stop = end == std::string::npos ? text.size() : end + close.size();
      blank(i, stop);
      i = stop;
    } else if (text[i] == '"' || text[i] == '\'') {
      const char quote = text[i];
      std::size_t k = i + 1;
      while (k < text.size() && text[k] != quote && text[k] != '\n')
        k += text[k] == '\\' ? 2 : 1;
      blank(i, k + 1);
      i = k + 1;
    } else {
      ++i;
    }
  }
  return text;
}

// Index just past the bracket that closes the one at `open`, npos when unbalanced.
std::size_t past_closing(const std::string& text, std::size_t open) {
  const char opening = text[open];
  const char closing = opening == '(' ? ')' : opening == '{' ? '}' : ']';
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == opening) ++depth;
    if (text[i] == closing && --depth == 0) return i + 1;
  }
  return std::string::npos;
}

// From just after the parameter list: the body's '{', or npos when this is no definition.
std::size_t body_open_after(const std::string& text, std::size_t i) {
  bool initializers = false;
  while (i < text.size()) {
    i = skip_space(text, i);
    if (i >= text.size()) break;
    const char c = text[i];
    if (c == '{') {
      if (!initializers) return i;
      // In a constructor's initializer list `{` after a member name opens its initializer.
      std::size_t back = i;
      while (back > 0 && std::isspace(static_cast<unsigned char>(text[back - 1])))
        --back;
      if (back > 0 && (is_word(text[back - 1]) || text[back - 1] == '>')) {
        i = past_closing(text, i);
        continue;
      }
      return i;
    }
    if (c == ';' || c == '=' || c == ')' || (c == ',' && !initializers)) return std::string::npos;
    if (c == ':' && text.compare(i, 2, "::") != 0) {
      initializers = true;
      ++i;
    } else if (c == '(' || c == '[') {
      i = past_closing(text, i);  // noexcept(...), attributes, initializer arguments
    } else {
      ++i;  // const, noexcept, override, final, &, ->, a trailing return type, ...
    }
    if (i == std::string::npos) break;
  }
  return std::string::npos;
}

std::string line_indent(std::string_view source, std::size_t offset) {
  std::size_t start = source.rfind('\n', offset);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::size_t end = start;
  while (end < source.size() && (source[end] == ' ' || source[end] == '\t'))
    ++end;
  return std::string(source.substr(start, end - start));
}

}  // namespace

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::size_t skip_space(const std::string& text, std::size_t i) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
    ++i;
  return i;
}

std::size_t skip_space_back(const std::string& text, std::size_t i) {
  while (i > 0 && std::isspace(static_cast<unsigned char>(text[i - 1])))
    --i;
  return i;
}

std::size_t find_call(const std::string& text, std::string_view name, std::size_t from) {
  for (std::size_t at = text.find(name, from); at != std::string::npos;
       at = text.find(name, at + name.size())) {
    const std::size_t after = at + name.size();
    if ((at > 0 && is_word(text[at - 1])) || (after < text.size() && is_word(text[after])))
      continue;
    const std::size_t before = skip_space_back(text, at);
    if (before > 0 && (text[before - 1] == '.' || text[before - 1] == '>')) continue;
    const std::size_t open = skip_space(text, after);
    if (open < text.size() && text[open] == '(') return at;
  }
  return std::string::npos;
}

std::vector<FunctionDefinition> find_function_definitions(std::string_view source,
                                                          std::string_view name) {
  const std::string text = blank_comments_and_literals(source);
  std::vector<FunctionDefinition> found;
  // Calls through objects (`a.f(`, `p->f(`) are never definitions.
  for (std::size_t at = find_call(text, name, 0); at != std::string::npos;
       at = find_call(text, name, at + name.size())) {
    const std::size_t after = at + name.size();
    const std::size_t open = skip_space(text, after);
    const std::size_t close = past_closing(text, open);
    if (close == std::string::npos) continue;
    const std::size_t body = body_open_after(text, close);
    if (body == std::string::npos) continue;
    FunctionDefinition definition;
    // The qualification written before the name, e.g. "Orders::" in "Orders::run(".
    std::size_t start = at;
    while (start >= 2 && text.compare(start - 2, 2, "::") == 0) {
      std::size_t word = start - 2;
      while (word > 0 && is_word(text[word - 1]))
        --word;
      start = word;
    }
    definition.written_name = text.substr(start, after - start);
    const std::size_t word_end = skip_space_back(text, start);
    definition.returns_void = word_end >= 4 && text.compare(word_end - 4, 4, "void") == 0 &&
                              (word_end == 4 || !is_word(text[word_end - 5]));
    definition.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    definition.body_open = static_cast<std::int64_t>(body);
    const std::size_t first = text.find_first_not_of(" \t\r\n", body + 1);
    const bool code_follows = first != std::string::npos && text.find('\n', body) > first;
    const bool body_on_own_lines =
        first != std::string::npos && !code_follows && text[first] != '}';
    definition.body_indent =
        body_on_own_lines ? line_indent(source, first) : line_indent(source, at) + "  ";
    definition.code_after_body_open = code_follows;
    definition.parameters = std::string(source.substr(open + 1, close - open - 2));
    const std::size_t end = past_closing(text, body);
    if (end != std::string::npos) {
      definition.body_close = static_cast<std::int64_t>(end - 1);
      definition.blank_body = text.substr(body + 1, end - 2 - body);
      const std::size_t line = text.rfind('\n', end - 1) + 1;  // npos + 1 == 0
      if (text.find_first_not_of(" \t", line) == end - 1) {
        definition.close_line_start = static_cast<std::int64_t>(line);
        definition.close_indent = std::string(source.substr(line, end - 1 - line));
      }
    }
    found.push_back(definition);
  }
  return found;
}

}  // namespace otel_setup::scaffold::integration
