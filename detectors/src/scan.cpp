// The detect stage: walk -> read + prefilter -> parse + analyze (a small thread pool) ->
// build systems -> merge into the facts document.
#include "otel_setup/scan.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <ostream>
#include <thread>

#include "analyze.hpp"
#include "build_systems.hpp"
#include "catalog.hpp"
#include "catalog_index.hpp"
#include "ignore.hpp"
#include "merge.hpp"
#include "otel_setup/error.hpp"
#include "prefilter.hpp"
#include "source_reader.hpp"
#include "walk.hpp"

namespace otel_setup::detectors {
namespace {

using Clock = std::chrono::steady_clock;

struct Shared {
  Shared(const CatalogIndex& catalog_index, const Prefilter& filter, std::string root_path,
         const std::vector<std::string>& files, std::vector<ScannedFile>& out,
         std::ostream* progress_stream)
      : index(catalog_index),
        prefilter(filter),
        root(std::move(root_path)),
        sources(files),
        results(out),
        progress(progress_stream) {}
  const CatalogIndex& index;
  const Prefilter& prefilter;
  std::string root;
  const std::vector<std::string>& sources;
  std::vector<ScannedFile>& results;
  std::atomic<std::size_t> next{0};
  std::atomic<std::int64_t> parsed{0}, bytes{0};
  std::ostream* progress;
  std::mutex progress_mutex;
  Clock::time_point started = Clock::now(), last_report = Clock::now();
};

std::vector<VendoredCopy> vendored_copies(const CatalogIndex& index, const Prefilter::Hits& hits,
                                          const Prefilter& prefilter, const std::string& file) {
  std::vector<VendoredCopy> copies;
  const Catalog& catalog = index.catalog();
  for (std::uint32_t pattern : hits.hits) {
    const std::string& text = prefilter.patterns()[pattern];
    for (std::size_t entry = 0; entry < catalog.size(); ++entry) {
      for (const VendoredMarker& marker : catalog[entry].vendored) {
        if (marker.contains != text || !include_matches(marker.file, file)) continue;
        std::string owned = file;
        if (marker.owns != "file") {
          std::filesystem::path folder = std::filesystem::path(file).parent_path() / marker.owns;
          owned = folder.lexically_normal().generic_string();
          owned = owned == "." || owned.empty() ? "" : owned + "/";
        }
        copies.push_back({entry, file, owned});
      }
    }
  }
  return copies;
}

void report_progress(Shared& shared, std::size_t done) {
  if (!shared.progress) return;
  Clock::time_point now = Clock::now();
  std::lock_guard<std::mutex> lock(shared.progress_mutex);
  if (now - shared.last_report < std::chrono::seconds(1)) return;
  shared.last_report = now;
  *shared.progress << "otel-setup: scanned " << done << " of " << shared.sources.size()
                   << " files (" << shared.parsed.load() << " parsed)\n"
                   << std::flush;
}

void scan_one(Shared& shared, SyntaxParser& parser, std::size_t index) {
  const std::string& file = shared.sources[index];
  ScannedFile& result = shared.results[index];
  result.file = file;
  SourceText source = read_source(shared.root + "/" + file);
  if (source.status != ReadStatus::ok) {
    result.findings.warnings.push_back({file, 0, source.problem});
    return;
  }
  shared.bytes += static_cast<std::int64_t>(source.bytes.size());
  Prefilter::Hits hits = shared.prefilter.search(source.bytes);
  if (!hits.any) return;
  result.vendored = vendored_copies(shared.index, hits, shared.prefilter, file);
  if (!result.vendored.empty()) return;  // the library's own code is not parsed
  ++shared.parsed;
  result.findings = analyze_source(shared.index, parser, file, source.bytes);
  if (!source.valid_utf8)
    result.findings.warnings.push_back({file, 0, "invalid UTF-8; scanned as bytes"});
  if (!result.findings.entry_points.empty()) {
    std::string hash = git_blob_id(source.bytes);
    for (facts::EntryPoint& entry : result.findings.entry_points)
      entry.content_hash = hash;
  }
}

void worker(Shared& shared) {
  SyntaxParser parser;
  for (std::size_t index = shared.next++; index < shared.sources.size(); index = shared.next++) {
    scan_one(shared, parser, index);
    if ((index & 63) == 0) report_progress(shared, index);
  }
}

// `# otel-setup:begin <id>` blocks in build files, read as text.
void build_file_markers(const std::string& root, const std::vector<std::string>& build_files,
                        facts::Facts& facts) {
  for (const std::string& file : build_files) {
    SourceText source = read_source(root + "/" + file);
    if (source.status != ReadStatus::ok || source.bytes.find("otel-setup:") == std::string::npos)
      continue;
    MarkerCollector collector;
    std::size_t start = 0;
    for (int line = 1; start < source.bytes.size(); ++line) {
      std::size_t end = source.bytes.find('\n', start);
      if (end == std::string::npos) end = source.bytes.size();
      std::string_view text(source.bytes.data() + start, end - start);
      std::size_t hash = text.find('#');
      if (hash != std::string_view::npos)
        collector.feed(file, text.substr(hash),
                       {line, static_cast<int>(hash) + 1, static_cast<std::int64_t>(start + hash)});
      start = end + 1;
    }
    collector.finish(facts.markers, facts.warnings);
  }
}

}  // namespace

facts::Facts scan(const ScanOptions& options) {
  std::error_code error;
  if (!std::filesystem::exists(options.root, error))
    throw usage_error(options.root.string() + ": no such directory");
  if (!std::filesystem::is_directory(options.root, error))
    throw usage_error(options.root.string() + ": not a directory");
  Clock::time_point started = Clock::now();
  std::filesystem::path root = std::filesystem::canonical(options.root, error);
  if (error) throw usage_error(options.root.string() + ": " + error.message());

  facts::Facts facts;
  facts.root = root.string();
  WalkResult walked = walk(root);  // walk
  facts.warnings = std::move(walked.warnings);
  facts.build_systems =
      detect_build_systems(root, walked.build_files, facts.warnings);  // build files

  const CatalogIndex index(builtin_catalog());
  std::vector<std::string> triggers = trigger_strings(index.catalog());
  triggers.push_back("otel-setup:");
  const Prefilter prefilter(triggers);
  std::vector<ScannedFile> results(walked.sources.size());
  Shared shared(index, prefilter, root.string(), walked.sources, results, options.progress);
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(walked.sources.size())));
  std::vector<std::thread> pool;  // prefilter + parse + analyze, one file at a time per thread
  for (unsigned i = 1; i < threads; ++i)
    pool.emplace_back([&shared] { worker(shared); });
  worker(shared);
  for (std::thread& thread : pool)
    thread.join();

  merge_findings(index, results, facts);  // detect: catalog matches -> libraries
  for (facts::EntryPoint& entry : facts.entry_points)
    entry.target = target_for_source(facts.build_systems, entry.file);
  build_file_markers(root.string(), walked.build_files, facts);
  sort_facts(facts);

  facts.stats.files_walked = walked.files_walked;
  facts.stats.files_parsed = shared.parsed.load();
  facts.stats.bytes_read = shared.bytes.load();
  facts.stats.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return facts;
}

}  // namespace otel_setup::detectors
