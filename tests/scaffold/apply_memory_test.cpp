// Apply, manifest and remove on the in-memory filesystem: no disk involved.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "otel_setup/apply.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/remove.hpp"
#include "otel_setup/repository.hpp"

using namespace otel_setup::scaffold;

namespace {

const std::string kMain = "#include <cstdio>\n\nint main() {\n  std::puts(\"hi\");\n}\n";

Edit insert_at(const std::string& file, std::int64_t offset, std::string text, std::string id,
               const std::string& base) {
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::insert;
  edit.offset = offset;
  edit.text = std::move(text);
  edit.id = std::move(id);
  edit.base_hash = blob_hash(base);
  return edit;
}

Edit create(const std::string& file, std::string text) {
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::create;
  edit.text = std::move(text);
  return edit;
}

Plan sample_plan(const std::string& main_text) {
  Plan plan;
  plan.edits.push_back(
      create("telemetry/telemetry.hpp", "// otel-setup:generated\n#pragma once\n"));
  const auto body = static_cast<std::int64_t>(main_text.find('{') + 1);
  plan.edits.push_back(
      insert_at("src/main.cpp", body, "\n  telemetry::init();", "init", main_text));
  const auto after_include = static_cast<std::int64_t>(main_text.find('\n') + 1);
  plan.edits.push_back(insert_at("src/main.cpp", after_include,
                                 "#include \"telemetry/telemetry.hpp\"\n", "include", main_text));
  return plan;
}

void apply_plan(MemoryFileSystem& fs, const Plan& plan) {
  const std::vector<FileChange> changes = materialize(plan, fs);
  const Manifest after = record_changes(load_manifest(fs), changes, "0.1.0", "bundled");
  Manifest journal = after;
  journal.state = ManifestState::applying;
  commit_changes(fs, changes, journal, after);
}

}  // namespace

TEST_CASE("inserts are wrapped in markers and applied from the highest offset down") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  const std::vector<FileChange> changes = materialize(sample_plan(kMain), fs);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].kind == ChangeKind::create);
  CHECK(changes[1].new_content ==
        "#include <cstdio>\n"
        "// otel-setup:begin include\n"
        "#include \"telemetry/telemetry.hpp\"\n"
        "// otel-setup:end include\n"
        "\n"
        "int main() {\n"
        "  // otel-setup:begin init\n"
        "  telemetry::init();\n"
        "  // otel-setup:end init\n"
        "\n"
        "  std::puts(\"hi\");\n"
        "}\n");
  REQUIRE(changes[1].blocks.size() == 2);
  CHECK(changes[1].new_content.compare(static_cast<std::size_t>(changes[1].blocks[1].offset),
                                       changes[1].blocks[1].text.size(),
                                       changes[1].blocks[1].text) == 0);
}

TEST_CASE("text that already carries its markers is not wrapped twice") {
  const std::string text =
      "# otel-setup:begin build\nadd_subdirectory(telemetry)\n"
      "# otel-setup:end build\n";
  CHECK(wrap_in_markers(text, "build", "#") == text);
  CHECK(wrap_in_markers("x\n", "build", "#") ==
        "# otel-setup:begin build\nx\n# otel-setup:end build\n");
  CHECK(comment_prefix_for("app/CMakeLists.txt") == "#");
  CHECK(comment_prefix_for("src/main.cc") == "//");
  CHECK(comment_prefix_for("vcpkg.json").empty());
}

TEST_CASE("CRLF files get CRLF inserts and a BOM stays first") {
  MemoryFileSystem fs;
  const std::string crlf = "\xEF\xBB\xBFint main() {\r\n  return 0;\r\n}\r\n";
  fs.put("main.cpp", crlf);
  Plan plan;
  plan.edits.push_back(insert_at("main.cpp", 0, "#include \"t.hpp\"\n", "include", crlf));
  const std::vector<FileChange> changes = materialize(plan, fs);
  CHECK(changes[0].new_content ==
        "\xEF\xBB\xBF// otel-setup:begin include\r\n#include \"t.hpp\"\r\n"
        "// otel-setup:end include\r\nint main() {\r\n  return 0;\r\n}\r\n");
}

TEST_CASE("a file changed since planning is a conflict (exit 3) and nothing is written") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  const Plan plan = sample_plan(kMain);
  fs.put("src/main.cpp", kMain + "// edited meanwhile\n");
  try {
    materialize(plan, fs);
    FAIL("expected a conflict");
  } catch (const otel_setup::Error& error) {
    CHECK(error.code() == otel_setup::ExitCode::refused);
  }
  CHECK_FALSE(fs.exists("telemetry/telemetry.hpp"));
  CHECK(fs.writes == 0);
}

TEST_CASE("creating over a file the tool did not write is a conflict") {
  MemoryFileSystem fs;
  fs.put("telemetry/telemetry.hpp", "mine\n");
  Plan plan;
  plan.edits.push_back(create("telemetry/telemetry.hpp", "theirs\n"));
  CHECK_THROWS_AS(materialize(plan, fs), otel_setup::Error);
  std::vector<std::string> conflicts;
  reconcile(plan, std::nullopt, fs, conflicts);
  CHECK(conflicts.size() == 1);
}

TEST_CASE("apply records a manifest that round-trips through JSON") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  apply_plan(fs, sample_plan(kMain));
  const std::optional<Manifest> manifest = load_manifest(fs);
  REQUIRE(manifest);
  CHECK(manifest->state == ManifestState::complete);
  CHECK(manifest->tool_version == "0.1.0");
  CHECK(manifest->runtime == "bundled");
  REQUIRE(manifest->created.size() == 1);
  CHECK(manifest->created[0].hash == blob_hash(fs.read("telemetry/telemetry.hpp")));
  REQUIRE(manifest->edited.size() == 1);
  CHECK(manifest->edited[0].original_hash == blob_hash(kMain));
  CHECK(manifest->edited[0].new_hash == blob_hash(fs.read("src/main.cpp")));
  CHECK(manifest->created_dirs == std::vector<std::string>{"telemetry"});
  CHECK(manifest_from_json(to_json(*manifest)).edited[0].blocks.size() == 2);
}

TEST_CASE("a failed write before the renames leaves every file untouched") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  const std::vector<FileChange> changes = materialize(sample_plan(kMain), fs);
  const Manifest after = record_changes(std::nullopt, changes, "0.1.0", "bundled");
  fs.fail_writes_after = 1;  // the second temp file fails like a full disk
  CHECK_THROWS_AS(commit_changes(fs, changes, after, after), otel_setup::Error);
  CHECK(fs.files().size() == 1);
  CHECK(fs.read("src/main.cpp") == kMain);
  CHECK_FALSE(fs.exists("telemetry"));
}

TEST_CASE("remove restores edited files byte-identical and deletes created ones") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  apply_plan(fs, sample_plan(kMain));
  const Manifest manifest = *load_manifest(fs);
  const RemovePlan undo = plan_remove(manifest, fs, false);
  CHECK(undo.conflicts.empty());
  commit_changes(fs, undo.changes, manifest, std::nullopt);
  CHECK(fs.files().size() == 1);
  CHECK(fs.read("src/main.cpp") == kMain);
  CHECK_FALSE(fs.exists("telemetry"));
}

TEST_CASE("remove keeps the user's own changes outside the blocks") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  apply_plan(fs, sample_plan(kMain));
  fs.put("src/main.cpp", "// user header\n" + fs.read("src/main.cpp"));
  const RemovePlan undo = plan_remove(*load_manifest(fs), fs, false);
  CHECK(undo.conflicts.empty());
  commit_changes(fs, undo.changes, *load_manifest(fs), std::nullopt);
  CHECK(fs.read("src/main.cpp") == "// user header\n" + kMain);
}

TEST_CASE("remove refuses when tool-owned code was changed unless forced") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  apply_plan(fs, sample_plan(kMain));
  std::string edited = fs.read("src/main.cpp");
  edited.replace(edited.find("telemetry::init();"), 18, "telemetry::init(opts);");
  fs.put("src/main.cpp", edited);
  fs.put("telemetry/telemetry.hpp", "// changed by the user\n");
  const Manifest manifest = *load_manifest(fs);
  CHECK(plan_remove(manifest, fs, false).conflicts.size() == 2);
  const RemovePlan forced = plan_remove(manifest, fs, true);
  CHECK(forced.conflicts.empty());
  commit_changes(fs, forced.changes, manifest, std::nullopt);
  CHECK(fs.read("src/main.cpp") == kMain);
  CHECK_FALSE(fs.exists("telemetry/telemetry.hpp"));
}

TEST_CASE("a second run plans nothing and an upgrade refreshes only unmodified generated files") {
  MemoryFileSystem fs;
  fs.put("src/main.cpp", kMain);
  const Plan plan = sample_plan(kMain);
  apply_plan(fs, plan);
  std::vector<std::string> conflicts;
  CHECK(reconcile(plan, load_manifest(fs), fs, conflicts).edits.empty());
  CHECK(conflicts.empty());

  Plan upgrade;
  upgrade.edits.push_back(create("telemetry/telemetry.hpp", "// otel-setup:generated v2\n"));
  const Plan refreshed = reconcile(upgrade, load_manifest(fs), fs, conflicts);
  REQUIRE(refreshed.edits.size() == 1);
  CHECK(conflicts.empty());
  apply_plan(fs, refreshed);
  CHECK(fs.read("telemetry/telemetry.hpp") == "// otel-setup:generated v2\n");
  CHECK(load_manifest(fs)->created[0].hash == blob_hash("// otel-setup:generated v2\n"));

  fs.put("telemetry/telemetry.hpp", "// user tweak\n");
  upgrade.edits[0].text = "// otel-setup:generated v3\n";
  CHECK(reconcile(upgrade, load_manifest(fs), fs, conflicts).edits.empty());
  CHECK(conflicts.size() == 1);
}
