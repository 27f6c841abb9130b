// Fast checks of the Boost.Beast planner on scanned facts: the handler detect found is the one
// `init` and `add middleware` wrap; with none or several, a note (init) or a usage error (add)
// lists the candidates and the command that names one.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "otel_setup/error.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/planner.hpp"
#include "otel_setup/scan.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

namespace {

facts::Facts scan_folder(const std::string& root) {
  detectors::ScanOptions options;
  options.root = root;
  options.threads = 1;
  return detectors::scan(options);
}

bool has_note(const Plan& plan, const std::string& text) {
  for (const std::string& note : plan.notes)
    if (note.find(text) != std::string::npos) return true;
  return false;
}

// A copy of examples/inventory whose stock API gets a second request -> response function.
class InventoryCopy {
 public:
  explicit InventoryCopy(bool second_handler) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "otel-beast-handler-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    std::filesystem::copy(std::string(OTEL_SETUP_SOURCE_DIR) + "/examples/inventory", root_,
                          std::filesystem::copy_options::recursive);
    if (second_handler) {
      std::ofstream(root_ / "stock_api.cpp", std::ios::app)
          << "\nnamespace inventory {\nResponse fallback(const Request& request) {\n"
             "  return json_response(request, http::status::not_found, \"{}\");\n}\n}\n";
    }
  }
  ~InventoryCopy() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  InventoryCopy(const InventoryCopy&) = delete;
  InventoryCopy& operator=(const InventoryCopy&) = delete;
  std::string root() const { return root_.string(); }

 private:
  std::filesystem::path root_;
};

}  // namespace

TEST_CASE("init wraps the one Beast handler detect found: Router::dispatch of the inventory") {
  const InventoryCopy copy(false);
  const Plan plan = plan_init(scan_folder(copy.root()), PlanOptions{});
  const Edit* open = find_edit(plan, "http_server.cpp", "beast-server");
  const Edit* close = find_edit(plan, "http_server.cpp", "beast-server-end");
  REQUIRE(open != nullptr);
  REQUIRE(close != nullptr);
  CHECK(open->text.find("return telemetry::beast_server(request, [&]() {") != std::string::npos);
  CHECK(open->reason == "SERVER span around inventory::Router::dispatch");
  CHECK(find_edit(plan, "telemetry/beast_server.hpp", "generated") != nullptr);
  CHECK_FALSE(has_note(plan, "Boost.Beast"));
}

TEST_CASE("add middleware without FILE:FUNCTION wraps the detected Beast handler") {
  const InventoryCopy copy(false);
  const Plan plan = plan_add(scan_folder(copy.root()), PlanOptions{}, add("middleware"));
  CHECK(find_edit(plan, "http_server.cpp", "beast-server") != nullptr);
}

TEST_CASE("two Beast handlers: init notes both, add asks for one, FILE:FUNCTION chooses") {
  const InventoryCopy copy(true);
  const facts::Facts facts = scan_folder(copy.root());
  const Plan init = plan_init(facts, PlanOptions{});
  CHECK(find_edit(init, "http_server.cpp", "beast-server") == nullptr);
  CHECK(has_note(init, "candidate: http_server.cpp:inventory::Router::dispatch"));
  CHECK(has_note(init, "candidate: stock_api.cpp:inventory::fallback"));
  CHECK(has_note(init, "otel-setup add middleware FILE:FUNCTION"));

  try {
    plan_add(facts, PlanOptions{}, add("middleware"));
    FAIL("add middleware chose one of two handlers");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    CHECK(std::string(error.hint()).find("stock_api.cpp:inventory::fallback") != std::string::npos);
  }

  AddRequest named = add("middleware");
  named.function = "stock_api.cpp:inventory::fallback";
  named.function_source = read_text(copy.root() + "/stock_api.cpp");
  const Plan plan = plan_add(facts, PlanOptions{}, named);
  CHECK(find_edit(plan, "stock_api.cpp", "beast-server") != nullptr);
  CHECK(find_edit(plan, "http_server.cpp", "beast-server") == nullptr);
}

TEST_CASE(
    "a void Beast handler answering through send gets the send form, one without is refused") {
  const std::string root =
      std::string(OTEL_SETUP_SOURCE_DIR) + "/tests/integrations/projects/depot";
  const facts::Facts facts = scan_folder(root);
  const Plan plan = plan_init(facts, PlanOptions{});
  const Edit* open = find_edit(plan, "src/main.cpp", "beast-server");
  REQUIRE(open != nullptr);
  CHECK(open->text.find("return telemetry::beast_server(req, send, [&](auto&& send) {") !=
        std::string::npos);
  CHECK(open->reason == "SERVER span around handle_request");

  // A void function with a request and no callback it calls has no response to trace.
  AddRequest named = add("middleware");
  named.function = "src/main.cpp:log_request";
  named.function_source =
      "void log_request(const http::request<http::string_body>& req, int level) {\n"
      "  std::cout << req.target() << level;\n}\n";
  try {
    plan_add(facts, PlanOptions{}, named);
    FAIL("a void function without a callback was wrapped");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).find("is not a request handler this tool can wrap") !=
          std::string::npos);
  }
}
