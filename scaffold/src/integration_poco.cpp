// Poco::Net::HTTPServer middleware: the factory argument of the server's construction is
// wrapped, `HTTPServer server(new Router, socket, params)` becoming
// `HTTPServer server(telemetry::traced(new Router), socket, params)` in a marked block
// (telemetry/poco_server.hpp). The traced factory creates the user's handlers and runs each
// in a SERVER span; nothing else in the service changes. The statement is read from the file
// (facts carry only its first line), so constructions spread over several lines, `new
// HTTPServer(...)` and `std::make_unique<HTTPServer>(...)` are found too.
#include <algorithm>
#include <cctype>

#include "integration_support.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "poco";
constexpr const char* kMarker = "poco-server";
constexpr const char* kWrap = "telemetry::traced(";
constexpr std::size_t kColumnLimit = 100;

// The end of the argument starting at `at`: the first ',' or closing bracket outside nested
// brackets and literals. npos when the text ends first.
std::size_t argument_end(const std::string& text, std::size_t at) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{' || c == '<') {
      ++depth;
    } else if ((c == ')' || c == ']' || c == '}' || c == '>') &&
               !(c == '>' && i > 0 && text[i - 1] == '-')) {
      if (depth == 0) return c == '>' ? std::string::npos : i;
      --depth;
    } else if (c == ',' && depth == 0) {
      return i;
    } else if (c == ';') {
      return std::string::npos;
    }
  }
  return std::string::npos;
}

// The '(' or '{' opening the HTTPServer constructor's arguments in the statement starting at
// `from`: `HTTPServer name(`, `new HTTPServer(`, `make_unique<HTTPServer>(`. npos when the
// statement constructs no HTTPServer (a member declared here, built elsewhere).
std::size_t constructor_arguments(const std::string& content, std::size_t from) {
  const std::string type = "HTTPServer";
  const std::size_t stop = content.find(';', from);
  for (std::size_t at = content.find(type, from); at != std::string::npos && at < stop;
       at = content.find(type, at + 1)) {
    const std::size_t end = at + type.size();
    if ((at > 0 && is_word(content[at - 1])) || (end < content.size() && is_word(content[end])))
      continue;
    std::size_t next = skip_space(content, end);
    if (next < content.size() && content[next] == '>') {
      next = skip_space(content, next + 1);
      if (next < content.size() && content[next] == '(') return next;
      continue;
    }
    if (next < content.size() && is_word(content[next])) {
      while (next < content.size() && is_word(content[next]))
        ++next;
      next = skip_space(content, next);
    }
    if (next < content.size() && (content[next] == '(' || content[next] == '{')) return next;
  }
  return std::string::npos;
}

// Bin-packs a one-line call whose line passes the column limit the way clang-format (Google
// style) does: arguments fill each line, continuation lines align after the '('; when the first
// argument does not fit there, the line breaks after the '(' and continues 4 columns in.
// "" when even that does not fit.
std::string packed(const std::string& line, std::size_t open) {
  std::vector<std::string> arguments;
  std::size_t at = open + 1;
  std::size_t close = std::string::npos;
  while (true) {
    at = skip_space(line, at);
    const std::size_t end = argument_end(line, at);
    if (end == std::string::npos) return {};
    arguments.push_back(line.substr(at, end - at));
    if (line[end] != ',') {
      close = end;
      break;
    }
    at = end + 1;
  }
  const std::string tail = line.substr(close);  // ");" and any trailing comment
  const std::string indent = line.substr(0, line.find_first_not_of(" \t"));
  for (const bool break_first : {false, true}) {
    const std::string continuation = break_first ? indent + "    " : std::string(open + 1, ' ');
    std::string result = line.substr(0, open + 1) + (break_first ? "\n" + continuation : "");
    std::size_t column = break_first ? continuation.size() : result.size();
    bool fits = true;
    for (std::size_t i = 0; i < arguments.size() && fits; ++i) {
      const std::string piece = arguments[i] + (i + 1 < arguments.size() ? "," : tail);
      if (i > 0 && column + 1 + piece.size() > kColumnLimit) {
        result += "\n" + continuation;
        column = continuation.size();
      } else if (i > 0) {
        result += " ";
        ++column;
      }
      result += piece;
      column += piece.size();
      fits = column <= kColumnLimit;
    }
    if (fits) return result;
  }
  return {};
}

void manual(const facts::Site& site, const std::string& why, Plan& plan) {
  plan.notes.push_back(where(site) + ": " + why + "; not edited");
  plan.manual_steps.push_back("In " + site.file + ", give the HTTPServer telemetry::traced(" +
                              "yourFactory) (telemetry/poco_server.hpp) instead of the factory\n");
}

// True when an edit was planned.
bool plan_site(const facts::Site& site, const std::string& content, Plan& plan) {
  if (line_start(site.position) < 0) return false;
  const auto line_begin = static_cast<std::size_t>(line_start(site.position));
  const std::size_t open = constructor_arguments(content, line_begin);
  if (open == std::string::npos) {
    manual(site, "no HTTPServer construction with arguments in '" + site.text + "'", plan);
    return false;
  }
  const std::size_t first = skip_space(content, open + 1);
  const std::size_t first_end = argument_end(content, first);
  const std::size_t statement_end = content.find(';', first);
  if (first_end == std::string::npos || first_end == first || statement_end == std::string::npos) {
    manual(site, "the factory argument of '" + site.text + "' was not recognised", plan);
    return false;
  }
  std::size_t argument_stop = first_end;  // without the space before a ',' or ')'
  while (argument_stop > first &&
         std::isspace(static_cast<unsigned char>(content[argument_stop - 1])) != 0)
    --argument_stop;
  std::size_t end = content.find('\n', statement_end);
  if (end == std::string::npos) end = content.size();
  const std::string rest = content.substr(statement_end + 1, end - statement_end - 1);
  const std::size_t code = rest.find_first_not_of(" \t\r");
  if (code != std::string::npos && rest.compare(code, 2, "//") != 0) {
    manual(site, "code follows the statement '" + site.text + "' on its line", plan);
    return false;
  }
  std::string statement = content.substr(line_begin, end - line_begin);
  statement.insert(argument_stop - line_begin, ")");
  statement.insert(first - line_begin, kWrap);
  if (statement.find('\n') == std::string::npos && statement.size() > kColumnLimit) {
    statement = packed(statement, open - line_begin);
    if (statement.empty()) {
      manual(site, "wrapping the factory of '" + site.text + "' would pass 100 columns", plan);
      return false;
    }
  }
  plan_marked_statement(site.file, content, line_begin, end, statement, kMarker, kId,
                        "trace every request the server serves (SERVER spans around your handlers)",
                        plan);
  return true;
}

}  // namespace

void plan_poco_server(const facts::Facts& facts, const facts::Library& library,
                      const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  std::vector<std::string> planned_files;
  for (const facts::Site* site : editable_sites(library, "server_create", plan)) {
    if (site_has_marker(facts, *site, kMarker)) continue;
    if (std::find(planned_files.begin(), planned_files.end(), site->file) != planned_files.end()) {
      plan.notes.push_back(where(*site) + ": a second server in this file; only the first is " +
                           "traced (use --site to choose)");
      continue;
    }
    std::string content;
    if (!read_source(facts, site->file, content)) {
      plan.notes.push_back(where(*site) + ": cannot read the file; not edited");
      continue;
    }
    if (!plan_site(*site, content, plan)) continue;
    planned_files.push_back(site->file);
    plan_include(facts, target, site->file, "Poco/Net/HTTPServer.h", "poco_server.hpp", kId, plan);
    for (Edit& edit : plan.edits) {
      if (edit.file == site->file) edit.base_hash = blob_hash(content);
    }
  }
  if (!planned_files.empty()) {
    plan_generated_header(facts, target, kId, "poco_server.hpp",
                          "Poco HTTPServer tracing: SERVER span per request", plan);
  }
}

}  // namespace otel_setup::scaffold::integration
