#include "otlp_partial_success.hpp"

#include <cctype>

namespace otelrt::internal {
namespace {

bool read_varint(std::string_view& in, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Calls on_field(number, wire_type, varint, bytes) for each field; false on malformed input.
template <typename OnField>
bool for_each_field(std::string_view in, OnField on_field) {
  while (!in.empty()) {
    std::uint64_t key = 0;
    if (!read_varint(in, key)) return false;
    auto number = static_cast<std::uint32_t>(key >> 3);
    std::uint64_t value = 0;
    std::string_view bytes;
    switch (key & 7) {
      case 0:
        if (!read_varint(in, value)) return false;
        break;
      case 1:
        if (in.size() < 8) return false;
        in.remove_prefix(8);
        break;
      case 2:
        if (!read_varint(in, value) || value > in.size()) return false;
        bytes = in.substr(0, static_cast<std::size_t>(value));
        in.remove_prefix(static_cast<std::size_t>(value));
        break;
      case 5:
        if (in.size() < 4) return false;
        in.remove_prefix(4);
        break;
      default:
        return false;
    }
    on_field(number, static_cast<int>(key & 7), value, bytes);
  }
  return true;
}

// The JSON value after "name": in `body` as text: a number, or a string's raw contents.
std::string json_member(std::string_view body, std::string_view name) {
  std::string quoted = "\"" + std::string(name) + "\"";
  std::size_t at = body.find(quoted);
  if (at == std::string_view::npos) return {};
  std::size_t i = at + quoted.size();
  while (i < body.size() && (std::isspace(static_cast<unsigned char>(body[i])) || body[i] == ':')) {
    ++i;
  }
  std::string value;
  if (i < body.size() && body[i] == '"') {
    for (++i; i < body.size() && body[i] != '"'; ++i) {
      if (body[i] == '\\' && i + 1 < body.size()) ++i;  // keeps the escaped character
      value += body[i];
    }
  } else {
    while (i < body.size() &&
           (body[i] == '-' || std::isdigit(static_cast<unsigned char>(body[i])))) {
      value += body[i++];
    }
  }
  return value;
}

}  // namespace

PartialSuccess parse_partial_success_protobuf(std::string_view body) {
  PartialSuccess result;
  for_each_field(body, [&](std::uint32_t number, int type, std::uint64_t, std::string_view bytes) {
    if (number != 1 || type != 2) return;
    for_each_field(bytes, [&](std::uint32_t inner, int inner_type, std::uint64_t value,
                              std::string_view text) {
      if (inner == 1 && inner_type == 0) result.rejected_spans = static_cast<std::int64_t>(value);
      if (inner == 2 && inner_type == 2) result.error_message = std::string(text);
    });
  });
  return result;
}

PartialSuccess parse_partial_success_json(std::string_view body) {
  PartialSuccess result;
  std::size_t at = body.find("\"partialSuccess\"");
  if (at == std::string_view::npos) return result;
  std::string_view rest = body.substr(at);
  std::string rejected = json_member(rest, "rejectedSpans");
  if (!rejected.empty()) {
    try {
      result.rejected_spans = std::stoll(rejected);
    } catch (...) {
      result.rejected_spans = 0;
    }
  }
  result.error_message = json_member(rest, "errorMessage");
  return result;
}

}  // namespace otelrt::internal
