// Interop with an independent implementation: the official OpenTelemetry JS SDK exports a
// trace with its OTLP/HTTP protobuf and JSON exporters to the built `otel-setup view`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "child_process.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// Fails the test (never skips) when the JS SDK is not installed.
void require_node_sdk() {
  int code = 0;
  run_capture("node --version >/dev/null 2>&1", code);
  INFO("node (Node.js 20) is not on PATH: run scripts/setup.sh");
  REQUIRE(code == 0);
  std::filesystem::path modules = std::filesystem::path(NODE_DIR) / "node_modules/@opentelemetry";
  for (const char* package : {"sdk-trace-base", "exporter-trace-otlp-proto",
                              "exporter-trace-otlp-http", "resources", "api"}) {
    INFO("the OpenTelemetry JS SDK is missing in tests/node/node_modules ("
         << package << "): run scripts/setup.sh");
    REQUIRE(std::filesystem::exists(modules / package));
  }
}

std::vector<json> read_lines(const std::string& path) {
  std::vector<json> lines;
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

void check_js_trace(const std::vector<json>& spans, const json& ids, const std::string& service) {
  std::map<std::string, json> by_name;
  for (const json& span : spans) {
    if (span["trace_id"] == ids["trace_id"]) by_name[span["name"].get<std::string>()] = span;
  }
  REQUIRE(by_name.count("GET /orders/{id}") == 1);
  REQUIRE(by_name.count("SELECT orders") == 1);
  const json& server = by_name["GET /orders/{id}"];
  const json& client = by_name["SELECT orders"];

  CHECK(server["span_id"] == ids["server_span_id"]);
  CHECK(server["parent_span_id"] == "");
  CHECK(server["kind"] == "server");
  CHECK(server["service"] == service);
  CHECK(server["resource"]["deployment.environment"] == "test");
  CHECK(server["scope"]["name"] == "otel-setup-interop");
  CHECK(server["attributes"]["http.request.method"] == "GET");
  CHECK(server["attributes"]["url.path"] == "/orders/42");
  CHECK(server["attributes"]["http.response.status_code"] == 500);
  CHECK(server["attributes"]["session.id"] == "session-abc");
  CHECK(server["status"]["code"] == "error");
  CHECK(std::stoull(server["end_time_unix_nano"].get<std::string>()) >=
        std::stoull(server["start_time_unix_nano"].get<std::string>()));

  CHECK(client["span_id"] == ids["client_span_id"]);
  CHECK(client["parent_span_id"] == ids["server_span_id"]);
  CHECK(client["kind"] == "client");
  CHECK(client["attributes"]["db.system"] == "sqlite");
  CHECK(client["attributes"]["retry"] == true);
  CHECK(client["attributes"]["ratio"] == 0.25);
  CHECK(client["attributes"]["tags"] == json::array({"a", "b"}));
  CHECK(client["status"]["code"] == "error");
  CHECK(client["status"]["message"] == "order 42 vanished");
  REQUIRE(client["events"].size() == 1);
  CHECK(client["events"][0]["name"] == "exception");
  CHECK(client["events"][0]["attributes"]["exception.type"] == "TypeError");
  CHECK(client["events"][0]["attributes"]["exception.message"] == "order 42 vanished");
}

}  // namespace

TEST_CASE("interop: the OpenTelemetry JS SDK's OTLP exporters are decoded by view") {
  require_node_sdk();
  TempDir dir;
  std::string out = dir.path() + "/spans.jsonl";
  // Three exports of two spans each: protobuf (chunked), protobuf gzip, JSON.
  ChildProcess view({OTEL_SETUP_BINARY, "view", "--port", "0", "--json", "--expect", "6",
                     "--timeout", "60", "--output", out},
                    dir.path() + "/stdout.txt");
  auto banner = view.read_line(10s);
  REQUIRE(banner);
  int port = port_from_banner(*banner);
  REQUIRE(port > 0);

  std::map<std::string, json> ids;
  for (std::string mode : {"proto", "proto gzip", "json"}) {
    int code = 0;
    std::string printed = run_capture("node '" + std::string(NODE_DIR) + "/export_to_view.js' " +
                                          std::to_string(port) + " " + mode + " 2>&1",
                                      code);
    INFO("node export_to_view.js " << mode << " printed: " << printed);
    REQUIRE(code == 0);
    ids[mode] = json::parse(printed.substr(printed.rfind('{')));
  }
  auto status = view.wait(30s);
  INFO("view stderr: " << view.drain_stderr(1s));
  REQUIRE(status == std::optional<int>(0));
  std::vector<json> spans = read_lines(out);
  CHECK(spans.size() == 6);
  check_js_trace(spans, ids["proto"], "js-interop-proto");
  check_js_trace(spans, ids["proto gzip"], "js-interop-proto");
  check_js_trace(spans, ids["json"], "js-interop-json");
}
