// libpqxx: each `pqxx::work txn(conn);` (any libpqxx transaction type) is declared as a
// `telemetry::TracedTransaction<pqxx::work>` instead (telemetry/pqxx_tracing.hpp), whose
// exec* methods run in CLIENT spans; the include goes into the same file.
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
  swap.role = "transaction_create";
  swap.library_header = "pqxx/";
  swap.include_marker = library.id;
  swap.summary = "libpqxx tracing: CLIENT span per statement";
  plan_declaration_swaps(facts, library, target, swap, plan);
}

}  // namespace otel_setup::scaffold::integration
