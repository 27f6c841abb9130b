// Apply: turns a Plan into new file contents (materialise, pure apart from reading), then
// writes them all-or-nothing (commit_changes): temp files + fsync first, a journal manifest,
// then one rename per file, then the final manifest.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "otel_setup/manifest.hpp"
#include "otel_setup/plan.hpp"

namespace otel_setup::scaffold {

class FileSystem;

enum class ChangeKind { create, edit, remove };

// One file's whole change: what it was and what it becomes.
struct FileChange {
  std::string path;
  ChangeKind kind = ChangeKind::create;
  bool existed = false;  // create over an existing file: refresh of a generated file
  std::string old_content;
  std::string new_content;  // "" for remove
  unsigned mode = 0644;
  std::vector<ManifestBlock> blocks;  // inserted blocks as written (edit only)
  std::vector<std::string> reasons;
};

// "// otel-setup:begin <id>" style for path: "#" for CMake, Meson, Bazel, Make, conan, Python;
// "" for JSON (no comments: the block is recorded in the manifest only).
std::string comment_prefix_for(const std::string& path);

// Wraps an inserted text in begin/end markers, indented like its first line. Text that
// already carries "otel-setup:begin <id>" (the planner wrote the markers) is left alone.
std::string wrap_in_markers(const std::string& text, const std::string& id,
                            const std::string& prefix);

// Reads every file the plan touches and computes its new content: checks compare-and-swap
// (current blob id == Edit::base_hash, else otel_setup::Error refused, exit 3), applies the
// edits from the highest offset down, converts "\n" to the file's line endings (CRLF stays
// CRLF), keeps a UTF-8 BOM and the file mode, and wraps inserts in markers. Writes nothing.
std::vector<FileChange> materialize(const Plan& plan, const FileSystem& fs);

// Makes a plan safe to run again over an earlier setup (idempotency and upgrades):
// - create of a file with exactly the planned content: dropped;
// - create of a file the manifest says otel-setup wrote and the user has not modified since:
//   kept as a refresh (base_hash set to the current content);
// - create of any other existing file: a conflict;
// - insert/replace whose marker "otel-setup:begin <id>" is already in the file: dropped.
// Conflicts are returned as one line each; the caller refuses when there are any.
Plan reconcile(const Plan& plan, const std::optional<Manifest>& manifest, const FileSystem& fs,
               std::vector<std::string>& conflicts);

// The manifest after changes: new created files and edited files with their blocks added to
// `before` (or to an empty manifest).
Manifest record_changes(const std::optional<Manifest>& before,
                        const std::vector<FileChange>& changes, const std::string& tool_version,
                        const std::string& runtime);

// Writes all changes or none. Order: every new content to a temp file (fsync) -> `journal`
// as the manifest (atomic) -> one rename (or unlink) per file -> `final_manifest` (atomic), or
// the manifest deleted when it is nullopt (remove). A failure before the first rename
// discards every temp and the folders made for them: nothing changed. Test hook: with
// OTEL_SETUP_TEST_CRASH_AFTER_RENAMES=N in the environment the process _exit(86)s right
// after the Nth file rename, leaving the journal behind as a real crash would.
void commit_changes(FileSystem& fs, const std::vector<FileChange>& changes, const Manifest& journal,
                    const std::optional<Manifest>& final_manifest);

// --- the init pipeline, shared by `init`, `init --dry-run` and `diff` ---

struct InitRequest {
  std::filesystem::path root;
  PlanChoices choices;
  std::string runtime;  // --runtime as given; "": the one .otel-setup.json records, else bundled
  std::string tool_version;          // written to the manifest; a newer one refreshes files
  std::ostream* progress = nullptr;  // scan progress
  bool may_write = false;            // false: never roll back an interrupted run (diff)
};

struct InitPreview {
  Plan plan;                           // after reconcile: only what is still to do
  std::vector<FileChange> changes;     // materialised; empty: nothing to do
  std::optional<Manifest> manifest;    // the setup already there, if any
  std::vector<std::string> notes;      // e.g. "rolled back an interrupted init"
  Runtime runtime = Runtime::bundled;  // the backend planned for, recorded by apply_init
};

// scan -> plan_init -> reconcile with the manifest -> materialise. An interrupted earlier run
// (journal state "applying") is rolled back first when may_write, else refused; a "removing"
// journal is always refused. Conflicts are refused (exit 3) with the list.
InitPreview prepare_init(FileSystem& fs, const InitRequest& request);

// Writes the preview (commit_changes with a journal) and returns the manifest left behind.
Manifest apply_init(FileSystem& fs, const InitPreview& preview, const InitRequest& request);

// Tracked files with uncommitted changes (git status), minus those the manifest says
// otel-setup owns. Empty when root is not in a git work tree (`in_repository` false).
std::vector<std::string> dirty_files(const std::filesystem::path& root,
                                     const std::optional<Manifest>& manifest, bool& in_repository);

const char* to_string(Runtime runtime);

// The backend a plan binds to: `requested` ("bundled" | "opentelemetry-cpp") when given, else
// the one an earlier setup recorded in `manifest`, so that a later init or add keeps it.
Runtime choose_runtime(const std::string& requested, const std::optional<Manifest>& manifest);

}  // namespace otel_setup::scaffold
