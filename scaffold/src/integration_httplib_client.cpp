// cpp-httplib client: each `httplib::Client cli(...);` is declared as a
// `telemetry::TracedClient` instead (telemetry/httplib_client.hpp), whose Get/Post/... run in
// CLIENT spans and send the trace context; the include goes into the same file.
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
  swap.role = "client_create";
  swap.library_header = "httplib.h";
  swap.include_marker = "httplib-client";
  swap.summary = "cpp-httplib client tracing: CLIENT span per request";
  swap.accepts = [](const facts::Site& site, Plan& notes_to) {
    if (site.text.rfind("httplib::Client ", 0) == 0) return true;
    notes_to.notes.push_back(where(site) + ": '" + site.text + "' not edited (only " +
                             "`httplib::Client name(...);` declarations are; SSLClient is not " +
                             "traced)");
    return false;
  };
  plan_declaration_swaps(facts, library, target, swap, plan);
}

}  // namespace otel_setup::scaffold::integration
