#include "support/protoc_decode.hpp"

#include <unistd.h>
#include <filesystem>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace otelrt::testing {
namespace {

std::string run_protoc(const std::string& bytes) {
  std::string input_path =
      (std::filesystem::temp_directory_path() / "otelrt-protoc-XXXXXX").string();
  int fd = ::mkstemp(input_path.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::close(fd);
  {
    std::ofstream input(input_path, std::ios::binary);
    input.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string command = std::string("protoc --decode_raw < ") + input_path + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen protoc failed");
  std::string output;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    output.append(buffer, n);
  int status = ::pclose(pipe);
  ::unlink(input_path.c_str());
  if (status != 0) throw std::runtime_error("protoc --decode_raw failed: " + output);
  return output;
}

// protoc indents nested fields; the indent is not part of the field.
std::string without_indent(const std::string& text) {
  std::size_t begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return {};
  return text.substr(begin);
}

}  // namespace

const RawMessage& RawMessage::message(int field, std::size_t n) const {
  auto range = messages.equal_range(field);
  for (auto it = range.first; it != range.second; ++it, --n) {
    if (n == 0) return it->second;
  }
  throw std::runtime_error("no nested message for field " + std::to_string(field));
}

std::vector<const RawMessage*> RawMessage::all(int field) const {
  std::vector<const RawMessage*> found;
  auto range = messages.equal_range(field);
  for (auto it = range.first; it != range.second; ++it)
    found.push_back(&it->second);
  return found;
}

const std::string& RawMessage::scalar(int field) const {
  auto it = scalars.find(field);
  if (it == scalars.end()) throw std::runtime_error("no scalar field " + std::to_string(field));
  return it->second;
}

RawMessage protoc_decode_raw(const std::string& bytes) {
  std::istringstream lines(run_protoc(bytes));
  std::vector<RawMessage> stack(1);
  std::vector<int> fields;
  std::string line;
  while (std::getline(lines, line)) {
    line = without_indent(line);
    if (line.empty()) continue;
    if (line == "}") {
      if (fields.empty()) throw std::runtime_error("unbalanced protoc output");
      RawMessage done = std::move(stack.back());
      stack.pop_back();
      stack.back().messages.emplace(fields.back(), std::move(done));
      fields.pop_back();
      continue;
    }
    std::size_t brace = line.find(" {");
    std::size_t colon = line.find(": ");
    if (brace != std::string::npos && (colon == std::string::npos || brace < colon)) {
      fields.push_back(std::stoi(line.substr(0, brace)));
      stack.emplace_back();
      continue;
    }
    if (colon == std::string::npos) throw std::runtime_error("unexpected protoc line: " + line);
    std::string value = line.substr(colon + 2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    stack.back().scalars.emplace(std::stoi(line.substr(0, colon)), value);
  }
  if (stack.size() != 1) throw std::runtime_error("unterminated protoc output");
  return stack.front();
}

std::string unescape_protoc_string(const std::string& printed) {
  std::string out;
  for (std::size_t i = 0; i < printed.size(); ++i) {
    if (printed[i] != '\\' || i + 1 >= printed.size()) {
      out += printed[i];
      continue;
    }
    char next = printed[++i];
    if (next >= '0' && next <= '7') {
      int value = 0;
      std::size_t digits = 0;
      while (digits < 3 && i < printed.size() && printed[i] >= '0' && printed[i] <= '7') {
        value = value * 8 + (printed[i] - '0');
        ++i;
        ++digits;
      }
      --i;
      out += static_cast<char>(value);
    } else if (next == 'x') {
      int value = 0;
      std::size_t digits = 0;
      ++i;
      while (digits < 2 && i < printed.size() &&
             std::isxdigit(static_cast<unsigned char>(printed[i]))) {
        value = value * 16 + std::stoi(std::string(1, printed[i]), nullptr, 16);
        ++i;
        ++digits;
      }
      --i;
      out += static_cast<char>(value);
    } else {
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          out += next;
      }
    }
  }
  return out;
}

}  // namespace otelrt::testing
