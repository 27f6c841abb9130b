// The unified diff: its shape, and that `git apply --check` accepts it in a real repository.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "otel_setup/diff.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/repository.hpp"

using namespace otel_setup::scaffold;

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "otel-diff-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

int sh(const std::string& command) {
  return std::system(command.c_str());
}

Edit insert_at(const std::string& file, const std::string& content, const std::string& after,
               std::string text) {
  Edit edit;
  edit.file = file;
  edit.kind = EditKind::insert;
  edit.offset = static_cast<std::int64_t>(content.find(after) + after.size());
  edit.text = std::move(text);
  edit.id = "test";
  edit.base_hash = blob_hash(content);
  return edit;
}

std::string numbered_lines(int count, const std::string& eol) {
  std::string text;
  for (int i = 1; i <= count; ++i)
    text += "line " + std::to_string(i) + eol;
  return text;
}

}  // namespace

TEST_CASE("created files diff from /dev/null with every line added") {
  FileChange change;
  change.path = "telemetry/t.hpp";
  change.kind = ChangeKind::create;
  change.new_content = "a\nb\n";
  CHECK(unified_diff({change}) ==
        "diff --git a/telemetry/t.hpp b/telemetry/t.hpp\n"
        "new file mode 100644\n"
        "--- /dev/null\n"
        "+++ b/telemetry/t.hpp\n"
        "@@ -0,0 +1,2 @@\n"
        "+a\n"
        "+b\n");
}

TEST_CASE("edits show three lines of context and far-apart changes get their own hunks") {
  FileChange change;
  change.path = "f.txt";
  change.kind = ChangeKind::edit;
  change.existed = true;
  change.old_content = numbered_lines(20, "\n");
  change.new_content = change.old_content;
  change.new_content.insert(change.new_content.find("line 3\n"), "X\n");
  change.new_content.insert(change.new_content.find("line 18\n"), "Y\n");
  const std::string diff = unified_diff({change});
  CHECK(diff.find("@@ -1,5 +1,6 @@\n line 1\n line 2\n+X\n line 3\n line 4\n line 5\n") !=
        std::string::npos);
  CHECK(diff.find("@@ -15,6 +16,7 @@\n line 15\n") != std::string::npos);
}

TEST_CASE("a changed line shows its removal before its addition, as git does") {
  FileChange change;
  change.path = "main.cpp";
  change.kind = ChangeKind::edit;
  change.existed = true;
  // An insertion earlier in the file, as init's include: dtl then lists the changed line's
  // addition first.
  change.old_content = "#include <a>\nint main() {\n  init();\n  set(make<H>());\n  serve();\n}\n";
  change.new_content =
      "#include <a>\n#include <t>\nint main() {\n  start();\n  init();\n"
      "  set(traced<H>());\n  serve();\n}\n";
  const std::string diff = unified_diff({change});
  INFO(diff);
  CHECK(diff.find("\n   init();\n-  set(make<H>());\n+  set(traced<H>());\n   serve();\n") !=
        std::string::npos);
}

TEST_CASE("colour only when asked") {
  FileChange change;
  change.path = "f.txt";
  change.kind = ChangeKind::create;
  change.new_content = "a\n";
  CHECK(unified_diff({change}).find('\033') == std::string::npos);
  CHECK(unified_diff({change}, DiffOptions{3, true}).find("\033[32m+a") != std::string::npos);
}

TEST_CASE("git apply --check accepts the diff of creates and edits and CRLF and no final newline") {
  const std::filesystem::path dir = make_temp_dir();
  const std::string lf = numbered_lines(12, "\n");
  const std::string crlf = numbered_lines(9, "\r\n");
  const std::string no_newline = "int main() {\n  return 0;\n}";
  write(dir / "src/main.cpp", lf);
  write(dir / "win.cpp", crlf);
  write(dir / "tail.cpp", no_newline);
  REQUIRE(sh("cd '" + dir.string() +
             "' && git init -q && git add -A && git -c user.email=t@t -c user.name=t "
             "commit -qm base") == 0);

  RealFileSystem fs(dir);
  Plan plan;
  Edit created;
  created.file = "telemetry/telemetry.hpp";
  created.text = "// otel-setup:generated\n#pragma once\n";
  plan.edits.push_back(created);
  plan.edits.push_back(insert_at("src/main.cpp", lf, "line 6\n", "  telemetry::init();\n"));
  plan.edits.push_back(insert_at("src/main.cpp", lf, "line 1\n", "#include \"t.hpp\"\n"));
  plan.edits.push_back(insert_at("win.cpp", crlf, "line 2\r\n", "x();\n"));
  plan.edits.push_back(insert_at("tail.cpp", no_newline, "{\n", "  init();\n"));
  const std::vector<FileChange> changes = materialize(plan, fs);
  const std::string diff = unified_diff(changes);
  write(dir / "plan.diff", diff);
  CHECK(diff.find("\\ No newline at end of file") != std::string::npos);
  CHECK(sh("cd '" + dir.string() + "' && git apply --check plan.diff") == 0);
  // And applying it gives exactly what apply would write.
  REQUIRE(sh("cd '" + dir.string() + "' && git apply plan.diff") == 0);
  for (const FileChange& change : changes)
    CHECK(fs.read(change.path) == change.new_content);
  CHECK(fs.read("win.cpp").find("line 2\r\n// otel-setup:begin test\r\nx();\r\n") !=
        std::string::npos);
  std::filesystem::remove_all(dir);
}
