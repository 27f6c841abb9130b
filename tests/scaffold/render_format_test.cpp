// Rendered C++ is clang-format clean under the project's .clang-format (Google-based), for
// both backends and both include styles, and every generated file says what it is, how it
// is configured and how to undo it.
#include <catch2/catch.hpp>

#include "otel_setup/error.hpp"
#include "otel_setup/planner.hpp"
#include "otel_setup/render.hpp"
#include "planner_test_support.hpp"

using namespace otel_setup;
using namespace scaffold_test;

namespace {

facts::Facts small_service(bool quoted) {
  const std::string cmake = "project(fmt)\nadd_executable(fmt main.cpp)\n";
  const std::string main = "#include <cstdio>\n\nint main() {\n  return 0;\n}\n";
  facts::Facts facts;
  facts::BuildSystem build;
  build.id = "cmake";
  build.file = "CMakeLists.txt";
  build.project_name = "fmt";
  build.targets.push_back(target_from_text("CMakeLists.txt", cmake, "fmt"));
  facts.build_systems.push_back(build);
  facts.entry_points.push_back(entry_from_text("main.cpp", main, "fmt"));
  facts.entry_points[0].quoted_includes = quoted;
  return facts;
}

bool is_cpp(const std::string& file) {
  return file.size() > 4 &&
         (file.substr(file.size() - 4) == ".cpp" || file.substr(file.size() - 4) == ".hpp");
}

}  // namespace

TEST_CASE("rendered telemetry sources are clang-format clean") {
  const auto root = make_temp_dir("render-format");
  write_file(root / ".clang-format",
             read_file(std::string(OTEL_SETUP_SOURCE_DIR) + "/.clang-format"));
  for (const auto runtime : {scaffold::Runtime::bundled, scaffold::Runtime::opentelemetry_cpp}) {
    for (const bool quoted : {true, false}) {
      scaffold::PlanOptions options;
      options.runtime = runtime;
      const scaffold::Plan plan = scaffold::plan_init(small_service(quoted), options);
      for (const auto& edit : plan.edits) {
        if (edit.kind != scaffold::EditKind::create || !is_cpp(edit.file)) continue;
        if (edit.file.find("/otelrt/") != std::string::npos) continue;  // the runtime's own
        const auto file = root / edit.file;
        write_file(file, edit.text);
        INFO(edit.file << (quoted ? " (quoted includes)" : " (angle includes)"));
        const std::string command = "clang-format --dry-run --Werror " + file.string() + " > " +
                                    (root / "log").string() + " 2>&1";
        const int status = std::system(command.c_str());
        INFO(read_file(root / "log").substr(0, 3000));
        CHECK(status == 0);
      }
    }
  }
  std::filesystem::remove_all(root);
}

TEST_CASE("each generated file names itself, its configuration and otel-setup remove") {
  const scaffold::Plan plan = scaffold::plan_init(small_service(true), {});
  for (const auto& edit : plan.edits) {
    if (edit.kind != scaffold::EditKind::create) continue;
    if (edit.file.find("/otelrt/include/") != std::string::npos ||
        edit.file.find("/otelrt/src/") != std::string::npos) {
      continue;  // verbatim runtime copies
    }
    INFO(edit.file);
    const std::string head = edit.text.substr(0, 600);
    CHECK(head.find("otel-setup remove") != std::string::npos);
    CHECK(head.find("otel-setup:generated") != std::string::npos);
    CHECK(head.find("OTEL_") != std::string::npos);
  }
}

TEST_CASE("templates use <% %> delimiters and render values verbatim") {
  scaffold::TemplateValues values;
  values.strings["x"] = "\"a<b>\"";
  values.lists["items"] = {{{"v", "1"}}, {{"v", "2"}}};
  CHECK(scaffold::render_text("{{=<% %>=}}\n<%x%>{<%#items%><%v%>,<%/items%>}\n", values) ==
        "\"a<b>\"{1,2,}\n");
  CHECK_THROWS_AS(scaffold::render_template("missing.mustache", values), Error);
}
