// A lenient reader for the Python-like build languages: Meson (meson.build), Starlark
// (BUILD, WORKSPACE, MODULE.bazel) and conanfile.py. It keeps what a build-file reader needs:
// assignments, calls with positional and keyword arguments, lists and string literals.
// Anything else (operators, comprehensions, control flow) is skipped, not rejected.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors::script {

struct Value {
  enum class Kind { string, list, name, call, other };
  Kind kind = Kind::other;
  std::string text;          // string contents, variable name, or the called function's name
  std::vector<Value> items;  // list elements, operands of '+', or a call's positional arguments
  std::vector<std::pair<std::string, Value>> keywords;  // a call's keyword arguments
  facts::Position position;

  const Value* keyword(const std::string& name) const;
};

struct Statement {
  std::string assigned;  // variable name for `x = ...` / `x += ...`, "" for an expression
  bool append = false;   // `+=`
  Value value;
};

struct ParseError {
  int line = 0;
  std::string message;
};

struct Script {
  std::vector<Statement> statements;
  std::vector<ParseError> errors;
};

enum class Dialect { meson, starlark, python };

Script parse(std::string_view text, Dialect dialect);

// Calls `visit` for every call in `value`, outermost first.
template <typename Visitor>
void for_each_call(const Value& value, Visitor&& visit) {
  if (value.kind == Value::Kind::call) visit(value);
  for (const Value& item : value.items)
    for_each_call(item, visit);
  for (const auto& keyword : value.keywords)
    for_each_call(keyword.second, visit);
}

}  // namespace otel_setup::detectors::script
