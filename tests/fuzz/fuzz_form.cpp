// libFuzzer target: any bytes as a form definition through the loader and, when it loads clean,
// the engine over a small unit with projects and items (fixed-advance measure: no fonts needed).
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/derive.h"
#include "forms/form.h"
#include "layout/table.h"

namespace {

class fixed_measure : public selfeval::layout::measure {
 public:
  double width(selfeval::layout::font_role, double size, std::string_view text) const override {
    return size * static_cast<double>(text.size()) / 2;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const selfeval::data::model unit = [] {
    selfeval::data::model m;
    m.year.value = 2023;
    m.year.given = true;
    m.projects.resize(2);
    m.projects[0].items.resize(2);
    m.projects[0].evaluation.given = true;
    return m;
  }();
  static const selfeval::data::figures figures = selfeval::data::derive(unit);
  std::string text(reinterpret_cast<const char*>(data), size);
  selfeval::base::diagnostics diags;
  const auto def = selfeval::forms::parse_form(text, "fuzz.toml", diags);
  for (const auto& d : diags.sorted()) (void)selfeval::base::format_diagnostic(d);
  if (diags.has_errors()) return 0;
  selfeval::data::value_scope scope;
  if (def.project_scope) scope.project = 0;
  try {
    (void)selfeval::forms::compose_form(def, unit, figures, scope, fixed_measure{});
  } catch (const selfeval::layout::layout_error&) {
    // A form that cannot be laid out (a row taller than a page) is reported, not a crash.
  }
  return 0;
}
