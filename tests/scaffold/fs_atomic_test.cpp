// AtomicFile and RealFileSystem on a real temp folder.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "otel_setup/filesystem.hpp"

using namespace otel_setup::scaffold;

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "otel-fs-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

}  // namespace

TEST_CASE("an uncommitted AtomicFile leaves neither target nor temp behind") {
  const std::filesystem::path dir = make_temp_dir();
  RealFileSystem fs(dir);
  {
    AtomicFile file(fs, "out.txt", "new\n", 0644);
    CHECK(fs.exists(file.temp_path()));
    CHECK_FALSE(fs.exists("out.txt"));
  }
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a committed AtomicFile replaces the target with the given mode") {
  const std::filesystem::path dir = make_temp_dir();
  RealFileSystem fs(dir);
  std::ofstream(dir / "run.sh") << "old\n";
  {
    AtomicFile file(fs, "run.sh", "new\n", 0755);
    CHECK(fs.read("run.sh") == "old\n");
    file.commit();
  }
  CHECK(fs.read("run.sh") == "new\n");
  CHECK(fs.mode("run.sh") == 0755);
  CHECK_FALSE(fs.exists(temp_path_for("run.sh")));
  std::filesystem::remove_all(dir);
}

TEST_CASE("make_dirs reports the folders it made and outermost first") {
  const std::filesystem::path dir = make_temp_dir();
  RealFileSystem fs(dir);
  CHECK(fs.make_dirs("a/b/c") == std::vector<std::string>{"a", "a/b", "a/b/c"});
  CHECK(fs.make_dirs("a/b").empty());
  CHECK(fs.empty_dir("a/b/c"));
  CHECK_FALSE(fs.empty_dir("a"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the in-memory AtomicFile discards too") {
  MemoryFileSystem fs;
  { AtomicFile file(fs, "x/y.txt", "data", 0644); }
  CHECK(fs.files().empty());
  CHECK(temp_path_for("x/y.txt") == "x/.y.txt.otel-setup-tmp");
}
