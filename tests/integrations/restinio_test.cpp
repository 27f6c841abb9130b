// Fast checks of the RESTinio planner on the catalogue fixture's real facts: `add middleware`
// swaps the line naming the express router type (a `using` in a header with no detected site)
// and includes the generated header there, and only there.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "integration_support.hpp"
#include "otel_setup/integrations.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

TEST_CASE("add middleware on RESTinio names telemetry::TracedRouter where the router type is") {
  const Plan plan = plan_add(fixture_facts("catalogue"), PlanOptions{}, add("middleware"));
  const std::string header = read_text(fixture_dir("catalogue") + "/src/routes.hpp");
  const Edit* swap = find_edit(plan, "src/routes.hpp", "restinio-router");
  REQUIRE(swap != nullptr);
  CHECK(swap->kind == EditKind::replace);
  CHECK(header.substr(static_cast<std::size_t>(swap->offset),
                      static_cast<std::size_t>(swap->length)) ==
        "using router_t = restinio::router::express_router_t<>;");
  CHECK(swap->text ==
        "// otel-setup:begin restinio-router\n"
        "using router_t = telemetry::TracedRouter<>;\n"
        "// otel-setup:end restinio-router");
  const Edit* include = find_edit(plan, "src/routes.hpp", "restinio-include");
  REQUIRE(include != nullptr);
  CHECK(include->text.find("#include \"telemetry/restinio_server.hpp\"") != std::string::npos);
  CHECK(edits_of(plan, "src/routes.cpp").empty());  // the registrations stay as they are
  CHECK(find_edit(plan, "src/main.cpp", "restinio-include") == nullptr);
  const Edit* generated = find_edit(plan, "telemetry/restinio_server.hpp", "generated");
  REQUIRE(generated != nullptr);
  CHECK(generated->text.find("class TracedRouter") != std::string::npos);
}

TEST_CASE("the RESTinio planner swaps every spelling of the router type and leaves comments") {
  std::string folder =
      (std::filesystem::temp_directory_path() / "otel-setup-restinio.XXXXXX").string();
  REQUIRE(mkdtemp(folder.data()) != nullptr);
  const std::filesystem::path root = folder;
  std::filesystem::create_directories(root / "src");
  {
    std::ofstream out(root / "src/router.hpp");
    out << "// restinio::router::express_router_t<> in a comment\n"
           "using a_t = restinio::router::express_router_t<>;\n"
           "using b_t = ::restinio::router::generic_express_router_t<E, F>;\n"
           "  auto r = std::make_unique<router::express_router_t<>>();\n"
           "my::express_router_t<> not_ours;\n"
           "restinio::router::express_route_entry_t<> entry;\n";
  }
  facts::Facts facts;
  facts.root = root.string();
  facts::Library library;
  library.id = "restinio";
  library.kind = facts::LibraryKind::server;
  facts::Site site;
  site.role = "server_create";
  site.file = "src/router.hpp";
  library.sites.push_back(site);
  PlanTarget target;
  target.module_dir = "telemetry";
  Plan plan;
  integration::plan_restinio(facts, library, target, plan);
  std::filesystem::remove_all(root);
  std::vector<std::string> swapped;
  for (const Edit* edit : edits_of(plan, "src/router.hpp"))
    if (edit->id.rfind("restinio-router", 0) == 0) swapped.push_back(edit->id + ": " + edit->text);
  REQUIRE(swapped.size() == 3);
  CHECK(swapped[0] ==
        "restinio-router: // otel-setup:begin restinio-router\n"
        "using a_t = telemetry::TracedRouter<>;\n// otel-setup:end restinio-router");
  CHECK(swapped[1].find("using b_t = telemetry::TracedRouter<E, F>;") != std::string::npos);
  CHECK(swapped[2] ==
        "restinio-router-3: // otel-setup:begin restinio-router-3\n"
        "  auto r = std::make_unique<telemetry::TracedRouter<>>();\n"
        "  // otel-setup:end restinio-router-3");
}

TEST_CASE("RESTinio without any express router type gets a note and a manual step") {
  facts::Facts facts = fixture_facts("catalogue");
  facts::Library library;
  library.id = "restinio";
  library.kind = facts::LibraryKind::server;
  facts::Site site;
  site.role = "server_create";
  site.file = "src/main.cpp";  // names catalogue::router_t, never the RESTinio type
  library.sites.push_back(site);
  PlanTarget target;
  target.module_dir = "telemetry";
  Plan plan;
  integration::plan_restinio(facts, library, target, plan);
  CHECK(plan.edits.empty());
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("telemetry::TracedRouter<>") != std::string::npos);
}
