// `otel-setup detect --json` end to end through the CLI, against golden documents
// (tests/detectors/golden/<fixture>.json; "root" and "stats" vary per machine and run).
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "build_test_support.hpp"
#include "run.hpp"

namespace {

int run_cli(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), "otel-setup");
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  std::ostringstream out_stream, err_stream;
  int code =
      otel_setup::cli::run(static_cast<int>(argv.size()), argv.data(), out_stream, err_stream);
  out = out_stream.str();
  err = err_stream.str();
  return code;
}

}  // namespace

TEST_CASE("detect --json matches the golden document") {
  auto name = GENERATE(as<std::string>{}, "mixed-stack", "vendored-httplib");
  std::string out, err;
  REQUIRE(run_cli({"detect", "--json", std::string(OTEL_SETUP_FIXTURES_DIR) + "/" + name}, out,
                  err) == 0);
  nlohmann::json actual = nlohmann::json::parse(out);
  actual.erase("root");
  actual.erase("stats");
  std::ifstream golden(std::string(OTEL_SETUP_FIXTURES_DIR) + "/../detectors/golden/" + name +
                       ".json");
  REQUIRE(golden.good());
  CHECK(actual.dump(2) == nlohmann::json::parse(golden).dump(2));
}

TEST_CASE("detect prints a readable summary and fails cleanly on a bad path") {
  std::string out, err;
  REQUIRE(run_cli({"detect", std::string(OTEL_SETUP_FIXTURES_DIR) + "/httplib-server"}, out, err) ==
          0);
  CHECK(out.find("Entry point: src/main.cpp:8") != std::string::npos);
  CHECK(out.find("cpp-httplib") != std::string::npos);
  CHECK(out.find("listen  src/main.cpp:24 in main") != std::string::npos);
  CHECK(out.find("otel-setup init") != std::string::npos);
  CHECK(run_cli({"detect", "/nonexistent/otel-setup-path"}, out, err) == 2);
  CHECK(err.find("/nonexistent/otel-setup-path: no such directory") != std::string::npos);
}

TEST_CASE("detect's next steps name the main() init would edit, or say init will ask") {
  build_test::TempDir tree;
  tree.write("server.cpp", "int main() { return 0; }\n");
  std::string out, err;
  REQUIRE(run_cli({"detect", tree.path()}, out, err) == 0);
  CHECK(out.find("a shutdown guard in server.cpp:1\n") != std::string::npos);

  tree.write("tool.cpp", "int main(int argc, char** argv) { return argc; }\n");
  REQUIRE(run_cli({"detect", tree.path()}, out, err) == 0);
  CHECK(out.find("a shutdown guard in the service's main() (init asks which: --entry FILE") !=
        std::string::npos);

  // One executable target decides, as it does for init.
  tree.write("CMakeLists.txt",
             "cmake_minimum_required(VERSION 3.16)\nproject(p CXX)\n"
             "add_executable(server server.cpp)\n");
  REQUIRE(run_cli({"detect", tree.path()}, out, err) == 0);
  CHECK(out.find("a shutdown guard in server.cpp:1\n") != std::string::npos);

  tree.write("CMakeLists.txt",
             "cmake_minimum_required(VERSION 3.16)\nproject(p CXX)\n"
             "add_executable(server server.cpp)\nadd_executable(tool tool.cpp)\n");
  REQUIRE(run_cli({"detect", tree.path()}, out, err) == 0);
  CHECK(out.find("(init asks which: --entry FILE or --target NAME)") != std::string::npos);
}
