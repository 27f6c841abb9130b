// URL parsing and the incremental HTTP response parser of the socket transport.
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "http_response_parser.hpp"
#include "otlp_partial_success.hpp"
#include "retry_after.hpp"

using otelrt::internal::HttpResponse;
using otelrt::internal::HttpResponseParser;
using otelrt::internal::HttpUrl;
using otelrt::internal::ParseState;

namespace {

HttpUrl parse(const std::string& text) {
  HttpUrl url;
  std::string error;
  REQUIRE(otelrt::internal::parse_http_url(text, url, error));
  return url;
}

bool rejects(const std::string& text) {
  HttpUrl url;
  std::string error;
  return !otelrt::internal::parse_http_url(text, url, error) && !error.empty();
}

// Feeds `wire` one byte at a time, as the worst-case network would deliver it.
ParseState feed_bytewise(HttpResponseParser& parser, const std::string& wire,
                         HttpResponse& response, std::string& buffer) {
  ParseState state = ParseState::need_more;
  for (char c : wire) {
    buffer += c;
    state = parser.feed(buffer, response);
    if (state != ParseState::need_more) break;
  }
  return state;
}

}  // namespace

TEST_CASE("URLs: hosts, ports, IPv6 literals and targets") {
  HttpUrl url = parse("http://collector:4318/v1/traces");
  CHECK(url.scheme == "http");
  CHECK(url.host == "collector");
  CHECK(url.port == 4318);
  CHECK(url.target == "/v1/traces");
  CHECK(url.host_header() == "collector:4318");

  url = parse("HTTP://[::1]:4318/v1/traces?tenant=a#frag");
  CHECK(url.host == "::1");
  CHECK(url.target == "/v1/traces?tenant=a");
  CHECK(url.host_header() == "[::1]:4318");

  url = parse("http://example.com");
  CHECK(url.port == 80);
  CHECK(url.target == "/");
  CHECK(url.host_header() == "example.com");
  CHECK(parse("https://example.com?x").port == 443);
  CHECK(parse("https://example.com?x").target == "/?x");

  CHECK(rejects("collector:4318"));
  CHECK(rejects("ftp://collector/"));
  CHECK(rejects("http://:4318/"));
  CHECK(rejects("http://host:0/"));
  CHECK(rejects("http://host:65536/"));
  CHECK(rejects("http://host:12ab/"));
  CHECK(rejects("http://[::1/"));
  CHECK(rejects("http://user:pw@host/"));
}

TEST_CASE("responses split at every byte boundary parse the same") {
  std::string wire =
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3\r\ncontent-type: text/plain\r\n"
      "Transfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
  HttpResponseParser parser(1024);
  HttpResponse response;
  std::string buffer;
  REQUIRE(feed_bytewise(parser, wire, response, buffer) == ParseState::done);
  CHECK(response.status == 503);
  CHECK(response.retry_after == "3");
  CHECK(response.content_type == "text/plain");
  CHECK(response.body == "hello world");
  CHECK(buffer.empty());
  CHECK(parser.keep_alive());
}

TEST_CASE("bodies are cut at the limit and the connection is not reused") {
  HttpResponseParser parser(10);
  HttpResponse response;
  std::string buffer =
      "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n" + std::string(4096, 'x');
  CHECK(parser.feed(buffer, response) == ParseState::done);
  CHECK(response.body == std::string(10, 'x'));
  CHECK(response.body_truncated);
  CHECK_FALSE(parser.keep_alive());

  HttpResponseParser chunked(10);
  HttpResponse chunked_response;
  std::string chunked_buffer =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n"
      "ffffff\r\nabc";
  CHECK(chunked.feed(chunked_buffer, chunked_response) == ParseState::done);
  CHECK(chunked_response.body_truncated);
  CHECK(chunked_response.body.size() <= 10);
  CHECK_FALSE(chunked.keep_alive());
}

TEST_CASE("close-delimited bodies, HTTP/1.0 and Connection: close") {
  HttpResponseParser parser(100);
  HttpResponse response;
  std::string buffer = "HTTP/1.0 200 OK\r\n\r\npartial";
  CHECK(parser.feed(buffer, response) == ParseState::need_more);
  CHECK(parser.finish_at_eof(response));
  CHECK(response.body == "partial");
  CHECK_FALSE(parser.keep_alive());

  HttpResponseParser closing(100);
  HttpResponse closing_response;
  std::string closing_buffer = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
  CHECK(closing.feed(closing_buffer, closing_response) == ParseState::done);
  CHECK_FALSE(closing.keep_alive());
}

TEST_CASE("malformed responses are errors, not crashes") {
  for (std::string wire : {"SMTP ready\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n",
                           "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
                           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY"}) {
    HttpResponseParser parser(100);
    HttpResponse response;
    CHECK(parser.feed(wire, response) == ParseState::error);
  }
  HttpResponseParser parser(100);
  HttpResponse response;
  std::string huge_head = "HTTP/1.1 200 OK\r\n" + std::string(70000, 'h');
  CHECK(parser.feed(huge_head, response) == ParseState::error);
}

TEST_CASE("partial_success is read from protobuf and JSON responses") {
  auto proto = otelrt::internal::parse_partial_success_protobuf(
      std::string("\x0a\x08\x08\x05\x12\x04oops", 10));
  CHECK(proto.rejected_spans == 5);
  CHECK(proto.error_message == "oops");
  CHECK_FALSE(otelrt::internal::parse_partial_success_protobuf("").present());
  CHECK_FALSE(otelrt::internal::parse_partial_success_protobuf("\xff\xff\xff").present());

  auto json = otelrt::internal::parse_partial_success_json(
      R"({"partialSuccess": {"rejectedSpans": 12, "errorMessage": "a \"quoted\" reason"}})");
  CHECK(json.rejected_spans == 12);
  CHECK(json.error_message == "a \"quoted\" reason");
  CHECK_FALSE(otelrt::internal::parse_partial_success_json("{}").present());
  CHECK_FALSE(otelrt::internal::parse_partial_success_json(R"({"partialSuccess":{}})").present());
}

TEST_CASE("Retry-After: delta-seconds and IMF-fixdate HTTP-dates") {
  using otelrt::internal::parse_retry_after;
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  // 2015-10-21T07:28:00Z
  auto now = std::chrono::system_clock::time_point(seconds(1445412480));
  CHECK(parse_retry_after("0", now) == milliseconds(0));
  CHECK(parse_retry_after("3", now) == seconds(3));
  CHECK(parse_retry_after(" 120 ", now) == seconds(120));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now) == seconds(5));
  CHECK(parse_retry_after("Thu, 22 Oct 2015 07:28:00 GMT", now) == seconds(86400));
  CHECK(parse_retry_after("Thu, 01 Jan 2026 00:00:00 GMT", now) ==
        seconds(1767225600 - 1445412480));
  CHECK(parse_retry_after("Thu, 29 Feb 2024 12:00:00 GMT", now) ==
        seconds(1709208000 - 1445412480));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) < milliseconds(0));  // now
  CHECK(parse_retry_after("Tue, 20 Oct 2015 07:28:00 GMT", now) < milliseconds(0));  // past
  for (const char* garbage :
       {"", " ", "-1", "1.5", "3s", "9999999999", "soon", "Wed, 21 Oct 2015 07:28:05 UTC",
        "Wed, 21 Oct 2015 07:28:05", "Xyz, 21 Oct 2015 07:28:05 GMT",
        "Wed, 21 Foo 2015 07:28:05 GMT", "Wed, 31 Nov 2015 07:28:05 GMT",
        "Sat, 29 Feb 2025 07:28:05 GMT", "Wed, 21 Oct 2015 24:00:00 GMT",
        "Wed, 21 Oct 2015 7:28:05 GMT", "Wed 21 Oct 2015 07:28:05 GMT",
        "Wednesday, 21-Oct-15 07:28:05 GMT", "Wed Oct 21 07:28:05 2015"}) {
    INFO(garbage);
    CHECK(parse_retry_after(garbage, now) < milliseconds(0));
  }
}
