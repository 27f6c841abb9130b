// cpprestsdk: each `http_listener listener(...);` is declared as a telemetry::TracedHttpListener
// (telemetry/cpprest_server.hpp), whose support(...) registers the handlers inside SERVER
// spans; each `http_client client(...);` as a telemetry::TracedHttpClient
// (telemetry/cpprest_client.hpp), which adds a pipeline stage (http_client::add_handler) that
// runs every request in a CLIENT span and sends the trace context. The include goes into the
// same file.
#include <regex>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

// Only plain declarations of the type itself, however qualified: `http_client c(url);`,
// `web::http::client::http_client c(url);` (not make_shared<http_client>, not a reference).
bool declares(const facts::Site& site, const char* type, const char* traced, Plan& plan) {
  const std::regex declaration("^(?:[A-Za-z_:]*::)?" + std::string(type) + R"(\s+[A-Za-z_])");
  if (std::regex_search(site.text, declaration)) return true;
  plan.notes.push_back(where(site) + ": '" + site.text + "' not edited (only `" + type +
                       " name(...);` declarations are); declare it as a " + traced +
                       " to trace it");
  return false;
}

}  // namespace

void plan_cpprest_server(const facts::Facts& facts, const facts::Library& library,
                         const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::server) return;
  DeclarationSwap swap;
  swap.integration = library.id;
  swap.marker = "cpprest-server";
  swap.header = "cpprest_server.hpp";
  swap.reason = "trace the listener's requests (SERVER spans)";
  swap.traced_type = [](const std::string&) {
    return std::string("telemetry::TracedHttpListener");
  };
  swap.role = "server_create";
  swap.library_header = "cpprest/http_listener.h";
  swap.include_marker = "cpprest-server";
  swap.summary = "cpprestsdk listener tracing: SERVER span per request";
  swap.accepts = [](const facts::Site& site, Plan& notes_to) {
    return declares(site, "http_listener", "telemetry::TracedHttpListener", notes_to);
  };
  plan_declaration_swaps(facts, library, target, swap, plan);
}

void plan_cpprest_client(const facts::Facts& facts, const facts::Library& library,
                         const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::http_client) return;
  DeclarationSwap swap;
  swap.integration = library.id;
  swap.marker = "cpprest-client";
  swap.header = "cpprest_client.hpp";
  swap.reason = "trace the client's requests (CLIENT spans, traceparent sent)";
  swap.traced_type = [](const std::string&) { return std::string("telemetry::TracedHttpClient"); };
  swap.role = "client_create";
  swap.library_header = "cpprest/http_client.h";
  swap.include_marker = "cpprest-client";
  swap.summary = "cpprestsdk client tracing: CLIENT span per request";
  swap.accepts = [](const facts::Site& site, Plan& notes_to) {
    return declares(site, "http_client", "telemetry::TracedHttpClient", notes_to);
  };
  plan_declaration_swaps(facts, library, target, swap, plan);
}

}  // namespace otel_setup::scaffold::integration
