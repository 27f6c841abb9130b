// glog log correlation: one #include in the file calling google::InitGoogleLogging; the
// generated header turns that call into the form with a prefix callback that adds the ids.
#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

void plan_glog(const facts::Facts& facts, const facts::Library& library, const PlanTarget& target,
               Plan& plan) {
  if (library.kind != facts::LibraryKind::logging) return;
  const std::string module_prefix = target.module_dir + "/";
  std::vector<std::string> files;
  for (const facts::Evidence& evidence : library.evidence) {
    if (evidence.kind != facts::EvidenceKind::call ||
        evidence.text.find("InitGoogleLogging") == std::string::npos ||
        evidence.file.compare(0, module_prefix.size(), module_prefix) == 0) {
      continue;
    }
    files.push_back(evidence.file);
  }
  if (files.empty()) {
    plan.notes.push_back(
        "glog: no google::InitGoogleLogging call found; call it in main() and run `otel-setup "
        "add glog` again to get trace ids in log lines");
    return;
  }
  for (const std::string& file : files)
    plan_include(facts, target, file, "glog/", "glog_tracing.hpp", library.id, plan);
  plan_generated_header(facts, target, library.id, "glog_tracing.hpp",
                        "glog log correlation: trace_id/span_id in the line prefix", plan);
}

}  // namespace otel_setup::scaffold::integration
