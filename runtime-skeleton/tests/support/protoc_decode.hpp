// Test helper: runs `protoc --decode_raw` (Debian protobuf-compiler) on bytes and parses its
// text output into a tree, so tests check our wire format with an independent decoder.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace otelrt::testing {

// One decoded message: scalar fields as protoc prints them (strings keep their quotes'
// contents with protoc's escapes, fixed64 as 0x%016x, fixed32 as 0x%08x, varints in decimal)
// and nested messages, both keyed by field number in wire order.
struct RawMessage {
  std::multimap<int, std::string> scalars;
  std::multimap<int, RawMessage> messages;

  // The n-th (0-based) nested message with that field number; throws when missing.
  const RawMessage& message(int field, std::size_t n = 0) const;
  std::vector<const RawMessage*> all(int field) const;
  // The first scalar with that field number; throws when missing.
  const std::string& scalar(int field) const;
  bool has(int field) const { return scalars.count(field) + messages.count(field) > 0; }
};

// Throws std::runtime_error when protoc fails or prints something unexpected.
RawMessage protoc_decode_raw(const std::string& bytes);

// "\001\002..." as protoc prints bytes fields, back to raw bytes.
std::string unescape_protoc_string(const std::string& printed);

}  // namespace otelrt::testing
