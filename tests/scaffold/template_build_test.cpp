// The generated module compiles, links against the copied runtime (or opentelemetry-cpp) and
// exports spans: a demo project is instrumented by plan_init, built with its own CMake
// (warnings as errors) and run with the console exporter. Also checks the exit hooks: SIGTERM
// without a handler still kills the process (after the flush); a handler the program had is
// chained.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include "otel_setup/planner.hpp"
#include "planner_test_support.hpp"

using namespace otel_setup;
using namespace scaffold_test;

namespace {

const char* kCMake = R"(cmake_minimum_required(VERSION 3.16)
project(demo-svc LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
add_executable(demo main.cpp)
)";

const char* kMain = R"demo(#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace shop {
struct Cart {
  int total(int items) const {
    TELEMETRY_TRACED();
    TELEMETRY_TRACED_SPAN().set_attribute("cart.items", items);
    return items * 3;
  }
};
}  // namespace shop

namespace {
// Installed before main() when DEMO_CHAIN is set: init() must chain to it.
void program_handler(int) {
  const char message[] = "program handler ran\n";
  (void)!write(2, message, sizeof message - 1);
  _exit(7);
}
const bool chained = [] {
  if (std::getenv("DEMO_CHAIN") != nullptr) signal(SIGTERM, program_handler);
  return true;
}();
}  // namespace

// Span names TELEMETRY_TRACED() derives from __PRETTY_FUNCTION__ spellings.
int check_function_names() {
  const char* cases[][2] = {
      {"int shop::Cart::total(int) const", "shop::Cart::total"},
      {"std::vector<int> shop::load(const std::map<int, int>&)", "shop::load"},
      {"void {anonymous}::handle()", "handle"},
      {"void (anonymous namespace)::handle()", "handle"},
      {"T shop::first(const std::vector<T>&) [with T = int]", "shop::first"},
      {"void shop::Cart::operator()(int)", "shop::Cart::operator()"},
      {"main(int, char**)::<lambda()>", "main"},
      {"const char* shop::name()", "shop::name"},
  };
  for (const auto& [pretty, expected] : cases) {
    const std::string got = telemetry::detail::function_name(pretty);
    if (got != expected) {
      std::cerr << "function_name(" << pretty << ") = " << got << ", expected " << expected << "\n";
      return 1;
    }
  }
  return 0;
}

// What the server middlewares share: the route set_http_route() records for this thread and
// the health-check paths that get no span.
int check_http_helpers() {
  telemetry::set_http_route("/orders/{id}");
  if (telemetry::detail::http_route() != "/orders/{id}") return 1;
  telemetry::detail::http_route().clear();
  const bool health = telemetry::detail::excluded_path("/healthz");
  if (!health || telemetry::detail::excluded_path("/orders")) return 1;
  return 0;
}

int main(int argc, char** argv) {
  std::cout << "demo starting\n";
  if (check_function_names() != 0) return 6;
  if (check_http_helpers() != 0) return 8;
  telemetry::TraceIds outside;
  if (telemetry::current_trace_ids(outside)) return 12;
  {
    telemetry::Span request("GET /orders", telemetry::SpanKind::server);
    request.set_attribute("http.request.method", "GET").set_attribute("http.response.status_code", 200);
    request.set_attribute("ratio", 0.5).set_attribute("cached", true);
    request.add_event("loaded", {{"rows", "3"}});
    std::cout << "trace " << telemetry::current_trace_id() << " span " << telemetry::current_span_id() << "\n";
    if (telemetry::current_trace_id() != request.trace_id()) return 3;
    telemetry::TraceIds ids;
    const bool in_span = telemetry::current_trace_ids(ids);  // false when disabled
    if (in_span == request.trace_id().empty()) return 11;
    if (in_span && (ids.trace_id() != request.trace_id() || ids.span_id() != request.span_id())) {
      return 11;
    }
    int sum = telemetry::traced("orders.sum", [] { return 40 + 2; });
    telemetry::traced("orders.audit", {{"audit.kind", "daily"}}, [] {});
    try {
      telemetry::traced("orders.fail", []() -> int { throw std::runtime_error("db down"); });
    } catch (const std::runtime_error&) {
      sum += 1;
    }
    sum += shop::Cart{}.total(2);
    {
      // Ended, yet current until destroyed: what an access logger needs after the response.
      telemetry::Span logged("orders.logged");
      logged.end();
      logged.set_attribute("after.end", true);  // the span has ended: ignored
      if (telemetry::current_span_id() != logged.span_id()) return 9;
    }
    if (telemetry::current_span_id() != request.span_id()) return 10;
    std::map<std::string, std::string> headers;
    telemetry::inject(headers);
    std::unordered_map<std::string, std::string> upper{{"TraceParent", headers["traceparent"]}};
    std::multimap<std::string, std::string> multi;
    telemetry::inject(multi);
    const telemetry::Context remote = telemetry::extract(upper);
    if (telemetry::enabled() && remote.trace_id() != request.trace_id()) return 4;
    if (telemetry::enabled() && multi.count("traceparent") != 1) return 5;
    std::string via_setter;
    telemetry::inject([&](std::string_view name, std::string_view value) {
      if (name == "traceparent") via_setter = std::string(value);
    });
    if (via_setter != headers["traceparent"]) return 7;
    telemetry::Context from_getter = telemetry::extract([&](std::string_view name) {
      return name == "traceparent" ? headers["traceparent"] : std::string();
    });
    telemetry::Span child("child-of-remote", telemetry::SpanKind::client, from_getter);
    std::cout << "sum " << sum << " remote " << (child.trace_id() == request.trace_id()) << "\n";
  }
  if (argc > 1 && std::strcmp(argv[1], "wait") == 0) {
    telemetry::Span waiting("waiting-for-signal");
    waiting.set_attribute("chained", chained);
    std::cout << "waiting" << std::endl;
    pause();
  }
  return 0;
}
)demo";

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::filesystem::path instrumented_project(scaffold::Runtime runtime) {
  const auto root = make_temp_dir("template-build");
  write_file(root / "CMakeLists.txt", kCMake);
  write_file(root / "main.cpp", kMain);
  facts::Facts facts;
  facts.root = root.string();
  facts::BuildSystem cmake;
  cmake.id = "cmake";
  cmake.file = "CMakeLists.txt";
  cmake.project_name = "demo-svc";
  cmake.targets.push_back(target_from_text("CMakeLists.txt", kCMake, "demo"));
  facts.build_systems.push_back(cmake);
  facts.entry_points.push_back(entry_from_text("main.cpp", kMain, "demo"));
  scaffold::PlanOptions options;
  options.runtime = runtime;
  apply_plan(scaffold::plan_init(facts, options), root);
  return root;
}

// Built once per process: Catch runs the test case again for every SECTION. The temporary
// project is removed at exit; OTEL_SETUP_KEEP_TEMP=1 keeps it (build.log, out.txt, err.txt).
struct RemoveAtExit {
  std::filesystem::path root;
  ~RemoveAtExit() {
    if (!root.empty() && std::getenv("OTEL_SETUP_KEEP_TEMP") == nullptr) {
      std::filesystem::remove_all(root);
    }
  }
};

std::filesystem::path build_project(scaffold::Runtime runtime) {
  const auto project = instrumented_project(runtime);
  const std::string build = (project / "build").string();
  const std::string log = (project / "build.log").string();
  const bool built = run("cmake -S " + project.string() + " -B " + build +
                         " -G Ninja -DCMAKE_BUILD_TYPE=Debug"
                         " '-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Wshadow -Werror' > " +
                         log + " 2>&1") == 0 &&
                     run("cmake --build " + build + " -j2 >> " + log + " 2>&1") == 0;
  return built ? project : std::filesystem::path();
}

const std::filesystem::path& built_project() {
  static const std::filesystem::path root = build_project(scaffold::Runtime::bundled);
  static const RemoveAtExit remove_at_exit{root};
  return root;
}

// opentelemetry-cpp from Debian 12's backports (scripts/packages-backports.txt).
const std::filesystem::path& built_opentelemetry_cpp_project() {
  static const std::filesystem::path root = build_project(scaffold::Runtime::opentelemetry_cpp);
  static const RemoveAtExit remove_at_exit{root};
  return root;
}

// The built demo's files: its build folder, and where a run's stdout and stderr go.
struct Demo {
  explicit Demo(const std::filesystem::path& project)
      : root(project),
        build((project / "build").string()),
        out((project / "out.txt").string()),
        err((project / "err.txt").string()) {}
  // The shell command running the demo with `environment` before it, stdout and stderr to
  // out and err.
  std::string command(const std::string& environment, const std::string& arguments = "") const {
    return environment + " " + build + "/demo " + arguments + " > " + out + " 2> " + err;
  }
  // Nonzero: the run failed.
  int run_with(const std::string& environment) const { return run(command(environment)); }
  std::filesystem::path root;
  std::string build, out, err;
};

// One run with the console exporter: the demo's own checks pass (exit codes 3-12: ids, inject and
// extract with maps, multimaps and functions, the traced() helpers, function names, a span ended
// before it is destroyed, the ids written without allocating) and every one of `expected` is in the
// exported spans.
void check_console_run(const Demo& demo, const std::string& environment,
                       std::initializer_list<const char*> expected) {
  REQUIRE(demo.run_with("OTEL_TRACES_EXPORTER=console " + environment) == 0);
  const std::string stdout_text = read_file(demo.out);
  const std::string spans = read_file(demo.err);
  INFO("stdout:\n" << stdout_text << "\nstderr:\n" << spans);
  CHECK(stdout_text.find("sum 49 remote 1") != std::string::npos);
  for (const char* text : expected)
    CHECK(spans.find(text) != std::string::npos);
  CHECK(spans.find("after.end") == std::string::npos);
}

// Starts `demo wait` with `environment`, sends it SIGTERM once it waits and returns the exit
// status the shell saw, as "N\n".
std::string terminated_while_waiting(const Demo& demo, const std::string& environment) {
  const std::string status = (demo.root / "status").string();
  const std::string script = demo.command(environment + " OTEL_TRACES_EXPORTER=console", "wait") +
                             " & pid=$!; for i in $(seq 100); do grep -q waiting " + demo.out +
                             " && break; sleep 0.05; done; kill -TERM $pid; wait $pid; echo $? > " +
                             status;
  run("{ " + script + "; } 2>/dev/null");  // the shell's "Terminated" notice is expected
  return read_file(status);
}

void check_disabled_run(const Demo& demo) {
  REQUIRE(demo.run_with("OTEL_SDK_DISABLED=true OTEL_TRACES_EXPORTER=console") == 0);
  CHECK(read_file(demo.err).find("orders.sum") == std::string::npos);
}

}  // namespace

TEST_CASE("generated telemetry module builds, runs and exports spans", "[slow]") {
  const auto root = built_project();
  REQUIRE_FALSE(root.empty());  // see build.log in the otel-template-build-* temp folder
  INFO("project in " << root.string());
  const Demo demo(root);
  check_console_run(demo, "OTEL_SERVICE_NAME=demo-env",
                    {"GET /orders", "orders.sum", "orders.audit", "orders.fail", "orders.logged",
                     "shop::Cart::total", "child-of-remote", "db down", "audit.kind=\"daily\""});

  SECTION("OTEL_SDK_DISABLED=true: the program runs the same and exports nothing") {
    check_disabled_run(demo);
  }
  SECTION("SIGTERM with no handler: spans are flushed and the process still dies of it") {
    CHECK(terminated_while_waiting(demo, "") == "143\n");                        // 128 + SIGTERM
    CHECK(read_file(demo.err).find("waiting-for-signal") == std::string::npos);  // still open
    CHECK(read_file(demo.err).find("GET /orders") != std::string::npos);         // flushed
  }
  SECTION("SIGTERM with a program handler: the flush happens, then the handler runs") {
    CHECK(terminated_while_waiting(demo, "DEMO_CHAIN=1") == "7\n");
    CHECK(read_file(demo.err).find("program handler ran") != std::string::npos);
    CHECK(read_file(demo.err).find("GET /orders") != std::string::npos);
  }
}

TEST_CASE("the opentelemetry-cpp binding builds against the official SDK, runs and exports spans",
          "[slow]") {
  const auto root = built_opentelemetry_cpp_project();
  REQUIRE_FALSE(root.empty());  // see build.log in the otel-template-build-* temp folder
  INFO("project in " << root.string());
  const Demo demo(root);
  check_console_run(demo, "",
                    {"GET /orders", "orders.sum", "orders.audit", "orders.fail", "orders.logged",
                     "shop::Cart::total", "child-of-remote", "db down", "audit.kind",
                     "exception.type: std::runtime_error"});

  SECTION("OTEL_SDK_DISABLED=true: the program runs the same and exports nothing") {
    check_disabled_run(demo);
  }
}
