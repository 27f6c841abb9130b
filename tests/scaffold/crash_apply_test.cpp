// A crash in the middle of apply (the OTEL_SETUP_TEST_CRASH_AFTER_RENAMES hook _exits the
// process like kill -9) leaves every file either old or new, and the journal lets remove roll
// the project back byte-identical.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "otel_setup/apply.hpp"
#include "otel_setup/filesystem.hpp"
#include "otel_setup/remove.hpp"
#include "otel_setup/repository.hpp"

using namespace otel_setup::scaffold;

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "otel-crash-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

std::map<std::string, std::string> snapshot(const std::filesystem::path& root) {
  std::map<std::string, std::string> files;
  RealFileSystem fs(root);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string path = entry.path().lexically_relative(root).generic_string();
    files[path] = entry.is_regular_file() ? blob_hash(fs.read(path)) : "dir";
  }
  return files;
}

}  // namespace

TEST_CASE("a crash after any number of renames leaves each file old or new and never mixed") {
  for (int crash_after = 1; crash_after <= 4; ++crash_after) {
    CAPTURE(crash_after);
    const std::filesystem::path dir = make_temp_dir();
    RealFileSystem fs(dir);
    std::map<std::string, std::string> old_content;
    Plan plan;
    for (const char* name : {"a.cpp", "b.cpp", "c/d.cpp"}) {
      const std::string text = std::string("int ") + name[0] + "() {\n  return 0;\n}\n";
      fs.make_dirs(parent_of(name));
      fs.write(name, text, 0644);
      old_content[name] = text;
      Edit edit;
      edit.file = name;
      edit.kind = EditKind::insert;
      edit.offset = static_cast<std::int64_t>(text.find('{') + 1);
      edit.text = "\n  trace();";
      edit.id = "init";
      edit.base_hash = blob_hash(text);
      plan.edits.push_back(edit);
    }
    Edit created;
    created.file = "telemetry/telemetry.hpp";
    created.text = "#pragma once\n";
    plan.edits.push_back(created);
    const std::map<std::string, std::string> before = snapshot(dir);
    const std::vector<FileChange> changes = materialize(plan, fs);

    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::setenv("OTEL_SETUP_TEST_CRASH_AFTER_RENAMES", std::to_string(crash_after).c_str(), 1);
      Manifest after = record_changes(std::nullopt, changes, "0.1.0", "bundled");
      Manifest journal = after;
      journal.state = ManifestState::applying;
      try {
        commit_changes(fs, changes, journal, after);
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 86);

    int renamed = 0;
    for (const FileChange& change : changes) {
      const bool exists = fs.exists(change.path);
      const std::string now = exists ? fs.read(change.path) : std::string();
      const bool is_new = exists && now == change.new_content;
      const bool is_old = change.existed ? now == change.old_content : !exists;
      CHECK((is_new || is_old));
      renamed += is_new;
    }
    CHECK(renamed == crash_after);

    // Recovery: the journal says "applying"; remove rolls back whatever was renamed.
    const std::optional<Manifest> journal = load_manifest(fs);
    REQUIRE(journal);
    CHECK(journal->state == ManifestState::applying);
    const RemovePlan undo = plan_remove(*journal, fs, false);
    CHECK(undo.conflicts.empty());
    for (const std::string& temp : undo.stale_temps)
      fs.remove(temp);
    commit_changes(fs, undo.changes, *journal, std::nullopt);
    CHECK(snapshot(dir) == before);
    std::filesystem::remove_all(dir);
  }
}
