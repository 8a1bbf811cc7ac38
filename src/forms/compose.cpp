#include "forms/compose.h"

#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "forms/shipped_forms.h"

namespace selfeval::forms {
namespace {

// Each shipped definition is parsed on first use only (a package with the provincial 附件1
// never reads the 益阳 one), once per process even with several build threads.
class shipped {
 public:
  shipped() : slots_(shipped_form_texts().size()) {}

  const form_definition& at(std::string_view name) const {
    const auto& texts = shipped_form_texts();
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].name != name) continue;
      slot& s = slots_[i];
      std::call_once(s.once, [&] { s.def = parse(texts[i]); });
      return s.def;
    }
    throw std::out_of_range("no shipped form " + std::string(name));
  }

 private:
  struct slot {
    std::once_flag once;
    form_definition def;
  };
  mutable std::vector<slot> slots_;

  static form_definition parse(const shipped_form_text& s) {
    base::diagnostics diags;
    form_definition def =
        parse_form(std::string(s.text), "config/profiles/" + std::string(s.name), diags);
    // The shipped forms are tested (tests/forms); a broken one is a bug of this build.
    if (diags.has_errors())
      throw std::logic_error("shipped form " + std::string(s.name) + ": " +
                             base::format_diagnostic(diags.sorted().front()));
    return def;
  }
};

const shipped& all_shipped() {
  static const shipped s;
  return s;
}

const form_definition& table1_form(const table_options& o) {
  return shipped_form(o.table1 == table1_variant::city ? "yiyang/forms/table1.toml"
                                                       : "hunan/forms/table1.toml");
}

data::value_scope project_scope(std::size_t project) {
  data::value_scope s;
  s.project = project;
  return s;
}

}  // namespace

const form_definition& shipped_form(std::string_view name) {
  return all_shipped().at(name);
}

std::vector<std::string_view> shipped_form_names() {
  std::vector<std::string_view> out;
  for (const shipped_form_text& s : shipped_form_texts()) out.push_back(s.name);
  return out;
}

std::vector<layout::block> table1_blocks(const data::model& m, const data::figures& f,
                                         const layout::measure& ms, const table_options& o) {
  return form_blocks(table1_form(o), m, f, {}, ms, o);
}

std::vector<layout::block> table2_blocks(const data::model& m, const data::figures& f,
                                         const layout::measure& ms, const table_options& o) {
  return form_blocks(shipped_form("hunan/forms/table2.toml"), m, f, {}, ms, o);
}

std::vector<layout::block> table3_blocks(const data::model& m, const data::figures& f,
                                         std::size_t project, const layout::measure& ms,
                                         const table_options& o) {
  return form_blocks(shipped_form("hunan/forms/table3.toml"), m, f, project_scope(project), ms, o);
}

layout::document compose_table1(const data::model& m, const data::figures& f,
                                const layout::measure& ms, const table_options& o) {
  return compose_form(table1_form(o), m, f, {}, ms, o);
}

layout::document compose_table2(const data::model& m, const data::figures& f,
                                const layout::measure& ms, const table_options& o) {
  return compose_form(shipped_form("hunan/forms/table2.toml"), m, f, {}, ms, o);
}

layout::document compose_table3(const data::model& m, const data::figures& f, std::size_t project,
                                const layout::measure& ms, const table_options& o) {
  (void)m.projects.at(project);
  return compose_form(shipped_form("hunan/forms/table3.toml"), m, f, project_scope(project), ms, o);
}

}  // namespace selfeval::forms
