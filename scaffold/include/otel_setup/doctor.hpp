// `otel-setup doctor`: is the setup intact, and do spans get out? Each check says ok or FAIL
// and, when it fails, how to fix it.
#pragma once

#include <string>
#include <vector>

namespace otel_setup::scaffold {

class FileSystem;

struct DoctorCheck {
  std::string name;  // "manifest", "file telemetry/telemetry.hpp", "endpoint", ...
  bool ok = false;
  std::string detail;  // what was found
  std::string fix;     // what to do when !ok
};

// Where the service would send traces, from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is)
// or OTEL_EXPORTER_OTLP_ENDPOINT (+ "/v1/traces"), default http://localhost:4318.
struct Endpoint {
  std::string url;
  bool https = false;
  std::string host;
  std::string port;
  std::string path;  // "/v1/traces"
};
Endpoint traces_endpoint_from_env();
Endpoint parse_traces_endpoint(const std::string& url, bool append_signal_path);

// The manifest is there, complete and valid; every created file has its recorded hash; every
// edited file still holds its blocks (build files checked as "build entries").
std::vector<DoctorCheck> check_setup(const FileSystem& fs);

// TCP connect to the endpoint within timeout_ms.
DoctorCheck check_reachable(const Endpoint& endpoint, int timeout_ms);

// POSTs one span as OTLP/HTTP JSON (service.name = service_name, span "otel-setup doctor");
// ok on a 2xx answer. https endpoints are reported as not checked (no TLS here).
DoctorCheck send_test_span(const Endpoint& endpoint, const std::string& service_name,
                           int timeout_ms);

}  // namespace otel_setup::scaffold
