// W3C Trace Context: traceparent and tracestate test vectors (after the W3C test suite), the
// composite propagator from OTEL_PROPAGATORS, and inject/extract through a carrier.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <string>

#include "diagnostics.hpp"
#include "otelrt/trace.hpp"
#include "runtime_state.hpp"
#include "support/map_carrier.hpp"

using otelrt::SpanContext;
namespace w3c = otelrt::w3c;

using otelrt_test::MapCarrier;

namespace {

constexpr const char* kTraceId = "12345678901234567890123456789012";
constexpr const char* kSpanId = "1234567890123456";

bool parses(const std::string& header) {
  SpanContext out;
  return w3c::parse_traceparent(header, out);
}

struct EnvGuard {
  EnvGuard(const char* name, const char* value) : name_(name) {
    setenv(name, value, 1);
    otelrt::internal::reload_propagators();
  }
  ~EnvGuard() {
    unsetenv(name_);
    otelrt::internal::reload_propagators();
  }
  const char* name_;
};

}  // namespace

TEST_CASE("traceparent version 00 parses ids and flags") {
  SpanContext out;
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", out));
  CHECK(out.trace_id.hex() == kTraceId);
  CHECK(out.span_id.hex() == kSpanId);
  CHECK(out.sampled());
  CHECK(out.is_remote);
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-00", out));
  CHECK_FALSE(out.sampled());
  // Unknown flag bits are accepted in version 00.
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-09", out));
  CHECK(out.sampled());
}

TEST_CASE("traceparent tolerates surrounding optional whitespace") {
  std::string valid = std::string("00-") + kTraceId + "-" + kSpanId + "-01";
  CHECK(parses(" " + valid));
  CHECK(parses(valid + "\t"));
  CHECK(parses(" \t" + valid + " "));
}

TEST_CASE("traceparent future versions accept extra fields after a dash") {
  std::string base = std::string(kTraceId) + "-" + kSpanId + "-01";
  CHECK(parses("cc-" + base));
  CHECK(parses("cc-" + base + "-what-the-future-will-be-like"));
  CHECK(parses("01-" + base + "-"));
  CHECK_FALSE(parses("cc-" + base + "what-the-future-will-not-be-like"));
  CHECK_FALSE(parses("00-" + base + "-what-the-future-will-be-like"));  // 00 has exact length
  CHECK_FALSE(parses("ff-" + base));                                    // ff is forbidden
  CHECK_FALSE(parses("ff-" + base + "-extra"));
}

TEST_CASE("traceparent rejects malformed versions") {
  std::string base = std::string("-") + kTraceId + "-" + kSpanId + "-01";
  for (const char* version : {".0", "0.", "0", "000", "0G", "0A", "Cc", "-0", "  "}) {
    INFO(version);
    CHECK_FALSE(parses(version + base));
  }
}

TEST_CASE("traceparent rejects bad trace ids") {
  std::string tail = std::string("-") + kSpanId + "-01";
  CHECK_FALSE(parses("00-00000000000000000000000000000000" + tail));     // all zero
  CHECK_FALSE(parses("00-1234567890123456789012345678901." + tail));     // illegal char
  CHECK_FALSE(parses("00-abcdefABCDEF12345678901234567890" + tail));     // uppercase
  CHECK_FALSE(parses("00-123456789012345678901234567890123" + tail));    // too long
  CHECK_FALSE(parses("00-1234567890123456789012345678901" + tail));      // too short
  CHECK_FALSE(parses("00-12345678901234567890123456789012345" + tail));  // way too long
}

TEST_CASE("traceparent rejects bad parent ids") {
  std::string head = std::string("00-") + kTraceId + "-";
  CHECK_FALSE(parses(head + "0000000000000000-01"));
  CHECK_FALSE(parses(head + "123456789012345.-01"));
  CHECK_FALSE(parses(head + "ABCDEF1234567890-01"));
  CHECK_FALSE(parses(head + "12345678901234567-01"));
  CHECK_FALSE(parses(head + "123456789012345-01"));
}

TEST_CASE("traceparent rejects bad flags and separators") {
  std::string head = std::string("00-") + kTraceId + "-" + kSpanId + "-";
  CHECK_FALSE(parses(head + ".0"));
  CHECK_FALSE(parses(head + "0."));
  CHECK_FALSE(parses(head + "0A"));
  CHECK_FALSE(parses(head + "0"));
  CHECK_FALSE(parses(head + "001"));
  CHECK_FALSE(parses(std::string("00_") + kTraceId + "-" + kSpanId + "-01"));
  CHECK_FALSE(parses(std::string("00-") + kTraceId + "_" + kSpanId + "-01"));
  CHECK_FALSE(parses(std::string("00-") + kTraceId + "-" + kSpanId + "_01"));
  CHECK_FALSE(parses(""));
  CHECK_FALSE(parses("00"));
}

TEST_CASE("traceparent formats lowercase version 00") {
  SpanContext context;
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", context));
  CHECK(w3c::format_traceparent(context) == std::string("00-") + kTraceId + "-" + kSpanId + "-01");
  CHECK(w3c::format_traceparent(SpanContext{}).empty());
}

TEST_CASE("tracestate keeps valid members and drops invalid ones") {
  CHECK(w3c::sanitize_tracestate("foo=1,bar=2") == "foo=1,bar=2");
  CHECK(w3c::sanitize_tracestate(" foo=1 ,\tbar=2\t") == "foo=1,bar=2");
  CHECK(w3c::sanitize_tracestate("foo=1,,bar=2, ,") == "foo=1,bar=2");
  CHECK(w3c::sanitize_tracestate("") == "");
  CHECK(w3c::sanitize_tracestate("foo =1,bar=2") == "bar=2");
  CHECK(w3c::sanitize_tracestate("FOO=1,bar=2") == "bar=2");
  CHECK(w3c::sanitize_tracestate("1foo=1") == "");
  CHECK(w3c::sanitize_tracestate("foo=,bar=2") == "bar=2");          // empty value
  CHECK(w3c::sanitize_tracestate("foo=a b,x=c ") == "foo=a b,x=c");  // trailing OWS
  CHECK(w3c::sanitize_tracestate("foo=a=b") == "");
  CHECK(w3c::sanitize_tracestate("foo") == "");
  CHECK(w3c::sanitize_tracestate("foo=\x7f") == "");
  CHECK(w3c::sanitize_tracestate("foo=\x01") == "");
}

TEST_CASE("tracestate key grammar: simple and multi-tenant keys") {
  CHECK(w3c::sanitize_tracestate("a_-*/9z=1") == "a_-*/9z=1");
  CHECK(w3c::sanitize_tracestate("tenant@system=1") == "tenant@system=1");
  CHECK(w3c::sanitize_tracestate("0tenant@sys_-*/=1") == "0tenant@sys_-*/=1");
  CHECK(w3c::sanitize_tracestate("tenant@0system=1") == "");
  CHECK(w3c::sanitize_tracestate("@system=1") == "");
  CHECK(w3c::sanitize_tracestate("tenant@=1") == "");
  CHECK(w3c::sanitize_tracestate("a@b@c=1") == "");
  std::string long_simple = "a" + std::string(255, 'b');
  CHECK(w3c::sanitize_tracestate(long_simple + "=1") == long_simple + "=1");
  CHECK(w3c::sanitize_tracestate(long_simple + "b=1") == "");
  std::string tenant(241, 't');
  CHECK(w3c::sanitize_tracestate(tenant + "@s=1") == tenant + "@s=1");
  CHECK(w3c::sanitize_tracestate(tenant + "t@s=1") == "");
  CHECK(w3c::sanitize_tracestate("t@" + std::string(14, 's') + "=1") ==
        "t@" + std::string(14, 's') + "=1");
  CHECK(w3c::sanitize_tracestate("t@" + std::string(15, 's') + "=1") == "");
}

TEST_CASE("tracestate value grammar: all allowed characters, length 256") {
  std::string all;
  for (char c = 0x20; c <= 0x7e; ++c) {
    if (c != ',' && c != '=') all += c;
  }
  CHECK(w3c::sanitize_tracestate("foo=" + all) == "foo=" + all);
  std::string value(256, 'v');
  CHECK(w3c::sanitize_tracestate("foo=" + value) == "foo=" + value);
  CHECK(w3c::sanitize_tracestate("foo=" + value + "v") == "");
}

TEST_CASE("tracestate with duplicated keys is discarded whole") {
  CHECK(w3c::sanitize_tracestate("foo=1,foo=1") == "");
  CHECK(w3c::sanitize_tracestate("foo=1,bar=2,foo=3") == "");
}

TEST_CASE("tracestate keeps at most 32 members and 512 bytes") {
  std::string header;
  for (int i = 1; i <= 33; ++i) {
    if (!header.empty()) header += ',';
    header += "bar" + std::to_string(100 + i) + "=" + std::to_string(i);
  }
  std::string sanitized = w3c::sanitize_tracestate(header);
  CHECK(std::count(sanitized.begin(), sanitized.end(), '=') == 32);
  CHECK(sanitized.find("bar133=") == std::string::npos);
  // Over 512 bytes: members above 128 bytes go first, then from the end.
  std::string big = "big=" + std::string(200, 'x');
  std::string small;
  for (int i = 0; i < 20; ++i)
    small += ",k" + std::to_string(10 + i) + "=" + std::string(20, 'y');
  std::string trimmed = w3c::sanitize_tracestate(big + small);
  CHECK(trimmed.size() <= 512);
  CHECK(trimmed.find("big=") == std::string::npos);
  CHECK(trimmed.rfind("k10=", 0) == 0);
  std::string many_small;
  for (int i = 0; i < 30; ++i)
    many_small += "k" + std::to_string(10 + i) + "=" + std::string(20, 'y') + ",";
  std::string cut = w3c::sanitize_tracestate(many_small);
  CHECK(cut.size() <= 512);
  CHECK(cut.rfind("k10=", 0) == 0);
  CHECK(cut.find("k39=") == std::string::npos);
}

TEST_CASE("inject and extract round-trip through a carrier") {
  SpanContext remote;
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", remote));
  remote.trace_state = "vendor=abc";
  otelrt::Context context = otelrt::Context::from_span_context(remote).with_baggage(
      {{"user.id", "alice smith", ""}, {"tier", "gold", "ttl=30"}});
  MapCarrier carrier;
  otelrt::inject(context, carrier);
  CHECK(carrier.headers["traceparent"] == std::string("00-") + kTraceId + "-" + kSpanId + "-01");
  CHECK(carrier.headers["tracestate"] == "vendor=abc");
  CHECK(carrier.headers["baggage"] == "user.id=alice%20smith,tier=gold;ttl=30");

  otelrt::Context back = otelrt::extract(carrier, otelrt::Context{});
  CHECK(back.span_context().trace_id.hex() == kTraceId);
  CHECK(back.span_context().span_id.hex() == kSpanId);
  CHECK(back.span_context().is_remote);
  CHECK(back.span_context().trace_state == "vendor=abc");
  REQUIRE(back.baggage().size() == 2);
  CHECK(back.baggage()[0].value == "alice smith");
  CHECK(back.baggage()[1].properties == "ttl=30");
}

TEST_CASE("extract keeps the base context when headers are missing or invalid") {
  SpanContext remote;
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", remote));
  otelrt::Context base = otelrt::Context::from_span_context(remote);
  MapCarrier carrier;
  carrier.headers["traceparent"] = "00-00000000000000000000000000000000-1234567890123456-01";
  otelrt::Context result = otelrt::extract(carrier, base);
  CHECK(result.span_context().trace_id.hex() == kTraceId);
  MapCarrier empty;
  CHECK(otelrt::extract(empty, otelrt::Context{}).span_context().valid() == false);
}

TEST_CASE("extract drops invalid tracestate members but keeps the trace") {
  MapCarrier carrier;
  carrier.headers["traceparent"] = std::string("00-") + kTraceId + "-" + kSpanId + "-00";
  carrier.headers["tracestate"] = "ok=1,BAD=2";
  otelrt::Context result = otelrt::extract(carrier, otelrt::Context{});
  CHECK(result.span_context().valid());
  CHECK_FALSE(result.span_context().sampled());
  CHECK(result.span_context().trace_state == "ok=1");
}

TEST_CASE("OTEL_PROPAGATORS selects the propagators") {
  SpanContext remote;
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", remote));
  otelrt::Context context =
      otelrt::Context::from_span_context(remote).with_baggage({{"k", "v", ""}});
  SECTION("default is tracecontext,baggage") {
    MapCarrier carrier;
    otelrt::inject(context, carrier);
    CHECK(carrier.headers.count("traceparent") == 1);
    CHECK(carrier.headers.count("baggage") == 1);
  }
  SECTION("tracecontext only") {
    EnvGuard env("OTEL_PROPAGATORS", "tracecontext");
    MapCarrier carrier;
    otelrt::inject(context, carrier);
    CHECK(carrier.headers.count("traceparent") == 1);
    CHECK(carrier.headers.count("baggage") == 0);
  }
  SECTION("baggage only") {
    EnvGuard env("OTEL_PROPAGATORS", " baggage ");
    MapCarrier carrier;
    otelrt::inject(context, carrier);
    CHECK(carrier.headers.count("traceparent") == 0);
    CHECK(carrier.headers.count("baggage") == 1);
    CHECK_FALSE(otelrt::extract(carrier, otelrt::Context{}).span_context().valid());
  }
  SECTION("none") {
    EnvGuard env("OTEL_PROPAGATORS", "none");
    MapCarrier carrier;
    otelrt::inject(context, carrier);
    CHECK(carrier.headers.empty());
  }
  SECTION("unknown names are warned about once and ignored") {
    std::string sink;
    otelrt::internal::set_diagnostics_sink(&sink);
    EnvGuard env("OTEL_PROPAGATORS", "b3,tracecontext,xray");
    MapCarrier carrier;
    otelrt::inject(context, carrier);
    otelrt::inject(context, carrier);
    otelrt::internal::set_diagnostics_sink(nullptr);
    CHECK(carrier.headers.count("traceparent") == 1);
    CHECK(carrier.headers.count("baggage") == 0);
    CHECK(sink.find("'b3' is not supported") != std::string::npos);
    CHECK(sink.find("'xray' is not supported") != std::string::npos);
    CHECK(std::count(sink.begin(), sink.end(), '\n') == 2);
  }
}

TEST_CASE("a callback carrier adapts any header map") {
  std::map<std::string, std::string> headers;
  otelrt::CallbackCarrier carrier(
      [&](std::string_view key) -> std::string_view {
        auto found = headers.find(std::string(key));
        return found == headers.end() ? std::string_view{} : std::string_view(found->second);
      },
      [&](std::string_view key, std::string_view value) {
        headers[std::string(key)] = std::string(value);
      });
  SpanContext remote;
  REQUIRE(w3c::parse_traceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", remote));
  otelrt::inject(otelrt::Context::from_span_context(remote), carrier);
  CHECK(otelrt::extract(carrier, otelrt::Context{}).span_context().span_id.hex() == kSpanId);
}
