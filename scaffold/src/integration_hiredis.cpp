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
  std::vector<std::string> c_files;
  for (const facts::Site* site : editable_sites(library, "call", plan)) {
    // The async API runs its callbacks later on an event loop: not traced.
    if (site->text.rfind("redisAsync", 0) == 0) {
      plan.notes.push_back(where(*site) + ": hiredis async call not traced");
      continue;
    }
    // The tracing header is C++: a C source including it would no longer compile.
    const std::string& file = site->file;
    if (file.size() > 2 && file.compare(file.size() - 2, 2, ".c") == 0) {
      if (std::find(c_files.begin(), c_files.end(), file) == c_files.end()) {
        c_files.push_back(file);
        plan.notes.push_back(file +
                             ": hiredis is called from C; the tracing header is C++, so "
                             "those calls are not traced");
      }
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
