// Fast checks of the integration planners on the shop fixture's real facts: what `add` plans,
// its errors, the aliases, and the function scanner behind `add traced`.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/scan.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;

namespace {

const std::string kShop = std::string(OTEL_SETUP_SOURCE_DIR) + "/tests/integrations/projects/shop";

const facts::Facts& shop_facts() {
  static const facts::Facts facts = [] {
    detectors::ScanOptions options;
    options.root = kShop;
    options.threads = 1;
    return detectors::scan(options);
  }();
  return facts;
}

AddRequest add(std::string name) {
  AddRequest request;
  request.name = std::move(name);
  return request;
}

const Edit* find_edit(const Plan& plan, const std::string& file, const std::string& id) {
  for (const Edit& edit : plan.edits)
    if (edit.file == file && edit.id == id) return &edit;
  return nullptr;
}

ExitCode exit_code_of(const AddRequest& request) {
  try {
    plan_add(shop_facts(), PlanOptions{}, request);
  } catch (const Error& error) {
    return error.code();
  }
  return ExitCode::ok;
}

}  // namespace

TEST_CASE("aliases map to categories") {
  CHECK(canonical_integration_name("fastapi-style middleware") == "middleware");
  CHECK(canonical_integration_name("fastapi-style-middleware") == "middleware");
  CHECK(canonical_integration_name("HTTP-Client") == "http-client");
  CHECK(canonical_integration_name("database") == "db");
}

TEST_CASE("add middleware on cpp-httplib edits the declaration line only") {
  const Plan plan = plan_add(shop_facts(), PlanOptions{}, add("middleware"));
  const Edit* server = find_edit(plan, "src/main.cpp", "httplib-server");
  REQUIRE(server != nullptr);
  CHECK(server->kind == EditKind::replace);
  CHECK(server->length == static_cast<std::int64_t>(std::string("httplib::Server svr;").size()));
  CHECK(server->text.find("telemetry::TracedServer svr;") != std::string::npos);
  CHECK(find_edit(plan, "src/main.cpp", "cpp-httplib-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/httplib_server.hpp", "generated") != nullptr);
}

TEST_CASE("add http-client and db include their header where the calls are") {
  const Plan curl = plan_add(shop_facts(), PlanOptions{}, add("http-client"));
  CHECK(find_edit(curl, "src/notifier.cpp", "libcurl-include") != nullptr);
  const Plan db = plan_add(shop_facts(), PlanOptions{}, add("db"));
  CHECK(find_edit(db, "src/store.cpp", "sqlite3-include") != nullptr);
  CHECK(find_edit(db, "src/main.cpp", "sqlite3-include") == nullptr);
}

TEST_CASE("bad input: unknown is a usage error, undetected an error, a wrong site usage") {
  CHECK(exit_code_of(add("kafka-streams")) == ExitCode::usage);
  CHECK(exit_code_of(add("beast")) == ExitCode::error);  // no Boost.Beast in the shop
  AddRequest wrong_site = add("middleware");
  wrong_site.site = "src/main.cpp:1";
  CHECK(exit_code_of(wrong_site) == ExitCode::usage);
}

TEST_CASE("list: every integration with detected and applied") {
  const auto statuses = integration_status(shop_facts());
  REQUIRE(statuses.size() == integration_catalog().size());
  for (const IntegrationStatus& status : statuses) {
    CHECK_FALSE(status.applied);
    if (status.integration->id == "beast") CHECK_FALSE(status.detected);
    if (status.integration->id == "sqlite3") CHECK(status.detected);
  }
}

TEST_CASE("the function scanner finds definitions, not calls or comments") {
  const std::string source =
      "// void run() {}\n"
      "struct A {\n"
      "  int size() const noexcept { return 1; }\n"
      "  A() : x_{1}, y_(2) {}\n"
      "  int x_, y_;\n"
      "};\n"
      "void Orders::run(int a,\n"
      "                 int b) -> void {\n"
      "  if (size()) { run(1, 2); }\n"
      "  auto s = \"run() {\";\n"
      "}\n";
  using integration::find_function_definitions;
  const auto run = find_function_definitions(source, "run");
  REQUIRE(run.size() == 1);
  CHECK(run[0].written_name == "Orders::run");
  CHECK(run[0].line == 7);
  CHECK(run[0].body_indent == "  ");
  CHECK(run[0].close_line_start == static_cast<std::int64_t>(source.rfind("}\n")));
  const auto size = find_function_definitions(source, "size");
  REQUIRE(size.size() == 1);
  CHECK(size[0].code_after_body_open);
  REQUIRE(find_function_definitions(source, "A").size() == 1);
}

TEST_CASE("add traced inserts TELEMETRY_TRACED() and refuses ambiguity") {
  std::ifstream in(kShop + "/src/store.cpp");
  std::stringstream text;
  text << in.rdbuf();
  AddRequest request = add("traced");
  request.function = "src/store.cpp:shop::Store::add";
  request.function_source = text.str();
  const Plan plan = plan_add(shop_facts(), PlanOptions{}, request);
  const Edit* traced = find_edit(plan, "src/store.cpp", "traced-shop..Store..add");
  REQUIRE(traced != nullptr);
  CHECK(traced->text.find("TELEMETRY_TRACED();") != std::string::npos);
  request.function = "src/store.cpp:nothing";
  CHECK(exit_code_of(request) == ExitCode::error);
}
