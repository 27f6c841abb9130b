// A tokenizer for CMake's command-invocation syntax (cmake-language(7)): line and bracket
// comments, quoted, unquoted and bracket arguments, nested parentheses. Variable references
// are left as written; the reader decides which ones it can expand.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::detectors::cmake {

enum class ArgumentKind { unquoted, quoted, bracket };

struct Argument {
  std::string text;  // escapes decoded, ${...} references kept verbatim
  ArgumentKind kind = ArgumentKind::unquoted;
  facts::Position position;
};

struct Command {
  std::string name;            // lower-cased: CMake command names are case-insensitive
  facts::Position position;    // of the command name
  std::size_t end_offset = 0;  // one past the closing ')'
  std::vector<Argument> arguments;
};

struct LexError {
  int line = 0;
  std::string message;
};

struct LexResult {
  std::vector<Command> commands;  // every command that was closed properly
  std::vector<LexError> errors;   // e.g. an unbalanced '(' or an unterminated string
};

// Never throws; a malformed command is reported and skipped, later commands still count.
LexResult tokenize(std::string_view text);

}  // namespace otel_setup::detectors::cmake
