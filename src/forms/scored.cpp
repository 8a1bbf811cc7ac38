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

std::string scored_value_text(local_value v, const form_definition& def, const data::model& m,
                              const criterion* c, const data::scored_entry* scores) {
  switch (v) {
    case local_value::scored_points_total:
      return data::score_text(scored_totals(def, m).points);
    case local_value::scored_score_total: {
      const auto score = scored_totals(def, m).score;
      return score ? data::score_text(*score) : std::string(data::unknown_mark);
    }
    default:
      break;
  }
  if (c == nullptr) return "";
  switch (v) {
    case local_value::criterion_id:
      return c->id;
    case local_value::criterion_level1:
      return c->level1;
    case local_value::criterion_level2:
      return c->level2;
    case local_value::criterion_standard:
      return c->standard;
    case local_value::criterion_evidence_required:
      return c->evidence_required;
    case local_value::criterion_points:
      return data::score_text(c->points);
    case local_value::criterion_score:
    case local_value::criterion_evidence: {
      const data::scored_row* row = find_scored_row(scores, c->id);
      if (row == nullptr) return "";
      if (v == local_value::criterion_evidence) return row->evidence.value;
      if (row->not_applicable) return std::string(not_applicable_text);
      if (row->points.given) return data::score_text(row->points.value);
      return row->points.unknown ? std::string(data::unknown_mark) : "";
    }
    default:
      return "";
  }
}

void check_scored(const form_definition& def, const data::model& m, base::diagnostics& diags) {
  if (def.criteria.empty()) return;
  const data::scored_entry* e = find_scores(def, m);
  if (e == nullptr) {
    diags.error(
        "scored-form-missing", {m.file, 0, 0},
        base::msg{{"label", def.label}, {"id", def.id}, {"first", def.criteria.front().id}});
    return;
  }
  for (const criterion& c : def.criteria) {
    const data::scored_row* r = find_scored_row(e, c.id);
    if (r == nullptr || (!r->not_applicable && !r->points.given)) {
      diags.error("scored-row-missing", r ? r->loc : e->loc,
                  base::msg{{"label", def.label},
                            {"id", c.id},
                            {"level2", c.level2},
                            {"points", data::score_text(c.points)}});
      continue;
    }
    if (r->points.given && r->points.value > c.points)
      diags.error("scored-over-points", r->points.loc,
                  base::msg{{"label", def.label},
                            {"id", c.id},
                            {"score", data::score_text(r->points.value)},
                            {"points", data::score_text(c.points)}});
  }
  for (const data::scored_row& r : e->rows) {
    bool known = false;
    for (const criterion& c : def.criteria) known = known || c.id == r.id;
    if (!known) {
      std::string ids;
      for (const criterion& c : def.criteria) ids += (ids.empty() ? "" : " ") + c.id;
      diags.error("scored-row-unknown", r.loc,
                  base::msg{{"label", def.label}, {"id", r.id}, {"ids", ids}});
    }
  }
  const scored_sums sums = scored_totals(def, m);
  if (e->total.given && sums.score && e->total.value != *sums.score)
    diags.error("scored-total-mismatch", e->total.loc,
                base::msg{{"total", data::score_text(e->total.value)},
                          {"sum", data::score_text(*sums.score)}});
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
      diags.error("scored-form-unknown", e.loc,
                  ids.empty() ? base::msg("scored-form-unknown.none", {{"form", e.form}})
                              : base::msg{{"form", e.form}, {"ids", ids}});
  }
}

}  // namespace selfeval::forms
