// W3C Baggage: grammar, percent-encoding, properties and the 180 member / 4096 byte limits.
#include <catch2/catch.hpp>
#include <string>

#include "otelrt/trace.hpp"

namespace w3c = otelrt::w3c;

TEST_CASE("baggage parses members, whitespace and properties") {
  otelrt::Baggage baggage = w3c::parse_baggage(" key1 = value1 , key2=value2;prop=1;flag ");
  REQUIRE(baggage.size() == 2);
  CHECK(baggage[0].key == "key1");
  CHECK(baggage[0].value == "value1");
  CHECK(baggage[0].properties.empty());
  CHECK(baggage[1].key == "key2");
  CHECK(baggage[1].value == "value2");
  CHECK(baggage[1].properties == "prop=1;flag");
}

TEST_CASE("baggage values are percent-decoded and encoded") {
  otelrt::Baggage baggage = w3c::parse_baggage("name=J%C3%BCrgen%20M%2C,empty=");
  REQUIRE(baggage.size() == 2);
  CHECK(baggage[0].value == "J\xC3\xBCrgen M,");
  CHECK(baggage[1].value.empty());
  CHECK(w3c::format_baggage(baggage) == "name=J%C3%BCrgen%20M%2C,empty=");
  otelrt::Baggage special = {{"k", "a;b\\c\"d%e=f", ""}};
  std::string header = w3c::format_baggage(special);
  CHECK(header == "k=a%3Bb%5Cc%22d%25e=f");
  CHECK(w3c::parse_baggage(header)[0].value == "a;b\\c\"d%e=f");
}

TEST_CASE("baggage drops malformed members and keeps the rest") {
  otelrt::Baggage baggage =
      w3c::parse_baggage("good=1,no-equals,=novalue-key,bad key=2,bad=sp ace,pct=%zz,ok=2");
  REQUIRE(baggage.size() == 2);
  CHECK(baggage[0].key == "good");
  CHECK(baggage[1].key == "ok");
  CHECK(w3c::parse_baggage("k=v;bad prop").empty());
  CHECK(w3c::parse_baggage("k=\"quoted\"").empty());
  CHECK(w3c::parse_baggage("").empty());
  CHECK(w3c::parse_baggage(",,,").empty());
}

TEST_CASE("baggage keeps at most 180 members") {
  std::string header;
  for (int i = 0; i < 200; ++i)
    header += "k" + std::to_string(i) + "=v,";
  otelrt::Baggage baggage = w3c::parse_baggage(header);
  CHECK(baggage.size() == 180);
  CHECK(baggage.back().key == "k179");
  otelrt::Baggage many;
  for (int i = 0; i < 200; ++i)
    many.push_back({"k" + std::to_string(i), "v", ""});
  std::string formatted = w3c::format_baggage(many);
  CHECK(std::count(formatted.begin(), formatted.end(), ',') == 179);
}

TEST_CASE("baggage keeps at most 4096 bytes") {
  std::string header;
  for (int i = 0; i < 10; ++i)
    header += "k" + std::to_string(i) + "=" + std::string(1000, 'v') + ",";
  otelrt::Baggage baggage = w3c::parse_baggage(header);
  CHECK(baggage.size() == 4);
  CHECK(w3c::format_baggage(baggage).size() <= 4096);
  CHECK(w3c::parse_baggage("k=" + std::string(4095, 'v')).empty());  // one member over 4096
  CHECK(w3c::parse_baggage("k=" + std::string(4094, 'v')).size() == 1);
  otelrt::Baggage big = {
      {"a", std::string(3000, 'x'), ""}, {"b", std::string(3000, 'y'), ""}, {"c", "small", ""}};
  CHECK(w3c::format_baggage(big) == "a=" + std::string(3000, 'x') + ",c=small");
}

TEST_CASE("format skips entries with invalid keys or properties") {
  otelrt::Baggage baggage = {
      {"bad key", "v", ""}, {"", "v", ""}, {"ok", "v", "p=1"}, {"bad", "v", "p q"}};
  CHECK(w3c::format_baggage(baggage) == "ok=v;p=1");
}
