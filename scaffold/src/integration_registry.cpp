// The integration catalog (data) and the planner registry built from it. Adding an
// integration = one entry here + templates/integrations/<id>/ + its planner file.
#include "integration_support.hpp"

namespace otel_setup::scaffold {

using facts::LibraryKind;

const std::vector<Integration>& integration_catalog() {
  static const std::vector<Integration> catalog = {
      {"cpp-httplib",
       LibraryKind::server,
       "middleware",
       {"httplib_server.hpp"},
       {"server_create"},
       "nothing new: header-only, uses the cpp-httplib the target links",
       "SERVER span `METHOD /route`, http.*, url.*, server.*, client.address, user_agent, "
       "session.id, exceptions -> 500",
       {"httplib-server"},
       true,
       integration::plan_httplib_server},
      {"libcurl",
       LibraryKind::http_client,
       "http-client",
       {"curl_tracing.hpp"},
       {"call"},
       "nothing new: header-only, uses the libcurl the target links",
       "CLIENT span per curl_easy_perform: method, url.full, server.*, status; traceparent sent",
       {"libcurl-include"},
       false,
       integration::plan_libcurl},
      {"sqlite3",
       LibraryKind::db,
       "db",
       {"sqlite_tracing.hpp"},
       {"call"},
       "nothing new: header-only, uses the SQLite the target links",
       "CLIENT span per statement: db.system.name, db.namespace, db.operation.name, "
       "db.query.text (no parameters; OTEL_SETUP_DB_STATEMENT=off)",
       {"sqlite3-include"},
       false,
       integration::plan_sqlite3},
      {"spdlog",
       LibraryKind::logging,
       "logging",
       {"spdlog_tracing.hpp"},
       {},
       "nothing new: header-only, uses the spdlog the target links",
       "trace_id/span_id appended to every line logged inside a span (any pattern); %Q/%q "
       "flags; OTEL_SETUP_LOG_FORMAT=json",
       {"spdlog-correlation"},
       false,
       integration::plan_spdlog},
      {"glog",
       LibraryKind::logging,
       "logging",
       {"glog_tracing.hpp"},
       {},
       "nothing new: header-only, uses the glog the target links",
       "trace_id/span_id after glog's line prefix, for lines logged inside a span",
       {"glog-include"},
       false,
       integration::plan_glog},
      {"beast",
       LibraryKind::server,
       "middleware",
       {"beast_server.hpp"},
       {},
       "nothing new: header-only, uses the Boost the target links",
       "SERVER span around the request handler (found or named): method, url.*, server.*, "
       "user_agent, status, session.id, exceptions -> 500",
       {"beast-server"},
       false,
       integration::plan_beast_server},
      {"hiredis",
       LibraryKind::db,
       "db",
       {"redis_tracing.hpp"},
       {"call"},
       "nothing new: header-only, uses the hiredis the target links",
       "CLIENT span per Redis command: db.system.name=redis, db.operation.name, db.query.text "
       "(arguments as ?; OTEL_SETUP_DB_STATEMENT=off), db.namespace, server.*",
       {"hiredis-include"},
       false,
       integration::plan_hiredis},
      {"libpqxx",
       LibraryKind::db,
       "db",
       {"pqxx_tracing.hpp"},
       {"transaction_create"},
       "nothing new: header-only, uses the libpqxx the target links",
       "CLIENT span per statement: db.system.name=postgresql, db.namespace, db.operation.name, "
       "db.query.text (no parameters; OTEL_SETUP_DB_STATEMENT=off), server.*, exceptions",
       {"libpqxx-include"},
       false,
       integration::plan_libpqxx},
      {"cpp-httplib",
       LibraryKind::http_client,
       "http-client",
       {"httplib_client.hpp"},
       {"client_create"},
       "nothing new: header-only, uses the cpp-httplib the target links",
       "CLIENT span per httplib::Client request: method, url.full, server.*, status; "
       "traceparent sent",
       {"httplib-client-include"},
       false,
       integration::plan_httplib_client},
      {"pistache",
       LibraryKind::server,
       "middleware",
       {"pistache_server.hpp"},
       {"route"},
       "nothing new: header-only, uses the Pistache the target links",
       "SERVER span `METHOD /route/:template` per routed request: http.*, url.*, server.*, "
       "client.address, user_agent, session.id, exceptions recorded (Pistache answers 500)",
       {"pistache-include"},
       false,
       integration::plan_pistache},
      {"librdkafka",
       LibraryKind::messaging,
       "messaging",
       {"kafka_tracing.hpp"},
       {"call"},
       "nothing new: header-only, uses the librdkafka C++ API the target links",
       "PRODUCER span `send <topic>` (traceparent into the message headers), CONSUMER span "
       "`process <topic>` parented to it: messaging.*, key, partition, offset",
       {"librdkafka-include"},
       false,
       integration::plan_librdkafka},
      {"grpc",
       LibraryKind::server,
       "middleware",
       {"grpc_server.hpp"},
       {"server_create"},
       "nothing new: header-only, uses the gRPC C++ library the target links",
       "SERVER span `package.Service/Method` per call: rpc.system, rpc.service, rpc.method, "
       "rpc.grpc.status_code, server.*, client.*; traceparent from the metadata",
       {"grpc-server"},
       false,
       integration::plan_grpc_server},
      {"grpc",
       LibraryKind::http_client,
       "grpc-client",
       {"grpc_client.hpp"},
       {"client_create"},
       "nothing new: header-only, uses the gRPC C++ library the target links",
       "CLIENT span `package.Service/Method` per call: rpc.*, server.*; traceparent sent",
       {"grpc-client"},
       false,
       integration::plan_grpc_client},
      {"restinio",
       LibraryKind::server,
       "middleware",
       {"restinio_server.hpp"},
       {"server_create"},
       "nothing new: header-only, uses the RESTinio the target links",
       "SERVER span `METHOD /route/:template` per routed request: http.*, url.*, server.*, "
       "client.address, user_agent, session.id, status read from the response's status line, "
       "exceptions recorded and answered 500",
       {"restinio-router", "restinio-include"},
       false,
       integration::plan_restinio},
      {"cpprestsdk",
       LibraryKind::server,
       "middleware",
       {"cpprest_server.hpp"},
       {"server_create"},
       "nothing new: header-only, uses the cpprestsdk the target links",
       "SERVER span `METHOD` per request, ended when the reply is set (also from a "
       "continuation): http.*, url.*, server.*, client.address, user_agent, session.id, "
       "exceptions -> 500",
       {"cpprest-server-include"},
       false,
       integration::plan_cpprest_server},
      {"cpprestsdk",
       LibraryKind::http_client,
       "http-client",
       {"cpprest_client.hpp"},
       {"client_create"},
       "nothing new: header-only, uses the cpprestsdk the target links",
       "CLIENT span per http_client request (a pipeline stage): method, url.full, server.*, "
       "status; traceparent sent",
       {"cpprest-client-include"},
       false,
       integration::plan_cpprest_client},
      {"poco",
       LibraryKind::server,
       "middleware",
       {"poco_server.hpp"},
       {"server_create"},
       "nothing new: header-only, uses the Poco::Net the target links",
       "SERVER span `METHOD` (`METHOD /route` after telemetry::set_http_route) per request "
       "from the factory to the end of the handler: http.*, url.*, server.*, client.*, "
       "user_agent, session.id, exceptions recorded and answered 500",
       {"poco-server"},
       false,
       integration::plan_poco_server},
  };
  return catalog;
}

const std::vector<std::string>& detect_only_libraries() {
  static const std::vector<std::string> libraries = {"crow", "drogon", "oatpp"};
  return libraries;
}

const std::vector<IntegrationPlanner>& integration_planners() {
  // Moved here from planner_init.cpp: one planner per catalog entry.
  static const std::vector<IntegrationPlanner> planners = [] {
    std::vector<IntegrationPlanner> list;
    for (const Integration& integration : integration_catalog()) {
      list.push_back({integration.id, integration.plan});
    }
    return list;
  }();
  return planners;
}

}  // namespace otel_setup::scaffold
