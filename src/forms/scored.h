// Scored forms (考核评分表): fixed criteria rows in the form definition ([[criteria]] with 分值),
// a score or "不适用" and the evidence per row in the data file ([scored.<form id>.rows]).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.h"
#include "base/diagnostics.h"
#include "data/model.h"
#include "forms/form.h"

namespace selfeval::forms {

// What a criterion marked not applicable prints in its 得分 cell.
inline constexpr std::string_view not_applicable_text = "不适用";

// The data file's scores of a form, none when it has no [scored.<def.id>].
const data::scored_entry* find_scores(const form_definition& def, const data::model& m);
const data::scored_row* find_scored_row(const data::scored_entry* e, std::string_view id);

struct scored_sums {
  base::decimal points;                // Σ 分值 of the criteria that apply
  std::optional<base::decimal> score;  // Σ 得分; none while a criterion that applies is unscored
};
scored_sums scored_totals(const form_definition& def, const data::model& m);

// What a scored form's own value prints, as the PDF prints it and the workbook shows it: the
// form's totals, or criterion `c`'s id, levels, standard, evidence asked for, 分值, and its row
// of `scores` (find_scores): 得分 ("不适用", "——" for unknown) and 佐证材料. Empty for a
// criterion value outside the criteria rows (`c` null) and for a value that is not a scored one.
std::string scored_value_text(local_value v, const form_definition& def, const data::model& m,
                              const criterion* c, const data::scored_entry* scores);

// Checks the data file's [scored.<id>] against a scored form: every criterion scored or
// "不适用" (scored-row-missing), each score within its 分值 (scored-over-points), no row the form
// does not have (scored-row-unknown), a typed total equal to the sum (scored-total-mismatch).
// Problems are located in the data file.
void check_scored(const form_definition& def, const data::model& m, base::diagnostics& diags);

// [scored.<id>] tables that name none of `forms` (scored-form-unknown).
void check_scored_forms(const std::vector<const form_definition*>& forms, const data::model& m,
                        base::diagnostics& diags);

}  // namespace selfeval::forms
