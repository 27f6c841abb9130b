// The CMake tokenizer: comments, the three argument kinds, nested parentheses, positions
// and errors for malformed input.
#include <catch2/catch.hpp>

#include "cmake_lexer.hpp"

using otel_setup::detectors::cmake::ArgumentKind;
using otel_setup::detectors::cmake::tokenize;

namespace {
std::vector<std::string> texts(const otel_setup::detectors::cmake::Command& command) {
  std::vector<std::string> out;
  for (const auto& argument : command.arguments)
    out.push_back(argument.text);
  return out;
}
}  // namespace

TEST_CASE("cmake lexer: command names are lower-cased and arguments split on whitespace") {
  const auto result = tokenize("ADD_Executable(app  main.cpp\n\tutil.cpp)\n");
  REQUIRE(result.errors.empty());
  REQUIRE(result.commands.size() == 1);
  CHECK(result.commands[0].name == "add_executable");
  CHECK(texts(result.commands[0]) == std::vector<std::string>{"app", "main.cpp", "util.cpp"});
}

TEST_CASE("cmake lexer: line comments and bracket comments are skipped") {
  const auto result = tokenize(
      "# add_executable(commented main.cpp)\n"
      "#[[ add_library(block x.cpp)\n   still comment ]]\n"
      "#[==[ a ]] inside ]==]\n"
      "project(real) # trailing add_executable(no)\n"
      "set(A one #[[ inline ]] two)\n");
  REQUIRE(result.errors.empty());
  REQUIRE(result.commands.size() == 2);
  CHECK(result.commands[0].name == "project");
  CHECK(result.commands[0].position.line == 5);
  CHECK(texts(result.commands[1]) == std::vector<std::string>{"A", "one", "two"});
}

TEST_CASE("cmake lexer: quoted arguments keep spaces, decode escapes, keep variables") {
  const auto result = tokenize("message(\"a b\\\"c\\\\\" \"${X}/y\" \"multi\nline\")");
  REQUIRE(result.commands.size() == 1);
  const auto& arguments = result.commands[0].arguments;
  REQUIRE(arguments.size() == 3);
  CHECK(arguments[0].text == "a b\"c\\");
  CHECK(arguments[0].kind == ArgumentKind::quoted);
  CHECK(arguments[1].text == "${X}/y");
  CHECK(arguments[2].text == "multi\nline");
}

TEST_CASE("cmake lexer: bracket arguments are verbatim and drop the first newline") {
  const auto result = tokenize("set(S [=[\nkeep ${X} \"and\" ]] here]=] after)");
  REQUIRE(result.errors.empty());
  const auto& arguments = result.commands[0].arguments;
  REQUIRE(arguments.size() == 3);
  CHECK(arguments[1].kind == ArgumentKind::bracket);
  CHECK(arguments[1].text == "keep ${X} \"and\" ]] here");
  CHECK(arguments[2].text == "after");
}

TEST_CASE("cmake lexer: nested parentheses are balanced, not arguments") {
  const auto result =
      tokenize("if((A AND B) OR (C))\nadd_executable(x $<$<CONFIG:Debug>:d.cpp>)\nendif()");
  REQUIRE(result.errors.empty());
  REQUIRE(result.commands.size() == 3);
  CHECK(texts(result.commands[0]) == std::vector<std::string>{"A", "AND", "B", "OR", "C"});
  CHECK(result.commands[1].name == "add_executable");
  CHECK(result.commands[2].name == "endif");
}

TEST_CASE("cmake lexer: variable references stay as written") {
  const auto result = tokenize("add_executable(${PROJECT_NAME} ${CMAKE_CURRENT_SOURCE_DIR}/m.cpp)");
  CHECK(texts(result.commands[0]) ==
        std::vector<std::string>{"${PROJECT_NAME}", "${CMAKE_CURRENT_SOURCE_DIR}/m.cpp"});
}

TEST_CASE("cmake lexer: positions give line, column and byte offset of commands and arguments") {
  const std::string text = "project(p)\n\n  add_library(lib  a.cpp)\n";
  const auto result = tokenize(text);
  REQUIRE(result.commands.size() == 2);
  const auto& command = result.commands[1];
  CHECK(command.position.line == 3);
  CHECK(command.position.column == 3);
  CHECK(text.substr(static_cast<std::size_t>(command.position.byte_offset), 11) == "add_library");
  CHECK(command.arguments[1].position.line == 3);
  CHECK(command.arguments[1].position.column == 20);
  CHECK(text.substr(command.end_offset - 1, 1) == ")");
}

TEST_CASE("cmake lexer: space between name and parenthesis, and CRLF line ends") {
  const auto result = tokenize("project (p)\r\nadd_executable\t(app main.cpp)\r\n");
  REQUIRE(result.errors.empty());
  REQUIRE(result.commands.size() == 2);
  CHECK(texts(result.commands[1]) == std::vector<std::string>{"app", "main.cpp"});
}

TEST_CASE("cmake lexer: escaped semicolons, line continuations and legacy quotes") {
  const auto result = tokenize("set(A a\\;b -DX=\"1 2\" \"long \\\nline\")");
  REQUIRE(result.errors.empty());
  CHECK(texts(result.commands[0]) ==
        std::vector<std::string>{"A", "a\\;b", "-DX=\"1 2\"", "long line"});
}

TEST_CASE("cmake lexer: an unclosed command is reported with its line, earlier ones kept") {
  const auto result = tokenize("project(ok)\nadd_executable(app main.cpp\nset(X 1)\n");
  REQUIRE(result.commands.size() == 1);
  CHECK(result.commands[0].name == "project");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].line == 2);
  CHECK(result.errors[0].message.find("unbalanced") != std::string::npos);
}

TEST_CASE("cmake lexer: unterminated strings, brackets and bracket comments are errors") {
  CHECK(tokenize("set(A \"open)\n").errors.size() == 1);
  CHECK(tokenize("set(A [[open)\n").errors.size() == 1);
  const auto comment = tokenize("project(a)\n#[[ never closed\nproject(b)");
  REQUIRE(comment.errors.size() == 1);
  CHECK(comment.errors[0].line == 2);
  CHECK(comment.commands.size() == 1);
}

TEST_CASE("cmake lexer: garbage outside commands is reported and the lexer recovers") {
  const auto result = tokenize("project(a)\n)))\nadd_executable(x y.cpp)\nfoo bar\n");
  CHECK(result.commands.size() == 2);
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].line == 2);
  CHECK(result.errors[1].line == 4);
}

TEST_CASE("cmake lexer: empty input and input of only comments") {
  CHECK(tokenize("").commands.empty());
  const auto result = tokenize("# nothing\n#[[ here ]]\n");
  CHECK(result.commands.empty());
  CHECK(result.errors.empty());
}
