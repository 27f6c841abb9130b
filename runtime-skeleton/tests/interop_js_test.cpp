// Interop with an independent implementation: the official OpenTelemetry JS propagators
// (tests/node/w3c_interop.js). JS-injected headers must extract to the same ids here, and
// headers injected here must extract to the same ids in JS. Missing node or node_modules is
// a failure, not a skip: CI installs both (scripts/setup.sh).
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "ids.hpp"
#include "otelrt/trace.hpp"
#include "support/map_carrier.hpp"

using otelrt_test::MapCarrier;

namespace {

const std::string kNodeDir = OTELRT_TEST_NODE_DIR;

std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Minimal reader for the flat JSON the script prints: "key":"string" / number / bool.
std::string json_value(const std::string& json, const std::string& key, std::size_t from = 0) {
  std::size_t at = json.find("\"" + key + "\":", from);
  if (at == std::string::npos) return "<missing>";
  at += key.size() + 3;
  if (json[at] != '"') {
    std::size_t end = json.find_first_of(",}", at);
    return json.substr(at, end - at);
  }
  std::string out;
  for (std::size_t i = at + 1; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) ++i;
    out += json[i];
  }
  return out;
}

std::string baggage_value(const std::string& json, const std::string& key) {
  std::size_t at = json.find("\"baggage\":{");
  return at == std::string::npos ? "<missing>" : json_value(json, key, at);
}

void require_node_available() {
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    FAIL("node is not installed: run scripts/setup.sh (Debian package nodejs) to get the JS peer");
  }
  struct stat info {};
  std::string core = kNodeDir + "/node_modules/@opentelemetry/core/package.json";
  if (stat(core.c_str(), &info) != 0) {
    FAIL("the OpenTelemetry JS SDK is missing at " + kNodeDir +
         "/node_modules: run scripts/setup.sh (npm ci in tests/node)");
  }
}

// Runs the script with `request` and returns its stdout.
std::string run_node(const std::string& request) {
  std::string dir = (std::filesystem::temp_directory_path() / "otelrt-interop-XXXXXX").string();
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  std::string path = dir + "/request.json";
  std::ofstream(path) << request;
  std::string command = "node '" + kNodeDir + "/w3c_interop.js' '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    output.append(buffer, got);
  int status = pclose(pipe);
  unlink(path.c_str());
  rmdir(dir.c_str());
  INFO("command: " << command << "\noutput: " << output);
  REQUIRE(status == 0);
  return output;
}

}  // namespace

TEST_CASE("headers injected by OpenTelemetry JS are extracted with the same ids") {
  require_node_available();
  for (int round = 0; round < 5; ++round) {
    std::string trace_id = otelrt::internal::new_trace_id().hex();
    std::string span_id = otelrt::internal::new_span_id().hex();
    int flags = round % 2;
    std::string output =
        run_node("{\"op\":\"inject\",\"trace_id\":\"" + trace_id + "\",\"span_id\":\"" + span_id +
                 "\",\"trace_flags\":" + std::to_string(flags) +
                 ",\"trace_state\":\"rojo=00f067aa0ba902b7,tenant@vendor=x y\","
                 "\"baggage\":{\"user.id\":\"alice "
                 "smith\",\"list\":\"a,b;c=d\",\"uni\":\"J\xC3\xBCrgen\"}}");
    MapCarrier carrier;
    for (const char* header : {"traceparent", "tracestate", "baggage"}) {
      carrier.headers[header] = json_value(output, header);
    }
    INFO("JS headers: " << output);
    otelrt::Context context = otelrt::extract(carrier, otelrt::Context{});
    const otelrt::SpanContext& span_context = context.span_context();
    REQUIRE(span_context.valid());
    CHECK(span_context.trace_id.hex() == trace_id);
    CHECK(span_context.span_id.hex() == span_id);
    CHECK(span_context.sampled() == (flags == 1));
    CHECK(span_context.is_remote);
    CHECK(span_context.trace_state == "rojo=00f067aa0ba902b7,tenant@vendor=x y");
    std::map<std::string, std::string> baggage;
    for (const auto& entry : context.baggage())
      baggage[entry.key] = entry.value;
    CHECK(baggage["user.id"] == "alice smith");
    CHECK(baggage["list"] == "a,b;c=d");
    CHECK(baggage["uni"] == "J\xC3\xBCrgen");
  }
}

TEST_CASE("headers injected here are extracted by OpenTelemetry JS with the same ids") {
  require_node_available();
  for (int round = 0; round < 5; ++round) {
    otelrt::SpanContext span_context;
    span_context.trace_id = otelrt::internal::new_trace_id();
    span_context.span_id = otelrt::internal::new_span_id();
    span_context.trace_flags = static_cast<std::uint8_t>(round % 2);
    span_context.trace_state = "congo=t61rcWkgMzE,a@b=1";
    otelrt::Context context = otelrt::Context::from_span_context(span_context)
                                  .with_baggage({{"session.id", "s 1/2%", ""},
                                                 {"flag", "on", "ttl=30"},
                                                 {"uni", "J\xC3\xBCrgen", ""}});
    MapCarrier carrier;
    otelrt::inject(context, carrier);
    std::string request = "{\"op\":\"extract\",\"headers\":{";
    bool first = true;
    for (const auto& [key, value] : carrier.headers) {
      request += (first ? "\"" : ",\"") + key + "\":\"" + json_escape(value) + "\"";
      first = false;
    }
    request += "}}";
    std::string output = run_node(request);
    INFO("our headers: " << request << "\nJS extracted: " << output);
    CHECK(json_value(output, "valid") == "true");
    CHECK(json_value(output, "trace_id") == span_context.trace_id.hex());
    CHECK(json_value(output, "span_id") == span_context.span_id.hex());
    CHECK(json_value(output, "trace_flags") == std::to_string(round % 2));
    CHECK(json_value(output, "is_remote") == "true");
    CHECK(json_value(output, "trace_state") == "congo=t61rcWkgMzE,a@b=1");
    CHECK(baggage_value(output, "session.id") == "s 1/2%");
    CHECK(baggage_value(output, "flag") == "on");
    CHECK(baggage_value(output, "uni") == "J\xC3\xBCrgen");
  }
}

TEST_CASE("JS and this runtime agree on rejecting invalid traceparents") {
  require_node_available();
  const char* const kHeaders[] = {
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",        // valid
      "00-00000000000000000000000000000000-b7ad6b7169203331-01",        // zero trace id
      "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",        // zero span id
      "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",        // forbidden version
      "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",        // uppercase
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",  // 00 with extra field
      "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",  // future version
      "00-0af7651916cd43dd8448eb211c80319-b7ad6b7169203331-01",         // short trace id
  };
  for (const char* header : kHeaders) {
    std::string output = run_node(
        std::string("{\"op\":\"extract\",\"headers\":{\"traceparent\":\"") + header + "\"}}");
    otelrt::SpanContext ours;
    bool we_accept = otelrt::w3c::parse_traceparent(header, ours);
    INFO(header << " -> JS: " << output);
    CHECK(we_accept == (json_value(output, "valid") == "true"));
  }
}
