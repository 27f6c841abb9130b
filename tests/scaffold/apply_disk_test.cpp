// Apply on a real temp folder: bytes, modes and compare-and-swap as the disk sees them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "otel_setup/apply.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/repository.hpp"

using namespace otel_setup::scaffold;

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "otel-apply-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

Edit insert_at(const std::string& file, const std::string& content, std::int64_t offset,
               std::string text) {
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::insert;
  edit.offset = offset;
  edit.text = std::move(text);
  edit.id = "init";
  edit.base_hash = blob_hash(content);
  return edit;
}

void apply(FileSystem& fs, const Plan& plan) {
  const std::vector<FileChange> changes = materialize(plan, fs);
  const Manifest after = record_changes(std::nullopt, changes, "0.1.0", "bundled");
  commit_changes(fs, changes, after, after);
}

}  // namespace

TEST_CASE("on disk: CRLF stays CRLF and the BOM stays first and the mode is kept") {
  const std::filesystem::path dir = make_temp_dir();
  RealFileSystem fs(dir);
  const std::string original = "\xEF\xBB\xBF#include <x>\r\nint main() {\r\n}\r\n";
  fs.write("run.cpp", original, 0755);
  Plan plan;
  plan.edits.push_back(insert_at("run.cpp", original,
                                 static_cast<std::int64_t>(original.find('{') + 1), "\n  init();"));
  apply(fs, plan);
  CHECK(fs.read("run.cpp") ==
        "\xEF\xBB\xBF#include <x>\r\nint main() {\r\n  // otel-setup:begin init\r\n  init();\r\n"
        "  // otel-setup:end init\r\n\r\n}\r\n");
  CHECK(fs.mode("run.cpp") == 0755);
  CHECK(load_manifest(fs)->edited[0].original_hash == blob_hash(original));
  std::filesystem::remove_all(dir);
}

TEST_CASE("on disk: a compare-and-swap conflict exits 3 and writes nothing") {
  const std::filesystem::path dir = make_temp_dir();
  RealFileSystem fs(dir);
  const std::string original = "int main() {\n}\n";
  fs.write("main.cpp", original, 0644);
  Plan plan;
  Edit created;
  created.file = "telemetry/telemetry.hpp";
  created.text = "#pragma once\n";
  plan.edits.push_back(created);
  plan.edits.push_back(insert_at("main.cpp", original, 12, "\n  init();"));
  fs.write("main.cpp", "int main() {\n  changed();\n}\n", 0644);
  try {
    apply(fs, plan);
    FAIL("expected a conflict");
  } catch (const otel_setup::Error& error) {
    CHECK(static_cast<int>(error.code()) == 3);
  }
  CHECK(fs.read("main.cpp") == "int main() {\n  changed();\n}\n");
  CHECK_FALSE(fs.exists("telemetry"));
  CHECK_FALSE(fs.exists(kManifestFile));
  std::filesystem::remove_all(dir);
}
