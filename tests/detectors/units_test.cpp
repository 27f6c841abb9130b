// Unit tests of the detect stage's parts: catalog, prefilter, UTF-8, facts JSON.
#include <catch2/catch.hpp>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog.hpp"
#include "prefilter.hpp"
#include "source_reader.hpp"

using namespace otel_setup::detectors;

TEST_CASE("the catalog has exactly the issue's library ids") {
  std::set<std::string> ids;
  for (const CatalogEntry& entry : builtin_catalog())
    ids.insert(entry.id);
  CHECK(ids == std::set<std::string>{"cpp-httplib",
                                     "pistache",
                                     "beast",
                                     "restinio",
                                     "cpprestsdk",
                                     "poco",
                                     "grpc",
                                     "crow",
                                     "drogon",
                                     "oatpp",
                                     "libcurl",
                                     "cpr",
                                     "sqlite3",
                                     "libpqxx",
                                     "hiredis",
                                     "redis-plus-plus",
                                     "soci",
                                     "mysql-connector",
                                     "mongocxx",
                                     "librdkafka",
                                     "cppkafka",
                                     "spdlog",
                                     "glog",
                                     "boost-log",
                                     "opentelemetry-cpp",
                                     "otel-setup"});
  // One id with two kinds is two entries; the first is the primary one.
  int httplib_entries = 0;
  for (const CatalogEntry& entry : builtin_catalog()) {
    if (entry.id == "cpp-httplib") {
      CHECK(entry.primary == (httplib_entries == 0));
      ++httplib_entries;
    }
  }
  CHECK(httplib_entries == 2);
}

TEST_CASE("include patterns match whole path components") {
  CHECK(include_matches("httplib.h", "httplib.h"));
  CHECK(include_matches("httplib.h", "third_party/httplib.h"));
  CHECK_FALSE(include_matches("httplib.h", "myhttplib.h"));
  CHECK(include_matches("spdlog/", "spdlog/spdlog.h"));
  CHECK(include_matches("spdlog/", "vendor/spdlog/fmt.h"));
  CHECK_FALSE(include_matches("spdlog/", "myspdlog/x.h"));
}

TEST_CASE("the prefilter finds every trigger and only whole-word main calls") {
  Prefilter filter({"httplib", "curl_easy_perform", "lib"});
  Prefilter::Hits hits = filter.search("x = curl_easy_perform(c); // httplib");
  CHECK(hits.any);
  CHECK(hits.hits == std::vector<std::uint32_t>{0, 1, 2});
  CHECK_FALSE(filter.search("the domain of remaining(x)").any);
  CHECK(filter.search("int main (int argc)").main_call);
  CHECK_FALSE(filter.search("int mainly(int argc)").main_call);
  CHECK_FALSE(filter.search("nothing here").any);
}

TEST_CASE("a main call on a comment line is not a reason to parse") {
  Prefilter filter({"httplib"});
  CHECK_FALSE(filter.search("/// Example:\n///     int main() {\n").any);
  CHECK_FALSE(filter.search("int f(); // called before main()\n").any);
  CHECK_FALSE(filter.search("/*\n * int main(int argc, char** argv)\n */\n").any);
  CHECK(filter.search("int main() { // main(\n").main_call);
  CHECK(filter.search("auto url = \"http://x\"; int main() {}\n").main_call);
  CHECK(filter.search("// a comment\nint main(int argc, char** argv) {\n").main_call);
  CHECK(filter.search("int\n*p = 0; int main() {}").main_call);
  // The other triggers still count on such lines (markers and includes live in comments).
  CHECK(filter.search("// int main() uses httplib").hits == std::vector<std::uint32_t>{0});
}

TEST_CASE("word triggers match whole words only") {
  Prefilter filter({"#define SOCI_"}, {"soci", "boost/log/", "curl_easy_init"});
  CHECK_FALSE(filter.search("// the associated executor; sociable; soci_x").any);
  CHECK_FALSE(filter.search("mycurl_easy_init(); myboost/log/x.hpp").any);
  CHECK(filter.search("soci::session sql;").hits == std::vector<std::uint32_t>{1});
  CHECK(filter.search("#include <soci/soci.h>").hits == std::vector<std::uint32_t>{1});
  CHECK(filter.search("#include <boost/log/trivial.hpp>").hits == std::vector<std::uint32_t>{2});
  CHECK(filter.search("(curl_easy_init)").hits == std::vector<std::uint32_t>{3});
  // Plain texts (markers) match anywhere.
  CHECK(filter.search("x#define SOCI_VERSION 4").hits == std::vector<std::uint32_t>{0});
}

namespace {

// What the prefilter must answer, the slow way: every occurrence of every pattern.
Prefilter::Hits naive_search(const std::vector<std::string>& patterns,
                             const std::vector<std::string>& words, const std::string& text) {
  auto identifier = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  Prefilter::Hits result;
  std::vector<std::string> all = patterns;
  all.insert(all.end(), words.begin(), words.end());
  for (std::uint32_t index = 0; index < all.size(); ++index) {
    const std::string& pattern = all[index];
    for (std::size_t at = text.find(pattern); at != std::string::npos;
         at = text.find(pattern, at + 1)) {
      std::size_t end = at + pattern.size();
      bool whole = index < patterns.size() ||
                   ((!identifier(pattern.front()) || at == 0 || !identifier(text[at - 1])) &&
                    (!identifier(pattern.back()) || end == text.size() || !identifier(text[end])));
      if (whole) {
        result.hits.push_back(index);
        break;
      }
    }
  }
  for (std::size_t at = text.find("main"); at != std::string::npos;
       at = text.find("main", at + 1)) {
    std::size_t after = text.find_first_not_of(" \t\r\n", at + 4);
    if ((at == 0 || !identifier(text[at - 1])) && after != std::string::npos && text[after] == '(')
      result.main_call = true;
  }
  result.any = result.main_call || !result.hits.empty();
  return result;
}

}  // namespace

TEST_CASE("the prefilter's skipping finds what a plain substring search finds") {
  // Overlapping prefixes and suffixes, patterns sharing their first bytes, and (second set)
  // a 2-byte pattern, which turns skipping off.
  const std::vector<std::vector<std::string>> pattern_sets = {
      {"abc", "abcd", "bcd", "cab", "#define X", "dab:"}, {"ab", "cab", "bcd"}};
  const std::vector<std::string> words = {"abca", "ca", "b::c", "xa_b"};
  const std::string alphabet = "abcdx_:# \n(mainefX";
  std::uint32_t seed = 12345;
  for (const auto& patterns : pattern_sets) {
    Prefilter filter(patterns, words);
    for (int round = 0; round < 300; ++round) {
      std::string text;
      std::size_t length = round % 97;
      for (std::size_t i = 0; i < length; ++i) {
        seed = seed * 1664525u + 1013904223u;
        text += alphabet[(seed >> 16) % alphabet.size()];
      }
      Prefilter::Hits expected = naive_search(patterns, words, text);
      Prefilter::Hits actual = filter.search(text);
      INFO("text: " << text);
      CHECK(actual.hits == expected.hits);
      CHECK(actual.main_call == expected.main_call);
      CHECK(actual.any == expected.any);
    }
  }
}

TEST_CASE("UTF-8 validation") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("caf\xe9"));
  CHECK_FALSE(is_valid_utf8("\xc3"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));
}

TEST_CASE("the facts document survives a JSON round trip") {
  using namespace otel_setup::facts;
  Facts facts;
  facts.root = "/repo";
  Library library;
  library.id = "libcurl";
  library.kind = LibraryKind::http_client;
  library.evidence.push_back(
      {"a.cpp", {3, 1, 40}, EvidenceKind::include, "#include <curl/curl.h>"});
  library.sites.push_back(
      {"call", "a.cpp", {9, 3, 120}, "fetch", "curl_easy_perform(c)", "c", true});
  facts.libraries.push_back(library);
  EntryPoint entry;
  entry.file = "main.cpp";
  entry.position = {5, 5, 60};
  entry.body_indent = "    ";
  facts.entry_points.push_back(entry);
  facts.markers.push_back({"main.cpp", "init", {6, 3, 70}, {8, 3, 110}});
  facts.warnings.push_back({"x.cpp", 0, "binary"});
  nlohmann::json document = to_json(facts);
  CHECK(document["schema_version"] == kFactsSchemaVersion);
  Facts back = facts_from_json(document);
  CHECK(to_json(back) == document);
  CHECK(back.find_library("libcurl")->sites[0].parse_error_near);
  CHECK(back.find_library("sqlite3") == nullptr);
  nlohmann::json broken = document;
  broken["libraries"][0]["kind"] = "teapot";
  CHECK_THROWS_WITH(facts_from_json(broken), Catch::Contains("teapot"));
}
