#include "forms/scored.h"

#include <string>

#include "data/format.h"

namespace selfeval::forms {

const data::scored_entry* find_scores(const form_definition& def, const data::model& m) {
  if (def.id.empty()) return nullptr;
  for (const data::scored_entry& e : m.scored)
    if (e.form == def.id) return &e;
  return nullptr;
}

const data::scored_row* find_scored_row(const data::scored_entry* e, std::string_view id) {
  if (e == nullptr) return nullptr;
  for (const data::scored_row& r : e->rows)
    if (r.id == id) return &r;
  return nullptr;
}

scored_sums scored_totals(const form_definition& def, const data::model& m) {
  scored_sums out;
  out.score = base::decimal{};
  const data::scored_entry* e = find_scores(def, m);
  for (const criterion& c : def.criteria) {
    const data::scored_row* r = find_scored_row(e, c.id);
    if (r != nullptr && r->not_applicable) continue;
    out.points = out.points + c.points;
    if (r != nullptr && r->points.given && out.score)
      out.score = *out.score + r->points.value;
    else
      out.score.reset();
  }
  return out;
}

void check_scored(const form_definition& def, const data::model& m, base::diagnostics& diags) {
  if (def.criteria.empty()) return;
  const data::scored_entry* e = find_scores(def, m);
  if (e == nullptr) {
    diags.error("scored-form-missing", {m.file, 0, 0},
                "no scores for " + def.label + " (" + def.id + ")",
                "add [scored." + def.id + "] with rows = { " + def.criteria.front().id +
                    " = { score = …, evidence = \"…\" }, … }");
    return;
  }
  for (const criterion& c : def.criteria) {
    const data::scored_row* r = find_scored_row(e, c.id);
    if (r == nullptr || (!r->not_applicable && !r->points.given)) {
      diags.error("scored-row-missing", r ? r->loc : e->loc,
                  def.label + " criterion " + c.id + " (" + c.level2 + ") has no score",
                  "give " + c.id + " = { score = …, evidence = \"…\" } (0 to " +
                      data::score_text(c.points) +
                      "), or score = \"不适用\" when it does not "
                      "apply");
      continue;
    }
    if (r->points.given && r->points.value > c.points)
      diags.error("scored-over-points", r->points.loc,
                  def.label + " criterion " + c.id + ": score " +
                      data::score_text(r->points.value) + " is more than its 分值 " +
                      data::score_text(c.points),
                  "a score lies between 0 and the criterion's 分值");
  }
  for (const data::scored_row& r : e->rows) {
    bool known = false;
    for (const criterion& c : def.criteria) known = known || c.id == r.id;
    if (!known) {
      std::string ids;
      for (const criterion& c : def.criteria) ids += (ids.empty() ? "" : " ") + c.id;
      diags.error("scored-row-unknown", r.loc, def.label + " has no criterion `" + r.id + "`",
                  "its criteria: " + ids);
    }
  }
  const scored_sums sums = scored_totals(def, m);
  if (e->total.given && sums.score && e->total.value != *sums.score)
    diags.error("scored-total-mismatch", e->total.loc,
                "合计 " + data::score_text(e->total.value) +
                    " differs from the sum of the scores, " + data::score_text(*sums.score),
                "correct the scores or the total (or leave `total` out: it is computed)");
}

void check_scored_forms(const std::vector<const form_definition*>& forms, const data::model& m,
                        base::diagnostics& diags) {
  for (const data::scored_entry& e : m.scored) {
    bool known = false;
    std::string ids;
    for (const form_definition* f : forms) {
      if (f->criteria.empty()) continue;
      known = known || f->id == e.form;
      ids += (ids.empty() ? "" : " ") + f->id;
    }
    if (!known)
      diags.error("scored-form-unknown", e.loc, "no scored form is called `" + e.form + "`",
                  ids.empty() ? "this profile has no scored form" : "scored forms: " + ids);
  }
}

}  // namespace selfeval::forms
