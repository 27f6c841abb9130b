// The human report of `otel-setup detect`.
#include <map>
#include <sstream>

#include "otel_setup/scan.hpp"

namespace otel_setup::detectors {
namespace {

const char* kind_heading(facts::LibraryKind kind) {
  switch (kind) {
    case facts::LibraryKind::server:
      return "HTTP/RPC servers";
    case facts::LibraryKind::http_client:
      return "HTTP clients";
    case facts::LibraryKind::db:
      return "Databases";
    case facts::LibraryKind::messaging:
      return "Messaging";
    case facts::LibraryKind::logging:
      return "Logging";
    case facts::LibraryKind::tracing:
      return "Tracing already present";
  }
  return "Other";
}

std::string where(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

void libraries(std::ostream& out, const facts::Facts& facts) {
  std::map<facts::LibraryKind, std::vector<const facts::Library*>> by_kind;
  for (const facts::Library& library : facts.libraries)
    by_kind[library.kind].push_back(&library);
  for (const auto& [kind, list] : by_kind) {
    out << kind_heading(kind) << ":\n";
    for (const facts::Library* library : list) {
      out << "  " << library->id << (library->vendored ? " (vendored)" : "");
      if (!library->evidence.empty()) {
        const facts::Evidence& first = library->evidence.front();
        out << "  " << where(first.file, first.position.line) << "  " << first.text;
      } else if (!library->vendored_files.empty()) {
        out << "  " << library->vendored_files.front();
      }
      out << "\n";
      for (const facts::Site& site : library->sites) {
        out << "    " << site.role << "  " << where(site.file, site.position.line);
        if (!site.function.empty()) out << " in " << site.function;
        out << "  " << site.text << (site.parse_error_near ? "  [syntax error nearby]" : "")
            << "\n";
      }
    }
  }
}

// The main() init picks without asking: the only one, or the only one of the only
// executable; nullptr when init will ask for --entry or --target.
const facts::EntryPoint* service_entry(const facts::Facts& facts) {
  const facts::BuildTarget* executable = nullptr;
  for (const facts::BuildSystem& build : facts.build_systems) {
    for (const facts::BuildTarget& target : build.targets) {
      if (target.type != "executable") continue;
      if (executable != nullptr) return nullptr;  // init asks for --target
      executable = &target;
    }
  }
  if (facts.entry_points.size() == 1) return &facts.entry_points.front();
  if (executable == nullptr) return nullptr;
  const facts::EntryPoint* found = nullptr;
  for (const facts::EntryPoint& entry : facts.entry_points) {
    if (entry.target != executable->name) continue;
    if (found != nullptr) return nullptr;
    found = &entry;
  }
  return found;
}

void next_steps(std::ostream& out, const facts::Facts& facts) {
  out << "Next: `otel-setup init` would\n";
  if (facts.find_library("otel-setup")) {
    out << "  - find this tool's markers and plan only what is missing (a re-run is a no-op)\n";
  }
  const facts::EntryPoint* entry = service_entry(facts);
  if (facts.entry_points.empty()) {
    out << "  - add telemetry/ (no main() found: call telemetry::init() yourself)\n";
  } else if (entry == nullptr) {
    out << "  - add telemetry/ and call telemetry::init() + a shutdown guard in the service's "
           "main() (init asks which: --entry FILE or --target NAME)\n";
  } else {
    out << "  - add telemetry/ and call telemetry::init() + a shutdown guard in "
        << where(entry->file, entry->position.line) << "\n";
  }
  for (const facts::Library& library : facts.libraries) {
    if (library.kind == facts::LibraryKind::server)
      out << "  - add server middleware for " << library.id << "\n";
    if (library.kind == facts::LibraryKind::http_client)
      out << "  - trace and propagate context on " << library.id << " calls\n";
    if (library.kind == facts::LibraryKind::db || library.kind == facts::LibraryKind::messaging)
      out << "  - wrap " << library.id << " calls in client spans\n";
    if (library.kind == facts::LibraryKind::logging)
      out << "  - add trace ids to " << library.id << " log lines\n";
  }
  if (!facts.build_systems.empty())
    out << "  - add the telemetry sources to " << facts.build_systems.front().file << "\n";
  out << "Run `otel-setup init --dry-run` to see the diff.\n";
}

}  // namespace

std::string summarize(const facts::Facts& facts) {
  std::ostringstream out;
  out << "Scanned " << facts.root << ": " << facts.stats.files_walked << " files, "
      << facts.stats.files_parsed << " parsed\n";
  if (facts.build_systems.empty()) out << "Build systems: none found\n";
  for (const facts::BuildSystem& build : facts.build_systems) {
    out << "Build system: " << build.id << " (" << build.file << ")";
    if (!build.cxx_standard.empty()) out << ", C++" << build.cxx_standard;
    out << "\n";
    for (const facts::BuildTarget& target : build.targets)
      out << "  " << target.type << " " << target.name << "  "
          << where(target.file, target.position.line) << "\n";
  }
  if (facts.entry_points.empty()) out << "Entry points: none found\n";
  for (const facts::EntryPoint& entry : facts.entry_points) {
    out << "Entry point: " << where(entry.file, entry.position.line) << "  " << entry.signature;
    if (!entry.target.empty()) out << "  (target " << entry.target << ")";
    out << "\n";
  }
  if (facts.libraries.empty()) out << "Libraries: none of the catalog's libraries found\n";
  libraries(out, facts);
  if (!facts.warnings.empty()) {
    out << "Warnings:\n";
    for (const facts::Warning& warning : facts.warnings)
      out << "  " << (warning.file.empty() ? "" : where(warning.file, warning.line) + ": ")
          << warning.message << "\n";
  }
  next_steps(out, facts);
  return out.str();
}

}  // namespace otel_setup::detectors
