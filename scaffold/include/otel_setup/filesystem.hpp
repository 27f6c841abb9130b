// The filesystem seam of the writing stages (ninja's disk interface): apply, remove and doctor
// only talk to a FileSystem, so their tests run on MemoryFileSystem without touching disk.
// Paths are relative to the project root the FileSystem was made for, with '/' separators.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace otel_setup::scaffold {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual bool exists(const std::string& path) const = 0;
  // Throws otel_setup::Error when the file cannot be read.
  virtual std::string read(const std::string& path) const = 0;
  // Permission bits (e.g. 0644, 0755); 0644 when the file does not exist.
  virtual unsigned mode(const std::string& path) const = 0;
  // Creates dir and its missing parents; returns the folders it created, outermost first.
  virtual std::vector<std::string> make_dirs(const std::string& dir) = 0;
  // Writes the whole file durably (fsync before returning). Used for temp files only.
  virtual void write(const std::string& path, const std::string& content, unsigned mode) = 0;
  // Atomically replaces `to` by `from` (rename(2)) and makes the rename durable.
  virtual void rename(const std::string& from, const std::string& to) = 0;
  // Removes a file or an empty folder; no error when it is already gone.
  virtual void remove(const std::string& path) = 0;
  // True when path is a folder with nothing in it.
  virtual bool empty_dir(const std::string& path) const = 0;
};

// The real disk under root.
class RealFileSystem : public FileSystem {
 public:
  explicit RealFileSystem(std::filesystem::path root);
  bool exists(const std::string& path) const override;
  std::string read(const std::string& path) const override;
  unsigned mode(const std::string& path) const override;
  std::vector<std::string> make_dirs(const std::string& dir) override;
  void write(const std::string& path, const std::string& content, unsigned mode) override;
  void rename(const std::string& from, const std::string& to) override;
  void remove(const std::string& path) override;
  bool empty_dir(const std::string& path) const override;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path full(const std::string& path) const;
  std::filesystem::path root_;
};

// Files in a map; folders are implied by the files in them plus those made by make_dirs.
// fail_writes_after lets tests make the Nth write fail like a full disk.
class MemoryFileSystem : public FileSystem {
 public:
  struct Entry {
    std::string content;
    unsigned mode = 0644;
  };
  bool exists(const std::string& path) const override;
  std::string read(const std::string& path) const override;
  unsigned mode(const std::string& path) const override;
  std::vector<std::string> make_dirs(const std::string& dir) override;
  void write(const std::string& path, const std::string& content, unsigned mode) override;
  void rename(const std::string& from, const std::string& to) override;
  void remove(const std::string& path) override;
  bool empty_dir(const std::string& path) const override;

  void put(const std::string& path, std::string content, unsigned mode = 0644);
  const std::map<std::string, Entry>& files() const { return files_; }
  int writes = 0;
  int fail_writes_after = -1;  // -1: never fail

 private:
  std::map<std::string, Entry> files_;
  std::map<std::string, bool> dirs_;
};

// A file written to a temp name in its own folder and renamed over the target only on
// commit(); the destructor discards an uncommitted temp (ccache's AtomicFile). The temp name
// is fixed (".<name>.otel-setup-tmp") so recovery after a crash can find leftovers.
class AtomicFile {
 public:
  AtomicFile(FileSystem& fs, std::string path, const std::string& content, unsigned mode);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void commit();
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }
  bool committed() const { return committed_; }

 private:
  FileSystem& fs_;
  std::string path_;
  std::string temp_path_;
  bool committed_ = false;
};

// ".<name>.otel-setup-tmp" next to path.
std::string temp_path_for(const std::string& path);
// "a/b/c.txt" -> "a/b"; "c.txt" -> "".
std::string parent_of(const std::string& path);

}  // namespace otel_setup::scaffold
