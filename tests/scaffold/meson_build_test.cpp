// The Meson fixture (tests/fixtures/meson-service) builds with Meson after `init` and the
// manual step the plan prints (subdir('telemetry') in the root meson.build before
// subdir('src'), telemetry_dep in the executable's dependencies), so the generated
// telemetry/meson.build is compiled for real; the binary then prints its spans and checks the
// SQLite wrapper's statement summaries. Label slow.
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

// Appended to the fixture's main.cpp after init (which includes sqlite_tracing.hpp there): the
// statement summaries the SQLite wrapper remembers per thread must be those a fresh scan gives,
// for statements seen again, evicted ones, long ones and ones without an operation.
const char* kStatementCheck = R"check(
#include <string>
#include <vector>

int check_statement_summaries() {
  using telemetry::sqlite_detail::StatementSummary;
  std::vector<std::string> texts;
  for (int round = 0; round < 3; ++round) {
    for (int table = 0; table < 40; ++table) {  // more than are remembered: evictions
      texts.push_back("SELECT sku FROM t" + std::to_string(table % (round == 1 ? 5 : 40)));
    }
  }
  texts.push_back("insert into orders(sku) values (?)");
  texts.push_back("UPDATE " + std::string(5000, 'x') + " SET a = 1");  // too long to remember
  texts.push_back("");
  texts.push_back("  ;");
  texts.push_back("SELECT sku FROM t3");
  for (const std::string& text : texts) {
    StatementSummary fresh;
    telemetry::sqlite_detail::summarize(text, fresh);
    const StatementSummary& remembered = telemetry::sqlite_detail::summary_of(text);
    if (remembered.name != fresh.name || remembered.operation != fresh.operation) return 1;
  }
  const StatementSummary& select = telemetry::sqlite_detail::summary_of("SELECT sku FROM t3");
  const StatementSummary& insert =
      telemetry::sqlite_detail::summary_of("insert into orders(sku) values (?)");
  const StatementSummary& none = telemetry::sqlite_detail::summary_of("  ;");
  if (select.name != "SELECT t3" || insert.name != "INSERT orders" ||
      insert.operation != "INSERT" || !none.name.empty() || !none.operation.empty()) {
    return 1;
  }
  return 0;
}
)check";

void add_statement_check(const fs::path& root) {
  std::string main = read_file(root / "src/main.cpp");
  const std::string opening = "int main() {\n";
  const auto body = main.find(opening);
  REQUIRE(body != std::string::npos);
  main.insert(body + opening.size(), "  if (check_statement_summaries() != 0) return 9;\n");
  main.insert(body, std::string(kStatementCheck).substr(1) + "\n");
  write_file(root / "src/main.cpp", main);
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
  add_statement_check(root);

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
