// cpp-httplib client: each `httplib::Client cli(...);` is declared as a
// `telemetry::TracedClient` instead (telemetry/httplib_client.hpp), whose Get/Post/... run in
// CLIENT spans and send the trace context; the include goes into the same file.
#include <algorithm>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

void plan_httplib_client(const facts::Facts& facts, const facts::Library& library,
                         const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::http_client) return;
  DeclarationSwap swap;
  swap.integration = library.id;
  swap.marker = "httplib-client";
  swap.header = "httplib_client.hpp";
  swap.reason = "trace the client's requests (CLIENT spans, traceparent sent)";
  swap.traced_type = [](const std::string&) { return std::string("telemetry::TracedClient"); };
  std::vector<std::string> files;
  for (const facts::Site* site : editable_sites(library, "client_create", plan)) {
    if (site->text.rfind("httplib::Client ", 0) != 0) {
      plan.notes.push_back(where(*site) + ": '" + site->text + "' not edited (only " +
                           "`httplib::Client name(...);` declarations are; SSLClient is not "
                           "traced)");
      continue;
    }
    const std::size_t before = plan.edits.size();
    plan_declaration_swap(facts, *site, swap, plan);
    if (plan.edits.size() == before) continue;
    if (std::find(files.begin(), files.end(), site->file) == files.end()) {
      files.push_back(site->file);
    }
  }
  for (const std::string& file : files) {
    plan_include(facts, target, file, "httplib.h", swap.header, "httplib-client", plan);
  }
  if (!files.empty()) {
    plan_generated_header(facts, target, library.id, swap.header,
                          "cpp-httplib client tracing: CLIENT span per request", plan);
  }
}

}  // namespace otel_setup::scaffold::integration
