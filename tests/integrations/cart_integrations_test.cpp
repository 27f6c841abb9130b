// Fast checks of the hiredis, libpqxx and cpp-httplib client planners on the cart fixture's
// real facts: which files get the include, which declarations become traced types, what
// `add db` says with two databases, and that the runtime's own libcurl is not a user client.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <algorithm>

#include "integration_support.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/scan.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

TEST_CASE("add db with hiredis and libpqxx asks which one") {
  try {
    plan_add(fixture_facts("cart"), PlanOptions{}, add("db"));
    FAIL("add db planned without asking");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    CHECK(std::string(error.what()).find("hiredis") != std::string::npos);
    CHECK(std::string(error.what()).find("libpqxx") != std::string::npos);
  }
}

TEST_CASE("add hiredis includes redis_tracing.hpp before hiredis.h in the file sending commands") {
  const Plan plan = plan_add(fixture_facts("cart"), PlanOptions{}, add("hiredis"));
  const Edit* include = find_edit(plan, "src/cache.cpp", "hiredis-include");
  REQUIRE(include != nullptr);
  CHECK(include->kind == EditKind::insert);
  CHECK(include->text.find("#include \"telemetry/redis_tracing.hpp\"") != std::string::npos);
  CHECK(edits_of(plan, "src/cache.cpp").size() == 1);
  CHECK(edits_of(plan, "src/orders.cpp").empty());
  const Edit* header = find_edit(plan, "telemetry/redis_tracing.hpp", "generated");
  REQUIRE(header != nullptr);
  CHECK(header->text.find("#define redisCommand(...)") != std::string::npos);
}

TEST_CASE("add libpqxx declares each transaction as a TracedTransaction") {
  const Plan plan = plan_add(fixture_facts("cart"), PlanOptions{}, add("libpqxx"));
  int swaps = 0;
  for (const Edit* edit : edits_of(plan, "src/orders.cpp")) {
    if (edit->id == "libpqxx-include") continue;
    ++swaps;
    CHECK(edit->kind == EditKind::replace);
    CHECK(edit->id.rfind("libpqxx-transaction-", 0) == 0);
  }
  CHECK(swaps == 4);
  const Edit* add_txn =
      find_edit(plan, "src/orders.cpp", "libpqxx-transaction-txn-cart..Orders..add");
  REQUIRE(add_txn != nullptr);
  CHECK(add_txn->length ==
        static_cast<std::int64_t>(std::string("pqxx::work txn(connection_);").size()));
  CHECK(add_txn->text.find("  telemetry::TracedTransaction<pqxx::work> txn(connection_);\n") !=
        std::string::npos);
  const Edit* audit =
      find_edit(plan, "src/orders.cpp", "libpqxx-transaction-txn-cart..Orders..audit");
  REQUIRE(audit != nullptr);
  CHECK(audit->text.find("telemetry::TracedTransaction<pqxx::nontransaction> txn(") !=
        std::string::npos);
  CHECK(find_edit(plan, "src/orders.cpp", "libpqxx-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/pqxx_tracing.hpp", "generated") != nullptr);
}

TEST_CASE("add http-client declares each httplib::Client as a TracedClient") {
  const Plan plan = plan_add(fixture_facts("cart"), PlanOptions{}, add("http-client"));
  const Edit* quote =
      find_edit(plan, "src/pricing.cpp", "httplib-client-client-cart..Pricing..quote");
  REQUIRE(quote != nullptr);
  CHECK(quote->text.find("  telemetry::TracedClient client(base_url_);\n") != std::string::npos);
  CHECK(find_edit(plan, "src/pricing.cpp", "httplib-client-client-cart..Pricing..discontinued") !=
        nullptr);
  CHECK(find_edit(plan, "src/pricing.cpp", "httplib-client-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/httplib_client.hpp", "generated") != nullptr);
  CHECK(edits_of(plan, "src/main.cpp").size() == 2);  // the core: facade include and init()
}

TEST_CASE("the bundled runtime's libcurl does not make add http-client ambiguous") {
  facts::Facts facts = fixture_facts("cart");
  facts::Library curl;
  curl.id = "libcurl";
  curl.kind = facts::LibraryKind::http_client;
  curl.evidence.push_back({"telemetry/otelrt/src/curl_transport.cpp",
                           {8, 1, 100},
                           facts::EvidenceKind::include,
                           "#include <curl/curl.h>"});
  facts.libraries.push_back(curl);
  CHECK(find_edit(plan_add(facts, PlanOptions{}, add("http-client")), "src/pricing.cpp",
                  "httplib-client-include") != nullptr);
  facts.libraries.back().evidence.push_back(
      {"src/notify.cpp", {3, 1, 40}, facts::EvidenceKind::include, "#include <curl/curl.h>"});
  CHECK_THROWS_AS(plan_add(facts, PlanOptions{}, add("http-client")), Error);
}

TEST_CASE("a declaration split over lines is a manual step") {
  facts::Site site;
  site.role = "transaction_create";
  site.file = "src/orders.cpp";
  site.position = {10, 3, 200};
  site.text = "pqxx::work txn(";
  site.receiver = "txn";
  integration::DeclarationSwap swap;
  swap.integration = "libpqxx";
  swap.marker = "libpqxx-transaction";
  swap.header = "pqxx_tracing.hpp";
  swap.traced_type = [](const std::string& type) {
    return "telemetry::TracedTransaction<" + type + ">";
  };
  Plan plan;
  integration::plan_declaration_swap(fixture_facts("cart"), site, swap, plan);
  CHECK(plan.edits.empty());
  REQUIRE(plan.manual_steps.size() == 1);
  CHECK(plan.manual_steps[0].find("telemetry::TracedTransaction<its type>") != std::string::npos);
}

TEST_CASE("add db with hiredis alone and add cpp-httplib-client by name") {
  facts::Facts facts = fixture_facts("cart");
  facts.libraries.erase(
      std::remove_if(facts.libraries.begin(), facts.libraries.end(),
                     [](const facts::Library& library) { return library.id == "libpqxx"; }),
      facts.libraries.end());
  CHECK(find_edit(plan_add(facts, PlanOptions{}, add("db")), "src/cache.cpp", "hiredis-include") !=
        nullptr);
  const Plan client = plan_add(fixture_facts("cart"), PlanOptions{}, add("cpp-httplib-client"));
  CHECK(find_edit(client, "src/pricing.cpp", "httplib-client-include") != nullptr);
  CHECK(find_edit(client, "src/main.cpp", "httplib-server") == nullptr);
}
