#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "commands.hpp"
#include "otel_setup/scan.hpp"

namespace otel_setup::cli {

void configure_detect(CLI::App& sub, Action& action) {
  auto path = std::make_shared<std::string>(".");
  auto json = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto threads = std::make_shared<unsigned>(0);
  sub.add_option("path", *path, "Repository to scan (default: the current directory)");
  sub.add_flag("--json", *json, "Print the facts document as JSON (schema: docs/facts-schema.md)");
  sub.add_flag("-q,--quiet", *quiet, "No progress on stderr");
  sub.add_option("-j,--threads", *threads, "Files scanned in parallel (default: one per core)");
  action = [=](Io& io) {
    detectors::ScanOptions options;
    options.root = *path;
    options.progress = *quiet ? nullptr : &io.err;
    options.threads = *threads;
    facts::Facts found = detectors::scan(options);
    if (*json) {
      io.out << facts::to_json(found).dump(2) << "\n";
    } else {
      io.out << detectors::summarize(found);
    }
    return 0;
  };
}

}  // namespace otel_setup::cli
