// Unified diff of FileChanges. dtl computes the line edit script; this file only groups it
// into hunks and prints them the way git does.
#include <unistd.h>
#include <dtl/dtl.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "otel_setup/diff.hpp"

namespace otel_setup::scaffold {
namespace {

struct Colors {
  const char* header = "";
  const char* hunk = "";
  const char* removed = "";
  const char* added = "";
  const char* reset = "";
};

// Lines keep their terminator, so "x" and "x\n" differ as they do for git.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class Op { common, removed, added };
struct Line {
  Op op;
  const std::string* text;
};

void print_line(std::ostream& out, char sign, const std::string& text, const char* color,
                const Colors& colors) {
  const bool has_newline = !text.empty() && text.back() == '\n';
  const std::string body = has_newline ? text.substr(0, text.size() - 1) : text;
  out << color << sign << body << (*color ? colors.reset : "") << "\n";
  if (!has_newline) out << "\\ No newline at end of file\n";
}

// "-start,count" the way diff prints it: an empty range names the line before it.
std::string range(std::size_t first, std::size_t count) {
  return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
}

void print_hunks(std::ostream& out, const std::vector<Line>& lines, int context,
                 const Colors& colors) {
  const auto n = static_cast<std::ptrdiff_t>(lines.size());
  std::ptrdiff_t i = 0;
  std::size_t old_line = 0, new_line = 0;  // lines of each side before index i
  while (i < n) {
    std::ptrdiff_t first_change = i;
    while (first_change < n && lines[first_change].op == Op::common)
      ++first_change;
    if (first_change == n) return;
    std::ptrdiff_t start = std::max(i, first_change - context);
    old_line += static_cast<std::size_t>(start - i);
    new_line += static_cast<std::size_t>(start - i);
    // Extend the hunk while the next change is within 2 * context common lines.
    std::ptrdiff_t end = first_change;
    while (true) {
      while (end < n && lines[end].op != Op::common)
        ++end;
      std::ptrdiff_t next = end;
      while (next < n && lines[next].op == Op::common)
        ++next;
      if (next < n && next - end <= 2 * context) {
        end = next;
        continue;
      }
      end = std::min(n, end + context);
      break;
    }
    std::size_t old_count = 0, new_count = 0;
    for (std::ptrdiff_t k = start; k < end; ++k) {
      if (lines[k].op != Op::added) ++old_count;
      if (lines[k].op != Op::removed) ++new_count;
    }
    out << colors.hunk << "@@ -" << range(old_line, old_count) << " +" << range(new_line, new_count)
        << " @@" << colors.reset << "\n";
    for (std::ptrdiff_t k = start; k < end; ++k) {
      const Line& line = lines[k];
      if (line.op == Op::common) print_line(out, ' ', *line.text, "", colors);
      if (line.op == Op::removed) print_line(out, '-', *line.text, colors.removed, colors);
      if (line.op == Op::added) print_line(out, '+', *line.text, colors.added, colors);
    }
    old_line += old_count;
    new_line += new_count;
    i = end;
  }
}

void diff_file(std::ostream& out, const FileChange& change, const DiffOptions& options,
               const Colors& colors) {
  const bool from_nothing = change.kind == ChangeKind::create && !change.existed;
  const bool to_nothing = change.kind == ChangeKind::remove;
  const std::string old_text = from_nothing ? std::string() : change.old_content;
  const std::string new_text = to_nothing ? std::string() : change.new_content;
  if (old_text == new_text && !from_nothing && !to_nothing) return;

  out << colors.header << "diff --git a/" << change.path << " b/" << change.path << colors.reset
      << "\n";
  if (from_nothing) {
    out << colors.header << "new file mode 100" << (change.mode & 0111 ? "755" : "644")
        << colors.reset << "\n";
  }
  if (to_nothing) {
    out << colors.header << "deleted file mode 100" << (change.mode & 0111 ? "755" : "644")
        << colors.reset << "\n";
  }
  out << colors.header << "--- " << (from_nothing ? "/dev/null" : "a/" + change.path) << "\n"
      << "+++ " << (to_nothing ? "/dev/null" : "b/" + change.path) << colors.reset << "\n";

  const std::vector<std::string> before = split_lines(old_text);
  const std::vector<std::string> after = split_lines(new_text);
  dtl::Diff<std::string, std::vector<std::string>> script(before, after);
  script.compose();
  std::vector<Line> lines;
  for (const auto& [text, info] : script.getSes().getSequence()) {
    const std::string* stored = info.type == dtl::SES_ADD
                                    ? &after[static_cast<std::size_t>(info.afterIdx - 1)]
                                    : &before[static_cast<std::size_t>(info.beforeIdx - 1)];
    lines.push_back({info.type == dtl::SES_ADD      ? Op::added
                     : info.type == dtl::SES_DELETE ? Op::removed
                                                    : Op::common,
                     stored});
  }
  // dtl may give a changed line's addition before its removal; git prints the removals of a
  // change first, and so do we.
  for (auto run = lines.begin(); run != lines.end();) {
    auto run_end =
        std::find_if(run, lines.end(), [](const Line& line) { return line.op == Op::common; });
    std::stable_partition(run, run_end, [](const Line& line) { return line.op == Op::removed; });
    run = run_end == lines.end() ? run_end : run_end + 1;
  }
  print_hunks(out, lines, options.context, colors);
}

}  // namespace

std::string unified_diff(const std::vector<FileChange>& changes, const DiffOptions& options) {
  Colors colors;
  if (options.color) colors = {"\033[1m", "\033[36m", "\033[31m", "\033[32m", "\033[0m"};
  std::ostringstream out;
  for (const FileChange& change : changes)
    diff_file(out, change, options, colors);
  return out.str();
}

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) != 0 && !(no_color && *no_color);
}

}  // namespace otel_setup::scaffold
