// Fast checks of the Pistache planner for servers given an Http::Handler subclass: the
// make_handler<H>() passed to setHandler is rewritten to telemetry::traced_handler<H>(), a
// rewritten one plans nothing, a handler made elsewhere gets a note, router.handler() none;
// and a file with another main() is left to that program (plan_scope.cpp).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <string>

#include "build_test_support.hpp"
#include "otel_setup/planner.hpp"
#include "otel_setup/scan.hpp"
#include "support.hpp"

using namespace otel_setup;
using namespace otel_setup::scaffold;
using namespace otel_setup::scaffold::test_support;

namespace {

Plan plan_for(const std::string& main_cpp) {
  build_test::TempDir tree;
  tree.write("main.cpp", main_cpp);
  detectors::ScanOptions options;
  options.root = tree.path();
  options.threads = 1;
  return plan_init(detectors::scan(options), PlanOptions{});
}

const Edit* rewrite_of(const Plan& plan) {
  for (const Edit* edit : edits_of(plan, "main.cpp"))
    if (edit->kind == EditKind::replace) return edit;
  return nullptr;
}

bool has_note(const Plan& plan, const std::string& text) {
  for (const std::string& note : plan.notes)
    if (note.find(text) != std::string::npos) return true;
  return false;
}

const std::string kHandler =
    "#include <pistache/endpoint.h>\n"
    "class Hello : public Pistache::Http::Handler {\n"
    "  HTTP_PROTOTYPE(Hello)\n"
    "  void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter w) override "
    "{}\n};\n"
    "int main() {\n"
    "  Pistache::Http::Endpoint server(Pistache::Address(Pistache::Ipv4::any(), 9080));\n";

}  // namespace

TEST_CASE("setHandler(make_handler<H>()) becomes setHandler(telemetry::traced_handler<H>())") {
  const std::string call = "  server.setHandler(Pistache::Http::make_handler<Hello>());\n";
  const std::string source = kHandler + call + "  server.serve();\n}\n";
  const Plan plan = plan_for(source);
  const Edit* rewrite = rewrite_of(plan);
  REQUIRE(rewrite != nullptr);
  std::string edited = source;
  edited.replace(static_cast<std::size_t>(rewrite->offset),
                 static_cast<std::size_t>(rewrite->length), rewrite->text);
  CHECK(edited.find("  server.setHandler(telemetry::traced_handler<Hello>());\n") !=
        std::string::npos);
  CHECK_FALSE(rewrite->base_hash.empty());
  CHECK(find_edit(plan, "main.cpp", "pistache-include") != nullptr);
  CHECK(find_edit(plan, "telemetry/pistache_server.hpp", "generated") != nullptr);

  // Once rewritten, nothing is left to plan for it and no "nothing to trace" note.
  const Plan again =
      plan_for(kHandler + "  server.setHandler(telemetry::traced_handler<Hello>());\n}\n");
  CHECK(rewrite_of(again) == nullptr);
  CHECK_FALSE(has_note(again, "nothing to trace"));
}

TEST_CASE("a handler made outside setHandler is noted; router.handler() is left to the routes") {
  const Plan variable = plan_for(kHandler +
                                 "  auto hello = Pistache::Http::make_handler<Hello>();\n"
                                 "  server.setHandler(hello);\n}\n");
  CHECK(rewrite_of(variable) == nullptr);
  CHECK(has_note(variable, "main.cpp:9: handler not made in the setHandler call"));

  const Plan router = plan_for(kHandler +
                               "  Pistache::Rest::Router router;\n"
                               "  server.setHandler(router.handler());\n}\n");
  CHECK(rewrite_of(router) == nullptr);
  CHECK_FALSE(has_note(router, "handler not made in the setHandler call"));
  CHECK(has_note(router, "nothing to trace"));
}

TEST_CASE("a file that defines another main() is another program's: not edited, noted") {
  build_test::TempDir tree;
  const std::string program = "  server.setHandler(Pistache::Http::make_handler<Hello>());\n}\n";
  tree.write("hello.cpp", kHandler + program);
  tree.write("tool.cpp", kHandler + program);
  detectors::ScanOptions scan;
  scan.root = tree.path();
  scan.threads = 1;
  PlanOptions options;
  options.entry = "hello.cpp";
  const Plan plan = plan_init(detectors::scan(scan), options);
  CHECK_FALSE(edits_of(plan, "hello.cpp").empty());
  CHECK(edits_of(plan, "tool.cpp").empty());
  CHECK(has_note(plan,
                 "tool.cpp: not edited for pistache: it defines its own main(), so it is "
                 "another program than hello.cpp"));
  CHECK(find_edit(plan, "telemetry/pistache_server.hpp", "generated") != nullptr);

  // Pistache used only by the other program: its header is not generated either.
  tree.write("hello.cpp", "int main() { return 0; }\n");
  const Plan plain = plan_init(detectors::scan(scan), options);
  CHECK(edits_of(plain, "tool.cpp").empty());
  CHECK(find_edit(plain, "telemetry/pistache_server.hpp", "generated") == nullptr);
}
