// Fast checks of the cpprestsdk planners on the ledger fixture's real facts: which
// declarations become traced types, where the includes go, which name `add` asks for when a
// second HTTP client is detected, and what happens to a listener that is not a declaration.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <algorithm>

#include "otel_setup/error.hpp"
#include "otel_setup/integrations.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

namespace {

const Edit* edit_starting(const Plan& plan, const std::string& file, const std::string& prefix) {
  for (const Edit* edit : edits_of(plan, file))
    if (edit->id.rfind(prefix, 0) == 0) return edit;
  return nullptr;
}

// The ledger's facts plus cpp-httplib's client library from the cart fixture: two clients.
facts::Facts ledger_with_httplib_client() {
  facts::Facts facts = fixture_facts("ledger");
  for (const facts::Library& library : fixture_facts("cart").libraries)
    if (library.id == "cpp-httplib" && library.kind == facts::LibraryKind::http_client)
      facts.libraries.push_back(library);
  return facts;
}

}  // namespace

TEST_CASE("add middleware declares the http_listener as a telemetry::TracedHttpListener") {
  const Plan plan = plan_add(fixture_facts("ledger"), PlanOptions{}, add("middleware"));
  const Edit* swap = edit_starting(plan, "src/ledger.cpp", "cpprest-server-listener");
  REQUIRE(swap != nullptr);
  CHECK(swap->kind == EditKind::replace);
  CHECK(swap->text.find("telemetry::TracedHttpListener listener(base_url);") != std::string::npos);
  const Edit* include = find_edit(plan, "src/ledger.cpp", "cpprest-server-include");
  REQUIRE(include != nullptr);
  CHECK(include->text.find("telemetry/cpprest_server.hpp") != std::string::npos);
  CHECK(find_edit(plan, "telemetry/cpprest_server.hpp", "generated") != nullptr);
  CHECK(edit_starting(plan, "src/ledger.cpp", "cpprest-client") == nullptr);
}

TEST_CASE("add http-client declares the http_client as a telemetry::TracedHttpClient") {
  const Plan plan = plan_add(fixture_facts("ledger"), PlanOptions{}, add("http-client"));
  const Edit* swap = edit_starting(plan, "src/ledger.cpp", "cpprest-client-self");
  REQUIRE(swap != nullptr);
  CHECK(swap->text.find("telemetry::TracedHttpClient self(base_url);") != std::string::npos);
  CHECK(find_edit(plan, "src/ledger.cpp", "cpprest-client-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/cpprest_client.hpp", "generated") != nullptr);
  CHECK(edit_starting(plan, "src/ledger.cpp", "cpprest-server") == nullptr);
}

TEST_CASE("add http-client with cpp-httplib's client too asks for cpprestsdk-client") {
  const facts::Facts facts = ledger_with_httplib_client();
  try {
    plan_add(facts, PlanOptions{}, add("http-client"));
    FAIL("add http-client planned without asking");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    CHECK(std::string(error.what()).find("cpprestsdk-client") != std::string::npos);
    CHECK(std::string(error.what()).find("cpp-httplib-client") != std::string::npos);
  }
  const Plan plan = plan_add(facts, PlanOptions{}, add("cpprestsdk-client"));
  CHECK(edit_starting(plan, "src/ledger.cpp", "cpprest-client-self") != nullptr);
  CHECK(edit_starting(plan, "src/ledger.cpp", "cpprest-server") == nullptr);
}

TEST_CASE("a listener that is not a plain declaration is noted and left alone") {
  facts::Facts facts = fixture_facts("ledger");
  for (facts::Library& library : facts.libraries) {
    for (facts::Site& site : library.sites)
      if (site.role == "server_create") site.text = "auto listener = make_listener(base_url);";
  }
  const Plan plan = plan_add(facts, PlanOptions{}, add("cpprestsdk-server"));
  CHECK(edit_starting(plan, "src/ledger.cpp", "cpprest-server") == nullptr);
  CHECK(std::any_of(plan.notes.begin(), plan.notes.end(), [](const std::string& note) {
    return note.find("telemetry::TracedHttpListener") != std::string::npos;
  }));
}
