// `otel-setup list [PATH] [--json]`: every integration, whether detect found its library here
// and whether it is applied (its markers are in the sources).
#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "commands.hpp"
#include "otel_setup/integrations.hpp"
#include "otel_setup/scan.hpp"

namespace otel_setup::cli {

void configure_list(CLI::App& sub, Action& action) {
  auto path = std::make_shared<std::string>(".");
  auto json = std::make_shared<bool>(false);
  sub.add_option("path", *path, "Repository to scan (default: the current directory)");
  sub.add_flag("--json", *json, "One JSON document: integrations with detected/applied");
  action = [=](Io& io) {
    detectors::ScanOptions options;
    options.root = *path;
    const facts::Facts found = detectors::scan(options);
    const auto statuses = scaffold::integration_status(found);
    if (*json) {
      nlohmann::json document = {{"integrations", nlohmann::json::array()}};
      for (const scaffold::IntegrationStatus& status : statuses) {
        document["integrations"].push_back({{"id", status.integration->id},
                                            {"category", status.integration->category},
                                            {"kind", facts::to_string(status.integration->kind)},
                                            {"detected", status.detected},
                                            {"applied", status.applied},
                                            {"evidence", status.evidence},
                                            {"records", status.integration->records}});
      }
      for (const std::string& id : scaffold::detect_only_libraries()) {
        const facts::Library* library = found.find_library(id);
        document["detect_only"].push_back({{"id", id}, {"detected", library != nullptr}});
      }
      io.out << document.dump(2) << "\n";
      return 0;
    }
    for (const scaffold::IntegrationStatus& status : statuses) {
      std::string line = status.integration->category + " " + status.integration->id;
      line.resize(std::max<std::size_t>(line.size() + 1, 28), ' ');
      line += status.applied ? "applied" : status.detected ? "detected" : "-";
      if (!status.evidence.empty()) line += "  (" + status.evidence.front() + ")";
      io.out << line << "\n";
    }
    for (const std::string& id : scaffold::detect_only_libraries()) {
      if (found.find_library(id) != nullptr) {
        io.out << id << ": detected; detect-only (not packaged for Debian, no integration)\n";
      }
    }
    return 0;
  };
}

}  // namespace otel_setup::cli
