// W3C Trace Context (Recommendation, level 1 with the level 2 version rules): traceparent
// parsing/formatting and tracestate validation.
#include <string>
#include <string_view>
#include <vector>

#include "env.hpp"
#include "otelrt/trace.hpp"

namespace otelrt::w3c {
namespace {

constexpr std::size_t kTraceparentLength = 55;  // 2 + 1 + 32 + 1 + 16 + 1 + 2
constexpr std::size_t kMaxTracestateMembers = 32;
constexpr std::size_t kMaxTracestateBytes = 512;
constexpr std::size_t kLargeTracestateMember = 128;

int lower_hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase hex is invalid in traceparent
}

template <std::size_t N>
bool parse_hex(std::string_view text, std::array<std::uint8_t, N>& out) {
  if (text.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    int high = lower_hex_value(text[2 * i]);
    int low = lower_hex_value(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return true;
}

bool is_lcalpha(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_key_char(char c) {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

// simple-key = lcalpha 0*255(keychar); multi-tenant: tenant-id "@" system-id with
// tenant-id = (lcalpha / DIGIT) 0*240(keychar) and system-id = lcalpha 0*13(keychar).
bool valid_tracestate_key(std::string_view key) {
  std::size_t at = key.find('@');
  auto all_key_chars = [](std::string_view part) {
    for (char c : part.substr(1)) {
      if (!is_key_char(c)) return false;
    }
    return true;
  };
  if (at == std::string_view::npos) {
    return !key.empty() && key.size() <= 256 && is_lcalpha(key[0]) && all_key_chars(key);
  }
  std::string_view tenant = key.substr(0, at);
  std::string_view system = key.substr(at + 1);
  return !tenant.empty() && tenant.size() <= 241 &&
         (is_lcalpha(tenant[0]) || is_digit(tenant[0])) && all_key_chars(tenant) &&
         !system.empty() && system.size() <= 14 && is_lcalpha(system[0]) && all_key_chars(system);
}

// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-7E except ',' and '='.
bool valid_tracestate_value(std::string_view value) {
  if (value.empty() || value.size() > 256 || value.back() == ' ') return false;
  for (char c : value) {
    if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
  }
  return true;
}

}  // namespace

bool parse_traceparent(std::string_view header, SpanContext& out) {
  std::string_view text = internal::trim_ows(header);
  if (text.size() < kTraceparentLength) return false;
  std::array<std::uint8_t, 1> version{};
  if (!parse_hex(text.substr(0, 2), version) || version[0] == 0xff) return false;
  if (version[0] == 0x00 && text.size() != kTraceparentLength) return false;
  // Future versions may append fields, each introduced by '-'.
  if (text.size() > kTraceparentLength && text[kTraceparentLength] != '-') return false;
  if (text[2] != '-' || text[35] != '-' || text[52] != '-') return false;
  SpanContext parsed;
  std::array<std::uint8_t, 1> flags{};
  if (!parse_hex(text.substr(3, 32), parsed.trace_id.bytes) ||
      !parse_hex(text.substr(36, 16), parsed.span_id.bytes) ||
      !parse_hex(text.substr(53, 2), flags) || !parsed.valid()) {
    return false;
  }
  // Versions above 00 only define the sampled bit for us; other bits are kept for 00.
  parsed.trace_flags = version[0] == 0x00 ? flags[0] : static_cast<std::uint8_t>(flags[0] & 0x01);
  parsed.is_remote = true;
  out.trace_id = parsed.trace_id;
  out.span_id = parsed.span_id;
  out.trace_flags = parsed.trace_flags;
  out.is_remote = true;
  return true;
}

std::string format_traceparent(const SpanContext& context) {
  if (!context.valid()) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(kTraceparentLength);
  out += "00-";
  out += context.trace_id.hex();
  out += '-';
  out += context.span_id.hex();
  out += '-';
  out += kHex[context.trace_flags >> 4];
  out += kHex[context.trace_flags & 0x0f];
  return out;
}

std::string sanitize_tracestate(std::string_view header) {
  std::vector<std::string_view> members;
  std::vector<std::string_view> keys;
  std::string_view rest = header;
  while (true) {
    std::size_t comma = rest.find(',');
    std::string_view member = internal::trim_ows(rest.substr(0, comma));
    if (!member.empty()) {
      std::size_t eq = member.find('=');
      if (eq != std::string_view::npos && valid_tracestate_key(member.substr(0, eq)) &&
          valid_tracestate_value(member.substr(eq + 1))) {
        std::string_view key = member.substr(0, eq);
        for (std::string_view seen : keys) {
          // A key may appear once; a list repeating one cannot be trusted at all.
          if (seen == key) return {};
        }
        keys.push_back(key);
        members.push_back(member);
      }
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (members.size() > kMaxTracestateMembers) members.resize(kMaxTracestateMembers);
  auto joined_size = [&members] {
    std::size_t size = members.empty() ? 0 : members.size() - 1;
    for (std::string_view member : members)
      size += member.size();
    return size;
  };
  // Over 512 bytes: drop members longer than 128 first, then from the end (W3C guidance).
  for (std::size_t i = 0; i < members.size() && joined_size() > kMaxTracestateBytes;) {
    if (members[i].size() > kLargeTracestateMember) {
      members.erase(members.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  while (joined_size() > kMaxTracestateBytes)
    members.pop_back();
  std::string out;
  out.reserve(joined_size());
  for (std::string_view member : members) {
    if (!out.empty()) out += ',';
    out += member;
  }
  return out;
}

}  // namespace otelrt::w3c
