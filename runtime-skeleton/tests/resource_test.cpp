// Resource::from_environment: precedence of arguments and variables, OTEL_RESOURCE_ATTRIBUTES
// parsing with percent-decoding, SDK/host/process attributes.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "diagnostics.hpp"
#include "otelrt/span_data.hpp"

namespace {

struct Env {
  explicit Env(std::initializer_list<std::pair<const char*, const char*>> vars) : vars_(vars) {
    for (auto [name, value] : vars_)
      setenv(name, value, 1);
  }
  ~Env() {
    for (auto [name, value] : vars_)
      unsetenv(name);
  }
  std::vector<std::pair<const char*, const char*>> vars_;
};

std::string get(const otelrt::Resource& resource, const char* key) {
  const std::string* value = resource.find_string(key);
  return value == nullptr ? "<missing>" : *value;
}

}  // namespace

TEST_CASE("defaults: unknown_service:<executable>, sdk, host and pid") {
  otelrt::Resource resource = otelrt::Resource::from_environment();
  std::string name = get(resource, "service.name");
  CHECK(name.rfind("unknown_service:", 0) == 0);
  CHECK(name.size() > 13);
  CHECK(name.substr(name.size() - 13) == "resource_test");  // the test executable's name
  CHECK(get(resource, "telemetry.sdk.name") == "otel-setup");
  CHECK(get(resource, "telemetry.sdk.language") == "cpp");
  CHECK(get(resource, "telemetry.sdk.version") == otelrt::kRuntimeVersion);
  CHECK(get(resource, "host.name") != "<missing>");
  CHECK(get(resource, "service.version") == "<missing>");
  bool has_pid = false;
  for (const auto& attribute : resource.attributes) {
    if (attribute.key == "process.pid") {
      has_pid = std::get<std::int64_t>(attribute.value) == getpid();
    }
  }
  CHECK(has_pid);
}

TEST_CASE("service name: argument, then OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES") {
  Env env({{"OTEL_SERVICE_NAME", "from-var"},
           {"OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs,service.version=0.9"}});
  CHECK(get(otelrt::Resource::from_environment("from-arg"), "service.name") == "from-arg");
  CHECK(get(otelrt::Resource::from_environment(), "service.name") == "from-var");
  unsetenv("OTEL_SERVICE_NAME");
  CHECK(get(otelrt::Resource::from_environment(), "service.name") == "from-attrs");
  CHECK(get(otelrt::Resource::from_environment(), "service.version") == "0.9");
}

TEST_CASE("service.version and deployment.environment.name") {
  Env env({{"OTEL_SERVICE_VERSION", "1.2.3"}, {"DEPLOYMENT_ENVIRONMENT", "staging"}});
  otelrt::Resource resource = otelrt::Resource::from_environment({}, {});
  CHECK(get(resource, "service.version") == "1.2.3");
  CHECK(get(resource, "deployment.environment.name") == "staging");
  CHECK(get(otelrt::Resource::from_environment("svc", "2.0"), "service.version") == "2.0");
}

TEST_CASE("OTEL_RESOURCE_ATTRIBUTES is percent-decoded; invalid pairs are skipped with a warning") {
  Env env({{"OTEL_RESOURCE_ATTRIBUTES",
            " team = core%20platform ,region=eu%2Cwest,broken,=novalue,bad=%zz,"
            "telemetry.sdk.name=spoofed,,empty="}});
  std::string sink;
  otelrt::internal::set_diagnostics_sink(&sink);
  otelrt::Resource resource = otelrt::Resource::from_environment("svc");
  otelrt::internal::set_diagnostics_sink(nullptr);
  CHECK(get(resource, "team") == "core platform");
  CHECK(get(resource, "region") == "eu,west");
  CHECK(get(resource, "empty") == "");
  CHECK(get(resource, "telemetry.sdk.name") == "otel-setup");
  CHECK(get(resource, "broken") == "<missing>");
  CHECK(get(resource, "bad") == "<missing>");
  CHECK(sink.find("'broken'") != std::string::npos);
  CHECK(sink.find("OTEL_RESOURCE_ATTRIBUTES") != std::string::npos);
}
