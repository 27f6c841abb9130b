#include "cmake_lexer.hpp"

#include <cctype>

#include "text_cursor.hpp"

namespace otel_setup::detectors::cmake {
namespace {

bool is_identifier_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

class Lexer : private TextCursor {
 public:
  explicit Lexer(std::string_view text) : TextCursor(text) {}

  LexResult run() {
    while (!at_end()) {
      const char c = peek();
      if (is_space(c)) {
        advance();
      } else if (c == '#') {
        skip_comment();
      } else if (is_identifier_start(c)) {
        read_command();
      } else {
        error(line_, std::string("unexpected character '") + c + "' outside a command");
        skip_line();
      }
    }
    return std::move(result_);
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  void error(int line, std::string message) {
    result_.errors.push_back(LexError{line, std::move(message)});
  }
  void skip_line() {
    while (!at_end() && peek() != '\n')
      advance();
  }

  // Number of '=' in a bracket opening "[==[" starting at pos_ + ahead, or -1.
  int bracket_level(std::size_t ahead) const {
    if (peek(ahead) != '[') return -1;
    std::size_t i = ahead + 1;
    while (peek(i) == '=')
      ++i;
    return peek(i) == '[' ? static_cast<int>(i - ahead - 1) : -1;
  }

  // Consumes "[=*[ ... ]=*]"; appends the content to `out` when given.
  bool read_bracket(int level, std::string* out) {
    const int start_line = line_;
    for (int i = 0; i < level + 2; ++i)
      advance();
    if (peek() == '\r' && peek(1) == '\n') advance();
    if (peek() == '\n') advance();  // a newline right after the opening is not content
    const std::string close = "]" + std::string(static_cast<std::size_t>(level), '=') + "]";
    while (!at_end()) {
      if (text_.compare(pos_, close.size(), close) == 0) {
        for (std::size_t i = 0; i < close.size(); ++i)
          advance();
        return true;
      }
      if (out) out->push_back(peek());
      advance();
    }
    error(start_line, "unterminated bracket " + std::string(out ? "argument" : "comment"));
    return false;
  }

  void skip_comment() {
    const int level = bracket_level(1);
    if (level >= 0) {
      advance();  // '#'
      read_bracket(level, nullptr);
    } else {
      skip_line();
    }
  }

  void read_command() {
    Command command;
    command.position = here();
    while (!at_end() && is_identifier_char(peek())) {
      command.name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(peek()))));
      advance();
    }
    while (peek() == ' ' || peek() == '\t')
      advance();
    if (peek() != '(') {
      error(command.position.line, "expected '(' after command name '" + command.name + "'");
      skip_line();
      return;
    }
    advance();
    if (read_arguments(command)) {
      command.end_offset = pos_;
      result_.commands.push_back(std::move(command));
    }
  }

  bool read_arguments(Command& command) {
    int depth = 1;
    while (!at_end()) {
      const char c = peek();
      if (is_space(c)) {
        advance();
      } else if (c == '#') {
        skip_comment();
      } else if (c == '(') {
        ++depth;
        advance();
      } else if (c == ')') {
        advance();
        if (--depth == 0) return true;
      } else if (c == '"') {
        if (!read_quoted(command)) return false;
      } else if (const int level = bracket_level(0); level >= 0) {
        Argument argument{{}, ArgumentKind::bracket, here()};
        if (!read_bracket(level, &argument.text)) return false;
        command.arguments.push_back(std::move(argument));
      } else {
        read_unquoted(command);
      }
    }
    error(command.position.line, "unbalanced parentheses: '" + command.name + "(' opened on line " +
                                     std::to_string(command.position.line) + " is never closed");
    return false;
  }

  // Decodes one escape sequence after a backslash; returns false for a line continuation.
  bool read_escape(std::string& out) {
    advance();  // '\'
    if (at_end()) return false;
    const char c = peek();
    advance();
    switch (c) {
      case '\n':
        return false;
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case ';':
        out += "\\;";  // an escaped list separator stays escaped, as CMake keeps it
        break;
      default:
        out.push_back(c);
    }
    return true;
  }

  bool read_quoted(Command& command) {
    Argument argument{{}, ArgumentKind::quoted, here()};
    advance();  // opening quote
    while (!at_end()) {
      const char c = peek();
      if (c == '"') {
        advance();
        command.arguments.push_back(std::move(argument));
        return true;
      }
      if (c == '\\') {
        read_escape(argument.text);
      } else {
        argument.text.push_back(c);
        advance();
      }
    }
    error(argument.position.line, "unterminated quoted argument");
    return false;
  }

  void read_unquoted(Command& command) {
    Argument argument{{}, ArgumentKind::unquoted, here()};
    while (!at_end()) {
      const char c = peek();
      if (c == '\\') {
        read_escape(argument.text);
        continue;
      }
      if (is_space(c) || c == '(' || c == ')' || c == '#') break;
      if (c == '"') {
        // Legacy unquoted form: -DX="a b" keeps its quotes and spaces.
        argument.text.push_back(c);
        advance();
        while (!at_end() && peek() != '"') {
          argument.text.push_back(peek());
          advance();
        }
        if (at_end()) break;
      }
      argument.text.push_back(peek());
      advance();
    }
    command.arguments.push_back(std::move(argument));
  }

  LexResult result_;
};

}  // namespace

LexResult tokenize(std::string_view text) {
  return Lexer(text).run();
}

}  // namespace otel_setup::detectors::cmake
