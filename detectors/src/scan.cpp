// The detect stage: walk -> read + prefilter -> parse + analyze (a small thread pool) ->
// build systems -> merge into the facts document.
#include "otel_setup/scan.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
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
#include "vendored.hpp"
#include "walk.hpp"

namespace otel_setup::detectors {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kSkip = 0, kParse = 1, kNoTrigger = 2;

// The source files move through two passes over the same small pool: read + prefilter
// every file (which also finds vendored markers), then parse + analyze the candidates that
// no vendored copy owns. The library's own code is thus never parsed, wherever its marker
// sits in the walk order. A third pass runs only when a handler's types have aliases
// (scan_alias_users).
struct Shared {
  Shared(const CatalogIndex& catalog_index, const Prefilter& filter, std::string root_path,
         const WalkResult& walked, std::vector<ScannedFile>& out, std::ostream* progress_stream)
      : index(catalog_index),
        prefilter(filter),
        root(std::move(root_path)),
        sources(walked.sources),
        check_ignore(walked.check_ignore),
        results(out),
        candidate(walked.sources.size(), kSkip),
        progress(progress_stream) {}
  const CatalogIndex& index;
  const Prefilter& prefilter;
  std::string root;
  const std::vector<std::string>& sources;
  const std::vector<char>& check_ignore;  // by source index: ask libgit2
  std::vector<ScannedFile>& results;
  // By source index: kParse (a trigger, not vendored), kNoTrigger (read, nothing matched) or
  // kSkip (ignored, unreadable or a vendored marker file).
  std::vector<char> candidate;
  std::vector<std::size_t> queued;  // pass 2: candidates no vendored copy owns
  std::vector<VendoredCopy> copies;
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<std::int64_t> parsed{0}, bytes{0};
  std::ostream* progress;
  std::mutex progress_mutex;
  Clock::time_point last_report = Clock::now();
};

void report_progress(Shared& shared) {
  if (!shared.progress) return;
  Clock::time_point now = Clock::now();
  std::lock_guard<std::mutex> lock(shared.progress_mutex);
  if (now - shared.last_report < std::chrono::seconds(1)) return;
  shared.last_report = now;
  *shared.progress << "otel-setup: scanned " << shared.done.load() << " of "
                   << shared.sources.size() << " files (" << shared.parsed.load() << " parsed)\n"
                   << std::flush;
}

// What one worker keeps across the files of pass 1.
struct PrefilterWorker {
  std::unique_ptr<IgnoreRules> ignore;  // one libgit2 repository each, made when first needed
  ReadBuffer buffer;
  std::string path, problem;
};

// Pass 1: read + prefilter. Only the verdict is kept; candidates are read again in pass 2
// (from the page cache), so memory stays flat however many files match.
void prefilter_one(Shared& shared, PrefilterWorker& worker, std::size_t index) {
  const std::string& file = shared.sources[index];
  ScannedFile& result = shared.results[index];
  result.file = file;
  if (shared.check_ignore[index]) {
    if (!worker.ignore) worker.ignore = std::make_unique<IgnoreRules>(shared.root);
    if (worker.ignore->ignored(file)) return;
  }
  worker.path.assign(shared.root).append("/").append(file);
  if (worker.buffer.read(worker.path, worker.problem) != ReadStatus::ok) {
    result.findings.warnings.push_back({file, 0, worker.problem});
    return;
  }
  std::string_view bytes = worker.buffer.bytes();
  shared.bytes += static_cast<std::int64_t>(bytes.size());
  Prefilter::Hits hits = shared.prefilter.search(bytes);
  if (!hits.any) {
    shared.candidate[index] = kNoTrigger;
    return;
  }
  result.vendored = vendored_copies(shared.index, hits, shared.prefilter, file);
  if (result.vendored.empty()) shared.candidate[index] = kParse;  // a marker file is not parsed
}

// Pass 2: parse + analyze.
void analyze_text(Shared& shared, SyntaxParser& parser, std::size_t index,
                  const SourceText& source) {
  const std::string& file = shared.sources[index];
  ScannedFile& result = shared.results[index];
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

void analyze_one(Shared& shared, SyntaxParser& parser, std::size_t index) {
  SourceText source = read_source(shared.root + "/" + shared.sources[index]);
  if (source.status != ReadStatus::ok) {
    shared.results[index].findings.warnings.push_back({shared.sources[index], 0, source.problem});
    return;
  }
  analyze_text(shared, parser, index, source);
}

// Runs `work(worker, i)` for i in [0, count) on up to `threads` threads (the caller is
// worker 0); returns how many workers ran.
template <typename Work>
unsigned parallel_for(unsigned threads, std::atomic<std::size_t>& next, std::size_t count,
                      const Work& work) {
  next = 0;
  auto loop = [&next, count, &work](unsigned worker) {
    for (std::size_t i = next++; i < count; i = next++)
      work(worker, i);
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(count)));
  std::vector<std::thread> pool;
  for (unsigned worker = 1; worker < threads; ++worker)
    pool.emplace_back(loop, worker);
  loop(0);
  for (std::thread& thread : pool)
    thread.join();
  return threads;
}

// Pass 3, only when a parsed file declared an alias of a definition rule's type (Beast's
// `using Response = http::response<...>;` in a header): the files without a trigger of their
// own that spell such an alias are parsed too, since a handler may be written with the
// aliases alone (`Response Router::dispatch(const Request& request)`).
void scan_alias_users(Shared& shared, std::vector<std::unique_ptr<SyntaxParser>>& parsers,
                      unsigned threads) {
  std::vector<std::string> aliases;
  for (std::size_t index : shared.queued) {
    for (const auto& [alias, type] : shared.results[index].findings.type_aliases)
      aliases.push_back(alias);
  }
  if (aliases.empty()) return;
  std::sort(aliases.begin(), aliases.end());
  aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
  const Prefilter alias_filter({}, aliases);
  std::vector<std::size_t> unparsed;
  for (std::size_t index = 0; index < shared.sources.size(); ++index) {
    if (shared.candidate[index] == kNoTrigger && !is_vendored(shared.copies, shared.sources[index]))
      unparsed.push_back(index);
  }
  parallel_for(threads, shared.next, unparsed.size(),
               [&shared, &parsers, &alias_filter, &unparsed](unsigned worker, std::size_t at) {
                 const std::size_t index = unparsed[at];
                 SourceText source = read_source(shared.root + "/" + shared.sources[index]);
                 if (source.status != ReadStatus::ok || !alias_filter.search(source.bytes).any)
                   return;
                 if (!parsers[worker]) parsers[worker] = std::make_unique<SyntaxParser>();
                 analyze_text(shared, *parsers[worker], index, source);
               });
}

void scan_sources(Shared& shared, unsigned threads) {
  // One libgit2 repository per worker: its attribute cache is not shared across threads.
  std::vector<PrefilterWorker> workers(std::max(1u, threads));
  parallel_for(threads, shared.next, shared.sources.size(),
               [&shared, &workers](unsigned worker, std::size_t i) {
                 prefilter_one(shared, workers[worker], i);
                 if ((++shared.done & 255) == 0) report_progress(shared);
               });
  for (const ScannedFile& result : shared.results)
    shared.copies.insert(shared.copies.end(), result.vendored.begin(), result.vendored.end());
  for (std::size_t index = 0; index < shared.sources.size(); ++index) {
    if (shared.candidate[index] == kParse && !is_vendored(shared.copies, shared.sources[index]))
      shared.queued.push_back(index);
  }
  // One parser (and query cursor) per worker: tree-sitter's are not shareable.
  std::vector<std::unique_ptr<SyntaxParser>> parsers(std::max(1u, threads));
  parallel_for(threads, shared.next, shared.queued.size(),
               [&shared, &parsers](unsigned worker, std::size_t at) {
                 if (!parsers[worker]) parsers[worker] = std::make_unique<SyntaxParser>();
                 analyze_one(shared, *parsers[worker], shared.queued[at]);
                 report_progress(shared);
               });
  scan_alias_users(shared, parsers, threads);
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
  TriggerStrings triggers = trigger_strings(index.catalog());
  triggers.texts.push_back("otel-setup:");
  const Prefilter prefilter(triggers.texts, triggers.words);
  std::vector<ScannedFile> results(walked.sources.size());
  Shared shared(index, prefilter, root.string(), walked, results, options.progress);
  scan_sources(shared, options.threads ? options.threads : std::thread::hardware_concurrency());

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
