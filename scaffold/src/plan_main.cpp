// main() gets the facade include and, first thing in its body, init() and a ShutdownGuard.
// Never edited where the parser saw errors nearby: the user gets the lines to paste instead.
#include "plan_internal.hpp"

namespace otel_setup::scaffold::detail {

namespace {

Edit insert(const facts::EntryPoint& entry, std::int64_t offset, std::string text, const char* id,
            std::string reason) {
  Edit edit;
  edit.file = entry.file;
  edit.kind = EditKind::insert;
  edit.offset = offset;
  edit.text = std::move(text);
  edit.id = id;
  edit.reason = std::move(reason);
  edit.integration = "core";
  edit.base_hash = entry.content_hash;
  return edit;
}

std::string init_lines(const PlanTarget& target, const std::string& indent) {
  TemplateValues values;
  values.strings["indent"] = indent;
  values.strings["service_literal"] = cpp_string_literal(target.service_name);
  return render_template("edits/main_init.mustache", values);
}

std::string include_lines(const PlanTarget& target) {
  TemplateValues values;
  values.strings["facade_include"] = include_line(target, "telemetry/telemetry.hpp");
  return render_template("edits/main_include.mustache", values);
}

}  // namespace

void plan_main_edits(const facts::Facts& facts, const PlanTarget& target, Plan& plan) {
  if (target.entry == nullptr) return;
  const facts::EntryPoint& entry = *target.entry;
  const bool include_done =
      entry.includes_telemetry || has_marker(facts, entry.file, kIncludeMarker);
  const facts::Marker* init = init_marker(facts, entry);
  const std::string where = entry.file + ":" + std::to_string(entry.position.line);
  if (init != nullptr && init->id != kInitMarker) {
    plan.notes.push_back(where + ": main() already starts tracing (block '" + init->id +
                         "' of an earlier otel-setup run): not edited");
  }
  bool init_done = init != nullptr;
  if (!init_done && target.earlier_module == "by hand" && entry.includes_telemetry &&
      !has_marker(facts, entry.file, kIncludeMarker)) {
    // Instrumented by hand: its init() call is not marked, and a second one would be wrong.
    plan.notes.push_back(where +
                         ": main() includes the telemetry facade already (by hand): not "
                         "edited; make sure it calls telemetry::init() first");
    init_done = true;
  }
  if (include_done && init_done) return;

  const std::string indent = entry.body_indent.empty() ? "  " : entry.body_indent;
  if (entry.parse_error_near) {
    plan.notes.push_back(where + ": main() not edited: the parser found errors near it");
    plan.manual_steps.push_back("In " + entry.file + ", add after the last #include:\n" +
                                include_lines(target) + "and as the first lines of main():\n" +
                                init_lines(target, "  "));
    return;
  }

  if (!include_done) {
    if (entry.last_include_line == 0) {
      // No #include: the top of the file. Nothing outside the marked lines, so cutting them
      // (otel-setup remove) gives the file back byte for byte.
      plan.edits.push_back(
          insert(entry, 0, include_lines(target), kIncludeMarker, "include the tracing facade"));
    } else if (entry.last_include_end >= 0) {
      plan.edits.push_back(insert(entry, entry.last_include_end, include_lines(target),
                                  kIncludeMarker, "include the tracing facade"));
    } else {
      plan.notes.push_back(where + ": the end of the last #include line is unknown; not edited");
      plan.manual_steps.push_back("In " + entry.file + ", add after the last #include:\n" +
                                  include_lines(target));
    }
  }

  if (!init_done) {
    if (entry.body_open.byte_offset < 0) {
      plan.notes.push_back(where + ": the body of main() was not located; not edited");
      plan.manual_steps.push_back("In " + entry.file + ", add as the first lines of main():\n" +
                                  init_lines(target, "  "));
      return;
    }
    // Inserted right after '{': a newline, the marked block, and, when code followed the
    // brace on the same line, a newline + indent so that code keeps its own line.
    std::string text = "\n" + init_lines(target, indent);
    text.pop_back();  // the block's last '\n' is the one that already followed '{'
    if (entry.code_after_body_open) text += "\n" + indent;
    plan.edits.push_back(insert(entry, entry.body_open.byte_offset + 1, text, kInitMarker,
                                "start tracing in main() and flush it on exit"));
  }
}

}  // namespace otel_setup::scaffold::detail
