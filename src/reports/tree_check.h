// The data file's [overall_report] / [project_report] section trees against the profile's
// wording, the one home of the section keys and generated-block names: a region whose wording
// adds a section or a block lets its data files use it with no new build.
#pragma once

#include "base/diagnostics.h"
#include "data/model.h"
#include "reports/wording.h"

namespace selfeval::reports {

// Appends every problem: a top-level `key` the report's wording does not define
// (unknown-section), a `key` on a part (unknown-section), a key given twice
// (duplicate-section), a `generate` name no block of either report defines (unknown-generate;
// a block of the other report is refused when the report is drawn: generate-wrong-report).
void check_report_tree(const data::model& m, const wording& w, base::diagnostics& diags);

}  // namespace selfeval::reports
