#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "child_process.hpp"
#include "otel_setup/otlp_receiver.hpp"
#include "otlp_encoder.hpp"

using namespace otel_setup::otlp;
using namespace std::chrono_literals;

namespace {

// An in-process receiver on a free port that keeps what it receives.
struct Running {
  explicit Running(std::size_t max_body = 16u << 20) {
    ReceiverOptions options;
    options.port = 0;
    options.max_body_bytes = max_body;
    receiver =
        std::make_unique<Receiver>(options, collector.handler(), [this](const std::string& n) {
          std::lock_guard<std::mutex> lock(mutex);
          notes.push_back(n);
        });
    port = receiver->start();
  }
  std::vector<std::string> all_notes() {
    std::lock_guard<std::mutex> lock(mutex);
    return notes;
  }
  SpanCollector collector;
  std::unique_ptr<Receiver> receiver;
  int port = 0;
  std::mutex mutex;
  std::vector<std::string> notes;
};

std::string one_span_request(const std::string& name) {
  pb::TestSpan span;
  span.name = name;
  span.kind = 2;
  return pb::request("svc", {span});
}

// Sends raw bytes and returns what the server answered before closing.
std::string raw_exchange(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  shutdown(fd, SHUT_WR);
  std::string answer;
  char chunk[4096];
  ssize_t n;
  while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0)
    answer.append(chunk, static_cast<std::size_t>(n));
  close(fd);
  return answer;
}

}  // namespace

TEST_CASE("handle_export: 200 with an empty response, 400 and 415 with a reason") {
  ExportReply ok = handle_export("application/x-protobuf", one_span_request("a"));
  CHECK(ok.status == 200);
  CHECK(ok.body.empty());
  CHECK(ok.spans.size() == 1);
  ExportReply json = handle_export("application/json; charset=utf-8", "{}");
  CHECK(json.status == 200);
  CHECK(json.body == "{}");
  ExportReply bad = handle_export("application/x-protobuf", "\x0a\x05");
  CHECK(bad.status == 400);
  CHECK(bad.note.find("truncated") != std::string::npos);
  CHECK(handle_export("text/plain", "").status == 415);
}

TEST_CASE("server: protobuf with Content-Length") {
  Running server;
  httplib::Client client("127.0.0.1", server.port);
  auto result = client.Post("/v1/traces", one_span_request("plain"), "application/x-protobuf");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->body.empty());
  CHECK(result->get_header_value("Content-Type") == "application/x-protobuf");
  REQUIRE(server.collector.wait_for(1, 5s));
  CHECK(server.collector.spans()[0].name == "plain");
}

TEST_CASE("server: JSON body answers {}") {
  Running server;
  httplib::Client client("127.0.0.1", server.port);
  auto result = client.Post(
      "/v1/traces",
      R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"02","name":"j"}]}]}]})",
      "application/json");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->body == "{}");
  REQUIRE(server.collector.wait_for(1, 5s));
  CHECK(server.collector.spans()[0].name == "j");
}

TEST_CASE("server: gzip bodies, with Content-Length and chunked") {
  Running server;
  httplib::Client client("127.0.0.1", server.port);
  client.set_compress(true);
  auto sized = client.Post("/v1/traces", one_span_request("gzip"), "application/x-protobuf");
  REQUIRE(sized);
  CHECK(sized->status == 200);
  std::string body = one_span_request("gzip-chunked");
  auto chunked = client.Post(
      "/v1/traces",
      [&](std::size_t, httplib::DataSink& sink) {
        sink.write(body.data(), body.size() / 2);
        sink.write(body.data() + body.size() / 2, body.size() - body.size() / 2);
        sink.done();
        return true;
      },
      "application/x-protobuf");
  REQUIRE(chunked);
  CHECK(chunked->status == 200);
  REQUIRE(server.collector.wait_for(2, 5s));
}

TEST_CASE("server: chunked bodies, written in small pieces") {
  Running server;
  httplib::Client client("127.0.0.1", server.port);
  std::string body = one_span_request("chunked");
  auto result = client.Post(
      "/v1/traces",
      [&](std::size_t, httplib::DataSink& sink) {
        for (std::size_t i = 0; i < body.size(); i += 3)
          sink.write(body.data() + i, std::min<std::size_t>(3, body.size() - i));
        sink.done();
        return true;
      },
      "application/x-protobuf");
  REQUIRE(result);
  CHECK(result->status == 200);
  REQUIRE(server.collector.wait_for(1, 5s));
  CHECK(server.collector.spans()[0].name == "chunked");
}

TEST_CASE("server: bad bodies get 400 and a note, and the server keeps serving") {
  Running server(1u << 20);
  httplib::Client client("127.0.0.1", server.port);
  SECTION("malformed protobuf") {
    auto result =
        client.Post("/v1/traces", std::string("\x0a\xff\x01", 3), "application/x-protobuf");
    REQUIRE(result);
    CHECK(result->status == 400);
  }
  SECTION("malformed JSON") {
    auto result = client.Post("/v1/traces", "{\"resourceSpans\": [", "application/json");
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(nlohmann::json::parse(result->body)["message"].get<std::string>().find("json") == 0);
  }
  SECTION("oversized by Content-Length") {
    auto result = client.Post("/v1/traces", std::string(2u << 20, 'x'), "application/x-protobuf");
    // Refused before the body is read: the client may see the 400 or a reset while sending.
    if (result) CHECK(result->status == 400);
    REQUIRE(!server.all_notes().empty());
    CHECK(server.all_notes()[0].find("exceeds the limit") != std::string::npos);
  }
  SECTION("oversized chunked") {
    std::string piece(64 * 1024, 'x');
    auto result = client.Post(
        "/v1/traces",
        [&](std::size_t, httplib::DataSink& sink) {
          for (int i = 0; i < 40 && sink.is_writable(); ++i)
            sink.write(piece.data(), piece.size());
          sink.done();
          return true;
        },
        "application/x-protobuf");
    // The server may close before reading everything; either way it must not accept it.
    if (result) CHECK(result->status == 400);
  }
  SECTION("gzip bomb: 64 MB of zeros in a small compressed body") {
    client.set_compress(true);
    auto result = client.Post("/v1/traces", std::string(64u << 20, '\0'), "application/x-protobuf");
    REQUIRE(result);
    CHECK(result->status == 400);
  }
  SECTION("corrupt gzip") {
    httplib::Headers headers{{"Content-Encoding", "gzip"}};
    auto result = client.Post("/v1/traces", headers, "not gzip at all", "application/x-protobuf");
    REQUIRE(result);
    CHECK(result->status == 400);
  }
  SECTION("truncated body: fewer bytes than Content-Length") {
    std::string answer = raw_exchange(
        server.port,
        "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
        "Content-Length: 100\r\n\r\n\x0a\x05");
    CHECK(answer.find("HTTP/1.1 200") == std::string::npos);
  }
  SECTION("unsupported content encoding") {
    httplib::Headers headers{{"Content-Encoding", "zstd"}};
    auto result =
        client.Post("/v1/traces", headers, one_span_request("z"), "application/x-protobuf");
    REQUIRE(result);
    CHECK(result->status == 415);
  }
  SECTION("unsupported content type") {
    auto result = client.Post("/v1/traces", "hello", "text/plain");
    REQUIRE(result);
    CHECK(result->status == 415);
  }
  CHECK(server.collector.spans().empty());
  httplib::Client after("127.0.0.1", server.port);
  auto good = after.Post("/v1/traces", one_span_request("after"), "application/x-protobuf");
  REQUIRE(good);
  CHECK(good->status == 200);
  CHECK(!server.all_notes().empty());
}

TEST_CASE("server: a port in use is a clear error") {
  Running first;
  ReceiverOptions options;
  options.port = first.port;
  Receiver second(options, [](std::vector<Span>) {});
  CHECK_THROWS_WITH(second.start(), Catch::Contains("cannot listen"));
}

// The built binary, as users and other stages' tests run it.
TEST_CASE("binary: view --expect prints the tree and exits 0") {
  TempDir dir;
  std::string out = dir.path() + "/out.txt";
  ChildProcess view({OTEL_SETUP_BINARY, "view", "--port", "0", "--expect", "2", "--timeout", "20"},
                    out);
  auto banner = view.read_line(10s);
  REQUIRE(banner);
  int port = port_from_banner(*banner);
  REQUIRE(port > 0);
  pb::TestSpan parent;
  parent.name = "GET /orders";
  parent.kind = 2;
  pb::TestSpan child;
  child.span_id = std::string(8, '\x09');
  child.parent_span_id = parent.span_id;
  child.name = "SELECT orders";
  child.kind = 3;
  child.attributes = {pb::kv("db.system", pb::str_value("sqlite"))};
  httplib::Client client("127.0.0.1", port);
  auto result =
      client.Post("/v1/traces", pb::request("orders", {parent, child}), "application/x-protobuf");
  REQUIRE(result);
  CHECK(result->status == 200);
  REQUIRE(view.wait(10s) == std::optional<int>(0));
  std::ifstream file(out);
  std::stringstream text;
  text << file.rdbuf();
  CHECK(text.str() ==
        "trace 01010101010101010101010101010101  2 spans\n"
        "  GET /orders  server  orders  12.50 ms\n"
        "  └─ SELECT orders  client  orders  12.50 ms  db.system=sqlite\n\n");
}

TEST_CASE("binary: view --expect times out with exit 1 and a message") {
  TempDir dir;
  ChildProcess view(
      {OTEL_SETUP_BINARY, "view", "--port", "0", "--json", "--expect", "1", "--timeout", "0.3"},
      dir.path() + "/out.txt");
  REQUIRE(view.wait(10s) == std::optional<int>(1));
  std::string err = view.drain_stderr(1s);
  CHECK(err.find("listening on http://127.0.0.1:") == 0);
  CHECK(err.find("timed out after 0.3 s with 0 of 1 expected spans") != std::string::npos);
}

TEST_CASE("binary: view stops cleanly on SIGTERM and SIGINT, printing pending traces") {
  for (int signal_number : {SIGTERM, SIGINT}) {
    TempDir dir;
    std::string out = dir.path() + "/out.txt";
    ChildProcess view({OTEL_SETUP_BINARY, "view", "--port", "0"}, out);
    auto banner = view.read_line(10s);
    REQUIRE(banner);
    httplib::Client client("127.0.0.1", port_from_banner(*banner));
    auto result = client.Post("/v1/traces", one_span_request("pending"), "application/x-protobuf");
    REQUIRE(result);
    kill(view.pid(), signal_number);
    REQUIRE(view.wait(10s) == std::optional<int>(0));
    std::ifstream file(out);
    std::stringstream text;
    text << file.rdbuf();
    CHECK(text.str().find("pending  server  svc") != std::string::npos);
  }
}

TEST_CASE("binary: view --output writes JSON lines to a file") {
  TempDir dir;
  std::string file_path = dir.path() + "/spans.jsonl";
  ChildProcess view({OTEL_SETUP_BINARY, "view", "--port", "0", "--json", "--expect", "1",
                     "--timeout", "20", "--output", file_path},
                    dir.path() + "/stdout.txt");
  auto banner = view.read_line(10s);
  REQUIRE(banner);
  httplib::Client client("127.0.0.1", port_from_banner(*banner));
  REQUIRE(client.Post("/v1/traces", one_span_request("to-file"), "application/x-protobuf"));
  REQUIRE(view.wait(10s) == std::optional<int>(0));
  std::ifstream file(file_path);
  std::string line;
  REQUIRE(std::getline(file, line));
  CHECK(nlohmann::json::parse(line)["name"] == "to-file");
}
