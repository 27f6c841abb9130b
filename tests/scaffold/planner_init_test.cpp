// plan_init on hand-built facts: what is created, where main() and CMake are edited, the
// errors that name their fix, idempotency and the non-CMake manual steps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "otel_setup/error.hpp"
#include "otel_setup/planner.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;

namespace {

// main.cpp:  #include <iostream>\n\nint main() {\n  return 0;\n}\n
const std::string kMain = "#include <iostream>\n\nint main() {\n  return 0;\n}\n";

facts::Facts service_facts() {
  facts::Facts facts;
  // A folder no test creates, under the temp folder rather than a fixed machine path.
  facts.root = (std::filesystem::temp_directory_path() / "otel-setup-planner-test-orders").string();
  facts::BuildSystem cmake;
  cmake.id = "cmake";
  cmake.file = "CMakeLists.txt";
  cmake.project_name = "orders";
  cmake.cxx_standard = "17";
  facts::BuildTarget app;
  app.name = "orders";
  app.type = "executable";
  app.file = "CMakeLists.txt";
  app.sources = {"main.cpp"};
  app.declaration_end.byte_offset = 120;
  app.file_hash = "cmake123";
  cmake.targets.push_back(app);
  facts.build_systems.push_back(cmake);
  facts::EntryPoint entry;
  entry.file = "main.cpp";
  entry.position.line = 3;
  entry.body_open.byte_offset = static_cast<std::int64_t>(kMain.find('{'));
  entry.target = "orders";
  entry.last_include_line = 1;
  entry.last_include_end = static_cast<std::int64_t>(kMain.find('\n') + 1);
  entry.body_indent = "  ";
  entry.content_hash = "abc123";
  facts.entry_points.push_back(entry);
  return facts;
}

const Edit* find_edit(const Plan& plan, const std::string& file) {
  for (const Edit& edit : plan.edits) {
    if (edit.file == file) return &edit;
  }
  return nullptr;
}

std::string apply_inserts(std::string content, const Plan& plan, const std::string& file) {
  std::vector<const Edit*> inserts;
  for (const Edit& edit : plan.edits) {
    if (edit.file == file && edit.kind == EditKind::insert) inserts.push_back(&edit);
  }
  std::sort(inserts.begin(), inserts.end(),
            [](const Edit* a, const Edit* b) { return a->offset > b->offset; });
  for (const Edit* edit : inserts)
    content.insert(static_cast<std::size_t>(edit->offset), edit->text);
  return content;
}

facts::Marker marker(const std::string& file, const std::string& id) {
  facts::Marker found;
  found.file = file;
  found.id = id;
  return found;
}

}  // namespace

TEST_CASE("a CMake service gets the telemetry module, the runtime and build entries") {
  const Plan plan = plan_init(service_facts(), PlanOptions{});
  for (const char* file :
       {"telemetry/telemetry.hpp", "telemetry/telemetry.cpp", "telemetry/support.cpp",
        "telemetry/exit_hooks.hpp", "telemetry/exit_hooks.cpp", "telemetry/CMakeLists.txt",
        "telemetry/otelrt/CMakeLists.txt", "telemetry/otelrt/include/otelrt/trace.hpp"}) {
    INFO(file);
    const Edit* edit = find_edit(plan, file);
    REQUIRE(edit != nullptr);
    CHECK(edit->kind == EditKind::create);
    CHECK(edit->integration == "core");
  }
  CHECK(find_edit(plan, "telemetry/telemetry.hpp")->text.find("otel-setup remove") !=
        std::string::npos);
  // The runtime's tests are not copied.
  for (const Edit& edit : plan.edits)
    CHECK(edit.file.find("/tests/") == std::string::npos);
  const Edit* cmake = find_edit(plan, "CMakeLists.txt");
  REQUIRE(cmake != nullptr);
  CHECK(cmake->kind == EditKind::insert);
  CHECK(cmake->offset == 120);
  CHECK(cmake->base_hash == "cmake123");
  CHECK(cmake->text ==
        "\n# otel-setup:begin telemetry-build\nadd_subdirectory(telemetry)\n"
        "target_link_libraries(orders PRIVATE telemetry)\n# otel-setup:end telemetry-build");
  CHECK(plan.manual_steps.empty());
}

TEST_CASE("main() gets the include and init + guard between markers") {
  const Plan plan = plan_init(service_facts(), PlanOptions{});
  CHECK(apply_inserts(kMain, plan, "main.cpp") ==
        "#include <iostream>\n"
        "// otel-setup:begin telemetry-include\n"
        "#include \"telemetry/telemetry.hpp\"\n"
        "// otel-setup:end telemetry-include\n"
        "\n"
        "int main() {\n"
        "  // otel-setup:begin telemetry-init\n"
        "  telemetry::init(telemetry::Options(\"orders\"));\n"
        "  const telemetry::ShutdownGuard telemetry_shutdown_guard;\n"
        "  // otel-setup:end telemetry-init\n"
        "  return 0;\n"
        "}\n");
  for (const Edit& edit : plan.edits) {
    if (edit.file == "main.cpp") CHECK(edit.base_hash == "abc123");
  }
}

TEST_CASE("service name, include style and indentation follow options and the project") {
  facts::Facts facts = service_facts();
  facts.entry_points[0].quoted_includes = false;
  facts.entry_points[0].body_indent = "    ";
  PlanOptions options;
  options.service_name = "billing \"eu\"";
  const Plan plan = plan_init(facts, options);
  const std::string edited = apply_inserts(kMain, plan, "main.cpp");
  CHECK(edited.find("#include <telemetry/telemetry.hpp>") != std::string::npos);
  CHECK(edited.find("    telemetry::init(telemetry::Options(\"billing \\\"eu\\\"\"));") !=
        std::string::npos);
  CHECK(find_edit(plan, "telemetry/telemetry.cpp")->text.find("#include <otelrt/trace.hpp>") !=
        std::string::npos);
}

TEST_CASE("code on the line of main's brace keeps its own line") {
  const std::string source = "int main() { return 0; }\n";
  facts::Facts facts = service_facts();
  facts.entry_points[0].last_include_line = 0;
  facts.entry_points[0].last_include_end = -1;
  facts.entry_points[0].body_open.byte_offset = 11;
  facts.entry_points[0].code_after_body_open = true;
  const std::string edited = apply_inserts(source, plan_init(facts, {}), "main.cpp");
  CHECK(edited.rfind("// otel-setup:begin telemetry-include\n", 0) == 0);
  CHECK(edited.find("// otel-setup:end telemetry-init\n   return 0; }") != std::string::npos);
}

TEST_CASE("a plain target_link_libraries signature is kept plain") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].targets[0].plain_link_signature = true;
  const Plan plan = plan_init(facts, {});
  const Edit* cmake = find_edit(plan, "CMakeLists.txt");
  REQUIRE(cmake != nullptr);
  CHECK(cmake->text.find("target_link_libraries(orders telemetry)") != std::string::npos);
}

TEST_CASE("a target in a subfolder gets telemetry/ beside its CMakeLists") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].targets[0].file = "app/CMakeLists.txt";
  const Plan plan = plan_init(facts, {});
  CHECK(find_edit(plan, "app/telemetry/telemetry.hpp") != nullptr);
  CHECK(find_edit(plan, "app/CMakeLists.txt") != nullptr);
}

TEST_CASE("no main() is an error that suggests --entry and lists the target's sources") {
  facts::Facts facts = service_facts();
  facts.entry_points.clear();
  try {
    plan_init(facts, {});
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()) == "no main() found");
    CHECK(error.hint().find("--entry FILE") != std::string::npos);
    CHECK(error.hint().find("main.cpp") != std::string::npos);
  }
}

TEST_CASE("several executables are an error listing them with --target") {
  facts::Facts facts = service_facts();
  facts::BuildTarget tool = facts.build_systems[0].targets[0];
  tool.name = "orders-admin";
  facts.build_systems[0].targets.push_back(tool);
  try {
    plan_init(facts, {});
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    CHECK(error.hint().find("--target NAME") != std::string::npos);
    CHECK(error.hint().find("orders-admin") != std::string::npos);
  }
  PlanOptions options;
  options.target = "orders";
  CHECK_FALSE(plan_init(facts, options).empty());
  options.target = "nope";
  CHECK_THROWS_AS(plan_init(facts, options), Error);
}

TEST_CASE("a parse error near main() refuses that edit with a reason and manual lines") {
  facts::Facts facts = service_facts();
  facts.entry_points[0].parse_error_near = true;
  const Plan plan = plan_init(facts, {});
  CHECK(find_edit(plan, "main.cpp") == nullptr);
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("not edited") != std::string::npos);
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("telemetry::ShutdownGuard") != std::string::npos);
  CHECK(find_edit(plan, "CMakeLists.txt") != nullptr);  // the rest still happens
}

TEST_CASE("a second init plans nothing") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].targets[0].link_libraries = {"telemetry"};  // the block, as scanned
  facts.markers = {marker("telemetry/telemetry.hpp", "generated"),
                   marker("main.cpp", "telemetry-include"), marker("main.cpp", "telemetry-init"),
                   marker("CMakeLists.txt", "telemetry-build")};
  const Plan plan = plan_init(facts, {});
  CHECK(plan.empty());
  CHECK(plan.manual_steps.empty());
  CHECK(describe_plan(plan) == "nothing to do: already set up\n");
}

TEST_CASE("a second program of the repository is linked to the module init added before") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].targets[0].link_libraries = {"telemetry"};
  facts::BuildTarget tool = facts.build_systems[0].targets[0];
  tool.name = "tool";
  tool.sources = {"tool.cpp"};
  tool.link_libraries = {};
  tool.declaration_end.byte_offset = 200;
  facts.build_systems[0].targets.push_back(tool);
  facts::EntryPoint tool_main = facts.entry_points[0];
  tool_main.file = "tool.cpp";
  tool_main.target = "tool";
  facts.entry_points.push_back(tool_main);
  facts.markers = {marker("telemetry/telemetry.hpp", "generated"),
                   marker("main.cpp", "telemetry-include"), marker("main.cpp", "telemetry-init"),
                   marker("CMakeLists.txt", "telemetry-build")};
  PlanOptions options;
  options.target = "tool";
  const Plan plan = plan_init(facts, options);
  const Edit* link = nullptr;
  for (const Edit& edit : plan.edits)
    if (edit.file == "CMakeLists.txt") link = &edit;
  REQUIRE(link != nullptr);
  CHECK(link->id == "telemetry-link-tool");
  CHECK(link->offset == 200);
  CHECK(link->text ==
        "\n# otel-setup:begin telemetry-link-tool\ntarget_link_libraries(tool PRIVATE telemetry)\n"
        "# otel-setup:end telemetry-link-tool");
  CHECK(link->text.find("add_subdirectory") == std::string::npos);

  options.target = "orders";  // the first program: nothing left to do
  CHECK(plan_init(facts, options).empty());
}

// tests/fixtures/already-instrumented: an older otel-setup wrote src/telemetry/ and other
// marker ids (include, main-init) and listed the module's sources in the executable.
TEST_CASE("an init by an older otel-setup elsewhere plans nothing and says why") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].targets[0].sources = {"main.cpp", "src/telemetry/telemetry.cpp"};
  facts.entry_points[0].includes_telemetry = true;
  facts.markers = {marker("src/telemetry/telemetry.hpp", "generated"),
                   marker("main.cpp", "include"), marker("main.cpp", "main-init")};
  const Plan plan = plan_init(facts, {});
  CHECK(plan.empty());
  CHECK(plan.manual_steps.empty());
  REQUIRE(plan.notes.size() == 3);
  CHECK(plan.notes[0].find("src/telemetry/ already holds") == 0);
  CHECK(plan.notes[1].find("'main-init'") != std::string::npos);
  CHECK(plan.notes[2].find("already compiles") != std::string::npos);
}

TEST_CASE("a telemetry module written by hand is neither generated nor initialised again") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].targets[0].sources = {"main.cpp", "lib/telemetry/telemetry.cpp"};
  facts.entry_points[0].includes_telemetry = true;
  facts::Library self;
  self.id = "otel-setup";
  self.kind = facts::LibraryKind::tracing;
  self.evidence.push_back({"lib/telemetry/telemetry.cpp",
                           {1, 0, 0},
                           facts::EvidenceKind::include,
                           "#include \"telemetry/telemetry.hpp\""});
  facts.libraries.push_back(self);
  const Plan plan = plan_init(facts, {});
  CHECK(plan.empty());
  REQUIRE(plan.notes.size() == 3);
  CHECK(plan.notes[0].find("written by hand") != std::string::npos);
  CHECK(plan.notes[1].find("telemetry::init()") != std::string::npos);
}

TEST_CASE("an include the user already wrote is not added again") {
  facts::Facts facts = service_facts();
  facts.entry_points[0].includes_telemetry = true;
  const Plan plan = plan_init(facts, {});
  for (const Edit& edit : plan.edits)
    CHECK(edit.id != "telemetry-include");
}

TEST_CASE("Meson: files are written and the build steps are manual") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].id = "meson";
  facts.build_systems[0].file = "meson.build";
  facts.build_systems[0].targets.clear();
  const Plan plan = plan_init(facts, {});
  CHECK(find_edit(plan, "telemetry/telemetry.hpp") != nullptr);
  CHECK(find_edit(plan, "telemetry/CMakeLists.txt") == nullptr);
  CHECK(find_edit(plan, "meson.build") == nullptr);
  // telemetry/meson.build declares the library; the user reads it from the root meson.build.
  const Edit* library = find_edit(plan, "telemetry/meson.build");
  REQUIRE(library != nullptr);
  CHECK(library->text.find("static_library('telemetry'") != std::string::npos);
  CHECK(library->text.find("'otelrt/src/") != std::string::npos);
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("root meson.build, add subdir('telemetry')") !=
        std::string::npos);
}

TEST_CASE("Meson: subdir('telemetry') goes before the subdir() declaring the executable") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].id = "meson";
  facts.build_systems[0].file = "meson.build";
  facts.build_systems[0].targets[0].file = "src/meson.build";
  facts.entry_points[0].target = facts.build_systems[0].targets[0].name;
  const Plan plan = plan_init(facts, {});
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0] ==
        "In the root meson.build, add subdir('telemetry') before subdir('src') (src/meson.build "
        "declares executable('" +
            facts.build_systems[0].targets[0].name +
            "')), and in "
            "src/meson.build add telemetry_dep to the dependencies: of executable('" +
            facts.build_systems[0].targets[0].name + "').\n");
}

// The //app:store half (a target whose file an integration edits) is pinned by the golden of
// tests/fixtures/bazel-service.
TEST_CASE("Bazel: a root BUILD.bazel to create and the //:telemetry label with visibility") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].id = "bazel";
  facts.build_systems[0].file = "MODULE.bazel";
  facts.build_systems[0].targets[0].file = "app/BUILD.bazel";
  facts.build_systems[0].targets[0].sources = {"main.cc"};
  facts.entry_points[0].file = "app/main.cc";
  const Plan plan = plan_init(facts, {});
  REQUIRE(plan.manual_steps.size() == 1);
  const std::string& step = plan.manual_steps[0];
  CHECK(step.find("In BUILD.bazel at the repository root (create it: telemetry/ is there)") == 0);
  CHECK(step.find("visibility = [\"//visibility:public\"]") != std::string::npos);
  CHECK(step.find("add \"//:telemetry\" to the deps of //app:orders.") != std::string::npos);
}

TEST_CASE("Bazel and Makefile builds get their own manual steps") {
  facts::Facts facts = service_facts();
  facts.build_systems[0].id = "bazel";
  facts.build_systems[0].targets.clear();
  REQUIRE(plan_init(facts, {}).manual_steps.size() == 1);
  CHECK(plan_init(facts, {}).manual_steps[0].find("cc_library(") != std::string::npos);
  facts.build_systems[0].id = "make";
  CHECK(plan_init(facts, {}).manual_steps[0].find("-pthread") != std::string::npos);
}

TEST_CASE("opentelemetry-cpp: no runtime copy, find_package and vcpkg steps") {
  facts::Facts facts = service_facts();
  facts::BuildSystem vcpkg;
  vcpkg.id = "vcpkg";
  vcpkg.file = "vcpkg.json";
  facts.build_systems.push_back(vcpkg);
  PlanOptions options;
  options.runtime = Runtime::opentelemetry_cpp;
  const Plan plan = plan_init(facts, options);
  for (const Edit& edit : plan.edits)
    CHECK(edit.file.find("otelrt") == std::string::npos);
  CHECK(find_edit(plan, "telemetry/CMakeLists.txt")
            ->text.find("find_package(opentelemetry-cpp CONFIG REQUIRED)") != std::string::npos);
  CHECK(find_edit(plan, "telemetry/telemetry.cpp")->text.find("OtlpHttpExporterFactory") !=
        std::string::npos);
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("\"opentelemetry-cpp\"") != std::string::npos);
}

TEST_CASE("the bundled runtime needs no vcpkg entry") {
  facts::Facts facts = service_facts();
  facts::BuildSystem vcpkg;
  vcpkg.id = "vcpkg";
  vcpkg.file = "vcpkg.json";
  facts.build_systems.push_back(vcpkg);
  const Plan plan = plan_init(facts, {});
  CHECK(find_edit(plan, "vcpkg.json") == nullptr);
  CHECK(plan.manual_steps.empty());
}

TEST_CASE("detected libraries without an integration planner are noted") {
  facts::Facts facts = service_facts();
  facts::Library unknown;
  unknown.id = "not-in-the-catalog";
  unknown.kind = facts::LibraryKind::db;
  facts.libraries.push_back(unknown);
  const Plan plan = plan_init(facts, {});
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("not-in-the-catalog") != std::string::npos);
}
