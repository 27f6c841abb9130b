#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "run.hpp"

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "otel-setup");
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  std::ostringstream out, err;
  int code = otel_setup::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("unknown command suggests the closest one and exits 2") {
  Result result = run_cli({"detct"});
  CHECK(result.code == 2);
  CHECK(result.err.find("did you mean 'otel-setup detect'?") != std::string::npos);
}

TEST_CASE("the version flag prints the version and exits 0") {
  Result result = run_cli({"--version"});
  CHECK(result.code == 0);
  CHECK(result.out.rfind("otel-setup ", 0) == 0);
}

TEST_CASE("the help flag lists every command") {
  Result result = run_cli({"--help"});
  CHECK(result.code == 0);
  for (const char* name : {"detect", "init", "add", "diff", "remove", "doctor", "view", "list"}) {
    CHECK(result.out.find(name) != std::string::npos);
  }
}

TEST_CASE("an unknown flag is a usage error") {
  Result result = run_cli({"detect", "--bogus"});
  CHECK(result.code == 2);
  CHECK(result.err.find("--bogus") != std::string::npos);
}
