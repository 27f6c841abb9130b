// A tiny protobuf encoder for tests: builds ExportTraceServiceRequest bytes by hand, so the
// decoder is checked against the wire format itself rather than against its own output.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace pb {

inline void varint(std::string& out, std::uint64_t value) {
  do {
    auto byte = static_cast<unsigned char>(value & 0x7f);
    value >>= 7;
    out += static_cast<char>(value ? byte | 0x80 : byte);
  } while (value);
}
inline void tag(std::string& out, std::uint32_t field, std::uint32_t wire) {
  varint(out, (static_cast<std::uint64_t>(field) << 3) | wire);
}
inline std::string len(std::uint32_t field, std::string_view payload) {
  std::string out;
  tag(out, field, 2);
  varint(out, payload.size());
  out.append(payload);
  return out;
}
inline std::string uint(std::uint32_t field, std::uint64_t value) {
  std::string out;
  tag(out, field, 0);
  varint(out, value);
  return out;
}
inline std::string fixed64(std::uint32_t field, std::uint64_t value) {
  std::string out;
  tag(out, field, 1);
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}
inline std::string fixed32(std::uint32_t field, std::uint32_t value) {
  std::string out;
  tag(out, field, 5);
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

// common.v1.KeyValue with the given encoded AnyValue.
inline std::string kv(std::string_view key, const std::string& any_value) {
  return len(1, key) + len(2, any_value);
}
inline std::string str_value(std::string_view value) {
  return len(1, value);
}
inline std::string bool_value(bool value) {
  return uint(2, value ? 1 : 0);
}
inline std::string int_value(std::int64_t value) {
  return uint(3, static_cast<std::uint64_t>(value));
}
inline std::string double_value(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return fixed64(4, bits);
}

struct TestSpan {
  std::string trace_id = std::string(16, '\x01');
  std::string span_id = std::string(8, '\x02');
  std::string parent_span_id;
  std::string name = "span";
  int kind = 1;
  std::uint64_t start = 1'000'000'000;
  std::uint64_t end = 1'012'500'000;
  std::vector<std::string> attributes;  // encoded KeyValues
  std::vector<std::string> events;      // encoded Span.Event
  int status_code = 0;
  std::string status_message;

  std::string encode() const {
    std::string out = len(1, trace_id) + len(2, span_id);
    if (!parent_span_id.empty()) out += len(4, parent_span_id);
    out += len(5, name) + uint(6, static_cast<std::uint64_t>(kind)) + fixed64(7, start) +
           fixed64(8, end);
    for (const auto& attribute : attributes)
      out += len(9, attribute);
    for (const auto& event : events)
      out += len(11, event);
    if (status_code || !status_message.empty()) {
      out += len(15, len(2, status_message) + uint(3, static_cast<std::uint64_t>(status_code)));
    }
    out += fixed32(16, 1);
    return out;
  }
};

inline std::string event(std::string_view name, std::uint64_t time,
                         const std::vector<std::string>& attributes) {
  std::string out = fixed64(1, time) + len(2, name);
  for (const auto& attribute : attributes)
    out += len(3, attribute);
  return out;
}

// ExportTraceServiceRequest{resource_spans: [{resource{service.name}, scope_spans: [spans]}]}
inline std::string request(std::string_view service, const std::vector<TestSpan>& spans) {
  std::string scope_spans = len(1, len(1, "test-scope") + len(2, "1.0"));
  for (const auto& span : spans)
    scope_spans += len(2, span.encode());
  std::string resource = len(1, kv("service.name", str_value(service)));
  return len(1, len(1, resource) + len(2, scope_spans));
}

}  // namespace pb
