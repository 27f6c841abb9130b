// Declaration swaps: `Type name(args);` becomes `TracedType name(args);` in a marked block.
// Used where a library's calls are methods on an object (an httplib::Client, a libpqxx
// transaction): a traced subclass declared in place traces them without touching each call.
#include <algorithm>
#include <regex>

#include "integration_support.hpp"

namespace otel_setup::scaffold::integration {

namespace {

// "cart::Orders::add" -> "cart..Orders..add": marker ids are single words.
std::string id_word(const std::string& text) {
  std::string word;
  for (const char c : text)
    word += c == ':' ? '.' : c;
  return word.empty() ? "file" : word;
}

}  // namespace

void plan_declaration_swap(const facts::Facts& facts, const facts::Site& site,
                           const DeclarationSwap& swap, Plan& plan) {
  // The type (group 1) and the rest of the statement (group 2): `pqxx::work txn(conn);`.
  static const std::regex declaration(R"(^((?:[A-Za-z_]\w*::)*[A-Za-z_]\w*(?:<[^;]*>)?)\s+)"
                                      R"(([A-Za-z_]\w*\s*(?:\(.*\)|\{.*\})?\s*;))");
  std::smatch match;
  if (!std::regex_search(site.text, match, declaration)) {
    plan.notes.push_back(where(site) + ": '" + site.text + "' is not a one-line `" +
                         "Type name(...);` declaration; not edited");
    plan.manual_steps.push_back("In " + site.file + ", declare " + site.receiver + " as a " +
                                swap.traced_type("its type") + " (telemetry/" + swap.header +
                                ")\n");
    return;
  }
  const std::string id = swap.marker + "-" + id_word(site.receiver) + "-" + id_word(site.function);
  const std::string indent(static_cast<std::size_t>(site.position.column - 1), ' ');
  Edit edit;
  edit.file = site.file;
  edit.kind = EditKind::replace;
  edit.offset = site.position.byte_offset;
  edit.length = static_cast<std::int64_t>(match.length(0));
  edit.text = "// otel-setup:begin " + id + "\n" + indent + swap.traced_type(match.str(1)) + " " +
              match.str(2) + "\n" + indent + "// otel-setup:end " + id;
  edit.id = id;
  edit.reason = swap.reason + " (" + site.receiver + ")";
  edit.integration = swap.integration;
  edit.base_hash = base_hash_for(facts, site.file);
  plan.edits.push_back(std::move(edit));
}

void plan_declaration_swaps(const facts::Facts& facts, const facts::Library& library,
                            const PlanTarget& target, const DeclarationSwap& swap, Plan& plan) {
  std::vector<std::string> files;
  for (const facts::Site* site : editable_sites(library, swap.role, plan)) {
    if (swap.accepts != nullptr && !swap.accepts(*site, plan)) continue;
    const std::size_t before = plan.edits.size();
    plan_declaration_swap(facts, *site, swap, plan);
    if (plan.edits.size() == before) continue;
    if (std::find(files.begin(), files.end(), site->file) == files.end()) {
      files.push_back(site->file);
    }
  }
  for (const std::string& file : files) {
    plan_include(facts, target, file, swap.library_header, swap.header, swap.include_marker, plan);
  }
  if (!files.empty()) {
    plan_generated_header(facts, target, library.id, swap.header, swap.summary, plan);
  }
}

}  // namespace otel_setup::scaffold::integration
