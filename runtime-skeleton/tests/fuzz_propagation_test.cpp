// Fuzz-style: 100k random and mutated traceparent / tracestate / baggage headers. Nothing may
// crash; whatever is accepted must re-validate (accepted output is always valid input).
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "otelrt/trace.hpp"

namespace w3c = otelrt::w3c;

namespace {

const char* const kSeeds[] = {
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future",
    "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@sys=v a l",
    "key1=value1;property1;property2=x, key2 = value2, k3=%F0%9F%98%80",
};

std::string mutate(std::string text, std::mt19937_64& random) {
  static const std::string kAlphabet =
      "0123456789abcdefABCDEF-=,;@%_*/ \t\"\\\x7f\x01\xff"
      "xyz";
  int edits = 1 + static_cast<int>(random() % 4);
  for (int i = 0; i < edits; ++i) {
    std::size_t at = text.empty() ? 0 : random() % (text.size() + 1);
    char c = kAlphabet[random() % kAlphabet.size()];
    switch (random() % 4) {
      case 0:
        if (at < text.size()) text[at] = c;
        break;
      case 1:
        text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
        break;
      case 2:
        if (at < text.size()) text.erase(at, 1 + random() % 3);
        break;
      default:
        text.insert(at, text.substr(0, random() % (text.size() + 1)));  // duplicate a prefix
    }
  }
  return text;
}

std::string random_bytes(std::mt19937_64& random) {
  std::string text(random() % 120, '\0');
  for (char& c : text)
    c = static_cast<char>(random() % 256);
  return text;
}

bool lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

TEST_CASE("100k random and mutated headers: no crash, only valid results accepted") {
  std::mt19937_64 random(20240601);
  int accepted_traceparents = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string header =
        i % 3 == 0 ? random_bytes(random) : mutate(kSeeds[random() % std::size(kSeeds)], random);
    otelrt::SpanContext context;
    if (w3c::parse_traceparent(header, context)) {
      ++accepted_traceparents;
      REQUIRE(context.valid());
      std::string formatted = w3c::format_traceparent(context);
      REQUIRE(formatted.size() == 55);
      for (std::size_t k : {3u, 36u}) {
        for (std::size_t j = k; j < k + (k == 3 ? 32u : 16u); ++j)
          REQUIRE(lower_hex(formatted[j]));
      }
      otelrt::SpanContext again;
      REQUIRE(w3c::parse_traceparent(formatted, again));
      REQUIRE(again.trace_id.hex() == context.trace_id.hex());
    }
    std::string state = w3c::sanitize_tracestate(header);
    REQUIRE(state.size() <= 512);
    REQUIRE(w3c::sanitize_tracestate(state) == state);  // sanitized output is stable
    otelrt::Baggage baggage = w3c::parse_baggage(header);
    REQUIRE(baggage.size() <= 180);
    std::string formatted = w3c::format_baggage(baggage);
    REQUIRE(formatted.size() <= 4096);
    otelrt::Baggage back = w3c::parse_baggage(formatted);
    REQUIRE(back.size() == baggage.size());
    for (std::size_t k = 0; k < back.size(); ++k)
      REQUIRE(back[k].value == baggage[k].value);
  }
  CHECK(accepted_traceparents > 100);  // mutations still exercise the success path
}

TEST_CASE("huge headers are bounded") {
  std::string huge(1 << 20, 'a');
  otelrt::SpanContext context;
  CHECK_FALSE(w3c::parse_traceparent(huge, context));
  std::string members;
  for (int i = 0; i < 20000; ++i)
    members += "k" + std::to_string(i) + "=v,";
  CHECK(w3c::sanitize_tracestate(members).size() <= 512);
  CHECK(w3c::parse_baggage(members).size() <= 180);
}
