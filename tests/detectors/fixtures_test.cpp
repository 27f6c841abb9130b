// Every fixture repository under tests/fixtures/ is scanned and compared with its
// expected.json: exactly these entry points, libraries (id, kind, vendored), include
// evidence and sites, and these warnings — nothing more, nothing less; and, where
// expected.json lists them, exactly these build systems (targets, packages, evidence).
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "build_test_support.hpp"
#include "otel_setup/scan.hpp"

namespace {

using nlohmann::json;

json actual_findings(const otel_setup::facts::Facts& facts) {
  json out = {
      {"entry_points", json::array()}, {"libraries", json::array()}, {"warnings", json::array()}};
  for (const auto& entry : facts.entry_points)
    out["entry_points"].push_back(
        {{"file", entry.file}, {"line", entry.position.line}, {"target", entry.target}});
  for (const auto& library : facts.libraries) {
    json item = {{"id", library.id},
                 {"kind", otel_setup::facts::to_string(library.kind)},
                 {"vendored", library.vendored},
                 {"includes", json::array()},
                 {"sites", json::array()}};
    for (const auto& evidence : library.evidence) {
      if (evidence.kind == otel_setup::facts::EvidenceKind::include)
        item["includes"].push_back({{"file", evidence.file}, {"line", evidence.position.line}});
    }
    for (const auto& site : library.sites) {
      item["sites"].push_back({{"role", site.role},
                               {"file", site.file},
                               {"line", site.position.line},
                               {"function", site.function},
                               {"receiver", site.receiver},
                               {"parse_error_near", site.parse_error_near}});
    }
    out["libraries"].push_back(item);
  }
  for (const auto& warning : facts.warnings)
    out["warnings"].push_back({{"file", warning.file}, {"message", warning.message}});
  out["build_systems"] = json::array();
  for (const auto& system : facts.build_systems) {
    json item = {{"id", system.id},
                 {"file", system.file},
                 {"project_name", system.project_name},
                 {"cxx_standard", system.cxx_standard},
                 {"packages", system.packages},
                 {"targets", json::array()},
                 {"evidence", json::array()}};
    for (const auto& target : system.targets) {
      item["targets"].push_back({{"name", target.name},
                                 {"type", target.type},
                                 {"file", target.file},
                                 {"line", target.position.line},
                                 {"sources", target.sources},
                                 {"link_libraries", target.link_libraries}});
    }
    for (const auto& evidence : system.evidence)
      item["evidence"].push_back({{"file", evidence.file}, {"line", evidence.position.line}});
    out["build_systems"].push_back(item);
  }
  return out;
}

otel_setup::facts::Facts scan_fixture(const std::string& name, unsigned threads = 2) {
  otel_setup::detectors::ScanOptions options;
  options.root = std::string(OTEL_SETUP_FIXTURES_DIR) + "/" + name;
  options.threads = threads;
  return otel_setup::detectors::scan(options);
}

}  // namespace

TEST_CASE("fixture repositories yield exactly their expected findings") {
  auto name = GENERATE(as<std::string>{}, "alias-using", "already-instrumented", "beast-server",
                       "cli-tool", "data-pipeline", "grpc-server", "httplib-server", "mixed-stack",
                       "pistache-server", "syntax-errors", "tricky-includes", "two-executables",
                       "vendored-httplib", "meson-service", "bazel-service", "vcpkg-conan");
  std::ifstream file(std::string(OTEL_SETUP_FIXTURES_DIR) + "/" + name + "/expected.json");
  REQUIRE(file.good());
  json expected = json::parse(file);
  json actual = actual_findings(scan_fixture(name));
  INFO("fixture " << name);
  CHECK(actual["entry_points"].dump(2) == expected["entry_points"].dump(2));
  CHECK(actual["libraries"].dump(2) == expected["libraries"].dump(2));
  CHECK(actual["warnings"].dump(2) == expected["warnings"].dump(2));
  // The build-system fixtures also pin what their reader found.
  if (expected.contains("build_systems"))
    CHECK(actual["build_systems"].dump(2) == expected["build_systems"].dump(2));
}

TEST_CASE("one thread and two threads give the same facts") {
  for (const char* name : {"mixed-stack", "data-pipeline"}) {
    CHECK(actual_findings(scan_fixture(name, 1)) == actual_findings(scan_fixture(name, 2)));
  }
}

TEST_CASE("entry points carry what the planner anchors on") {
  otel_setup::facts::Facts facts = scan_fixture("httplib-server");
  REQUIRE(facts.entry_points.size() == 1);
  const auto& entry = facts.entry_points.front();
  CHECK(entry.signature == "int main(int argc, char** argv)");
  CHECK(entry.position.column == 5);
  CHECK(entry.body_open.line == 8);
  CHECK(entry.body_close.line == 26);
  CHECK(entry.last_include_line == 6);
  CHECK(entry.quoted_includes);
  CHECK(entry.body_indent == "  ");
  CHECK_FALSE(entry.code_after_body_open);
  CHECK_FALSE(entry.includes_telemetry);
  // `git hash-object src/main.cpp`: the blob id lets apply compare-and-swap.
  CHECK(entry.content_hash.size() == 40);
  std::ifstream source(std::string(OTEL_SETUP_FIXTURES_DIR) + "/httplib-server/src/main.cpp",
                       std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
  CHECK(bytes.substr(static_cast<std::size_t>(entry.body_open.byte_offset), 1) == "{");
  CHECK(bytes.substr(static_cast<std::size_t>(entry.body_close.byte_offset), 1) == "}");
  CHECK(bytes.substr(static_cast<std::size_t>(entry.position.byte_offset), 4) == "main");
  CHECK(bytes[static_cast<std::size_t>(entry.last_include_end) - 1] == '\n');
}

// The planner inserts its #include after last_include_end: never inside an #if/#else branch
// (tricky-includes: <hiredis/hiredis.h> sits in the #else of an #if 0).
TEST_CASE("the include anchor is the last #include outside any conditional block") {
  otel_setup::facts::Facts facts = scan_fixture("tricky-includes");
  REQUIRE(facts.entry_points.size() == 1);
  const auto& entry = facts.entry_points.front();
  CHECK(entry.last_include_line == 3);  // #include <string>
  std::ifstream source(std::string(OTEL_SETUP_FIXTURES_DIR) + "/tricky-includes/src/main.cpp",
                       std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
  CHECK(bytes.substr(0, static_cast<std::size_t>(entry.last_include_end)).find("#if") ==
        std::string::npos);
  CHECK(bytes.substr(static_cast<std::size_t>(entry.last_include_end), 6) == "\n#if 0");
}

TEST_CASE("with only conditional includes the anchor is the start of the first block") {
  build_test::TempDir dir;
  const std::string main_cpp =
      "// service\n"
      "#ifdef USE_REDIS\n"
      "#include <hiredis/hiredis.h>\n"
      "#else\n"
      "#include <string>\n"
      "#endif\n"
      "int main() { return 0; }\n";
  dir.write("main.cpp", main_cpp);
  otel_setup::detectors::ScanOptions options;
  options.root = dir.path().string();
  options.threads = 1;
  const otel_setup::facts::Facts facts = otel_setup::detectors::scan(options);
  REQUIRE(facts.entry_points.size() == 1);
  CHECK(facts.entry_points[0].last_include_line == 1);
  CHECK(facts.entry_points[0].last_include_end ==
        static_cast<std::int64_t>(main_cpp.find("#ifdef")));
}

TEST_CASE("already instrumented code reports this tool's markers") {
  otel_setup::facts::Facts facts = scan_fixture("already-instrumented");
  REQUIRE(facts.markers.size() == 5);
  CHECK(facts.markers[0].file == "CMakeLists.txt");
  CHECK(facts.markers[0].id == "telemetry-sources");
  CHECK(facts.markers[1].id == "include");
  CHECK(facts.markers[1].begin.line == 4);
  CHECK(facts.markers[1].end.line == 6);
  CHECK(facts.markers[2].id == "main-init");
  CHECK(facts.markers[3].id == "generated");
  REQUIRE(facts.entry_points.size() == 1);
  CHECK(facts.entry_points[0].includes_telemetry);
}
