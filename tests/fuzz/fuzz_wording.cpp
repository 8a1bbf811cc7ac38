// libFuzzer target: any bytes as a wording file; when it loads cleanly, both reports of an empty
// unit are built with it (patterns, lists, optional parts, repetitions).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "data/derive.h"
#include "data/model.h"
#include "reports/report.h"
#include "reports/wording.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  selfeval::base::diagnostics diags;
  const selfeval::reports::wording w =
      selfeval::reports::parse_wording(text, "fuzz-wording.toml", diags);
  for (const auto& d : diags.sorted()) (void)selfeval::base::format_diagnostic(d);
  if (diags.has_errors()) return 0;
  selfeval::data::model m;
  m.year.value = 2023;
  m.year.given = true;
  const selfeval::data::figures f = selfeval::data::derive(m);
  for (auto kind :
       {selfeval::reports::report_kind::overall, selfeval::reports::report_kind::project})
    (void)selfeval::reports::report_body(kind, m, f, w, diags);
  return 0;
}
