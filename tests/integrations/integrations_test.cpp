// Fast checks of the integration planners on the fixtures' real facts (shop, greeter): what
// `add` plans, its errors, the aliases, and the function scanner behind `add traced`.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <filesystem>

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/scan.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

namespace {

ExitCode exit_code_of(const AddRequest& request) {
  try {
    plan_add(fixture_facts("shop"), PlanOptions{}, request);
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
  const Plan plan = plan_add(fixture_facts("shop"), PlanOptions{}, add("middleware"));
  const Edit* server = find_edit(plan, "src/main.cpp", "httplib-server");
  REQUIRE(server != nullptr);
  CHECK(server->kind == EditKind::replace);
  CHECK(server->length == static_cast<std::int64_t>(std::string("httplib::Server svr;").size()));
  CHECK(server->text.find("telemetry::TracedServer svr;") != std::string::npos);
  CHECK(find_edit(plan, "src/main.cpp", "cpp-httplib-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/httplib_server.hpp", "generated") != nullptr);
}

TEST_CASE("add http-client and db include their header where the calls are") {
  const Plan curl = plan_add(fixture_facts("shop"), PlanOptions{}, add("http-client"));
  CHECK(find_edit(curl, "src/notifier.cpp", "libcurl-include") != nullptr);
  const Plan db = plan_add(fixture_facts("shop"), PlanOptions{}, add("db"));
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

TEST_CASE("an unknown name is answered with every name add takes, each once") {
  std::string hint;
  try {
    plan_add(fixture_facts("shop"), PlanOptions{}, add("kafka-streams"));
  } catch (const Error& error) {
    hint = error.hint();
  }
  const std::size_t bar = hint.find(" | ");
  REQUIRE(bar != std::string::npos);
  std::istringstream listed(hint.substr(bar + 3));
  std::vector<std::string> names;
  for (std::string name; listed >> name;)
    names.push_back(name);
  CHECK(names.size() == integration_catalog().size());
  for (const std::string& name : names) {
    CAPTURE(name);
    CHECK(std::count(names.begin(), names.end(), name) == 1);
    try {
      plan_add(fixture_facts("shop"), PlanOptions{}, add(name));
    } catch (const Error& error) {
      CHECK(std::string(error.what()).rfind("unknown integration", 0) == std::string::npos);
    }
  }
}

TEST_CASE("list: every integration with detected and applied") {
  const auto statuses = integration_status(fixture_facts("shop"));
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
  AddRequest request = add("traced");
  request.function = "src/store.cpp:shop::Store::add";
  request.function_source = read_text(fixture_dir("shop") + "/src/store.cpp");
  const Plan plan = plan_add(fixture_facts("shop"), PlanOptions{}, request);
  const Edit* traced = find_edit(plan, "src/store.cpp", "traced-shop..Store..add");
  REQUIRE(traced != nullptr);
  CHECK(traced->text.find("TELEMETRY_TRACED();") != std::string::npos);
  request.function = "src/store.cpp:nothing";
  CHECK(exit_code_of(request) == ExitCode::error);
}

namespace {

// The file as apply would write it: the plan's edits of that file, last offset first.
std::string edited(const Plan& plan, const std::string& file) {
  std::string text = read_text(fixture_dir("greeter") + "/" + file);
  std::vector<const Edit*> edits = edits_of(plan, file);
  std::sort(edits.begin(), edits.end(),
            [](const Edit* a, const Edit* b) { return a->offset > b->offset; });
  for (const Edit* edit : edits) {
    const auto offset = static_cast<std::size_t>(edit->offset);
    text.replace(offset, edit->kind == EditKind::replace ? edit->length : 0, edit->text);
  }
  return text;
}

}  // namespace

TEST_CASE("add middleware on gRPC registers the interceptor after the ServerBuilder") {
  const Plan plan = plan_add(fixture_facts("greeter"), PlanOptions{}, add("middleware"));
  const Edit* server = find_edit(plan, "src/server.cpp", "grpc-server");
  REQUIRE(server != nullptr);
  CHECK(server->kind == EditKind::insert);
  CHECK(edited(plan, "src/server.cpp")
            .find("  grpc::ServerBuilder builder;\n"
                  "  // otel-setup:begin grpc-server\n"
                  "  telemetry::trace_grpc_server(builder);\n"
                  "  // otel-setup:end grpc-server\n"
                  "  builder.AddListeningPort(") != std::string::npos);
  CHECK(find_edit(plan, "src/server.cpp", "grpc-server-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/grpc_server.hpp", "generated") != nullptr);
  CHECK(find_edit(plan, "src/client.cpp", "grpc-client") == nullptr);
}

TEST_CASE("add grpc-client creates the channel through TracedChannel") {
  const Plan plan = plan_add(fixture_facts("greeter"), PlanOptions{}, add("grpc-client"));
  const Edit* client = find_edit(plan, "src/client.cpp", "grpc-client");
  REQUIRE(client != nullptr);
  CHECK(client->kind == EditKind::replace);
  CHECK(edited(plan, "src/client.cpp")
            .find("  // otel-setup:begin grpc-client\n"
                  "  auto channel = telemetry::TracedChannel(target, "
                  "grpc::InsecureChannelCredentials());\n"
                  "  // otel-setup:end grpc-client\n"
                  "  auto stub = ") != std::string::npos);
  CHECK(find_edit(plan, "src/client.cpp", "grpc-client-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/grpc_client.hpp", "generated") != nullptr);
  CHECK(find_edit(plan, "src/server.cpp", "grpc-server") == nullptr);
}

TEST_CASE("gRPC: the id names server and client, grpc-server only the server") {
  CHECK(exit_code_of(add("grpc")) == ExitCode::error);  // no gRPC in the shop
  try {
    plan_add(fixture_facts("greeter"), PlanOptions{}, add("grpc"));
    FAIL("add grpc with a server and a client detected did not ask which");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
  }
  const Plan server = plan_add(fixture_facts("greeter"), PlanOptions{}, add("grpc-server"));
  CHECK(find_edit(server, "src/server.cpp", "grpc-server") != nullptr);
}

TEST_CASE("add grpc-client rewrites a statement spanning lines and keeps arguments aligned") {
  std::string folder =
      (std::filesystem::temp_directory_path() / "otel-setup-grpc-unit.XXXXXX").string();
  REQUIRE(mkdtemp(folder.data()) != nullptr);
  const std::string root = folder;
  const std::string source =
      "#include <grpcpp/grpcpp.h>\n"
      "\n"
      "int main() {\n"
      "  std::shared_ptr<grpc::Channel> channel =\n"
      "      grpc::CreateCustomChannel(\"localhost:50051\", grpc::InsecureChannelCredentials(),\n"
      "                                grpc::ChannelArguments());\n"
      "  return channel ? 0 : 1;\n"
      "}\n";
  std::ofstream(root + "/CMakeLists.txt") << "project(app)\nadd_executable(app main.cpp)\n";
  std::ofstream(root + "/main.cpp") << source;
  detectors::ScanOptions options;
  options.root = root;
  options.threads = 1;
  const facts::Facts facts = detectors::scan(options);
  const Plan plan = plan_add(facts, PlanOptions{}, add("grpc-client"));
  std::remove((root + "/CMakeLists.txt").c_str());
  std::remove((root + "/main.cpp").c_str());
  std::remove(root.c_str());
  const Edit* client = find_edit(plan, "main.cpp", "grpc-client");
  REQUIRE(client != nullptr);
  CHECK(client->offset == static_cast<std::int64_t>(source.find("  std::shared_ptr")));
  CHECK(client->text ==
        "  // otel-setup:begin grpc-client\n"
        "  std::shared_ptr<grpc::Channel> channel =\n"
        "      telemetry::TracedChannel(\"localhost:50051\", grpc::InsecureChannelCredentials(),\n"
        "                               grpc::ChannelArguments());\n"
        "  // otel-setup:end grpc-client");
}
