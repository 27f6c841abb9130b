// The CMake reader: project name, standard, targets and sources, packages, links, and
// add_subdirectory() followed on disk.
#include <catch2/catch.hpp>

#include "build_systems.hpp"
#include "build_test_support.hpp"
#include "cmake_project.hpp"

using otel_setup::detectors::cmake::read_project_text;
using otel_setup::facts::BuildSystem;
using otel_setup::facts::BuildTarget;
using otel_setup::facts::Warning;
using Strings = std::vector<std::string>;

namespace {
const BuildTarget& target(const BuildSystem& system, const std::string& name) {
  for (const auto& candidate : system.targets) {
    if (candidate.name == name) return candidate;
  }
  FAIL("no target " << name);
  throw;
}
}  // namespace

TEST_CASE("cmake project: name, standard, targets, sources, packages and links") {
  const std::string text = R"(cmake_minimum_required(VERSION 3.16)
project(orders VERSION 1.0 LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(CURL REQUIRED)
find_package(SQLite3)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
include(FetchContent)
FetchContent_Declare(spdlog GIT_REPOSITORY https://github.com/gabime/spdlog.git)
set(SOURCES src/main.cpp src/orders.cpp)
add_executable(${PROJECT_NAME} ${SOURCES})
target_link_libraries(${PROJECT_NAME} PRIVATE CURL::libcurl SQLite::SQLite3 PkgConfig::HTTPLIB)
add_library(core STATIC src/core.cpp)
target_sources(core PRIVATE src/extra.cpp)
)";
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text("CMakeLists.txt", text, warnings);
  CHECK(warnings.empty());
  CHECK(system.id == "cmake");
  CHECK(system.project_name == "orders");
  CHECK(system.cxx_standard == "20");
  CHECK(system.packages == Strings{"CURL", "SQLite3", "PkgConfig", "cpp-httplib", "spdlog"});
  REQUIRE(system.targets.size() == 2);
  const BuildTarget& app = target(system, "orders");
  CHECK(app.type == "executable");
  CHECK(app.file == "CMakeLists.txt");
  CHECK(app.sources == Strings{"src/main.cpp", "src/orders.cpp"});
  CHECK(app.link_libraries == Strings{"CURL::libcurl", "SQLite::SQLite3", "PkgConfig::HTTPLIB"});
  CHECK(app.position.line == 11);
  CHECK(app.position.column == 1);
  CHECK(text.compare(static_cast<std::size_t>(app.position.byte_offset), 14, "add_executable") ==
        0);
  const BuildTarget& core = target(system, "core");
  CHECK(core.type == "library");
  CHECK(core.sources == Strings{"src/core.cpp", "src/extra.cpp"});
  for (const auto& evidence : system.evidence) {
    CHECK(evidence.kind == otel_setup::facts::EvidenceKind::build);
    CHECK(evidence.file == "CMakeLists.txt");
    CHECK(evidence.position.line > 0);
  }
  // project, standard, 5 packages, 2 targets
  CHECK(system.evidence.size() == 9);
}

TEST_CASE("cmake project: the C++ standard from target properties and compile features") {
  std::vector<Warning> warnings;
  CHECK(read_project_text("CMakeLists.txt",
                          "add_executable(a m.cpp)\ntarget_compile_features(a PUBLIC cxx_std_17)",
                          warnings)
            .cxx_standard == "17");
  CHECK(read_project_text(
            "CMakeLists.txt",
            "add_executable(a m.cpp)\nset_property(TARGET a PROPERTY CXX_STANDARD 23)", warnings)
            .cxx_standard == "23");
  CHECK(read_project_text("CMakeLists.txt",
                          "add_executable(a m.cpp)\n"
                          "set_target_properties(a PROPERTIES CXX_STANDARD 14 CXX_EXTENSIONS OFF)",
                          warnings)
            .cxx_standard == "14");
  CHECK(read_project_text("CMakeLists.txt", "set(CMAKE_CXX_FLAGS \"-O2 -std=c++2a\")", warnings)
            .cxx_standard == "20");
  CHECK(warnings.empty());
}

TEST_CASE("cmake project: imported and alias targets are not build targets") {
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text(
      "CMakeLists.txt",
      "add_library(ext::ext INTERFACE IMPORTED)\nadd_library(real src/a.cpp)\n"
      "add_library(my::real ALIAS real)\nadd_executable(WIN32 app MACOSX_BUNDLE main.cpp)\n",
      warnings);
  REQUIRE(system.targets.size() == 2);
  CHECK(system.targets[0].name == "real");
  CHECK(system.targets[1].name == "WIN32");  // the name comes first; WIN32 is a legal name
}

TEST_CASE("cmake project: keywords are not sources or links") {
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text(
      "CMakeLists.txt",
      "add_executable(app WIN32 EXCLUDE_FROM_ALL main.cpp)\n"
      "target_sources(app PRIVATE a.cpp PUBLIC FILE_SET HEADERS BASE_DIRS inc FILES inc/a.hpp)\n"
      "target_link_libraries(app PUBLIC x debug y optimized z)\n",
      warnings);
  REQUIRE(system.targets.size() == 1);
  CHECK(system.targets[0].sources == Strings{"main.cpp", "a.cpp", "inc/a.hpp"});
  CHECK(system.targets[0].link_libraries == Strings{"x", "y", "z"});
}

TEST_CASE("cmake project: list(APPEND) and file(GLOB) variables feed sources") {
  std::vector<Warning> warnings;
  const BuildSystem system =
      read_project_text("CMakeLists.txt",
                        "set(SRC main.cpp)\nlist(APPEND SRC more.cpp)\n"
                        "file(GLOB_RECURSE LIB_SRC CONFIGURE_DEPENDS src/*.cpp)\n"
                        "add_executable(app ${SRC} ${LIB_SRC} ${UNKNOWN})\n",
                        warnings);
  REQUIRE(system.targets.size() == 1);
  CHECK(system.targets[0].sources == Strings{"main.cpp", "more.cpp", "src/**/*.cpp", "${UNKNOWN}"});
}

TEST_CASE("cmake project: CPM packages and pkg_search_module") {
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text(
      "CMakeLists.txt",
      "CPMAddPackage(\"gh:fmtlib/fmt@10.1.1\")\nCPMAddPackage(NAME cpr GIT_TAG 1.10)\n"
      "pkg_search_module(PQXX REQUIRED libpqxx)\n",
      warnings);
  CHECK(system.packages == Strings{"fmt", "cpr", "libpqxx"});
}

TEST_CASE("cmake project: malformed input gives warnings with file and line, never throws") {
  std::vector<Warning> warnings;
  BuildSystem system;
  REQUIRE_NOTHROW(system =
                      read_project_text("sub/CMakeLists.txt",
                                        "project(p)\nadd_executable(app main.cpp\n\n", warnings));
  CHECK(system.project_name == "p");
  CHECK(system.targets.empty());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].file == "sub/CMakeLists.txt");
  CHECK(warnings[0].line == 2);
}

TEST_CASE("cmake project: add_subdirectory is followed; child sources stay relative to it") {
  build_test::TempDir dir;
  dir.write("CMakeLists.txt",
            "project(shop)\nset(CMAKE_CXX_STANDARD 17)\nadd_subdirectory(lib)\n"
            "add_subdirectory(${CMAKE_CURRENT_SOURCE_DIR}/app)\nadd_subdirectory(missing)\n"
            "include(cmake/extra.cmake)\n");
  dir.write("lib/CMakeLists.txt", "add_library(shoplib db.cpp)\nfind_package(SQLite3)\n");
  dir.write("app/CMakeLists.txt",
            "add_executable(server main.cpp)\n"
            "target_link_libraries(server PRIVATE shoplib)\n"
            "target_sources(shoplib PRIVATE ../lib/cache.cpp)\n");
  dir.write("cmake/extra.cmake", "find_package(CURL)\n");
  std::vector<Warning> warnings;
  std::set<std::string> visited;
  const BuildSystem system =
      otel_setup::detectors::cmake::read_project(dir.path(), "CMakeLists.txt", visited, warnings);
  CHECK(system.project_name == "shop");
  CHECK(system.cxx_standard == "17");
  CHECK(system.packages == Strings{"SQLite3", "CURL"});
  REQUIRE(system.targets.size() == 2);
  CHECK(target(system, "shoplib").file == "lib/CMakeLists.txt");
  CHECK(target(system, "shoplib").sources == Strings{"db.cpp", "cache.cpp"});
  CHECK(target(system, "server").file == "app/CMakeLists.txt");
  CHECK(target(system, "server").link_libraries == Strings{"shoplib"});
  CHECK(visited.count("lib/CMakeLists.txt") == 1);
  CHECK(visited.count("app/CMakeLists.txt") == 1);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].file == "CMakeLists.txt");
  CHECK(warnings[0].line == 5);
}

TEST_CASE("cmake project: a subdirectory cycle terminates") {
  build_test::TempDir dir;
  dir.write("CMakeLists.txt", "add_subdirectory(a)\n");
  dir.write("a/CMakeLists.txt", "add_subdirectory(..)\nadd_executable(x x.cpp)\n");
  std::vector<Warning> warnings;
  std::set<std::string> visited;
  const BuildSystem system =
      otel_setup::detectors::cmake::read_project(dir.path(), "CMakeLists.txt", visited, warnings);
  CHECK(system.targets.size() == 1);
}

TEST_CASE("cmake project: declaration end and the target_link_libraries signature") {
  const std::string text =
      "add_executable(plain main.cpp)\ntarget_link_libraries(plain curl)\n"
      "add_executable(keyword\n  main.cpp)\ntarget_link_libraries(keyword PRIVATE curl)\n"
      "add_executable(unlinked main.cpp)\n";
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text("CMakeLists.txt", text, warnings);
  REQUIRE(system.targets.size() == 3);
  CHECK(target(system, "plain").plain_link_signature);
  CHECK_FALSE(target(system, "keyword").plain_link_signature);
  CHECK_FALSE(target(system, "unlinked").plain_link_signature);
  const auto& end = target(system, "keyword").declaration_end;
  CHECK(end.line == 4);
  CHECK(end.column == 12);
  CHECK(text.substr(static_cast<std::size_t>(end.byte_offset) - 1, 2) == ")\n");
}

TEST_CASE("cmake project: foreach bodies run once per item") {
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text(
      "CMakeLists.txt",
      "set(TOOLS a b)\nforeach(tool IN LISTS TOOLS ITEMS c)\n"
      "  add_executable(${tool}_tool ${tool}.cpp)\nendforeach()\n"
      "foreach(x one;two)\n  find_package(${x})\nendforeach()\nadd_library(after ${x}.cpp)\n",
      warnings);
  CHECK(warnings.empty());
  REQUIRE(system.targets.size() == 4);
  CHECK(system.targets[0].name == "a_tool");
  CHECK(system.targets[0].sources == Strings{"a.cpp"});
  CHECK(system.targets[2].name == "c_tool");
  CHECK(system.targets[3].sources == Strings{"${x}.cpp"});  // the loop variable is gone
  CHECK(system.packages == Strings{"one", "two"});
}

TEST_CASE("cmake project: function and macro calls declare targets at the call site") {
  const std::string text = R"(function(add_service name)
  cmake_parse_arguments(SVC "GUI" "STD" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${SVC_SOURCES})
  target_link_libraries(${name} PRIVATE ${SVC_LIBS})
  set_property(TARGET ${name} PROPERTY CXX_STANDARD ${SVC_STD})
endfunction()
macro(Add_Tool tool)
  add_executable(${tool} ${ARGN})
endmacro()
add_service(orders SOURCES main.cpp api.cpp LIBS CURL::libcurl STD 20)
add_tool(migrate migrate.cpp)
)";
  std::vector<Warning> warnings;
  const BuildSystem system = read_project_text("CMakeLists.txt", text, warnings);
  CHECK(warnings.empty());
  REQUIRE(system.targets.size() == 2);
  const BuildTarget& orders = target(system, "orders");
  CHECK(orders.sources == Strings{"main.cpp", "api.cpp"});
  CHECK(orders.link_libraries == Strings{"CURL::libcurl"});
  CHECK(orders.position.line == 10);  // the add_service() call, not the function body
  CHECK(text.compare(static_cast<std::size_t>(orders.position.byte_offset), 11, "add_service") ==
        0);
  CHECK(system.cxx_standard == "20");
  CHECK(target(system, "migrate").sources == Strings{"migrate.cpp"});
  CHECK(target(system, "migrate").position.line == 11);
}

TEST_CASE("cmake project: targets of include()d files resolve against the including folder") {
  build_test::TempDir dir;
  dir.write("svc/CMakeLists.txt",
            "include(cmake/targets.cmake)\nif(EXISTS x)\n"
            "  add_subdirectory(optional)\nendif()\n");
  dir.write("svc/cmake/targets.cmake", "add_executable(svc src/main.cpp)\n");
  std::vector<Warning> warnings;
  std::set<std::string> visited;
  const BuildSystem system = otel_setup::detectors::cmake::read_project(
      dir.path(), "svc/CMakeLists.txt", visited, warnings);
  CHECK(warnings.empty());  // the optional subdirectory sits inside if()
  REQUIRE(system.targets.size() == 1);
  CHECK(system.targets[0].file == "svc/cmake/targets.cmake");
  CHECK(system.targets[0].sources == Strings{"../src/main.cpp"});
  CHECK(otel_setup::detectors::target_for_source({system}, "svc/src/main.cpp") == "svc");
}

TEST_CASE("cmake project: an unclosed function() is a warning") {
  std::vector<Warning> warnings;
  read_project_text("CMakeLists.txt", "project(p)\nfunction(f)\n  add_executable(x x.cpp)\n",
                    warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].line == 2);
}
