// librdkafka messaging (C++ API): each `producer->produce(` becomes
// `telemetry::kafka_produce(*producer, ` and each `consumer->consume(` becomes
// `telemetry::kafka_consume(*consumer, ` (telemetry/kafka_tracing.hpp, included in that file).
// The arguments stay as written, so the edit is the call's head only; being inside a line it
// carries no marker comments: the manifest restores it, and a rewritten call is no longer a
// produce/consume site, so a second `add` finds nothing to do.
#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

constexpr const char* kId = "librdkafka";

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The edit for one site, false when its text is not `receiver->method(` / `receiver.method(`.
bool plan_call(const facts::Site& site, Plan& plan) {
  for (const char* method : {"produce", "consume"}) {
    for (const char* access : {"->", "."}) {
      const std::string head = site.receiver + access + method + "(";
      if (site.receiver.empty() || !starts_with(site.text, head)) continue;
      Edit edit;
      edit.file = site.file;
      edit.kind = EditKind::replace;
      edit.offset = site.position.byte_offset;
      edit.length = static_cast<std::int64_t>(head.size());
      // `receiver->produce(` alone on its line (arguments below): no trailing space.
      edit.text = std::string("telemetry::kafka_") + method + "(" +
                  (std::string(access) == "->" ? "*" : "") + site.receiver +
                  (site.text == head ? "," : ", ");
      edit.reason = std::string(method == std::string("produce") ? "PRODUCER" : "CONSUMER") +
                    " span around " + site.receiver + access + method + "()";
      edit.integration = kId;
      plan.edits.push_back(std::move(edit));
      return true;
    }
  }
  return false;
}

}  // namespace

void plan_librdkafka(const facts::Facts& facts, const facts::Library& library,
                     const PlanTarget& target, Plan& plan) {
  if (library.kind != facts::LibraryKind::messaging) return;
  std::vector<std::string> files;
  const std::string module_prefix = target.module_dir + "/";
  for (const facts::Site* site : editable_sites(library, "call", plan)) {
    // The telemetry module (its generated headers call the library too) is not user code.
    if (site->file.compare(0, module_prefix.size(), module_prefix) == 0) continue;
    if (starts_with(site->text, "rd_kafka_")) {
      plan.notes.push_back(where(*site) + ": librdkafka C API call not traced (the C++ API is)");
      continue;
    }
    if (!plan_call(*site, plan)) {
      plan.notes.push_back(where(*site) + ": '" + site->text + "' not rewritten; trace it by " +
                           "hand with telemetry::kafka_produce/kafka_consume");
      continue;
    }
    bool seen = false;
    for (const std::string& file : files)
      seen = seen || file == site->file;
    if (!seen) files.push_back(site->file);
  }
  for (const std::string& file : files)
    plan_include(facts, target, file, "rdkafkacpp.h", "kafka_tracing.hpp", kId, plan);
  if (!files.empty()) {
    plan_generated_header(facts, target, kId, "kafka_tracing.hpp",
                          "librdkafka tracing: PRODUCER and CONSUMER spans, traceparent in headers",
                          plan);
  }
}

}  // namespace otel_setup::scaffold::integration
