// The console exporter's readable output.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

#include "otelrt/exporter.hpp"
#include "support/sample_spans.hpp"

namespace {

std::string read_all(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    text.append(buffer, n);
  return text;
}

}  // namespace

TEST_CASE("console output has one line per span with ids, kind, duration, status, attributes") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  auto exporter = otelrt::make_console_exporter(file);
  otelrt::SpanData span = otelrt::testing::sample_span();
  std::vector<otelrt::SpanData> batch = {span, otelrt::testing::sample_batch(1).front()};
  REQUIRE(exporter->export_spans(batch, otelrt::testing::sample_resource(),
                                 std::chrono::steady_clock::now()) ==
          otelrt::ExportResult::success);
  std::string text = read_all(file);
  std::fclose(file);
  CHECK(text.find("span \"GET /users/{id}\" trace=0002030405060708090a0b0c0d0e0f10") == 0);
  CHECK(text.find(" parent=") != std::string::npos);
  CHECK(text.find(" kind=server duration=100.000ms status=error:\"upstream failed\"") !=
        std::string::npos);
  CHECK(text.find(" http.response.status_code=500") != std::string::npos);
  CHECK(text.find(" tags=[\"a\",\"b\\\"c\"]") != std::string::npos);
  CHECK(text.find("  event \"exception\" exception.type=\"std::runtime_error\"") !=
        std::string::npos);
  CHECK(text.find("exception.message=\"boom\\nline2\"") != std::string::npos);  // stays one line
  CHECK(text.find("span \"db.query\"") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 3);  // 2 spans + 1 event
}

TEST_CASE("console exporter refuses work after shutdown") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  auto exporter = otelrt::make_console_exporter(file);
  exporter->shutdown(std::chrono::steady_clock::now());
  CHECK(exporter->export_spans(otelrt::testing::sample_batch(1), {},
                               std::chrono::steady_clock::now()) == otelrt::ExportResult::failure);
  std::fclose(file);
}
