// Fast checks of the Poco HTTPServer planner: on the warehouse fixture's real facts, and on
// the other ways a server gets constructed (written to a temporary folder): the factory
// argument is wrapped in telemetry::traced(...), nothing else in the statement changes.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "integration_support.hpp"
#include "otel_setup/integrations.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

namespace {

// Plans the Poco middleware for `source` (src/server.cpp in a temporary folder), the site on
// the line holding `site_text`.
Plan plan_for(const std::string& source, const std::string& site_text) {
  const std::filesystem::path root =
      std::filesystem::temp_directory_path() /
      ("otel-setup-poco-test-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(root / "src");
  std::ofstream(root / "src" / "server.cpp") << source;
  facts::Facts facts;
  facts.root = root.string();
  facts::Library library;
  library.id = "poco";
  library.kind = facts::LibraryKind::server;
  facts::Site site;
  site.role = "server_create";
  site.file = "src/server.cpp";
  site.text = site_text;
  const std::size_t at = source.find(site_text);
  const std::size_t line = source.rfind('\n', at);
  site.position.byte_offset = static_cast<std::int64_t>(at);
  site.position.column = static_cast<int>(line == std::string::npos ? at + 1 : at - line);
  site.position.line = 1;
  library.sites.push_back(site);
  PlanTarget target;
  target.module_dir = "telemetry";
  Plan plan;
  integration::plan_poco_server(facts, library, target, plan);
  std::filesystem::remove_all(root);
  return plan;
}

std::string rewritten(const Plan& plan) {
  const Edit* edit = find_edit(plan, "src/server.cpp", "poco-server");
  return edit == nullptr ? std::string() : edit->text;
}

}  // namespace

TEST_CASE("add middleware on Poco wraps the factory given to the HTTPServer") {
  const Plan plan = plan_add(fixture_facts("warehouse"), PlanOptions{}, add("middleware"));
  const std::string main = read_text(fixture_dir("warehouse") + "/src/main.cpp");
  const Edit* wrap = find_edit(plan, "src/main.cpp", "poco-server");
  REQUIRE(wrap != nullptr);
  CHECK(
      main.substr(static_cast<std::size_t>(wrap->offset), static_cast<std::size_t>(wrap->length)) ==
      "  Poco::Net::HTTPServer server(new warehouse::Router(stock), socket, params);");
  CHECK(wrap->text ==
        "  // otel-setup:begin poco-server\n"
        "  Poco::Net::HTTPServer server(telemetry::traced(new warehouse::Router(stock)), socket, "
        "params);\n"
        "  // otel-setup:end poco-server");
  const Edit* include = find_edit(plan, "src/main.cpp", "poco-include");
  REQUIRE(include != nullptr);
  CHECK(include->text.find("#include \"telemetry/poco_server.hpp\"") != std::string::npos);
  CHECK(edits_of(plan, "src/router.cpp").empty());
  const Edit* generated = find_edit(plan, "telemetry/poco_server.hpp", "generated");
  REQUIRE(generated != nullptr);
  CHECK(generated->text.find("class TracedFactory") != std::string::npos);
}

TEST_CASE("the Poco planner finds the factory in new and make_unique constructions") {
  CHECK(rewritten(plan_for("void f() {\n  server_ = new Poco::Net::HTTPServer(new F, 8080);\n}\n",
                           "new Poco::Net::HTTPServer(new F, 8080)")) ==
        "  // otel-setup:begin poco-server\n"
        "  server_ = new Poco::Net::HTTPServer(telemetry::traced(new F), 8080);\n"
        "  // otel-setup:end poco-server");
  CHECK(rewritten(plan_for("  auto s = std::make_unique<HTTPServer>(factory, socket, params);\n",
                           "auto s = std::make_unique<HTTPServer>(factory, socket, params);")) ==
        "  // otel-setup:begin poco-server\n"
        "  auto s = std::make_unique<HTTPServer>(telemetry::traced(factory), socket, params);\n"
        "  // otel-setup:end poco-server");
  CHECK(rewritten(plan_for("  std::unique_ptr<HTTPServer> s(new HTTPServer(new F<A, B>(x), 80));\n",
                           "std::unique_ptr<HTTPServer> s(new HTTPServer(new F<A, B>(x), 80));")) ==
        "  // otel-setup:begin poco-server\n"
        "  std::unique_ptr<HTTPServer> s(new HTTPServer(telemetry::traced(new F<A, B>(x)), 80));\n"
        "  // otel-setup:end poco-server");
}

TEST_CASE("the Poco planner keeps a statement over several lines and re-packs a long one") {
  CHECK(
      rewritten(plan_for("  HTTPServer server(\n      new Router, socket,\n      params);  // x\n",
                         "HTTPServer server(")) ==
      "  // otel-setup:begin poco-server\n"
      "  HTTPServer server(\n      telemetry::traced(new Router), socket,\n      params);  // x\n"
      "  // otel-setup:end poco-server");
  CHECK(rewritten(plan_for("  Poco::Net::HTTPServer server(new inventory::RequestRouter(stock, "
                           "catalog), socket, params);\n",
                           "Poco::Net::HTTPServer server(")) ==
        "  // otel-setup:begin poco-server\n"
        "  Poco::Net::HTTPServer server(telemetry::traced(new inventory::RequestRouter(stock, "
        "catalog)),\n"
        "                               socket, params);\n"
        "  // otel-setup:end poco-server");
  CHECK(rewritten(plan_for("  Poco::Net::HTTPServer server(new inventory::RequestRouterWithAVery"
                           "LongName(stock), socket, params);\n",
                           "Poco::Net::HTTPServer server(")) ==
        "  // otel-setup:begin poco-server\n"
        "  Poco::Net::HTTPServer server(\n"
        "      telemetry::traced(new inventory::RequestRouterWithAVeryLongName(stock)), socket, "
        "params);\n"
        "  // otel-setup:end poco-server");
}

TEST_CASE("a Poco server declared without arguments gets a note and a manual step") {
  const Plan plan = plan_for("class S {\n  Poco::Net::HTTPServer server_;\n};\n",
                             "Poco::Net::HTTPServer server_;");
  CHECK(plan.edits.empty());
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("not edited") != std::string::npos);
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("telemetry::traced(") != std::string::npos);
}
