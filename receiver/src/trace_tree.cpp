#include <algorithm>
#include <cstdio>
#include <string_view>
#include <unordered_map>

#include "otel_setup/trace_render.hpp"

namespace otel_setup::otlp {
namespace {

struct Style {
  bool color;
  std::string paint(std::string_view text, const char* code) const {
    if (!color) return std::string(text);
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
  }
};

// Attributes worth a glance in a terminal; the rest are in --json.
bool is_key_attribute(std::string_view key) {
  for (std::string_view prefix : {"http.", "url.", "db.", "rpc.", "messaging.", "server."}) {
    if (key.substr(0, prefix.size()) == prefix) return true;
  }
  return key == "session.id" || key == "error.type";
}

std::string span_line(const Span& span, const Style& style) {
  std::string line = style.paint(span.name.empty() ? "(unnamed)" : span.name, "1");
  line += "  " + style.paint(std::string(kind_name(span.kind)), "2");
  line += "  " + style.paint(span.service_name(), "36");
  line += "  " + format_duration(span.start_time_unix_nano, span.end_time_unix_nano);
  if (span.status.code == status_error) {
    std::string status = "ERROR";
    if (!span.status.message.empty()) status += " \"" + span.status.message + "\"";
    line += "  " + style.paint(status, "31");
  } else if (span.status.code == status_ok) {
    line += "  " + style.paint("OK", "32");
  }
  for (const KeyValue& attribute : span.attributes) {
    if (is_key_attribute(attribute.key))
      line += "  " + style.paint(attribute.key + "=" + attribute.value.to_string(), "2");
  }
  return line;
}

std::string exception_line(const Event& event, const Style& style) {
  std::string text = "! exception";
  const AnyValue* type = find_attribute(event.attributes, "exception.type");
  const AnyValue* message = find_attribute(event.attributes, "exception.message");
  if (type) text += ": " + type->to_string();
  if (message) text += (type ? " " : ": ") + std::string("\"") + message->to_string() + "\"";
  return style.paint(text, "31");
}

}  // namespace

std::string format_duration(std::uint64_t start_unix_nano, std::uint64_t end_unix_nano) {
  if (end_unix_nano < start_unix_nano) return "?";
  double nanos = static_cast<double>(end_unix_nano - start_unix_nano);
  char text[32];
  if (nanos < 1e6) {
    std::snprintf(text, sizeof text, "%.0f us", nanos / 1e3);
  } else if (nanos < 1e9) {
    std::snprintf(text, sizeof text, "%.2f ms", nanos / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", nanos / 1e9);
  }
  return text;
}

std::string render_trace_tree(const std::vector<Span>& trace, bool color) {
  Style style{color};
  if (trace.empty()) return "";
  std::size_t count = trace.size();
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < count; ++i)
    by_id.emplace(trace[i].span_id, i);

  std::vector<std::vector<std::size_t>> children(count);
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < count; ++i) {
    auto parent = by_id.find(trace[i].parent_span_id);
    if (trace[i].parent_span_id.empty() || parent == by_id.end() || parent->second == i) {
      roots.push_back(i);
    } else {
      children[parent->second].push_back(i);
    }
  }
  auto by_start = [&](std::size_t a, std::size_t b) {
    return trace[a].start_time_unix_nano < trace[b].start_time_unix_nano;
  };
  std::stable_sort(roots.begin(), roots.end(), by_start);
  for (auto& list : children)
    std::stable_sort(list.begin(), list.end(), by_start);

  std::string out = style.paint("trace " + to_hex(trace.front().trace_id), "33") + "  " +
                    std::to_string(count) + (count == 1 ? " span" : " spans") + "\n";
  std::vector<bool> visited(count, false);
  // Depth-first with an explicit stack: a hostile chain of spans cannot exhaust the stack.
  struct Item {
    std::size_t index;
    std::string prefix;  // drawn before this span's connector
    bool last;
    bool root;
    std::size_t depth;
  };
  // Past this depth lines stop indenting, so a deep chain costs linear, not quadratic, text.
  constexpr std::size_t kMaxIndent = 32;
  auto print_from = [&](std::size_t root) {
    std::vector<Item> stack{{root, "", true, true, 0}};
    while (!stack.empty()) {
      Item item = std::move(stack.back());
      stack.pop_back();
      if (visited[item.index]) continue;
      visited[item.index] = true;
      const Span& span = trace[item.index];
      std::string connector = item.root ? "" : (item.last ? "└─ " : "├─ ");
      std::string below = item.prefix;
      if (!item.root && item.depth < kMaxIndent) below += item.last ? "   " : "│  ";
      out += "  " + item.prefix + connector + span_line(span, style) + "\n";
      for (const Event& event : span.events) {
        if (event.name == "exception")
          out += "  " + below + "   " + exception_line(event, style) + "\n";
      }
      const auto& kids = children[item.index];
      for (std::size_t k = kids.size(); k-- > 0;)
        stack.push_back({kids[k], below, k + 1 == kids.size(), false, item.depth + 1});
    }
  };
  for (std::size_t root : roots)
    print_from(root);
  // Spans in a parent cycle are reachable from no root: show them rather than lose them.
  for (std::size_t i = 0; i < count; ++i) {
    if (!visited[i]) print_from(i);
  }
  return out;
}

}  // namespace otel_setup::otlp
