// Every fixture project still builds with its own CMake after `init` (planned from the same
// facts as the goldens, written to a temporary copy), and the instrumented binary runs:
// the CLI tool exits normally with tracing on. Label slow: five builds of the runtime.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include "otel_setup/planner.hpp"
#include "planner_test_support.hpp"

using namespace otel_setup;
using namespace scaffold_test;
namespace fs = std::filesystem;

namespace {

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

fs::path instrument_copy(const std::string& name, const scaffold::PlanOptions& options) {
  const fs::path source = fs::path(OTEL_SETUP_SOURCE_DIR) / "tests/e2e/projects" / name;
  const fs::path root = make_temp_dir("fixture-" + name) / name;
  fs::copy(source, root, fs::copy_options::recursive);
  const scaffold::Plan plan = scaffold::plan_init(fixture_facts(root), options);
  REQUIRE_FALSE(plan.empty());
  apply_plan(plan, root);
  // A second plan over the instrumented copy (its markers as facts) is empty.
  facts::Facts again = fixture_facts(root);
  for (const auto& edit : plan.edits) {
    facts::Marker marker;
    marker.file = edit.file;
    marker.id = edit.id;
    again.markers.push_back(marker);
  }
  CHECK(scaffold::plan_init(again, options).empty());
  return root;
}

void build(const fs::path& root) {
  const std::string log = (root / "build.log").string();
  INFO("build log: " << log);
  REQUIRE(run("cmake -S " + root.string() + " -B " + (root / "build").string() + " -G Ninja > " +
              log + " 2>&1") == 0);
  REQUIRE(run("cmake --build " + (root / "build").string() + " -j2 >> " + log + " 2>&1") == 0);
}

// Removes a fixture's temporary copy once its section passed; a failed one stays for its logs.
struct Cleanup {
  fs::path root;
  ~Cleanup() {
    if (!root.empty()) fs::remove_all(root.parent_path());
  }
};

}  // namespace

TEST_CASE("fixtures build after init", "[slow]") {
  Cleanup cleanup;  // set only once a section passed
  SECTION("httplib-orders") {
    const fs::path root = instrument_copy("httplib-orders", {});
    build(root);
    cleanup.root = root;
  }
  SECTION("beast-inventory") {
    const fs::path root = instrument_copy("beast-inventory", {});
    build(root);
    cleanup.root = root;
  }
  SECTION("vcpkg-pricing (C++20)") {
    const fs::path root = instrument_copy("vcpkg-pricing", {});
    build(root);
    cleanup.root = root;
  }
  SECTION("two-executables --target kvstore-server") {
    scaffold::PlanOptions options;
    options.target = "kvstore-server";
    const fs::path root = instrument_copy("two-executables", options);
    build(root);
    cleanup.root = root;
  }
  SECTION("cli-wordcount runs and exits 0 with tracing on") {
    const fs::path root = instrument_copy("cli-wordcount", {});
    build(root);
    const std::string out = (root / "out.txt").string();
    REQUIRE(run("echo 'a b a' | OTEL_TRACES_EXPORTER=console " +
                (root / "build/wordcount").string() + " > " + out + " 2>&1") == 0);
    REQUIRE(read_file(out).find("2 a") != std::string::npos);
    cleanup.root = root;
  }
}
