#include "reports/tree_check.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "data/suggest.h"
#include "data/validate.h"

namespace selfeval::reports {

namespace {

using data::report_node;

struct tree_checker {
  std::vector<std::string_view> keys;    // the report's section keys, in print order
  std::vector<std::string_view> blocks;  // every generated block of both reports
  base::diagnostics& diags;
  std::vector<std::string> seen;

  void check(const report_node& n, int level) {
    if (n.key.given) {
      if (level > 1) {
        diags.error("unknown-section", n.key.loc,
                    base::msg("unknown-section.in-part", {{"key", n.key.value}}));
      } else if (std::find(keys.begin(), keys.end(), n.key.value) == keys.end()) {
        diags.error(
            "unknown-section", n.key.loc,
            base::msg{{"key", n.key.value}, {"suggestion", data::did_you_mean(n.key.value, keys)}});
      } else if (std::find(seen.begin(), seen.end(), n.key.value) != seen.end()) {
        diags.error("duplicate-section", n.key.loc, base::msg{{"key", n.key.value}});
      } else {
        seen.push_back(n.key.value);
      }
    }
    if (n.generate.given) {
      for (const std::string& name : data::split_names(n.generate.value))
        if (std::find(blocks.begin(), blocks.end(), name) == blocks.end())
          diags.error("unknown-generate", n.generate.loc,
                      base::msg{{"name", name}, {"suggestion", data::did_you_mean(name, blocks)}});
    }
    for (const report_node& p : n.parts) check(p, level + 1);
  }
};

}  // namespace

void check_report_tree(const data::model& m, const wording& w, base::diagnostics& diags) {
  std::vector<std::string_view> blocks;
  for (const block_def& b : w.overall.blocks) blocks.push_back(b.name);
  for (const block_def& b : w.project.blocks) blocks.push_back(b.name);
  for (const report_kind kind : {report_kind::overall, report_kind::project}) {
    tree_checker c{{}, blocks, diags, {}};
    for (const section_def& d : w.of(kind).sections) c.keys.push_back(d.key);
    const data::report_info& r = kind == report_kind::overall ? m.overall_report : m.project_report;
    for (const report_node& n : r.sections) c.check(n, 1);
  }
}

}  // namespace selfeval::reports
