// hiredis: the generated header wraps the synchronous API (redisCommand, redisCommandArgv,
// redisAppendCommand/redisGetReply, and connect/free to know the database index) with
// function-like macros, so the only edit is one #include in each file sending commands.
#include <algorithm>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

void plan_hiredis(const facts::Facts& facts, const facts::Library& library,
                  const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::db) return;
  std::vector<std::string> files;
  for (const facts::Site* site : editable_sites(library, "call", plan)) {
    // The async API runs its callbacks later on an event loop: not traced.
    if (site->text.rfind("redisAsync", 0) == 0) {
      plan.notes.push_back(where(*site) + ": hiredis async call not traced");
      continue;
    }
    if (std::find(files.begin(), files.end(), site->file) == files.end()) {
      files.push_back(site->file);
    }
  }
  for (const std::string& file : files) {
    plan_include(facts, target, file, "hiredis", "redis_tracing.hpp", library.id, plan);
  }
  if (!files.empty()) {
    plan_generated_header(facts, target, library.id, "redis_tracing.hpp",
                          "hiredis tracing: CLIENT span per Redis command", plan);
  }
}

}  // namespace otel_setup::scaffold::integration
