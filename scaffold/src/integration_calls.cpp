// libcurl and sqlite3: the generated header wraps the library's calls (function-like macros
// over its C API), so the only edit is one #include in each file that makes those calls. The
// call sites stay as the user wrote them; `remove` takes the include out again.
#include <algorithm>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

void plan_call_files(const facts::Facts& facts, const facts::Library& library,
                     const PlanTarget& target, const std::string& header,
                     std::string_view library_header, const std::string& reason, Plan& plan) {
  std::vector<std::string> files;
  const std::string module_prefix = target.module_dir + "/";
  for (const facts::Site* site : editable_sites(library, "call", plan)) {
    // The telemetry module itself (the bundled runtime uses libcurl for https) is not user code.
    if (site->file.compare(0, module_prefix.size(), module_prefix) == 0) continue;
    if (std::find(files.begin(), files.end(), site->file) == files.end()) {
      files.push_back(site->file);
    }
  }
  for (const std::string& file : files) {
    plan_include(facts, target, file, library_header, header, library.id, plan);
  }
  if (!files.empty()) plan_generated_header(facts, target, library.id, header, reason, plan);
}

}  // namespace

void plan_libcurl(const facts::Facts& facts, const facts::Library& library,
                  const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::http_client) return;
  plan_call_files(facts, library, target, "curl_tracing.hpp", "curl/",
                  "libcurl tracing: CLIENT span + traceparent per curl_easy_perform", plan);
}

void plan_sqlite3(const facts::Facts& facts, const facts::Library& library,
                  const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::db) return;
  plan_call_files(facts, library, target, "sqlite_tracing.hpp", "sqlite3.h",
                  "SQLite tracing: CLIENT span per statement", plan);
}

}  // namespace otel_setup::scaffold::integration
