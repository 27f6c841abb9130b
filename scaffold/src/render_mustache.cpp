// The one place that knows about kainjow mustache.
#include <kainjow/mustache.hpp>

#include "otel_setup/embedded.hpp"
#include "otel_setup/error.hpp"
#include "otel_setup/render.hpp"

namespace otel_setup::scaffold {

namespace {

kainjow::mustache::data to_data(const TemplateValues& values) {
  kainjow::mustache::data data;
  for (const auto& [name, value] : values.strings)
    data.set(name, value);
  for (const auto& [name, value] : values.flags) {
    data.set(name, value ? kainjow::mustache::data::type::bool_true
                         : kainjow::mustache::data::type::bool_false);
  }
  for (const auto& [name, records] : values.lists) {
    kainjow::mustache::data list{kainjow::mustache::data::type::list};
    for (const auto& record : records) {
      kainjow::mustache::data item;
      for (const auto& [key, value] : record)
        item.set(key, value);
      list.push_back(item);
    }
    data.set(name, list);
  }
  return data;
}

}  // namespace

std::string render_text(std::string_view text, const TemplateValues& values) {
  // kainjow keeps the newline after a standalone set-delimiter tag; the spec drops it.
  std::string source(text);
  const std::string delimiters = "{{=<% %>=}}\n";
  if (source.compare(0, delimiters.size(), delimiters) == 0) source.erase(delimiters.size() - 1, 1);
  kainjow::mustache::mustache view{source};
  if (!view.is_valid()) {
    throw Error(ExitCode::error, "template error: " + view.error_message(),
                "this is a bug in otel-setup's templates; please report it");
  }
  view.set_custom_escape([](const std::string& text_value) { return text_value; });
  std::string rendered = view.render(to_data(values));
  if (!view.is_valid()) {
    throw Error(ExitCode::error, "template error: " + view.error_message(),
                "this is a bug in otel-setup's templates; please report it");
  }
  return rendered;
}

std::string render_template(std::string_view name, const TemplateValues& values) {
  const auto text = embedded_file("templates/" + std::string(name));
  if (!text) {
    throw Error(ExitCode::error, "template not found: templates/" + std::string(name),
                "rebuild otel-setup: templates are embedded at build time");
  }
  return render_text(*text, values);
}

}  // namespace otel_setup::scaffold
