// The plan: what `init`/`add` would change, as a value. Made by a pure function of facts and
// options (planner.cpp); read by diff, apply and the manifest. Nothing here touches disk.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "otel_setup/facts.hpp"

namespace otel_setup::scaffold {

enum class EditKind {
  create,   // a new file; text is its whole content
  insert,   // text inserted at byte offset (after normalising to the file's line endings)
  replace,  // bytes [offset, offset + length) replaced by text
};

struct Edit {
  std::string file;  // relative to the repository root, '/' separators
  EditKind kind = EditKind::create;
  std::int64_t offset = 0;
  std::int64_t length = 0;
  std::string text;         // uses "\n"; apply converts to the file's line ending style
  std::string id;           // marker id: inserted code sits between "otel-setup:begin <id>" and
                            // "otel-setup:end <id>" comments in the file's comment syntax
  std::string reason;       // one line for the plan summary, e.g. "start tracing in main()"
  std::string integration;  // "core", "cpp-httplib", "libcurl", ...
  std::string base_hash;    // git blob id the file had when planned; "" for create
  // How apply reads these fields (scaffold/include/otel_setup/apply.hpp):
  // - offsets are bytes of the file as it is on disk (BOM and "\r\n" included);
  // - text may carry its own "otel-setup:begin <id>" / "otel-setup:end <id>" lines (the
  //   planner's templates do); apply adds them around text only when they are missing;
  // - base_hash "" on insert/replace: no compare-and-swap for that edit (use it only where
  //   facts carry no hash of the file, e.g. build files today);
  // - create with base_hash set: overwrite the existing file whose blob id it is (refresh of
  //   an unmodified generated file after an upgrade); without it, an existing file conflicts.
};

struct Plan {
  std::vector<Edit> edits;
  // Steps the user must do by hand, e.g. for Bazel or Meson builds the tool does not edit.
  std::vector<std::string> manual_steps;
  // Things the user should know: refused edits (parse errors near an anchor) and why.
  std::vector<std::string> notes;

  bool empty() const { return edits.empty(); }
};

enum class Runtime { bundled, opentelemetry_cpp };

// What the user chooses for a plan. The backend is apart: `init` settles it from --runtime and
// the setup an earlier run recorded (choose_runtime).
struct PlanChoices {
  std::string service_name;  // "" -> the CMake project() name, else the folder name
  std::string target;        // --target: which executable when there are several
  std::string entry;         // --entry FILE: which main() when there are several
};

struct PlanOptions : PlanChoices {
  Runtime runtime = Runtime::bundled;
};

}  // namespace otel_setup::scaffold
