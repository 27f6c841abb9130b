// Meson, Bazel, Makefile, vcpkg and Conan readers on inline inputs; detect_build_systems
// and target_for_source on temp folders.
#include <catch2/catch.hpp>

#include "build_readers.hpp"
#include "build_systems.hpp"
#include "build_test_support.hpp"
#include "cmake_project.hpp"

namespace detectors = otel_setup::detectors;
namespace build = otel_setup::detectors::build;
using otel_setup::facts::BuildSystem;
using otel_setup::facts::Warning;
using Strings = std::vector<std::string>;

TEST_CASE("build files: names the walk hands over") {
  for (const char* name :
       {"CMakeLists.txt", "cmake/deps.cmake", "meson.build", "a/BUILD", "BUILD.bazel", "WORKSPACE",
        "MODULE.bazel", "Makefile", "GNUmakefile", "vcpkg.json", "conanfile.txt", "conanfile.py"}) {
    CHECK(detectors::is_build_file(name));
  }
  for (const char* name : {"main.cpp", "CMakeLists.txt.in", "BUILD.md", "package.json"}) {
    CHECK_FALSE(detectors::is_build_file(name));
  }
}

TEST_CASE("meson: project, standard, targets with sources and dependencies") {
  const std::string text = R"(project('shop', 'cpp', version : '1.0',
  default_options : ['warning_level=3', 'cpp_std=c++17'])
curl_dep = dependency('libcurl')
sqlite = dependency('sqlite3', required : true)
common = files('src/util.cpp')
srcs = ['src/main.cpp'] + common
executable('shop-server', srcs, 'src/extra.cpp',
  dependencies : [curl_dep, sqlite, dependency('threads')])
lib = static_library('core', sources : ['core.cpp'])
# executable('commented', 'x.cpp')
)";
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_meson_text("meson.build", text, warnings);
  CHECK(warnings.empty());
  CHECK(system.id == "meson");
  CHECK(system.project_name == "shop");
  CHECK(system.cxx_standard == "17");
  CHECK(system.packages == Strings{"libcurl", "sqlite3", "threads"});
  REQUIRE(system.targets.size() == 2);
  CHECK(system.targets[0].name == "shop-server");
  CHECK(system.targets[0].type == "executable");
  CHECK(system.targets[0].sources == Strings{"src/main.cpp", "src/util.cpp", "src/extra.cpp"});
  CHECK(system.targets[0].link_libraries == Strings{"libcurl", "sqlite3", "threads"});
  CHECK(system.targets[0].position.line == 7);
  CHECK(system.targets[1].name == "core");
  CHECK(system.targets[1].type == "library");
  CHECK(system.targets[1].sources == Strings{"core.cpp"});
}

TEST_CASE("meson: an unclosed call is a warning with its line") {
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_meson_text(
      "meson.build", "project('p', 'cpp')\nexecutable('a', 'a.cpp'\n", warnings);
  CHECK(system.project_name == "p");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].file == "meson.build");
  CHECK(warnings[0].line == 2);
}

TEST_CASE("bazel: cc rules with srcs, deps, globs and labels; module dependencies") {
  std::vector<Warning> warnings;
  BuildSystem system;
  build::read_bazel_text("MODULE.bazel",
                         "module(name = \"shop\", version = \"1.0\")\n"
                         "bazel_dep(name = \"curl\", version = \"8.4.0\")\n",
                         system, warnings);
  build::read_bazel_text("app/BUILD.bazel", R"(load("@rules_cc//cc:defs.bzl", "cc_binary")
cc_binary(
    name = "server",
    srcs = ["main.cc", ":handlers.cc", "//app:routes.cc"] + glob(["impl/*.cc"]),
    deps = ["//lib:db", "@curl//:curl"],
    copts = ["-std=c++20"],
)
cc_library(name = "util", srcs = glob(["util/**/*.cc"], exclude = ["x.cc"]))
)",
                         system, warnings);
  CHECK(warnings.empty());
  CHECK(system.id == "bazel");
  CHECK(system.project_name == "shop");
  CHECK(system.cxx_standard == "20");
  CHECK(system.packages == Strings{"curl"});
  REQUIRE(system.targets.size() == 2);
  CHECK(system.targets[0].name == "server");
  CHECK(system.targets[0].file == "app/BUILD.bazel");
  CHECK(system.targets[0].sources == Strings{"main.cc", "handlers.cc", "routes.cc", "impl/*.cc"});
  CHECK(system.targets[0].link_libraries == Strings{"//lib:db", "@curl//:curl"});
  CHECK(system.targets[0].position.line == 2);
  CHECK(system.targets[1].type == "library");
  CHECK(system.targets[1].sources == Strings{"util/**/*.cc"});
}

TEST_CASE("make: binary targets, object prerequisites, libraries and the standard") {
  const std::string text = R"(CXX ?= g++
CXXFLAGS = -O2 -std=c++17 -Wall
LDLIBS = -lcurl -lsqlite3
SRCS = main.cpp \
       client.cpp
OBJS = $(SRCS:.cpp=.o)
TARGET = server

.PHONY: all clean
all: $(TARGET) tool

$(TARGET): $(OBJS)
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS) -lpthread

tool: tool.cpp
	$(CXX) -o tool tool.cpp -lhiredis

%.o: %.cpp
	$(CXX) $(CXXFLAGS) -c $<

clean:
	rm -f $(OBJS) $(TARGET)
)";
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_makefile_text("Makefile", text, warnings);
  CHECK(warnings.empty());
  CHECK(system.id == "make");
  CHECK(system.cxx_standard == "17");
  REQUIRE(system.targets.size() == 2);
  CHECK(system.targets[0].name == "server");
  CHECK(system.targets[0].sources == Strings{"main.o", "client.o"});  // no root: kept as .o
  CHECK(system.targets[0].link_libraries == Strings{"curl", "sqlite3", "pthread"});
  CHECK(system.targets[0].position.line == 12);
  CHECK(system.targets[1].name == "tool");
  CHECK(system.targets[1].sources == Strings{"tool.cpp"});
  CHECK(system.targets[1].link_libraries == Strings{"hiredis"});
  CHECK(system.packages == Strings{"curl", "sqlite3", "pthread", "hiredis"});
}

TEST_CASE("make: the implicit link rule uses LDLIBS; pkg-config names are packages") {
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_makefile_text(
      "Makefile",
      "LDLIBS := $(shell pkg-config --libs cpp-httplib) -lssl\napp: app.o\n# app.o: ignored\n",
      warnings);
  REQUIRE(system.targets.size() == 1);
  CHECK(system.targets[0].link_libraries == Strings{"ssl"});
  CHECK(system.packages == Strings{"ssl", "cpp-httplib"});
}

TEST_CASE("make: a Makefile without rules is still evidence; unterminated ifeq warns") {
  std::vector<Warning> warnings;
  const BuildSystem system =
      build::read_makefile_text("sub/Makefile", "ifeq ($(X),1)\nY = 2\n", warnings);
  CHECK(system.targets.empty());
  REQUIRE(system.evidence.size() == 1);
  CHECK(system.evidence[0].file == "sub/Makefile");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].file == "sub/Makefile");
}

TEST_CASE("vcpkg: name and dependencies as strings or objects, each with its line") {
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_vcpkg_text("vcpkg.json", R"({
  "name": "shop",
  "version": "1.0",
  "dependencies": [
    "cpp-httplib",
    { "name": "curl", "features": ["ssl"] },
    "sqlite3"
  ]
})",
                                                    warnings);
  CHECK(warnings.empty());
  CHECK(system.project_name == "shop");
  CHECK(system.packages == Strings{"cpp-httplib", "curl", "sqlite3"});
  REQUIRE(system.evidence.size() == 3);
  CHECK(system.evidence[0].position.line == 5);
  CHECK(system.evidence[1].position.line == 6);
  CHECK(system.evidence[2].position.line == 7);
}

TEST_CASE("vcpkg: invalid JSON is a warning with the line of the error") {
  std::vector<Warning> warnings;
  BuildSystem system;
  REQUIRE_NOTHROW(
      system = build::read_vcpkg_text(
          "vcpkg.json", "{\n  \"name\": \"x\",\n  \"dependencies\": [\"a\",,]\n}", warnings));
  CHECK(system.id == "vcpkg");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].file == "vcpkg.json");
  CHECK(warnings[0].line == 3);
}

TEST_CASE("conan: conanfile.txt requires sections") {
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_conan_text(
      "conanfile.txt",
      "[requires]\nfmt/10.1.0\nlibcurl/8.4.0@user/stable\n\n[generators]\nCMakeDeps\n"
      "[tool_requires]\ncmake/3.27.0\n",
      warnings);
  CHECK(warnings.empty());
  CHECK(system.packages == Strings{"fmt", "libcurl", "cmake"});
  REQUIRE(system.evidence.size() == 3);
  CHECK(system.evidence[1].position.line == 3);
}

TEST_CASE("conan: conanfile.py attributes and self.requires calls") {
  std::vector<Warning> warnings;
  const BuildSystem system = build::read_conan_text("conanfile.py", R"(from conan import ConanFile

class Shop(ConanFile):
    name = "shop"
    settings = "os", "compiler", "build_type", "arch"
    requires = "sqlite3/3.44.0", "hiredis/1.2.0"
    tool_requires = ["cmake/3.27.0"]

    def requirements(self):
        self.requires("spdlog/1.12.0")
        if self.options.with_curl:
            self.requires("libcurl/8.4.0", transitive_headers=True)
)",
                                                    warnings);
  CHECK(warnings.empty());
  CHECK(system.project_name == "shop");
  CHECK(system.packages == Strings{"sqlite3", "hiredis", "cmake", "spdlog", "libcurl"});
  REQUIRE(system.evidence.size() == 5);
  CHECK(system.evidence[3].position.line == 10);
}

TEST_CASE("detect_build_systems: every kind in one tree, roots only, warnings collected") {
  build_test::TempDir dir;
  dir.write("CMakeLists.txt", "project(mixed)\nadd_subdirectory(src)\nfind_package(CURL)\n");
  dir.write("src/CMakeLists.txt", "add_executable(app main.cpp)\n");
  dir.write("tools/meson.build", "project('tools', 'cpp')\nexecutable('t', 't.cpp')\n");
  dir.write("WORKSPACE", "workspace(name = \"mixed\")\n");
  dir.write("svc/BUILD", "cc_binary(name = \"svc\", srcs = [\"svc.cc\"])\n");
  dir.write("legacy/Makefile", "legacy: legacy.o\n\t$(CXX) -o $@ $^ -lpq\n");
  dir.write("legacy/legacy.cpp", "int main() {}\n");
  dir.write("vcpkg.json", "{\"name\": \"mixed\", \"dependencies\": [\"curl\"]}");
  dir.write("conanfile.txt", "[requires]\nfmt/10.0.0\n");
  dir.write("broken/CMakeLists.txt", "add_executable(broken b.cpp\n");
  std::vector<Warning> warnings;
  const auto systems = detectors::detect_build_systems(
      dir.path(),
      {"vcpkg.json", "src/CMakeLists.txt", "CMakeLists.txt", "tools/meson.build", "WORKSPACE",
       "svc/BUILD", "legacy/Makefile", "conanfile.txt", "broken/CMakeLists.txt"},
      warnings);
  Strings ids;
  for (const auto& system : systems)
    ids.push_back(system.id + ":" + system.file);
  CHECK(ids == Strings{"cmake:CMakeLists.txt", "cmake:broken/CMakeLists.txt",
                       "meson:tools/meson.build", "bazel:WORKSPACE", "make:legacy/Makefile",
                       "vcpkg:vcpkg.json", "conan:conanfile.txt"});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].file == "broken/CMakeLists.txt");
  CHECK(warnings[0].line == 1);
  REQUIRE(systems[4].targets.size() == 1);
  CHECK(systems[4].targets[0].sources == Strings{"legacy.cpp"});  // legacy.o mapped to source
  for (const auto& system : systems)
    CHECK_FALSE(system.evidence.empty());

  CHECK(detectors::target_for_source(systems, "src/main.cpp") == "app");
  CHECK(detectors::target_for_source(systems, "tools/t.cpp") == "t");
  CHECK(detectors::target_for_source(systems, "svc/svc.cc") == "svc");
  CHECK(detectors::target_for_source(systems, "legacy/legacy.cpp") == "legacy");
  CHECK(detectors::target_for_source(systems, "main.cpp").empty());
}

TEST_CASE("detect_build_systems: unreadable or missing files are warnings") {
  build_test::TempDir dir;
  std::vector<Warning> warnings;
  const auto systems =
      detectors::detect_build_systems(dir.path(), {"vcpkg.json", "Makefile"}, warnings);
  CHECK(systems.empty());
  CHECK(warnings.size() == 2);
}

TEST_CASE("detect_build_systems: a lone BUILD file without cc rules is not Bazel") {
  build_test::TempDir dir;
  dir.write("docs/BUILD", "Instructions for building, in prose.\n");
  std::vector<Warning> warnings;
  CHECK(detectors::detect_build_systems(dir.path(), {"docs/BUILD"}, warnings).empty());
}

TEST_CASE("target_for_source: folder-relative sources and CMake directory prefixes") {
  BuildSystem system;
  system.id = "cmake";
  system.file = "svc/CMakeLists.txt";
  otel_setup::facts::BuildTarget app;
  app.name = "app";
  app.file = "svc/app/CMakeLists.txt";
  app.sources = {"${CMAKE_CURRENT_SOURCE_DIR}/main.cpp", "${PROJECT_SOURCE_DIR}/common/log.cpp",
                 "./sub/../x.cpp", "${svc_SOURCE_DIR}/proj.cpp"};
  otel_setup::facts::BuildTarget globbed;
  globbed.name = "globbed";
  globbed.file = "svc/CMakeLists.txt";
  globbed.sources = {"src/**/*.cpp", "app/*.cpp"};
  system.targets = {globbed, app};
  const std::vector<BuildSystem> systems{system};
  CHECK(detectors::target_for_source(systems, "svc/app/main.cpp") == "app");  // exact wins
  CHECK(detectors::target_for_source(systems, "svc/common/log.cpp") == "app");
  CHECK(detectors::target_for_source(systems, "svc/app/x.cpp") == "app");
  CHECK(detectors::target_for_source(systems, "svc/proj.cpp") == "app");
  CHECK(detectors::target_for_source(systems, "svc/src/a.cpp") == "globbed");
  CHECK(detectors::target_for_source(systems, "svc/src/deep/er/b.cpp") == "globbed");
  CHECK(detectors::target_for_source(systems, "svc/src/a.hpp").empty());
  CHECK(detectors::target_for_source(systems, "other/main.cpp").empty());
}

TEST_CASE("build readers: truncated and random inputs never throw") {
  const std::string cmake =
      "project(p)\nset(S [=[x]=] \"a\\\"b\" ${V})\n#[[c]]\nforeach(i a b)\nfunction(f x)\n"
      "add_executable(${x} m.cpp)\nendfunction()\nf(t)\nendforeach()\n";
  const std::string meson =
      "project('p', 'cpp')\nx = files('a.cpp') + ['''b''']\n"
      "executable('e', x, dependencies: [dependency('d')])\n";
  const std::string bazel = "cc_binary(name = \"b\", srcs = glob([\"*.cc\"]), deps = [\":l\"])\n";
  const std::string make = "A := -lx\nb: b.o $(A:.o=.c)\n\t$(CXX) -o $@ $^ $(shell pkg-config y)\n";
  const std::string vcpkg = "{\"name\": \"v\", \"dependencies\": [\"a\", {\"name\": \"b\"}]}";
  const std::string conan =
      "class C:\n    requires = \"a/1\", (\"b/2\")\n    def r(self):\n"
      "        self.requires(f\"c/{v}\")\n";
  std::uint32_t seed = 12345;
  const auto random_text = [&seed](std::size_t length) {
    static const char kAlphabet[] = "()[]{}\"'#\\$=:;,.\n\t @%|*ab_c";
    std::string text;
    for (std::size_t i = 0; i < length; ++i) {
      seed = seed * 1664525u + 1013904223u;
      text.push_back(kAlphabet[(seed >> 16) % (sizeof(kAlphabet) - 1)]);
    }
    return text;
  };
  std::vector<std::string> inputs;
  for (const std::string* text : {&cmake, &meson, &bazel, &make, &vcpkg, &conan}) {
    for (std::size_t cut = 0; cut <= text->size(); ++cut)
      inputs.push_back(text->substr(0, cut));
  }
  for (int i = 0; i < 200; ++i)
    inputs.push_back(random_text(static_cast<std::size_t>(i) * 3));
  for (const std::string& input : inputs) {
    std::vector<Warning> warnings;
    BuildSystem system;
    CHECK_NOTHROW(
        otel_setup::detectors::cmake::read_project_text("CMakeLists.txt", input, warnings));
    CHECK_NOTHROW(build::read_meson_text("meson.build", input, warnings));
    CHECK_NOTHROW(build::read_bazel_text("BUILD", input, system, warnings));
    CHECK_NOTHROW(build::read_makefile_text("Makefile", input, warnings));
    CHECK_NOTHROW(build::read_vcpkg_text("vcpkg.json", input, warnings));
    CHECK_NOTHROW(build::read_conan_text("conanfile.py", input, warnings));
    CHECK_NOTHROW(build::read_conan_text("conanfile.txt", input, warnings));
    for (const Warning& warning : warnings)
      CHECK(warning.line >= 0);
  }
}
