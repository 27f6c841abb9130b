// libpqxx: each `pqxx::work txn(conn);` (any libpqxx transaction type) is declared as a
// `telemetry::TracedTransaction<pqxx::work>` instead (telemetry/pqxx_tracing.hpp), whose
// exec* methods run in CLIENT spans; the include goes into the same file.
#include <algorithm>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

void plan_libpqxx(const facts::Facts& facts, const facts::Library& library,
                  const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::db) return;
  DeclarationSwap swap;
  swap.integration = library.id;
  swap.marker = "libpqxx-transaction";
  swap.header = "pqxx_tracing.hpp";
  swap.reason = "trace the transaction's statements (CLIENT spans)";
  swap.traced_type = [](const std::string& type) {
    return "telemetry::TracedTransaction<" + type + ">";
  };
  std::vector<std::string> files;
  for (const facts::Site* site : editable_sites(library, "transaction_create", plan)) {
    const std::size_t before = plan.edits.size();
    plan_declaration_swap(facts, *site, swap, plan);
    if (plan.edits.size() == before) continue;
    if (std::find(files.begin(), files.end(), site->file) == files.end()) {
      files.push_back(site->file);
    }
  }
  for (const std::string& file : files) {
    plan_include(facts, target, file, "pqxx/", swap.header, library.id, plan);
  }
  if (!files.empty()) {
    plan_generated_header(facts, target, library.id, swap.header,
                          "libpqxx tracing: CLIENT span per statement", plan);
  }
}

}  // namespace otel_setup::scaffold::integration
