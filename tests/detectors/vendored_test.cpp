// Vendored copies: which folder a catalog vendored marker makes the library's own, and that
// nothing inside it is a finding while the rest of the tree still is.
#include <catch2/catch.hpp>

#include <algorithm>

#include "build_test_support.hpp"
#include "otel_setup/scan.hpp"
#include "vendored.hpp"

using otel_setup::detectors::owned_folder;

TEST_CASE("a vendored marker owns the highest folder named like the library within its bound") {
  // Boost ships Beast inside boost/: "../.." from boost/beast/ would be the whole of Boost.
  CHECK(owned_folder("boost/beast/version.hpp", "../..", "beast") == "boost/beast/");
  CHECK(owned_folder("third_party/boost/beast/version.hpp", "../..", "beast") ==
        "third_party/boost/beast/");
  // A library repository copied whole: the folder named like it, above its include/.
  CHECK(owned_folder("third_party/spdlog/include/spdlog/version.h", "../..", "spdlog") ==
        "third_party/spdlog/");
  CHECK(owned_folder("vendor/curl/include/curl/curlver.h", "../..", "libcurl") == "vendor/curl/");
  CHECK(owned_folder("deps/libcurl/include/curl/curlver.h", "../..", "libcurl") == "deps/libcurl/");
  // A library of a family: boost-log lives in boost/log/.
  CHECK(owned_folder("boost/log/detail/config.hpp", "..", "boost-log") == "boost/log/");
  // Never above the bound, even when a higher folder has the name.
  CHECK(owned_folder("beast/x/beast/y/beast/version.hpp", "../..", "beast") == "beast/x/beast/");
  // No folder named like it within the bound: the marker's own folder.
  CHECK(owned_folder("ext/include/server/endpoint.h", "../..", "pistache") ==
        "ext/include/server/");
  // A bound above the root stops at the root.
  CHECK(owned_folder("spdlog/version.h", "../..", "spdlog") == "spdlog/");
  CHECK(owned_folder("version.h", "../..", "spdlog").empty());
}

namespace {

std::vector<std::string> entry_files(const otel_setup::facts::Facts& facts) {
  std::vector<std::string> files;
  for (const auto& entry : facts.entry_points)
    files.push_back(entry.file);
  return files;
}

}  // namespace

TEST_CASE("a copy of Boost: Beast and Boost.Log are vendored and the rest of it still counts") {
  build_test::TempDir tree;
  tree.write("include/boost/beast/version.hpp",
             "#define BOOST_BEAST_VERSION 322\n#include <boost/beast/core/detail/config.hpp>\n");
  tree.write("include/boost/beast/core.hpp",
             "#include <boost/beast/core/buffer.hpp>\nint main(int, char**) { return 0; }\n");
  tree.write("include/boost/log/detail/config.hpp",
             "#ifndef BOOST_LOG_DETAIL_CONFIG_HPP_INCLUDED_\n"
             "#define BOOST_LOG_DETAIL_CONFIG_HPP_INCLUDED_\n#endif\n");
  tree.write("include/boost/log/trivial.hpp",
             "#include <boost/log/detail/config.hpp>\nnamespace boost { namespace log {} }\n");
  // Outside boost/beast/ and boost/log/: Boost's own test main is still an entry point.
  tree.write("include/boost/detail/lightweight_main.hpp", "int main() { return 0; }\n");
  tree.write("src/main.cpp", "#include <sqlite3.h>\nint main() { sqlite3_open(\"x\", 0); }\n");
  otel_setup::detectors::ScanOptions options;
  options.root = tree.path();
  options.threads = 2;
  otel_setup::facts::Facts facts = otel_setup::detectors::scan(options);

  CHECK(entry_files(facts) ==
        std::vector<std::string>{"include/boost/detail/lightweight_main.hpp", "src/main.cpp"});
  const otel_setup::facts::Library* beast = facts.find_library("beast");
  REQUIRE(beast != nullptr);
  CHECK(beast->vendored);
  CHECK(beast->vendored_files == std::vector<std::string>{"include/boost/beast/version.hpp"});
  CHECK(beast->evidence.empty());  // boost/beast/core.hpp is Beast's own code
  const otel_setup::facts::Library* log = facts.find_library("boost-log");
  REQUIRE(log != nullptr);
  CHECK(log->vendored);
  CHECK(log->evidence.empty());  // boost/log/trivial.hpp is Boost.Log's own code
  CHECK(facts.find_library("sqlite3") != nullptr);
  CHECK(facts.stats.files_parsed == 2);  // lightweight_main.hpp and main.cpp
}
