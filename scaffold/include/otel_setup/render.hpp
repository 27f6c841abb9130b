// Renders the mustache templates embedded from templates/ (kainjow mustache). Templates switch
// to <% %> delimiters on their first line, so C++ braces never need escaping; values are
// inserted verbatim (no HTML escaping): callers pass text that is already valid for its place.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace otel_setup::scaffold {

struct TemplateValues {
  std::map<std::string, std::string> strings;
  std::map<std::string, bool> flags;  // for <%#flag%>...<%/flag%> and <%^flag%>...<%/flag%>
  // Repeated sections: each record is a map of the strings visible inside the section.
  std::map<std::string, std::vector<std::map<std::string, std::string>>> lists;
};

// name is relative to templates/, e.g. "core/telemetry.hpp.mustache". Throws otel_setup::Error
// when the template is missing or does not parse.
std::string render_template(std::string_view name, const TemplateValues& values);
std::string render_text(std::string_view text, const TemplateValues& values);

}  // namespace otel_setup::scaffold
