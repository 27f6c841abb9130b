// The Meson fixture (tests/fixtures/meson-service) builds with Meson after `init` and the
// manual step the plan prints (subdir('telemetry') in the root meson.build before
// subdir('src'), telemetry_dep in the executable's dependencies), so the generated
// telemetry/meson.build is compiled for real; the binary then prints its spans. Label slow.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include "otel_setup/planner.hpp"
#include "otel_setup/scan.hpp"
#include "planner_test_support.hpp"

using namespace otel_setup;
using namespace scaffold_test;
namespace fs = std::filesystem;

namespace {

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Does what the manual step says, by plain text replacement on the fixture's two files.
void follow_manual_step(const fs::path& root) {
  const std::string top = read_file(root / "meson.build");
  const auto at = top.find("subdir('src')");
  REQUIRE(at != std::string::npos);
  write_file(root / "meson.build", top.substr(0, at) + "subdir('telemetry')\n" + top.substr(at));
  std::string src = read_file(root / "src/meson.build");
  const std::string deps = "dependencies : [curl_dep, sqlite_dep";
  const auto deps_at = src.find(deps);
  REQUIRE(deps_at != std::string::npos);
  src.insert(deps_at + deps.size(), ", telemetry_dep");
  write_file(root / "src/meson.build", src);
}

}  // namespace

TEST_CASE("meson-service builds with Meson after init and its manual step", "[slow]") {
  if (run("command -v meson > /dev/null 2>&1") != 0) {
    WARN("meson is not installed (apt-get install meson): not tested");
    return;
  }
  const fs::path temp = make_temp_dir("meson-service");
  const fs::path root = temp / "meson-service";
  fs::copy(fs::path(OTEL_SETUP_SOURCE_DIR) / "tests/fixtures/meson-service", root,
           fs::copy_options::recursive);
  detectors::ScanOptions options;
  options.root = root;
  options.threads = 1;
  const scaffold::Plan plan = scaffold::plan_init(detectors::scan(options), {});
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("add subdir('telemetry') before subdir('src')") !=
        std::string::npos);
  apply_plan(plan, root);
  follow_manual_step(root);

  const std::string log = (root / "build.log").string();
  INFO("build log: " << log);
  REQUIRE(run("meson setup " + (root / "build").string() + " " + root.string() + " > " + log +
              " 2>&1") == 0);
  REQUIRE(run("ninja -C " + (root / "build").string() + " -j2 >> " + log + " 2>&1") == 0);
  const std::string out = (root / "out.txt").string();
  REQUIRE(run("cd " + root.string() + " && OTEL_TRACES_EXPORTER=console build/src/orders > " + out +
              " 2>&1") == 0);
  CHECK(read_file(out).find("db.system.name=\"sqlite\"") != std::string::npos);
  fs::remove_all(temp);
}
