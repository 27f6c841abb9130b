// Integrations edit the chosen program's files only. A file that defines another main() is
// another program's: it neither links the telemetry library nor starts it, so an edit there
// would break that program's build (Pistache's examples folder holds seven such programs).
// Bazel is the exception: its manual step links every target whose files the plan edits.
#include <algorithm>
#include <map>
#include <set>

#include "plan_internal.hpp"

namespace otel_setup::scaffold::detail {

void keep_to_the_program(const facts::Facts& facts, const PlanTarget& target, Plan& plan) {
  if (target.entry == nullptr || target.build_system == "bazel") return;
  std::set<std::string> other_programs;
  for (const facts::EntryPoint& entry : facts.entry_points) {
    if (entry.file != target.entry->file) other_programs.insert(entry.file);
  }
  std::map<std::string, std::set<std::string>> skipped;  // file -> integrations
  std::set<std::string> skipped_integrations;
  const auto other_program_edit = [&](const Edit& edit) {
    if (edit.kind == EditKind::create || other_programs.count(edit.file) == 0) return false;
    skipped[edit.file].insert(edit.integration);
    skipped_integrations.insert(edit.integration);
    return true;
  };
  plan.edits.erase(std::remove_if(plan.edits.begin(), plan.edits.end(), other_program_edit),
                   plan.edits.end());
  if (skipped.empty()) return;
  // A header generated only for the files skipped is not needed either.
  std::set<std::string> still_used;
  for (const Edit& edit : plan.edits) {
    if (edit.kind != EditKind::create) still_used.insert(edit.integration);
  }
  plan.edits.erase(std::remove_if(plan.edits.begin(), plan.edits.end(),
                                  [&](const Edit& edit) {
                                    return edit.kind == EditKind::create &&
                                           skipped_integrations.count(edit.integration) != 0 &&
                                           still_used.count(edit.integration) == 0;
                                  }),
                   plan.edits.end());
  for (const auto& [file, integrations] : skipped) {
    std::string names;
    for (const std::string& integration : integrations)
      names += (names.empty() ? "" : ", ") + integration;
    plan.notes.push_back(file + ": not edited for " + names + ": it defines its own main(), " +
                         "so it is another program than " + target.entry->file +
                         " (instrument that one on its own: init --entry " + file + ")");
  }
}

}  // namespace otel_setup::scaffold::detail
