// spdlog log correlation: telemetry::correlate_spdlog() as the first statement of main()
// (telemetry/spdlog_tracing.hpp). It wraps the sinks, so a pattern the program sets later
// still gets trace_id/span_id; no logging call changes.
#include "integration_support.hpp"
#include "plan_internal.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "spdlog";
constexpr const char* kMarker = "spdlog-correlation";

}  // namespace

void plan_spdlog(const facts::Facts& facts, const facts::Library& library, const PlanTarget& target,
                 Plan& plan) {
  if (library.kind != facts::LibraryKind::logging || target.entry == nullptr) return;
  const facts::EntryPoint& entry = *target.entry;
  if (detail::has_marker(facts, entry.file, kMarker)) return;
  const std::string call = "telemetry::correlate_spdlog();";
  if (entry.parse_error_near || entry.body_open.byte_offset < 0) {
    plan.manual_steps.push_back("In " + entry.file + ", add as the first line of main():\n  " +
                                call + "\n");
    return;
  }
  plan_include(facts, target, entry.file, "spdlog/", "spdlog_tracing.hpp", kId, plan);
  const std::string indent = entry.body_indent.empty() ? "  " : entry.body_indent;
  Edit edit;
  edit.file = entry.file;
  edit.kind = EditKind::insert;
  // Right after main's '{', like the core init block: each block starts with its own newline,
  // so the two read well in either order.
  edit.offset = entry.body_open.byte_offset + 1;
  edit.text = "\n" + marked_lines(indent, kMarker, indent + call);
  if (entry.code_after_body_open) edit.text += "\n" + indent;
  edit.id = kMarker;
  edit.reason = "trace_id/span_id in every spdlog line logged inside a span";
  edit.integration = kId;
  edit.base_hash = entry.content_hash;
  plan.edits.push_back(std::move(edit));
  plan_generated_header(facts, target, kId, "spdlog_tracing.hpp",
                        "spdlog log correlation: trace_id/span_id, JSON option", plan);
}

}  // namespace otel_setup::scaffold::integration
