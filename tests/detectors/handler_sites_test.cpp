// Sites found through the names a file declares: "handler" sites (function definitions that
// turn a Boost.Beast request into a response, through the aliases of the file itself and of
// the headers beside it) and route registrations reached through nested using-directives.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "build_test_support.hpp"
#include "otel_setup/scan.hpp"

namespace {

std::vector<std::string> handlers(const otel_setup::facts::Facts& facts) {
  std::vector<std::string> found;
  for (const otel_setup::facts::Library& library : facts.libraries) {
    for (const otel_setup::facts::Site& site : library.sites) {
      if (site.role == "handler") {
        found.push_back(library.id + " " + site.file + ":" + std::to_string(site.position.line) +
                        " " + site.function);
      }
    }
  }
  return found;
}

std::vector<std::string> routes(const otel_setup::facts::Facts& facts) {
  std::vector<std::string> found;
  for (const otel_setup::facts::Library& library : facts.libraries) {
    for (const otel_setup::facts::Site& site : library.sites) {
      if (site.role == "route")
        found.push_back(library.id + " " + site.file + ":" + std::to_string(site.position.line));
    }
  }
  return found;
}

otel_setup::facts::Facts scan(const build_test::TempDir& tree) {
  otel_setup::detectors::ScanOptions options;
  options.root = tree.path();
  options.threads = 2;
  return otel_setup::detectors::scan(options);
}

}  // namespace

TEST_CASE("a Beast handler whose types are aliases declared in a header") {
  build_test::TempDir tree;
  tree.write("server.hpp",
             "#pragma once\n#include <boost/beast/http.hpp>\n#include <regex>\n"
             "namespace shop {\nnamespace beast = boost::beast;\nnamespace http = beast::http;\n"
             "using Request = http::request<http::string_body>;\n"
             "using Response = http::response<http::string_body>;\n"
             "class Router {\n public:\n  Response dispatch(const Request& request) const;\n"
             "};\n}  // namespace shop\n");
  tree.write("server.cpp",
             "#include \"server.hpp\"\nnamespace shop {\n"
             "// helpers: a request and more, or no request at all\n"
             "Response reply(const Request& request, http::status status) {\n"
             "  return Response{status, request.version()};\n}\n"
             "Response not_found(int version) { return Response{http::status::not_found, "
             "version}; }\n"
             "Response route(const Request& request, const std::smatch& match) {\n"
             "  return reply(request, http::status::ok);\n}\n"
             "Response Router::dispatch(const Request& request) const {\n"
             "  return reply(request, http::status::ok);\n}\n"
             "}  // namespace shop\n");
  CHECK(handlers(scan(tree)) ==
        std::vector<std::string>{"beast server.cpp:11 shop::Router::dispatch"});
}

TEST_CASE("a Beast handler written with the library's names, in a class and with rvalues") {
  build_test::TempDir tree;
  tree.write(
      "main.cpp",
      "#include <boost/beast/http.hpp>\nnamespace http = boost::beast::http;\n"
      "http::response<http::string_body> handle(const http::request<http::string_body>& "
      "request) {\n  return {http::status::ok, request.version()};\n}\n"
      "struct Api {\n  boost::beast::http::response<boost::beast::http::string_body> "
      "serve(\n      boost::beast::http::request<boost::beast::http::string_body>&& r) {\n"
      "    return {boost::beast::http::status::ok, r.version()};\n  }\n};\n"
      "// a declaration, a std::string handler and a response from elsewhere do not count\n"
      "http::response<http::string_body> declared(const http::request<http::string_body>&);\n"
      "std::string echo(const http::request<http::string_body>& request) { return {}; }\n"
      "namespace other { struct response {}; struct request {}; }\n"
      "other::response mimic(const other::request&) { return {}; }\n"
      "int main() {}\n");
  CHECK(handlers(scan(tree)) ==
        std::vector<std::string>{"beast main.cpp:3 handle", "beast main.cpp:7 Api::serve"});
}

TEST_CASE("an alias named like a Beast one but standing for another type is no handler") {
  build_test::TempDir tree;
  tree.write(
      "types.hpp",
      "#include <boost/beast/http.hpp>\nstruct Request {};\nstruct Response {};\n"
      "namespace http = boost::beast::http;\nusing Other = http::response<http::empty_body>;\n");
  tree.write("handler.cpp",
             "#include \"types.hpp\"\nResponse answer(const Request&) { return {}; }\n");
  CHECK(handlers(scan(tree)).empty());
}

TEST_CASE("a Beast handler that answers through a send callback, as Beast's examples do") {
  build_test::TempDir tree;
  tree.write(
      "main.cpp",
      "#include <boost/beast/http.hpp>\nnamespace beast = boost::beast;\n"
      "namespace http = beast::http;\n"
      "template <class Body, class Allocator, class Send>\n"
      "void\nhandle_request(\n    beast::string_view doc_root,\n"
      "    http::request<Body, http::basic_fields<Allocator>>&& req,\n    Send&& send)\n{\n"
      "  auto const bad_request = [&req](beast::string_view why) {\n"
      "    http::response<http::string_body> res{http::status::bad_request, req.version()};\n"
      "    return res;\n  };\n"
      "  if (req.target().empty()) return send(bad_request(\"Illegal request-target\"));\n"
      "  http::response<http::empty_body> res{http::status::ok, req.version()};\n"
      "  return send(std::move(res));\n}\n"
      "// no callback called, a callback that is not a parameter, no request: none of them\n"
      "void log_request(const http::request<http::string_body>& req, int level) {}\n"
      "void forward(const http::request<http::string_body>& req, int level) { send(req); }\n"
      "template <class Send> void ping(int id, Send&& send) { send(id); }\n"
      "int main() {}\n");
  CHECK(handlers(scan(tree)) == std::vector<std::string>{"beast main.cpp:6 handle_request"});
}

TEST_CASE("Pistache routes after `using namespace Rest;` under `using namespace Pistache;`") {
  // The shape of Pistache's own rest_server example (libpistache-dev's examples).
  build_test::TempDir tree;
  tree.write("rest_server.cc",
             "#include <pistache/endpoint.h>\n#include <pistache/router.h>\n"
             "using namespace Pistache;\n"
             "class StatsEndpoint {\n  void setupRoutes() {\n    using namespace Rest;\n"
             "    Routes::Get(router, \"/value/:name\", Routes::bind(&StatsEndpoint::get, this));\n"
             "  }\n  Rest::Router router;\n};\n");
  CHECK(routes(scan(tree)) == std::vector<std::string>{"pistache rest_server.cc:7"});

  build_test::TempDir global;
  global.write("main.cc",
               "#include <pistache/endpoint.h>\nusing namespace Pistache;\n"
               "namespace Rest { namespace Routes { void Get(int, const char*); } }\n"
               "void f() {\n  using namespace ::Rest;\n  Routes::Get(1, \"/x\");\n}\n");
  CHECK(routes(scan(global)).empty());  // ::Rest is the global one, not Pistache::Rest
}
