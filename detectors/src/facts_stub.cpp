// Temporary: replaced by the detect stage.
#include <nlohmann/json.hpp>

#include "otel_setup/error.hpp"
#include "otel_setup/scan.hpp"

namespace otel_setup::detectors {
facts::Facts scan(const ScanOptions& options) {
  facts::Facts found;
  found.root = options.root.string();
  return found;
}
std::string summarize(const facts::Facts&) {
  return "nothing detected yet\n";
}
}  // namespace otel_setup::detectors

namespace otel_setup::facts {
nlohmann::json to_json(const Facts& facts) {
  return {{"schema_version", facts.schema_version}, {"root", facts.root}};
}
}  // namespace otel_setup::facts
