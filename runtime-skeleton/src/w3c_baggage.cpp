// W3C Baggage: list-member = key OWS "=" OWS value *( OWS ";" OWS property ), keys are
// RFC 7230 tokens, values are baggage-octets with percent-encoding. Limits from the contract:
// 180 members, 4096 bytes in all and per member.
#include <string>
#include <string_view>

#include "env.hpp"
#include "otelrt/trace.hpp"

namespace otelrt::w3c {
namespace {

constexpr std::size_t kMaxBaggageMembers = 180;
constexpr std::size_t kMaxBaggageBytes = 4096;
constexpr std::size_t kMaxBaggageMemberBytes = 4096;

bool is_token_char(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
bool is_baggage_octet(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
         (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!is_token_char(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Validates the raw value and percent-decodes it; false for characters outside
// baggage-octet or a '%' not followed by two hex digits.
bool decode_value(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (!is_baggage_octet(c)) return false;
    if (c == '%') {
      int high = i + 1 < raw.size() ? hex_value(raw[i + 1]) : -1;
      int low = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high << 4 | low);
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return true;
}

void encode_value(std::string_view value, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : value) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (is_baggage_octet(c) && c != '%') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
}

// Properties are kept verbatim but must be key or key=value with the same grammar.
bool valid_properties(std::string_view properties) {
  while (true) {
    std::size_t semi = properties.find(';');
    std::string_view property = internal::trim_ows(properties.substr(0, semi));
    std::size_t eq = property.find('=');
    if (!valid_key(internal::trim_ows(property.substr(0, eq)))) return false;
    if (eq != std::string_view::npos) {
      std::string ignored;
      if (!decode_value(internal::trim_ows(property.substr(eq + 1)), ignored)) return false;
    }
    if (semi == std::string_view::npos) return true;
    properties.remove_prefix(semi + 1);
  }
}

}  // namespace

Baggage parse_baggage(std::string_view header) {
  Baggage out;
  std::size_t total = 0;
  std::string_view rest = header;
  std::string value;
  while (out.size() < kMaxBaggageMembers) {
    std::size_t comma = rest.find(',');
    std::string_view member = internal::trim_ows(rest.substr(0, comma));
    std::size_t eq = member.find('=');
    if (!member.empty() && member.size() <= kMaxBaggageMemberBytes &&
        eq != std::string_view::npos) {
      std::string_view key = internal::trim_ows(member.substr(0, eq));
      std::string_view after = member.substr(eq + 1);
      std::size_t semi = after.find(';');
      std::string_view raw_value = internal::trim_ows(after.substr(0, semi));
      std::string_view properties = semi == std::string_view::npos
                                        ? std::string_view{}
                                        : internal::trim_ows(after.substr(semi + 1));
      bool ok = valid_key(key) && decode_value(raw_value, value) &&
                (semi == std::string_view::npos || valid_properties(properties));
      std::size_t cost = member.size() + (out.empty() ? 0 : 1);
      if (ok && total + cost <= kMaxBaggageBytes) {
        total += cost;
        out.push_back(BaggageEntry{std::string(key), value, std::string(properties)});
      }
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

std::string format_baggage(const Baggage& baggage) {
  std::string out;
  std::string member;
  std::size_t count = 0;
  for (const BaggageEntry& entry : baggage) {
    if (count == kMaxBaggageMembers) break;
    if (!valid_key(entry.key)) continue;
    member.clear();
    member += entry.key;
    member += '=';
    encode_value(entry.value, member);
    if (!entry.properties.empty()) {
      if (!valid_properties(entry.properties)) continue;
      member += ';';
      member += entry.properties;
    }
    if (member.size() > kMaxBaggageMemberBytes) continue;
    std::size_t cost = member.size() + (out.empty() ? 0 : 1);
    if (out.size() + cost > kMaxBaggageBytes) continue;
    if (!out.empty()) out += ',';
    out += member;
    ++count;
  }
  return out;
}

}  // namespace otelrt::w3c
