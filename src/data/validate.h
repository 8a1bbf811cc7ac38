// The checks of a loaded data file (docs/domain.md §5): sums, weights, typed-vs-computed figures,
// cross-deliverable identities, dates, names and text hygiene. Plus the one-call API other layers
// use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "data/derive.h"
#include "data/model.h"

namespace selfeval::data {

// Appends every problem found; never stops at the first. `rules`: the profile's thresholds.
void validate(const model& m, const figures& f, base::diagnostics& diags,
              const indicator_rules& rules = default_rules());

// The names in a `generate` value: "staffing, spending_scale", "staffing、spending_scale", one a
// line. Which keys and names a report accepts is the profile's wording's to say
// (reports::check_report_tree).
std::vector<std::string> split_names(std::string_view list);  // report_node::generate

// Load + derive + validate. `figures` is computed even when there are errors (missing inputs
// count as zero), so callers that only want diagnostics can ignore it.
struct check_result {
  model data;
  figures computed;
  base::diagnostics diags;
  bool io_failed = false;  // the file could not be read (exit code 2)
  bool parsed = false;     // the TOML was read into `data` (no syntax, encoding or size error)
};
check_result check_file(const std::string& path, const indicator_rules& rules = default_rules());
check_result check_text(std::string source, std::string file_name,
                        const indicator_rules& rules = default_rules());

}  // namespace selfeval::data
