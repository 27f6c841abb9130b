#include "build_script.hpp"

#include <cctype>

#include "text_cursor.hpp"

namespace otel_setup::detectors::script {

const Value* Value::keyword(const std::string& name) const {
  for (const auto& [key, value] : keywords) {
    if (key == name) return &value;
  }
  return nullptr;
}

namespace {

struct Token {
  enum class Kind { name, string, number, punct, end };
  Kind kind = Kind::end;
  std::string text;
  facts::Position position;
};

class Tokenizer : private TextCursor {
 public:
  Tokenizer(std::string_view text, std::vector<ParseError>& errors)
      : TextCursor(text), errors_(errors) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space_and_comments();
      if (pos_ >= text_.size()) break;
      tokens.push_back(next());
    }
    Token end;
    end.position = here();
    tokens.push_back(end);
    return tokens;
  }

 private:
  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      const char c = peek();
      if (c == '#') {
        while (pos_ < text_.size() && peek() != '\n')
          advance();
      } else if (std::isspace(static_cast<unsigned char>(c)) || (c == '\\' && peek(1) == '\n')) {
        advance();
      } else {
        return;
      }
    }
  }

  static bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  }

  Token next() {
    Token token;
    token.position = here();
    const char c = peek();
    if (is_name_char(c)) {
      const bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
      while (pos_ < text_.size() && (is_name_char(peek()) || (digit && peek() == '.'))) {
        token.text.push_back(peek());
        advance();
      }
      // r"...", b'...', f"..." prefixes: the literal is a string.
      if (!digit && token.text.size() <= 2 && (peek() == '"' || peek() == '\'') &&
          token.text.find_first_not_of("rbfuRBFU") == std::string::npos) {
        token.kind = Token::Kind::string;
        token.text = read_string();
        return token;
      }
      token.kind = digit ? Token::Kind::number : Token::Kind::name;
      return token;
    }
    if (c == '"' || c == '\'') {
      token.kind = Token::Kind::string;
      token.text = read_string();
      return token;
    }
    token.kind = Token::Kind::punct;
    static const char* kTwoCharacter[] = {"==", "!=", "<=", ">=", "+=", "-=", "**", "//", "->"};
    for (const char* op : kTwoCharacter) {
      if (c == op[0] && peek(1) == op[1]) {
        token.text = op;
        advance();
        advance();
        return token;
      }
    }
    token.text = std::string(1, c);
    advance();
    return token;
  }

  std::string read_string() {
    const char quote = peek();
    const int start_line = line_;
    const bool triple = peek(1) == quote && peek(2) == quote;
    const std::size_t width = triple ? 3 : 1;
    for (std::size_t i = 0; i < width; ++i)
      advance();
    std::string value;
    while (pos_ < text_.size()) {
      const char c = peek();
      if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        for (std::size_t i = 0; i < width; ++i)
          advance();
        return value;
      }
      if (c == '\n' && !triple) break;
      if (c == '\\' && pos_ + 1 < text_.size()) {
        advance();
        value.push_back(peek() == 'n' ? '\n' : peek());
        advance();
        continue;
      }
      value.push_back(c);
      advance();
    }
    errors_.push_back(ParseError{start_line, "unterminated string literal"});
    return value;
  }

  std::vector<ParseError>& errors_;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, Dialect dialect, std::vector<ParseError>& errors)
      : tokens_(std::move(tokens)), dialect_(dialect), errors_(errors) {}

  std::vector<Statement> run() {
    std::vector<Statement> statements;
    while (!at(Token::Kind::end)) {
      const std::size_t start = index_;
      Statement statement;
      if (peek().kind == Token::Kind::name && (is_punct(1, "=") || is_punct(1, "+="))) {
        statement.assigned = peek().text;
        statement.append = is_punct(1, "+=");
        index_ += 2;
        statement.value = expression_list();
      } else {
        statement.value = expression(0);
      }
      // Operators join expressions across lines (`f() if x` spans a line break in Python);
      // the calls inside still count.
      if (statement.value.kind != Value::Kind::other || !statement.value.items.empty() ||
          !statement.assigned.empty()) {
        statements.push_back(std::move(statement));
      }
      if (index_ == start) {
        if (is_closer(peek())) error(peek().position.line, "unbalanced '" + peek().text + "'");
        ++index_;
      }
    }
    return statements;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
  }
  bool at(Token::Kind kind) const { return peek().kind == kind; }
  bool is_punct(std::size_t ahead, const char* text) const {
    return peek(ahead).kind == Token::Kind::punct && peek(ahead).text == text;
  }
  static bool is_closer(const Token& token) {
    return token.kind == Token::Kind::punct &&
           (token.text == ")" || token.text == "]" || token.text == "}");
  }
  void error(int line, std::string message) {
    errors_.push_back(ParseError{line, std::move(message)});
  }

  // `a, b, c` after '=' (a Python tuple): collected as a list when there is a comma.
  Value expression_list() {
    Value first = expression(0);
    if (!is_punct(0, ",")) return first;
    Value tuple;
    tuple.kind = Value::Kind::list;
    tuple.position = first.position;
    tuple.items.push_back(std::move(first));
    while (is_punct(0, ",")) {
      ++index_;
      if (at(Token::Kind::end) || is_closer(peek())) break;
      tuple.items.push_back(expression(0));
    }
    return tuple;
  }

  static bool is_operator(const Token& token) {
    if (token.kind == Token::Kind::name) {
      return token.text == "and" || token.text == "or" || token.text == "in" ||
             token.text == "not" || token.text == "if" || token.text == "else";
    }
    if (token.kind != Token::Kind::punct) return false;
    static const std::string kOperators[] = {"+", "-",  "*",  "/",  "%",  "==", "!=", "<",
                                             ">", "<=", ">=", "**", "//", "|",  "&",  "?"};
    for (const std::string& op : kOperators) {
      if (token.text == op) return true;
    }
    return false;
  }

  Value expression(int depth) {
    Value left = unary(depth);
    while (is_operator(peek())) {
      const bool plus = peek().text == "+";
      ++index_;
      Value right = unary(depth);
      Value combined;
      combined.kind = plus ? Value::Kind::list : Value::Kind::other;
      combined.position = left.position;
      combined.items.push_back(std::move(left));
      combined.items.push_back(std::move(right));
      left = std::move(combined);
    }
    return left;
  }

  Value unary(int depth) {
    while (is_punct(0, "-") || is_punct(0, "*") || is_punct(0, "**") ||
           (peek().kind == Token::Kind::name && peek().text == "not")) {
      ++index_;
    }
    return postfix(primary(depth), depth);
  }

  Value primary(int depth) {
    Value value;
    value.position = peek().position;
    if (depth > 100) {
      error(peek().position.line, "nesting too deep");
      index_ = tokens_.size() - 1;
      return value;
    }
    const Token& token = peek();
    if (token.kind == Token::Kind::string) {
      value.kind = Value::Kind::string;
      while (at(Token::Kind::string))
        value.text += tokens_[index_++].text;  // "a" "b"
    } else if (token.kind == Token::Kind::name) {
      value.kind = Value::Kind::name;
      value.text = token.text;
      ++index_;
    } else if (token.kind == Token::Kind::number) {
      ++index_;
    } else if (is_punct(0, "[") || is_punct(0, "(") || is_punct(0, "{")) {
      const std::string closer = token.text == "[" ? "]" : token.text == "(" ? ")" : "}";
      value.kind = token.text == "{" ? Value::Kind::other : Value::Kind::list;
      ++index_;
      arguments(value, closer, depth, /*is_call=*/false);
      if (token.text == "(" && value.items.size() == 1) {
        Value inner = std::move(value.items[0]);
        return inner;
      }
    }
    return value;
  }

  Value postfix(Value value, int depth) {
    while (true) {
      if (is_punct(0, "(")) {
        Value call;
        call.kind = Value::Kind::call;
        call.text = value.kind == Value::Kind::name ? value.text : std::string();
        call.position = value.position;
        ++index_;
        arguments(call, ")", depth, /*is_call=*/true);
        value = std::move(call);
      } else if (is_punct(0, ".") && peek(1).kind == Token::Kind::name) {
        value.kind = Value::Kind::name;  // obj.method: the method name is what matters
        value.text = peek(1).text;
        value.position = peek(1).position;
        index_ += 2;
      } else if (is_punct(0, "[")) {
        Value index;
        ++index_;
        arguments(index, "]", depth, /*is_call=*/false);
        value.kind = Value::Kind::other;
      } else {
        return value;
      }
    }
  }

  // Reads elements up to `closer`; in calls `name = value` (or `name: value` in Meson) are
  // keyword arguments. Unknown syntax inside is skipped up to the next ',' or the closer.
  void arguments(Value& into, const std::string& closer, int depth, bool is_call) {
    const int open_line = tokens_[index_ - 1].position.line;
    const char* keyword_mark = dialect_ == Dialect::meson ? ":" : "=";
    while (true) {
      if (at(Token::Kind::end)) {
        error(open_line, "unbalanced brackets: '" + tokens_[index_ - 1].text + "' on line " +
                             std::to_string(open_line) + " is never closed");
        return;
      }
      if (is_punct(0, closer.c_str())) {
        ++index_;
        return;
      }
      if (is_punct(0, ",")) {
        ++index_;
        continue;
      }
      if (is_call && peek().kind == Token::Kind::name && is_punct(1, keyword_mark)) {
        std::string key = peek().text;
        index_ += 2;
        into.keywords.emplace_back(std::move(key), expression(depth + 1));
      } else {
        const std::size_t start = index_;
        into.items.push_back(expression(depth + 1));
        if (index_ == start) ++index_;  // a token no expression starts with
      }
      skip_to_separator(closer);
    }
  }

  void skip_to_separator(const std::string& closer) {
    int nesting = 0;
    while (!at(Token::Kind::end)) {
      const Token& token = peek();
      if (token.kind == Token::Kind::punct) {
        if (nesting == 0 && (token.text == "," || token.text == closer)) return;
        if (token.text == "(" || token.text == "[" || token.text == "{") ++nesting;
        if (is_closer(token)) {
          if (nesting == 0) return;  // a mismatched closer: let the caller report it
          --nesting;
        }
      }
      ++index_;
    }
  }

  std::vector<Token> tokens_;
  Dialect dialect_;
  std::vector<ParseError>& errors_;
  std::size_t index_ = 0;
};

}  // namespace

Script parse(std::string_view text, Dialect dialect) {
  Script script;
  std::vector<Token> tokens = Tokenizer(text, script.errors).run();
  script.statements = Parser(std::move(tokens), dialect, script.errors).run();
  return script;
}

}  // namespace otel_setup::detectors::script
