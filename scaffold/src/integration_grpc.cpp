// gRPC: interceptors from telemetry/grpc_server.hpp and telemetry/grpc_client.hpp.
// Server: after `grpc::ServerBuilder builder;` one marked line,
// `telemetry::trace_grpc_server(builder);`, registers the server interceptor on the builder.
// Client: the statement creating the channel calls telemetry::TracedChannel(...) instead of
// grpc::CreateChannel / grpc::CreateCustomChannel (same arguments), which builds the channel
// with the client interceptor. The statement is read from the file (facts carry only its
// first line) so that its continuation lines stay aligned as clang-format had them.
#include <cctype>
#include <regex>

#include "integration_support.hpp"
#include "otel_setup/repository.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "grpc";
constexpr const char* kServerMarker = "grpc-server";
constexpr const char* kClientMarker = "grpc-client";
constexpr const char* kTracedChannel = "telemetry::TracedChannel";
constexpr std::size_t kColumnLimit = 100;

// The statement around the call at `at`: [start of its first line, end of the line holding
// its ';'). Its first line is the one after a ';', '{', '}', comment or directive line (at most
// 8 lines up). False when no such statement is found or code follows the ';' on its line.
bool statement_around(const std::string& content, std::size_t at, std::size_t& begin,
                      std::size_t& end) {
  begin = content.rfind('\n', at == 0 ? 0 : at - 1);
  begin = begin == std::string::npos ? 0 : begin + 1;
  for (int lines = 0;; ++lines) {
    std::size_t before = begin;
    while (before > 0 && std::isspace(static_cast<unsigned char>(content[before - 1])) != 0)
      --before;
    if (before == 0) break;
    const std::size_t line = content.rfind('\n', before - 1);
    const std::size_t line_begin = line == std::string::npos ? 0 : line + 1;
    const std::size_t first = content.find_first_not_of(" \t", line_begin);
    if (std::string(";{}").find(content[before - 1]) != std::string::npos ||
        content.compare(first, 2, "//") == 0 || content[first] == '#') {
      break;
    }
    if (lines == 8) return false;
    begin = line_begin;
  }
  int depth = 0;
  char quote = 0;
  for (std::size_t i = begin; i < content.size(); ++i) {
    const char c = content[i];
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'')
      quote = c;
    else if (c == '(' || c == '{' || c == '[')
      ++depth;
    else if (c == ')' || c == '}' || c == ']')
      --depth;
    else if (c == ';' && depth == 0) {
      end = content.find('\n', i);
      if (end == std::string::npos) end = content.size();
      const std::string rest = content.substr(i + 1, end - i - 1);
      const std::size_t code = rest.find_first_not_of(" \t\r");
      return code == std::string::npos || rest.compare(code, 2, "//") == 0;
    }
    if (depth < 0) return false;
  }
  return false;
}

// The statement with the call at `at` renamed; continuation lines aligned after the call's
// '(' move by the length difference. "" when a line would pass the column limit.
std::string renamed_statement(const std::string& statement, std::size_t at,
                              const std::string& old_name) {
  std::string renamed = statement;
  renamed.replace(at, old_name.size(), kTracedChannel);
  const auto delta =
      static_cast<long>(std::string(kTracedChannel).size()) - static_cast<long>(old_name.size());
  const std::size_t call_line = renamed.rfind('\n', at);
  const std::size_t call_column = call_line == std::string::npos ? at : at - call_line - 1;
  const std::size_t aligned_column = call_column + old_name.size() + 1;
  std::string result;
  std::size_t start = 0;
  while (start <= renamed.size()) {
    std::size_t stop = renamed.find('\n', start);
    if (stop == std::string::npos) stop = renamed.size();
    std::string line = renamed.substr(start, stop - start);
    const std::size_t indent = line.find_first_not_of(' ');
    if (start > at && indent != std::string::npos && indent >= aligned_column) {
      line = std::string(static_cast<std::size_t>(static_cast<long>(indent) + delta), ' ') +
             line.substr(indent);
    }
    if (line.size() > kColumnLimit) return {};
    result += (start == 0 ? "" : "\n") + line;
    start = stop + 1;
  }
  return result;
}

void plan_channel(const facts::Site& site, const std::string& content, Plan& plan) {
  const std::string callee = site.text.substr(0, site.text.find('('));
  const std::string manual = "In " + site.file + ", create the channel with " + kTracedChannel +
                             "(target, credentials[, arguments]) (telemetry/grpc_client.hpp) " +
                             "instead of " + callee + "\n";
  const auto at = static_cast<std::size_t>(site.position.byte_offset);
  std::size_t begin = 0;
  std::size_t end = 0;
  if (content.compare(at, callee.size(), callee) != 0 ||
      !statement_around(content, at, begin, end)) {
    plan.notes.push_back(where(site) + ": the statement around " + callee +
                         " was not recognised; not edited");
    plan.manual_steps.push_back(manual);
    return;
  }
  const std::string statement = content.substr(begin, end - begin);
  const std::string renamed = renamed_statement(statement, at - begin, callee);
  if (renamed.empty()) {
    plan.notes.push_back(where(site) + ": renaming " + callee + " would pass 100 columns");
    plan.manual_steps.push_back(manual);
    return;
  }
  plan_marked_statement(site.file, content, begin, end, renamed, kClientMarker, kId,
                        "trace the calls made on this channel (CLIENT spans, traceparent sent)",
                        plan);
}

void plan_builder(const facts::Site& site, const std::string& content, Plan& plan) {
  // `grpc::ServerBuilder builder;`, or `auto builder = std::make_unique<...>();` (a pointer).
  static const std::regex plain(R"(^(?:::)?(?:grpc::)?ServerBuilder\s+([A-Za-z_]\w*)\s*;)");
  std::smatch match;
  std::string builder;
  if (std::regex_search(site.text, match, plain)) {
    builder = match.str(1);
  } else if (!site.receiver.empty() &&
             (site.text.rfind("std::make_unique<", 0) == 0 || site.text.rfind("new ", 0) == 0)) {
    builder = "*" + site.receiver;
  }
  const auto at = static_cast<std::size_t>(site.position.byte_offset);
  const std::size_t line_end = content.find('\n', at);
  std::string line = line_end == std::string::npos ? "" : content.substr(at, line_end - at);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0)
    line.pop_back();
  if (builder.empty() || line.empty() || line.back() != ';' ||
      content.compare(at, site.text.size(), site.text) != 0) {
    plan.notes.push_back(where(site) + ": '" + site.text +
                         "' is not a one-line ServerBuilder declaration; not edited");
    plan.manual_steps.push_back("In " + site.file + ", call telemetry::trace_grpc_server(" +
                                "builder) (telemetry/grpc_server.hpp) before BuildAndStart()\n");
    return;
  }
  const auto start = static_cast<std::size_t>(line_start(site.position));
  const std::string indent = content.substr(start, content.find_first_not_of(" \t", start) - start);
  Edit edit;
  edit.file = site.file;
  edit.kind = EditKind::insert;
  edit.offset = static_cast<std::int64_t>(line_end);
  edit.text = "\n" + marked_lines(indent, kServerMarker,
                                  indent + "telemetry::trace_grpc_server(" + builder + ");");
  edit.id = kServerMarker;
  edit.reason = "trace every call the server built by " + site.receiver + " serves (SERVER spans)";
  edit.integration = kId;
  edit.base_hash = blob_hash(content);
  plan.edits.push_back(std::move(edit));
}

// The include next to the library's, under an id of its own (a file may hold a server and a
// client), and the same content hash on every edit of the file.
void plan_grpc_include(const facts::Facts& facts, const PlanTarget& target, const std::string& file,
                       const std::string& header, const std::string& marker,
                       const std::string& content, Plan& plan) {
  plan_include(facts, target, file, "grpcpp/", header, marker, plan);
  for (Edit& edit : plan.edits) {
    if (edit.file != file) continue;
    if (edit.id == marker + "-include") edit.integration = kId;
    edit.base_hash = blob_hash(content);
  }
}

template <typename PlanSite>
void plan_sites(const facts::Facts& facts, const facts::Library& library, const PlanTarget& target,
                const char* role, const char* marker, const char* header, const char* reason,
                PlanSite plan_site, Plan& plan) {
  bool planned = false;
  for (const facts::Site* site : editable_sites(library, role, plan)) {
    if (site_has_marker(facts, *site, marker)) continue;
    std::string content;
    if (!read_source(facts, site->file, content)) {
      plan.notes.push_back(where(*site) + ": cannot read the file; not edited");
      continue;
    }
    const std::size_t before = plan.edits.size();
    plan_site(*site, content, plan);
    if (plan.edits.size() == before) continue;
    planned = true;
    plan_grpc_include(facts, target, site->file, header, marker, content, plan);
  }
  if (planned) plan_generated_header(facts, target, kId, header, reason, plan);
}

}  // namespace

void plan_grpc_server(const facts::Facts& facts, const facts::Library& library,
                      const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  plan_sites(facts, library, target, "server_create", kServerMarker, "grpc_server.hpp",
             "gRPC server tracing: SERVER span per call", plan_builder, plan);
}

void plan_grpc_client(const facts::Facts& facts, const facts::Library& library,
                      const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::http_client) return;
  plan_sites(facts, library, target, "client_create", kClientMarker, "grpc_client.hpp",
             "gRPC client tracing: CLIENT span + traceparent per call", plan_channel, plan);
}

}  // namespace otel_setup::scaffold::integration
