// Typed errors shared by every stage; caught once in cli/run.cpp and mapped to exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace otel_setup {

enum class ExitCode { ok = 0, error = 1, usage = 2, refused = 3 };

// An error the user can act on: what went wrong, and how to fix it.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), code_(code), hint_(std::move(hint)) {}
  ExitCode code() const { return code_; }
  const std::string& hint() const { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

inline Error usage_error(std::string message, std::string hint = {}) {
  return Error(ExitCode::usage, std::move(message), std::move(hint));
}
inline Error refusal(std::string message, std::string hint = {}) {
  return Error(ExitCode::refused, std::move(message), std::move(hint));
}

}  // namespace otel_setup
