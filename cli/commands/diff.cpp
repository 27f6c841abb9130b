#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <ostream>
#include <string>

#include "commands.hpp"
#include "otel_setup/apply.hpp"
#include "otel_setup/diff.hpp"
#include "otel_setup/filesystem.hpp"
#include "version.hpp"

namespace otel_setup::cli {

// `init`'s plan as a unified diff; writes nothing (an interrupted init is refused, not undone).
void configure_diff(CLI::App& sub, Action& action) {
  auto path = std::make_shared<std::string>(".");
  auto runtime = std::make_shared<std::string>();  // "": as recorded, else bundled
  auto options = std::make_shared<scaffold::PlanChoices>();
  sub.add_option("path", *path, "Project root (default: the current directory)");
  sub.add_option("--service-name", options->service_name, "service.name for init()");
  sub.add_option("--runtime", *runtime,
                 "Tracing backend the generated code binds to (default: the one an earlier init "
                 "chose, else bundled)")
      ->check(CLI::IsMember({"bundled", "opentelemetry-cpp"}));
  sub.add_option("--target", options->target, "Executable to instrument when there are several");
  sub.add_option("--entry", options->entry, "File whose main() gets init");
  sub.footer("The output is accepted by `git apply`; colour only on a terminal without NO_COLOR.");
  action = [=](Io& io) {
    scaffold::InitRequest request;
    request.root = *path;
    request.choices = *options;
    request.tool_version = kVersion;
    request.progress = &io.err;
    request.runtime = *runtime;
    scaffold::RealFileSystem fs(request.root);
    const scaffold::InitPreview preview = scaffold::prepare_init(fs, request);
    const bool color = &io.out == &std::cout && scaffold::stdout_wants_color();
    io.out << scaffold::unified_diff(preview.changes, scaffold::DiffOptions{3, color});
    if (preview.changes.empty()) io.err << "otel-setup: nothing to change\n";
    return 0;
  };
}

}  // namespace otel_setup::cli
