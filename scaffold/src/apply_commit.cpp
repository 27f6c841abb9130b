// All-or-nothing writing: temps first, then the journal, then the renames, then the manifest.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "otel_setup/apply.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/filesystem.hpp"

namespace otel_setup::scaffold {
namespace {

// OTEL_SETUP_TEST_CRASH_AFTER_RENAMES=N: die right after the Nth rename, like kill -9 would.
int crash_after_renames() {
  const char* value = std::getenv("OTEL_SETUP_TEST_CRASH_AFTER_RENAMES");
  return value && *value ? std::atoi(value) : -1;
}

// Folders that must exist before the temps of new files can be written, outermost first.
std::vector<std::string> missing_dirs(const FileSystem& fs,
                                      const std::vector<FileChange>& changes) {
  std::vector<std::string> missing;
  for (const FileChange& change : changes) {
    if (change.kind == ChangeKind::remove) continue;
    std::vector<std::string> chain;
    for (std::string dir = parent_of(change.path); !dir.empty() && !fs.exists(dir);
         dir = parent_of(dir)) {
      chain.insert(chain.begin(), dir);
    }
    for (const std::string& dir : chain) {
      if (std::find(missing.begin(), missing.end(), dir) == missing.end()) missing.push_back(dir);
    }
  }
  return missing;
}

void remove_empty_dirs(FileSystem& fs, const std::vector<std::string>& dirs) {
  for (auto dir = dirs.rbegin(); dir != dirs.rend(); ++dir) {
    if (fs.empty_dir(*dir)) fs.remove(*dir);
  }
}

}  // namespace

void commit_changes(FileSystem& fs, const std::vector<FileChange>& changes, const Manifest& journal,
                    const std::optional<Manifest>& final_manifest) {
  // Everything that can fail without touching the project happens first, including the
  // JSON text (nlohmann throws on invalid UTF-8).
  const std::vector<std::string> new_dirs = missing_dirs(fs, changes);
  Manifest journal_copy = journal;
  std::optional<Manifest> final_copy = final_manifest;
  for (const std::string& dir : new_dirs) {
    journal_copy.created_dirs.push_back(dir);
    if (final_copy) final_copy->created_dirs.push_back(dir);
  }
  const std::string journal_text = manifest_text(journal_copy);
  const std::string final_text = final_copy ? manifest_text(*final_copy) : std::string();

  std::vector<std::unique_ptr<AtomicFile>> temps(changes.size());
  std::unique_ptr<AtomicFile> journal_file;
  try {
    for (const std::string& dir : new_dirs)
      fs.make_dirs(dir);
    for (std::size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].kind == ChangeKind::remove) continue;
      temps[i] = std::make_unique<AtomicFile>(fs, changes[i].path, changes[i].new_content,
                                              changes[i].mode);
    }
    journal_file = std::make_unique<AtomicFile>(fs, kManifestFile, journal_text, 0644);
    journal_file->commit();
  } catch (...) {
    temps.clear();  // AtomicFile discards its temp
    journal_file.reset();
    remove_empty_dirs(fs, new_dirs);
    throw;
  }

  const int crash_after = crash_after_renames();
  int renames = 0;
  try {
    for (std::size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].kind == ChangeKind::remove) {
        fs.remove(changes[i].path);
      } else {
        temps[i]->commit();
      }
      if (++renames == crash_after) ::_exit(86);
    }
  } catch (const Error& error) {
    throw Error(ExitCode::error,
                std::string(error.what()) + " (after " + std::to_string(renames) + " of " +
                    std::to_string(changes.size()) + " files)",
                "the journal in .otel-setup.json lets otel-setup finish: run `otel-setup remove` "
                "to roll back, or `otel-setup init` to roll back and start again");
  }

  if (final_copy) {
    AtomicFile(fs, kManifestFile, final_text, 0644).commit();
  } else {
    fs.remove(kManifestFile);
    remove_empty_dirs(fs, journal.created_dirs);
  }
}

}  // namespace otel_setup::scaffold
