// Fast checks of the Pistache and librdkafka planners on the dispatch fixture's real facts:
// where `add middleware` puts the include, how `add messaging` rewrites the call heads, and
// what they leave alone (C API calls, routes that are not literals).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "integration_support.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/scan.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

namespace {

facts::Site site(std::string role, std::string text, std::string receiver) {
  facts::Site found;
  found.role = std::move(role);
  found.file = "src/x.cpp";
  found.position = {3, 3, 40};
  found.text = std::move(text);
  found.receiver = std::move(receiver);
  return found;
}

}  // namespace

TEST_CASE("add middleware on Pistache includes its header where routes are registered") {
  const Plan plan = plan_add(fixture_facts("dispatch"), PlanOptions{}, add("middleware"));
  const Edit* include = find_edit(plan, "src/api.cpp", "pistache-include");
  REQUIRE(include != nullptr);
  CHECK(include->kind == EditKind::insert);
  CHECK(include->text.find("#include \"telemetry/pistache_server.hpp\"") != std::string::npos);
  CHECK(find_edit(plan, "src/main.cpp", "pistache-include") == nullptr);  // setHandler only
  CHECK(edits_of(plan, "src/api.cpp").size() == 1);  // the route lines stay as they are
  const Edit* header = find_edit(plan, "telemetry/pistache_server.hpp", "generated");
  REQUIRE(header != nullptr);
  CHECK(header->text.find("namespace Pistache::Rest::Routes") != std::string::npos);
}

TEST_CASE("add messaging rewrites the head of each produce and consume call") {
  const Plan plan = plan_add(fixture_facts("dispatch"), PlanOptions{}, add("kafka"));
  const std::string source = read_text(fixture_dir("dispatch") + "/src/queue.cpp");
  std::vector<std::pair<std::string, std::string>> rewrites;
  for (const Edit* edit : edits_of(plan, "src/queue.cpp")) {
    if (edit->kind != EditKind::replace) continue;
    CHECK(edit->id.empty());  // inside a line: no marker comments, the manifest restores it
    rewrites.emplace_back(source.substr(static_cast<std::size_t>(edit->offset),
                                        static_cast<std::size_t>(edit->length)),
                          edit->text);
  }
  using Rewrite = std::pair<std::string, std::string>;
  CHECK(rewrites ==
        std::vector<Rewrite>{{"producer->produce(", "telemetry::kafka_produce(*producer, "},
                             {"consumer->consume(", "telemetry::kafka_consume(*consumer, "}});
  CHECK(find_edit(plan, "src/queue.cpp", "librdkafka-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/kafka_tracing.hpp", "generated") != nullptr);
}

TEST_CASE("list: Pistache and librdkafka are detected in dispatch and not applied yet") {
  int seen = 0;
  for (const IntegrationStatus& status : integration_status(fixture_facts("dispatch"))) {
    if (status.integration->id != "pistache" && status.integration->id != "librdkafka") continue;
    ++seen;
    CHECK(status.detected);
    CHECK_FALSE(status.applied);
  }
  CHECK(seen == 2);
}

TEST_CASE("what the planners leave alone gets a note, not an edit") {
  PlanTarget target;
  target.module_dir = "telemetry";
  facts::Library kafka;
  kafka.id = "librdkafka";
  kafka.kind = facts::LibraryKind::messaging;
  kafka.sites = {site("call", "rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(\"t\"),", "rk"),
                 site("call", "queues[0]->produce(", "queues")};
  Plan plan;
  integration::plan_librdkafka(facts::Facts{}, kafka, target, plan);
  CHECK(plan.edits.empty());
  CHECK(plan.notes.size() == 2);

  facts::Library pistache;
  pistache.id = "pistache";
  pistache.kind = facts::LibraryKind::server;
  pistache.sites = {site("route", "Routes::Get(router, route_name, handler)", "router")};
  plan = Plan{};
  integration::plan_pistache(facts::Facts{}, pistache, target, plan);
  CHECK(plan.edits.empty());
  CHECK(plan.notes.size() == 2);  // that route, and nothing to trace
}

TEST_CASE("a produce call whose arguments start on the next line leaves no trailing space") {
  PlanTarget target;
  target.module_dir = "telemetry";
  facts::Library kafka;
  kafka.id = "librdkafka";
  kafka.kind = facts::LibraryKind::messaging;
  kafka.sites = {site("call", "producer_.produce(", "producer_")};
  Plan plan;
  integration::plan_librdkafka(facts::Facts{}, kafka, target, plan);
  REQUIRE_FALSE(plan.edits.empty());
  CHECK(plan.edits[0].text == "telemetry::kafka_produce(producer_,");
}
