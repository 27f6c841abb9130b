// `main` definitions and this tool's own markers (see file_analyzer.hpp).
#include "catalog.hpp"
#include "file_analyzer.hpp"

namespace otel_setup::detectors {
namespace detail {
namespace {

facts::Position end_position(TSNode node) {
  TSPoint point = ts_node_end_point(node);
  // The last byte of the node (its closing brace), not the byte after it.
  return {static_cast<int>(point.row) + 1, static_cast<int>(point.column),
          static_cast<std::int64_t>(ts_node_end_byte(node)) - 1};
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!blank) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

}  // namespace

void FileAnalyzer::entry_point(TSNode node) {
  TSNode declarator = field(node, "declarator");
  TSNode body = field(node, "body");
  if (!is_type(declarator, "function_declarator") || ts_node_is_null(body)) return;
  TSNode name = field(declarator, "declarator");
  if (!is_type(name, "identifier") || text(name) != "main") return;
  std::uint32_t start = ts_node_start_byte(node);
  if (inside(start, Scope::function) || inside(start, Scope::type) || inside(start, Scope::space))
    return;

  facts::EntryPoint entry;
  entry.file = file_;
  entry.position = start_position(name);
  entry.body_open = start_position(body);
  entry.body_close = end_position(body);
  entry.signature = collapse_whitespace(source_.substr(start, ts_node_start_byte(body) - start));
  entry.parse_error_near = ts_node_has_error(node) || error_near(declarator);
  bool any_quoted = false, any_angle_local = false;
  // Lines are inserted after the last #include outside any #if/#ifdef block: one inside a
  // branch would vanish with it. With only conditional includes, before the first such block.
  const IncludeLine* first_conditional = nullptr;
  for (const IncludeLine& line : includes_) {
    if (line.line < entry.position.line && line.conditional_start >= 0) {
      if (first_conditional == nullptr) first_conditional = &line;
    } else if (line.line > entry.last_include_line && line.line < entry.position.line) {
      entry.last_include_line = line.line;
      entry.last_include_end = line.end_byte;
    }
    any_quoted = any_quoted || line.quoted;
    // <service/config.hpp> style for the project's own headers: a folder, no catalog match.
    any_angle_local =
        any_angle_local || (!line.quoted && line.path.find('/') != std::string::npos &&
                            line.path.find('.') != std::string::npos);
    if (include_matches("telemetry/telemetry.hpp", line.path)) entry.includes_telemetry = true;
  }
  entry.quoted_includes = any_quoted || !any_angle_local;
  if (entry.last_include_line == 0 && first_conditional != nullptr &&
      first_conditional->conditional_line > 1) {
    entry.last_include_line = first_conditional->conditional_line - 1;
    entry.last_include_end = first_conditional->conditional_start;
  }

  // Indentation and layout right after the opening brace.
  std::size_t at = static_cast<std::size_t>(entry.body_open.byte_offset) + 1;
  std::size_t close = static_cast<std::size_t>(entry.body_close.byte_offset);
  std::size_t line_end = source_.find('\n', at);
  std::string_view rest_of_line = source_.substr(at, std::min(line_end, close) - at);
  entry.code_after_body_open = rest_of_line.find_first_not_of(" \t\r") != std::string_view::npos;
  std::size_t line_start = line_end == std::string_view::npos ? close : line_end + 1;
  while (line_start < close) {
    std::size_t next = source_.find('\n', line_start);
    std::string_view line = source_.substr(line_start, std::min(next, close) - line_start);
    std::size_t indent = line.find_first_not_of(" \t");
    if (indent != std::string_view::npos && line[indent] != '\r') {
      entry.body_indent = std::string(line.substr(0, indent));
      break;
    }
    if (next == std::string_view::npos) break;
    line_start = next + 1;
  }
  out_.entry_points.push_back(std::move(entry));
}

}  // namespace detail

void MarkerCollector::feed(const std::string& file, std::string_view text,
                           facts::Position position) {
  static constexpr std::string_view kTag = "otel-setup:";
  std::size_t at = text.find(kTag);
  if (at == std::string_view::npos) return;
  std::string_view rest = text.substr(at + kTag.size());
  auto word = [](std::string_view from) {
    std::size_t end = from.find_first_of(" \t\r\n*");
    return std::string(from.substr(0, end));
  };
  std::string verb = word(rest);
  std::string_view after = rest.substr(verb.size());
  std::size_t id_start = after.find_first_not_of(" \t");
  std::string id = id_start == std::string_view::npos ? "" : word(after.substr(id_start));
  if (verb == "generated") {
    done_.push_back({file, "generated", position, position});
  } else if (verb == "begin") {
    open_.push_back({file, id, position, position});
  } else if (verb == "end") {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (it->id == id && it->file == file) {
        it->end = position;
        done_.push_back(*it);
        open_.erase(std::next(it).base());
        return;
      }
    }
  }
}

void MarkerCollector::finish(std::vector<facts::Marker>& markers,
                             std::vector<facts::Warning>& warnings) {
  for (const facts::Marker& open : open_) {
    warnings.push_back({open.file, open.begin.line,
                        "otel-setup:begin " + open.id + " has no matching otel-setup:end"});
  }
  open_.clear();
  markers.insert(markers.end(), done_.begin(), done_.end());
  done_.clear();
}

}  // namespace otel_setup::detectors
