// The facts document: everything `detect` learns about a repository, and the only input
// of the planner. Serialised by `detect --json` (schema in docs/facts-schema.md); bump
// kFactsSchemaVersion on any incompatible change.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace otel_setup::facts {

inline constexpr int kFactsSchemaVersion = 1;

// A place in a source file. Lines and columns are 1-based; byte_offset is 0-based from the
// start of the file, so the planner can anchor edits without reading the file again.
struct Position {
  int line = 0;
  int column = 0;
  std::int64_t byte_offset = -1;
};

// marker: this tool's own `// otel-setup:begin` comment (a comment that counts on purpose).
enum class EvidenceKind { include, type, call, build, marker };

// Why a finding was made: one include, type use, call or build-file entry.
struct Evidence {
  std::string file;  // relative to the scanned root, '/' separators
  Position position;
  EvidenceKind kind = EvidenceKind::include;
  std::string text;  // the matched source text, trimmed to one line
};

enum class LibraryKind { server, http_client, db, messaging, logging, tracing };

// A place the planner may edit for a library, e.g. where a server object is created.
// role is one of: "server_create", "route", "listen", "call", "client_create", "interceptor",
// "transaction_create", "handler" (a function definition turning a request into a response).
struct Site {
  std::string role;
  std::string file;
  Position position;
  std::string function;           // enclosing function, qualified when known ("Orders::run")
  std::string text;               // the source text of the call/declaration, one line
  std::string receiver;           // object the call is made on or the declared variable name
  bool parse_error_near = false;  // tree-sitter ERROR node near the site: never edit here
};

struct Library {
  std::string id;  // catalog id, e.g. "cpp-httplib", "libcurl", "sqlite3"
  LibraryKind kind = LibraryKind::server;
  bool vendored = false;                    // the repository carries the library's own sources
  std::vector<std::string> vendored_files;  // the library's own files found in the repository
  std::vector<Evidence> evidence;
  std::vector<Site> sites;
};

struct BuildTarget {
  std::string name;
  std::string type;  // "executable" | "library"
  std::string file;  // the build file that declares it
  Position position;
  std::vector<std::string> sources;         // as written, relative to the build file's folder
  std::vector<std::string> link_libraries;  // from target_link_libraries
  // Just past the ')' that closes the add_executable/add_library call (byte_offset -1 when
  // unknown): the planner links the telemetry library right after the declaration.
  Position declaration_end;
  // target_link_libraries(<t> lib) was used without PRIVATE/PUBLIC/INTERFACE: CMake forbids
  // mixing the two signatures, so the planner then links without a keyword too.
  bool plain_link_signature = false;
  // git blob id of `file` as scanned ("" when unknown): the base of the planner's edit there,
  // so apply's compare-and-swap also covers build files.
  std::string file_hash;
};

// One build system found in the repository (a repo can have several, e.g. CMake + vcpkg).
// id is one of: "cmake", "meson", "bazel", "make", "vcpkg", "conan".
struct BuildSystem {
  std::string id;
  std::string file;          // the root build file, relative to the scanned root
  std::string project_name;  // CMake project(), meson project(), vcpkg "name"
  std::string cxx_standard;  // "17", "20", ... when declared
  std::vector<BuildTarget> targets;
  std::vector<std::string> packages;  // find_package / FetchContent / pkg_check_modules / deps
  std::vector<Evidence> evidence;
};

struct EntryPoint {
  std::string file;
  Position position;            // the `main` declarator
  Position body_open;           // the `{` of main's body
  Position body_close;          // the `}` of main's body
  std::string target;           // build target whose sources contain the file, "" if unknown
  std::string signature;        // e.g. "int main(int argc, char** argv)"
  int last_include_line = 0;    // 0 when the file has no #include (see last_include_end)
  bool quoted_includes = true;  // project style for its own headers: "x.hpp" vs <x.hpp>
  std::string content_hash;     // git blob id of the file as scanned (compare-and-swap)
  bool parse_error_near = false;
  // Byte offset just past the '\n' that ends the last #include line outside any #if/#ifdef
  // block (where the planner inserts its includes); when every #include is conditional, the
  // start of the first such block (and last_include_line the line before it). -1 when unknown
  // or none.
  std::int64_t last_include_end = -1;
  // The leading whitespace of the first non-blank line inside main's body ("" when unknown:
  // the planner then indents by two spaces).
  std::string body_indent;
  // True when code follows main's '{' on the same line, e.g. `int main() { return run(); }`.
  bool code_after_body_open = false;
  // The file already includes telemetry/telemetry.hpp (quoted or angle form).
  bool includes_telemetry = false;
};

// Something this tool wrote earlier: a block between "otel-setup:begin <id>" and
// "otel-setup:end <id>" comments (// or #), or, with id "generated", a file whose header
// comment carries "otel-setup:generated". Lets a second `init` plan nothing.
struct Marker {
  std::string file;
  std::string id;
  Position begin;  // the begin comment (or the generated tag)
  Position end;    // the end comment; same as begin for "generated"
};

struct Warning {
  std::string file;  // may be empty for repository-wide warnings
  int line = 0;
  std::string message;
};

struct ScanStats {
  std::int64_t files_walked = 0;
  std::int64_t files_parsed = 0;
  std::int64_t bytes_read = 0;
  double seconds = 0;
};

struct Facts {
  int schema_version = kFactsSchemaVersion;
  std::string root;  // absolute path of the scanned root
  std::vector<BuildSystem> build_systems;
  std::vector<EntryPoint> entry_points;
  std::vector<Library> libraries;
  std::vector<Warning> warnings;
  std::vector<Marker> markers;
  ScanStats stats;

  const Library* find_library(const std::string& id) const;
  const BuildSystem* find_build_system(const std::string& id) const;
};

const char* to_string(EvidenceKind kind);
const char* to_string(LibraryKind kind);

nlohmann::json to_json(const Facts& facts);
// Throws std::runtime_error naming the offending field when the document does not match.
Facts facts_from_json(const nlohmann::json& document);

}  // namespace otel_setup::facts
