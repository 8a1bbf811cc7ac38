#include "data/validate.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <tuple>

#include "base/messages.h"
#include "base/utf8.h"
#include "data/format.h"
#include "data/load.h"
#include "data/suggest.h"
#include "data/text_position.h"

namespace selfeval::data {
namespace {

std::string money(decimal v) {
  return v.plain();
}

const char* column_label(int c) {
  static const char* const labels[] = {"上年决算数", "本年预算数", "本年决算数"};
  return labels[c];
}

const amount& cell(const year_columns& y, int c) {
  return c == 0 ? y.prior_final : c == 1 ? y.budget : y.final;
}
std::optional<decimal> sum_cell(const column_sums& s, int c) {
  return (c == 0 ? s.prior_final : c == 1 ? s.budget : s.final).get();
}

// When `typed` is 10×, 1,000× or 10,000× `other` (within 1%), the likely unit slip: 千元 or 元
// typed where 万元 belongs. Points at the figure most likely wrong: this one when it is the larger,
// the other (`other_name`) when it is. The hint's message, or nothing.
std::optional<base::msg> unit_slip_hint(decimal typed, decimal other, const std::string& other_name,
                                        int tolerance_percent = 1) {
  if (typed.is_zero() || other.is_zero()) return std::nullopt;
  const bool bigger = typed > other;
  const fraction ratio = bigger ? *divide(typed, other) : *divide(other, typed);
  for (const int factor : {10, 1000, 10000}) {
    const fraction f = fraction::of_int(factor);
    if (ratio < f * fraction(100 - tolerance_percent, 100) ||
        ratio > f * fraction(100 + tolerance_percent, 100))
      continue;
    const std::string unit = factor == 10      ? std::string("千元")
                             : factor == 10000 ? std::string("元")
                                               : base::tr("unit-slip.mixed");
    if (bigger)
      return base::msg("unit-slip.this-larger",
                       {{"factor", factor}, {"other", other_name}, {"unit", unit}});
    return base::msg("unit-slip.other-larger",
                     {{"factor", factor}, {"other", other_name}, {"unit", unit}});
  }
  return std::nullopt;
}

class checker {
 public:
  checker(const model& m, const figures& f, base::diagnostics& d, const indicator_rules& rules)
      : m_(m), f_(f), d_(d), rules_(rules) {}

  // A diagnostic whose hint is the unit slip when there is one, else the message's own hint.
  void error_or_slip(const std::string& id, const source_loc& where, const base::msg& m,
                     const std::optional<base::msg>& slip) {
    base::diagnostic d = base::make_diagnostic(base::severity::error, id, where, m);
    if (slip) d.hint = base::tr(slip->key, slip->values);
    d_.add(std::move(d));
  }

  void run() {
    year_ = m_.year.given ? m_.year.value : 0;
    check_sums();
    check_cross();
    check_computed();
    check_evaluation(m_.overall, f_.overall, "附件2");
    for (std::size_t i = 0; i < m_.projects.size() && i < f_.projects.size(); ++i) check_project(i);
    check_dates();
    check_unknowns();
    check_scores();
    check_plausibility();
    check_expenditure();
    check_texts();
  }

 private:
  // A typed 3-column row must equal the computed sums, column by column.
  void columns_agree(const year_columns& typed, const column_sums& computed,
                     const std::string& what) {
    if (!typed.given) return;
    for (int c = 0; c < 3; ++c) {
      const amount& t = cell(typed, c);
      const auto v = sum_cell(computed, c);
      if (!t.given || !v || t.value == *v) continue;
      d_.error("sum-mismatch", t.loc,
               base::msg("sum-mismatch", {{"what", what},
                                          {"column", column_label(c)},
                                          {"typed", money(t.value)},
                                          {"sum", money(*v)}}));
    }
  }

  void check_sums() {
    const auto& tp = m_.three_public;
    column_sums car_parts;  // only columns with a typed part are checked
    add_columns(car_parts, tp.car_purchase);
    add_columns(car_parts, tp.car_maintenance);
    columns_agree(tp.cars, car_parts, "three_public.cars");
    columns_agree(tp.total, f_.three_public, "three_public.total");

    for (std::size_t i = 0; i < m_.projects.size() && i < f_.projects.size(); ++i) {
      const project& p = m_.projects[i];
      if (is_partial(p)) {
        check_partial(p, f_.projects[i]);
        continue;
      }
      if (p.items.empty() || !p.amounts.given) continue;
      for (int c = 0; c < 3; ++c) {
        const amount& g = cell(p.amounts, c);
        const auto s = sum_cell(f_.projects[i].amounts, c);
        if (!g.given || !s || g.value == *s) continue;
        // One 专项 typed in 千元 makes its group ten times off by that item.
        const project_item* culprit = nullptr;
        for (const project_item& item : p.items) {
          const amount& v = cell(item.amounts, c);
          if (!v.given || v.value.is_zero()) continue;
          const decimal fits = g.value - (*s - v.value);  // what this item would have to be
          if (fits.units() <= 0) continue;
          const std::int64_t off = v.value.units() - fits.units() * 10;
          if (std::llabs(off) <= 1000) culprit = &item;  // within 0.1 万元 of ten times
        }
        if (culprit) {
          const amount& v = cell(culprit->amounts, c);
          d_.error(
              "sum-mismatch", v.loc,
              base::msg("sum-mismatch.item-slip", {{"item", culprit->name.value},
                                                   {"column", column_label(c)},
                                                   {"value", money(v.value)},
                                                   {"project", p.name.value},
                                                   {"sum", money(*s)},
                                                   {"typed", money(g.value)},
                                                   {"fits", money(g.value - (*s - v.value))}}));
        } else {
          d_.error("sum-mismatch", g.loc,
                   base::msg("sum-mismatch.project", {{"project", p.name.value},
                                                      {"column", column_label(c)},
                                                      {"typed", money(g.value)},
                                                      {"sum", money(*s)}}));
        }
      }
    }

    for (const project& p : m_.projects) {
      if (!p.funds_total.given || !(p.current_year.given || p.carried_over.given || p.other.given))
        continue;
      const fund_columns* rows[] = {&p.current_year, &p.carried_over, &p.other};
      auto total_of = [&](const amount fund_columns::*col) {
        decimal s;
        for (const fund_columns* r : rows)
          if ((r->*col).given) s += (r->*col).value;
        return s;
      };
      const std::pair<const amount fund_columns::*, const char*> cols[] = {
          {&fund_columns::initial, "年初预算数"},
          {&fund_columns::full_year, "全年预算数"},
          {&fund_columns::executed, "全年执行数"}};
      for (const auto& [col, label] : cols) {
        const amount& t = p.funds_total.*col;
        const decimal s = total_of(col);
        if (t.given && t.value != s)
          d_.error("sum-mismatch", t.loc,
                   base::msg("sum-mismatch.funds", {{"project", p.name.value},
                                                    {"column", label},
                                                    {"typed", money(t.value)},
                                                    {"sum", money(s)}}));
      }
    }

    const auto& be = m_.basic_expenditure;
    if (be.total.given && f_.basic_total.known() && be.total.value != f_.basic_total.value())
      d_.error("sum-mismatch", be.total.loc,
               base::msg("sum-mismatch.basic", {{"typed", money(be.total.value)},
                                                {"sum", money(f_.basic_total.value())}}));

    const auto& pf = m_.public_funds;
    if (pf.total.given) {
      const std::pair<const year_columns*, const char*> parts[] = {
          {&pf.office, "办公费"},
          {&pf.utilities_travel, "水费、电费、差旅费"},
          {&pf.meetings_training, "会议费、培训费"}};
      for (const auto& [row, label] : parts) {
        if (!row->given) continue;
        for (int c = 0; c < 3; ++c) {
          const amount& part = cell(*row, c);
          const amount& total = cell(pf.total, c);
          if (part.given && total.given && part.value > total.value)
            d_.error("part-exceeds-total", part.loc,
                     base::msg("part-exceeds-total", {{"part", label},
                                                      {"column", column_label(c)},
                                                      {"value", money(part.value)},
                                                      {"total", money(total.value)}}));
        }
      }
    }
  }

  void check_cross() {
    const auto& b = m_.budget;
    const auto& be = m_.basic_expenditure;
    if (b.basic.given && f_.basic_total.known() && f_.basic_total.value() != b.basic.value) {
      const source_loc& where = be.total.given            ? be.total.loc
                                : be.wages.given          ? be.wages.loc
                                : be.goods_services.given ? be.goods_services.loc
                                                          : be.household.loc;
      error_or_slip(
          "cross-mismatch", where,
          base::msg("cross-mismatch.basic-classes",
                    {{"sum", money(f_.basic_total.value())}, {"basic", money(b.basic.value)}}),
          unit_slip_hint(f_.basic_total.value(), b.basic.value, "budget.by_use.basic"));
    }
    if (b.executed.given && f_.use_total.known() && f_.use_total.value() != b.executed.value) {
      const source_loc& where = b.basic.given ? b.basic.loc : b.project.loc;
      error_or_slip("cross-mismatch", where,
                    base::msg("cross-mismatch.by-use", {{"sum", money(f_.use_total.value())},
                                                        {"executed", money(b.executed.value)}}),
                    unit_slip_hint(f_.use_total.value(), b.executed.value, "budget.executed"));
    }
    if (b.executed.given && f_.income_total.known() &&
        f_.income_total.value() != b.executed.value) {
      const source_loc& where = b.general_public.given    ? b.general_public.loc
                                : b.government_fund.given ? b.government_fund.loc
                                : b.special_account.given ? b.special_account.loc
                                                          : b.other_income.loc;
      const decimal income = f_.income_total.value();
      const base::args values{{"sum", money(income)}, {"executed", money(b.executed.value)}};
      const auto slip = unit_slip_hint(income, b.executed.value, "budget.executed");
      if (b.full_year.given && income == b.full_year.value)
        error_or_slip("income-basis", where, base::msg("income-basis.full-year", values), slip);
      else if (b.initial.given && income == b.initial.value)
        error_or_slip("income-basis", where, base::msg("income-basis.initial", values), slip);
      else
        error_or_slip("income-basis", where, base::msg("income-basis", values), slip);
    }
    if (b.project.given) {
      quantity executed;
      bool any = false;
      for (std::size_t i = 0; i < m_.projects.size() && i < f_.projects.size(); ++i) {
        if (!m_.projects[i].evaluation.given) continue;
        executed += f_.projects[i].funds_executed;
        any = true;
      }
      if (any && executed.known() && executed.value() != b.project.value)
        error_or_slip(
            "cross-mismatch", b.project.loc,
            base::msg("cross-mismatch.table3-projects",
                      {{"sum", money(executed.value())}, {"project", money(b.project.value)}}),
            unit_slip_hint(b.project.value, executed.value(), base::tr("unit-slip.table3-total")));
      if (f_.projects_total.final.known() && f_.projects_total.final.value() != b.project.value)
        error_or_slip("cross-mismatch", b.project.loc,
                      base::msg("cross-mismatch.table1-projects",
                                {{"sum", money(f_.projects_total.final.value())},
                                 {"project", money(b.project.value)}}),
                      unit_slip_hint(b.project.value, f_.projects_total.final.value(),
                                     base::tr("unit-slip.table1-total")));
    }
    for (std::size_t i = 0; i < m_.projects.size() && i < f_.projects.size(); ++i) {
      const project& p = m_.projects[i];
      const project_figures& pf = f_.projects[i];
      const bool funds =
          p.current_year.given || p.carried_over.given || p.other.given || p.funds_total.given;
      if (!funds) continue;
      const fund_columns& first = p.current_year.given   ? p.current_year
                                  : p.carried_over.given ? p.carried_over
                                  : p.other.given        ? p.other
                                                         : p.funds_total;
      // A typed group row wins over Σ 专项: a wrong 专项 is reported once, by check_sums.
      auto group = [&](int c) -> std::optional<decimal> {
        if (cell(p.amounts, c).given) return cell(p.amounts, c).value;
        return sum_cell(pf.amounts, c);
      };
      const auto executed = pf.funds_executed.get();
      const auto full_year = pf.funds_full_year.get();
      if (const auto final = group(2); final && executed && *final != *executed)
        error_or_slip("cross-mismatch", first.executed.loc,
                      base::msg("cross-mismatch.project-executed", {{"project", p.name.value},
                                                                    {"executed", money(*executed)},
                                                                    {"final", money(*final)}}),
                      unit_slip_hint(*executed, *final, base::tr("unit-slip.table1-final")));
      if (const auto budget = group(1); budget && full_year && *budget != *full_year)
        d_.error("cross-mismatch", first.full_year.loc,
                 base::msg("cross-mismatch.project-budget", {{"project", p.name.value},
                                                             {"full_year", money(*full_year)},
                                                             {"budget", money(*budget)}}));
    }
    const amount& pf_final = m_.public_funds.total.final;
    if (pf_final.given && be.goods_services.given && pf_final.value != be.goods_services.value)
      error_or_slip(
          "cross-mismatch", pf_final.loc,
          base::msg("cross-mismatch.public-funds",
                    {{"final", money(pf_final.value)}, {"goods", money(be.goods_services.value)}}),
          unit_slip_hint(pf_final.value, be.goods_services.value, "商品和服务支出"));
  }

  // Typed percent vs computed ratio; undefined ratio typed as a number is an error too.
  void percent_agrees(const percent& typed, const std::optional<fraction>& ratio,
                      const std::string& what) {
    if (!typed.given) return;
    if (!ratio) {
      d_.error("computed-mismatch", typed.loc,
               base::msg("computed-mismatch.undefined",
                         {{"what", what}, {"typed", typed.value.plain()}}));
      return;
    }
    const fraction pct = *ratio * fraction::of_int(100);
    const int places = std::max(typed.value.decimals_used(), 0);
    const std::string computed2 = pct.fixed(2);
    if (pct.fixed(places) == typed.value.fixed(places)) {
      if (places < 2)
        d_.warning("percent-precision", typed.loc,
                   base::msg("percent-precision", {{"what", what},
                                                   {"typed", typed.value.plain()},
                                                   {"places", places},
                                                   {"s_places", places == 1 ? "" : "s"},
                                                   {"computed", computed2}}));
      return;
    }
    d_.error("computed-mismatch", typed.loc,
             base::msg("computed-mismatch.percent",
                       {{"what", what}, {"typed", typed.value.plain()}, {"computed", computed2}}));
  }

  void score_agrees(const score& typed, const std::optional<fraction>& maybe,
                    const std::string& what) {
    if (!typed.given || !maybe) return;
    const fraction& computed = *maybe;
    const int places = std::min(typed.value.decimals_used(), 2);
    if (computed.fixed(2) == typed.value.fixed(2)) return;
    if (places < 2 && computed.fixed(places) == typed.value.fixed(places)) {
      d_.warning("percent-precision", typed.loc,
                 base::msg("percent-precision.score", {{"what", what},
                                                       {"typed", typed.value.plain()},
                                                       {"computed", score_text(computed)}}));
      return;
    }
    d_.error("computed-mismatch", typed.loc,
             base::msg("computed-mismatch.score", {{"what", what},
                                                   {"typed", typed.value.plain()},
                                                   {"computed", score_text(computed)}}));
  }

  void grade_agrees(const text& typed, const std::optional<grade>& maybe, const std::string& what) {
    if (!typed.given || !maybe) return;
    const grade g = *maybe;
    std::string t = typed.value;
    if (t.ends_with("等")) t.resize(t.size() - std::string_view("等").size());
    if (t == grade_text(g)) return;
    d_.error("computed-mismatch", typed.loc,
             base::msg("computed-mismatch.grade",
                       {{"what", what}, {"typed", typed.value}, {"grade", grade_text(g)}}));
  }

  void check_computed() {
    percent_agrees(m_.staff.control_rate, f_.staff_control_rate, "staff.control_rate");
    const auto& b = m_.buildings;
    percent_agrees(b.area_control_rate, f_.area_control_rate, "buildings.area_control_rate");
    percent_agrees(b.investment_control_rate, f_.investment_control_rate,
                   "buildings.investment_control_rate");
    const auto& bu = m_.budget;
    if (bu.adjustment.given && f_.budget_adjustment.known() &&
        bu.adjustment.value != f_.budget_adjustment.value())
      d_.error("computed-mismatch", bu.adjustment.loc,
               base::msg("computed-mismatch.adjustment",
                         {{"typed", money(bu.adjustment.value)},
                          {"computed", money(f_.budget_adjustment.value())}}));
    percent_agrees(bu.execution_rate, f_.overall.execution_rate, "budget.execution_rate");
    score_agrees(bu.execution_score, f_.overall.execution_score, "budget.execution_score");
    if (m_.overall.given && bu.full_year.given && bu.executed.given)
      low_execution(f_.overall.execution_rate, m_.overall,
                    bu.execution_rate.given ? bu.execution_rate.loc : bu.executed.loc, "附件2");
  }

  void low_execution(const std::optional<fraction>& rate, const evaluation_info& ev,
                     const source_loc& where, const std::string& table) {
    if (!rate || *rate >= fraction(9, 10)) return;
    const bool explained =
        std::any_of(ev.indicators.begin(), ev.indicators.end(), [](const indicator& r) {
          return r.deviation.given && !base::split_paragraphs(r.deviation.value).empty();
        });
    if (explained) return;
    d_.warning("low-execution", where,
               base::msg("low-execution", {{"table", table}, {"rate", percent_text(rate)}}));
  }

  void check_project(std::size_t i) {
    const project& p = m_.projects[i];
    const project_figures& pf = f_.projects[i];
    percent_agrees(
        p.execution_rate, pf.evaluation.execution_rate,
        base::tr("what.project-key", {{"project", p.name.value}, {"key", "funds.execution_rate"}}));
    score_agrees(p.execution_score, pf.evaluation.execution_score,
                 base::tr("what.project-key",
                          {{"project", p.name.value}, {"key", "funds.execution_score"}}));
    const std::string table = base::tr("what.table3", {{"project", p.name.value}});
    if (p.evaluation.given) {
      check_evaluation(p.evaluation, pf.evaluation, table);
      if (p.current_year.given || p.carried_over.given || p.other.given || p.funds_total.given)
        low_execution(pf.evaluation.execution_rate, p.evaluation,
                      p.execution_rate.given ? p.execution_rate.loc
                      : p.current_year.given ? p.current_year.executed.loc
                      : p.funds_total.given  ? p.funds_total.executed.loc
                                             : p.loc,
                      table);
    }
  }

  // The number of an indicator text and the unit after it ("≥120万元" → 120, "万元"); 余 多 以上
  // after the number are dropped ("30余期" compares as 30 期).
  struct measured {
    target_value v;
    std::string unit;
    bool percent = false;
  };
  static std::optional<measured> measure_of(const text& t) {
    if (!t.given) return std::nullopt;
    const auto v = parse_target(t.value);
    if (!v) return std::nullopt;
    measured m{*v, {}, false};
    std::string unit = v->unit;
    for (std::string_view drop : {"余", "多", "以上", "以内", "以下", " "}) {
      for (auto p = unit.find(drop); p != std::string::npos; p = unit.find(drop))
        unit.erase(p, drop.size());
    }
    if (unit == "％") unit = "%";
    m.percent = unit == "%";
    m.unit = unit;
    return m;
  }

  // 指标偏离 as the performance platform treats it: a ratio typed for a percentage; an actual
  // far beyond its target; an actual short of it with no 偏差原因.
  void check_indicator_values(const indicator& row, const std::string& table) {
    const auto target = measure_of(row.target);
    const auto actual = measure_of(row.actual);
    if (!target || !actual) return;
    if (target->percent && !actual->percent && actual->unit.empty() &&
        actual->v.value <= decimal::from_int(1) && target->v.value > decimal::from_int(1)) {
      d_.error(
          "ratio-for-percent", row.actual.loc,
          base::msg(
              "ratio-for-percent",
              {{"table", table},
               {"indicator", row.name.value},
               {"actual", row.actual.value},
               {"target", row.target.value},
               {"percent",
                (fraction::of(actual->v.value) * fraction::of_int(100)).to_decimal().plain()}}));
      return;
    }
    if (actual->unit != target->unit || target->v.value.is_zero()) return;  // not comparable
    const fraction ratio = *divide(actual->v.value, target->v.value);
    const bool better =
        target->v.at_most ? ratio < fraction::of_int(1) : ratio > fraction::of_int(1);
    const bool worse =
        target->v.at_most ? ratio > fraction::of_int(1) : ratio < fraction::of_int(1);
    const fraction margin = fraction::of(rules_.deviation_percent) / fraction::of_int(100);
    const bool far = target->v.at_most ? ratio <= fraction::of_int(1) - margin
                                       : ratio >= fraction::of_int(1) + margin;
    if (better && far)
      d_.warning(
          "indicator-deviation", row.actual.loc,
          base::msg("indicator-deviation", {{"table", table},
                                            {"indicator", row.name.value},
                                            {"actual", row.actual.value},
                                            {"ratio", percent_text(std::optional<fraction>(ratio))},
                                            {"target", row.target.value},
                                            {"limit", rules_.deviation_percent.plain()}}));
    if (worse && (!row.deviation.given || base::split_paragraphs(row.deviation.value).empty()))
      d_.error("missing-deviation", row.loc,
               base::msg("missing-deviation", {{"table", table},
                                               {"indicator", row.name.value},
                                               {"actual", row.actual.value},
                                               {"target", row.target.value}}));
  }

  // The platform caps a self-score by the 执行率 (the profile's score_caps; in Hunan 70–80% ⇒
  // ≤ 89, 60–70% ⇒ ≤ 79, 50–60% ⇒ ≤ 69, below 50% ⇒ ≤ 59).
  void check_score_cap(const evaluation_figures& ef, const source_loc& where,
                       const std::string& table) {
    if (!ef.execution_rate || !ef.total_score) return;
    const fraction& r = *ef.execution_rate;
    int cap = 0;
    for (const score_cap& c : rules_.score_caps) {
      if (r < fraction::of(c.below_percent) / fraction::of_int(100)) {
        cap = c.cap;
        break;
      }
    }
    if (cap == 0 || *ef.total_score <= fraction::of_int(cap)) return;
    d_.warning("score-cap", where,
               base::msg("score-cap", {{"table", table},
                                       {"rate", percent_text(ef.execution_rate)},
                                       {"cap", cap},
                                       {"score", score_text(*ef.total_score)}}));
  }

  void check_evaluation(const evaluation_info& ev, const evaluation_figures& ef,
                        const std::string& table) {
    if (!ev.given) return;
    for (const indicator& row : ev.indicators) check_indicator_values(row, table);
    check_score_cap(ef, ev.stated_score.given ? ev.stated_score.loc : ev.loc, table);
    const auto& w = ev.weights;
    decimal labels = execution_weight(w, rules_);
    const source_loc* first_given = w.execution.given ? &w.execution.loc : nullptr;
    std::string parts = "预算执行率";
    std::string defaults = money(rules_.execution);
    for (const indicator_block_rule& rule : rules_.blocks) {
      labels += block_weight(w, rule);
      const score& typed = block_score(w, rule.block);
      if (first_given == nullptr && typed.given) first_given = &typed.loc;
      // "产出指标" → "产出": the hint names the blocks as the official table does.
      const std::string_view suffix = "指标";
      std::string_view short_name = rule.level1;
      if (short_name.size() > suffix.size() && short_name.ends_with(suffix))
        short_name.remove_suffix(suffix.size());
      parts += " + " + std::string(short_name);
      defaults += "/" + money(rule.weight);
    }
    if (w.cost.given &&
        !std::any_of(rules_.blocks.begin(), rules_.blocks.end(), [](const indicator_block_rule& r) {
          return r.block == indicator_block::cost;
        }))
      d_.error("weight-no-block", w.cost.loc, base::msg{{"table", table}});
    if (labels != decimal::from_int(100)) {
      d_.error(
          "weight-total", first_given != nullptr ? *first_given : w.satisfaction.loc,
          base::msg{
              {"table", table}, {"sum", money(labels)}, {"parts", parts}, {"defaults", defaults}});
    }
    for (std::size_t r = 0; r < ev.indicators.size(); ++r) {
      const indicator& row = ev.indicators[r];
      const indicator_block_rule* rule =
          row.level1.given ? block_rule(rules_, row.level1.value) : nullptr;
      if (row.level1.given && rule == nullptr) {
        std::string listed;
        for (const indicator_block_rule& b : rules_.blocks)
          listed += (listed.empty() ? "" : " ") + b.level1;
        d_.error("unknown-name", row.level1.loc,
                 base::msg("unknown-name.level1",
                           {{"name", row.level1.value},
                            {"listed", listed},
                            {"suggestion", did_you_mean(row.level1.value, level1_names(rules_))}}));
      } else if (rule != nullptr && row.level2.given) {
        const std::vector<std::string_view> names(rule->level2.begin(), rule->level2.end());
        if (std::find(names.begin(), names.end(), row.level2.value) == names.end())
          d_.error("unknown-name", row.level2.loc,
                   base::msg("unknown-name.level2",
                             {{"name", row.level2.value},
                              {"level1", row.level1.value},
                              {"suggestion", did_you_mean(row.level2.value, names)}}));
      }
      if (!row.weight.given && !row.weight.unknown) {  // "——" is reported where it was read
        d_.error("missing-weight", row.loc,
                 base::msg{{"table", table}, {"indicator", row.name.value}});
      } else if (row.weight.given && row.weight.value.is_zero()) {
        d_.error("weight-range", row.weight.loc,
                 base::msg{{"table", table}, {"indicator", row.name.value}});
      }
      if (row.auto_score) {
        if (r < ef.indicators.size() && !ef.indicators[r].auto_problem.empty())
          d_.error("auto-score", row.self_score.loc,
                   base::msg{{"table", table},
                             {"indicator", row.name.value},
                             {"problem", ef.indicators[r].auto_problem}});
      } else if (!row.self_score.given && !row.self_score.unknown) {
        d_.error("missing-score", row.loc,
                 base::msg{{"table", table}, {"indicator", row.name.value}});
      } else if (row.weight.given && row.self_score.value > row.weight.value) {
        d_.error("score-range", row.self_score.loc,
                 base::msg("score-range.indicator", {{"table", table},
                                                     {"indicator", row.name.value},
                                                     {"score", money(row.self_score.value)},
                                                     {"weight", money(row.weight.value)}}));
      }
    }
    for (const indicator_block_figures& bf : ef.blocks) {
      if (bf.row_weights == bf.label_weight) continue;
      const score* label = &block_score(w, bf.block);
      const source_loc& where =
          label->given ? label->loc : ev.indicators[bf.groups.front().rows.front()].loc;
      d_.error("weight-sum", where,
               base::msg("weight-sum", {{"table", table},
                                        {"block", bf.level1},
                                        {"weight", money(bf.label_weight)},
                                        {"sum", money(bf.row_weights)}}));
    }
    if (!ev.indicators.empty()) {
      for (const indicator_block_rule& rule : rules_.blocks) {
        const bool present = std::any_of(
            ef.blocks.begin(), ef.blocks.end(),
            [&rule](const indicator_block_figures& x) { return x.block == rule.block; });
        const score& label = block_score(w, rule.block);
        const decimal weight = block_weight(w, rule);
        if (!present && !weight.is_zero())
          d_.error(
              "weight-sum", label.given ? label.loc : ev.loc,
              base::msg("weight-sum.no-rows",
                        {{"table", table}, {"block", rule.level1}, {"weight", money(weight)}}));
      }
    }
    if (ev.total_weight.given && ev.total_weight.value != ef.total_weight)
      d_.error(
          "computed-mismatch", ev.total_weight.loc,
          base::msg("computed-mismatch.total-weight", {{"table", table},
                                                       {"typed", money(ev.total_weight.value)},
                                                       {"execution", money(ef.execution_weight)},
                                                       {"computed", money(ef.total_weight)}}));
    score_agrees(ev.total_score, ef.total_score, table + " total_score");
    grade_agrees(ev.grade, ef.total_grade, table + " grade");
  }

  void check_dates() {
    if (!year_) return;
    auto after_year = [&](const field<date>& d, const std::string& what) {
      if (d.given && d.value.year <= year_)
        d_.error("date-order", d.loc,
                 base::msg("date-order", {{"what", what},
                                          {"date", date_text(d.value)},
                                          {"year", year_},
                                          {"next", year_ + 1}}));
    };
    after_year(m_.dates.report, "dates.report");
    after_year(m_.signature.filled_on, "signature.filled_on");
    const auto& pb = m_.dates.publish_by;
    const auto& rp = m_.dates.report;
    if (pb.given && rp.given &&
        std::tie(pb.value.year, pb.value.month, pb.value.day) <
            std::tie(rp.value.year, rp.value.month, rp.value.day))
      d_.warning("date-order", pb.loc,
                 base::msg("date-order.publish", {{"date", date_text(pb.value)}}));
  }

  // Hygiene of one free text; `report` texts also get the stale-year check.
  void check_text(const text& t, bool report) {
    if (!t.given || t.value.empty()) return;
    const std::string& s = t.value;
    for (std::string_view bad : {"我委", "我局", "我院", "我厅"}) {
      if (s.find(bad) != std::string::npos) {
        d_.warning("self-reference", at(t, s.find(bad)),
                   base::msg{{"typed", bad}, {"self", m_.unit.self_name.value}});
        break;
      }
    }
    // 《…《…》…》: an opening mark while one is open.
    int depth = 0;
    for (std::size_t i = 0; i < s.size();) {
      if (s.compare(i, 3, "《") == 0) {
        if (++depth == 2) {
          d_.warning("nested-title", at(t, i));
          break;
        }
        i += 3;
      } else if (s.compare(i, 3, "》") == 0) {
        depth = std::max(0, depth - 1);
        i += 3;
      } else {
        ++i;
      }
    }
    if (!report || !year_) return;
    for (std::size_t i = 0; i + 4 < s.size(); ++i) {
      if (s.compare(i + 4, 3, "年") != 0) continue;
      if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
      const std::string_view digits(s.data() + i, 4);
      if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        continue;
      const int y = std::atoi(std::string(digits).c_str());
      // Only older years are suspicious: later ones are plans ("2026年承办省运会").
      if (y < 1990 || y >= year_ - 1) continue;
      d_.warning("stale-year", at(t, i), base::msg{{"mentioned", digits}, {"year", year_}});
      break;
    }
  }

  void check_node_texts(const report_node& n) {
    check_text(n.title, true);
    check_text(n.body, true);
    for (const report_node& p : n.parts) check_node_texts(p);
  }

  void check_evaluation_texts(const evaluation_info& ev) {
    check_text(ev.goals_expected, false);
    check_text(ev.goals_actual, false);
    for (const indicator& r : ev.indicators) {
      check_text(r.name, false);
      check_text(r.deviation, false);
    }
  }

  void check_texts() {
    check_text(m_.frugality, false);
    check_evaluation_texts(m_.overall);
    for (const project& p : m_.projects) {
      for (const project_item& it : p.items) check_text(it.purpose, true);
      check_evaluation_texts(p.evaluation);
    }
    check_text(m_.overall_report.title, true);
    check_text(m_.project_report.title, true);
    for (const report_node& n : m_.overall_report.sections) check_node_texts(n);
    for (const report_node& n : m_.project_report.sections) check_node_texts(n);
  }

  const model& m_;
  const figures& f_;
  base::diagnostics& d_;
  const indicator_rules& rules_;  // the profile's thresholds and default weights
  int year_ = 0;

  // Where byte `offset` of a text's value was typed.
  source_loc at(const text& t, std::size_t offset) const {
    if (!m_.source) return t.loc;
    return locate_in_string(*m_.source, t.loc, offset);
  }

  void check_unknowns() {
    for (const auto& [key, where] : m_.unknown_figures)
      d_.warning("unknown-figure", where, base::msg{{"key", key}});
  }

  static bool is_partial(const project& p) {
    return p.items_partial.given && p.items_partial.value;
  }

  // A partial list names some 专项 only: the group row carries the total, the named items may
  // not exceed it, and the rest is printed as such.
  void check_partial(const project& p, const project_figures& pf) {
    if (!p.amounts.given) {
      d_.error("partial-needs-total", p.items_partial.loc, base::msg{{"project", p.name.value}});
      return;
    }
    for (int c = 0; c < 3; ++c) {
      const auto rest = sum_cell(pf.unlisted, c);
      if (!rest || !rest->is_negative()) continue;
      d_.error("partial-exceeds", cell(p.amounts, c).loc,
               base::msg{{"project", p.name.value},
                         {"column", column_label(c)},
                         {"typed", money(cell(p.amounts, c).value)},
                         {"sum", money(cell(p.amounts, c).value - *rest)}});
    }
  }

  // The stated self_score: within 0–100, equal to the computed total when there is a table.
  void stated_score(const evaluation_info& ev, const evaluation_figures& ef,
                    const std::string& table) {
    const score& st = ev.stated_score;
    if (!st.given) return;
    if (st.value > decimal::from_int(100)) {
      d_.error("score-range", st.loc,
               base::msg("score-range", {{"table", table}, {"score", money(st.value)}}));
      return;
    }
    if (ef.has_indicators && ef.computed_score &&
        ef.computed_score->fixed(2) != fraction::of(st.value).fixed(2))
      d_.error("computed-mismatch", st.loc,
               base::msg("computed-mismatch.self-score",
                         {{"table", table},
                          {"typed", money(st.value)},
                          {"computed", score_text(*ef.computed_score)}}));
  }

  void check_scores() {
    if (m_.overall.given) {
      stated_score(m_.overall, f_.overall, "附件2");
      if (!f_.overall.has_indicators && !m_.overall.stated_score.given)
        d_.warning("no-score", m_.overall.loc, base::msg("no-score.overall"));
    }
    // Without [overall] at all, the report's 'score' block says so when it is rendered.
    for (const project& p : m_.projects) {
      if (!p.evaluation.given) continue;
      const auto i = static_cast<std::size_t>(&p - m_.projects.data());
      if (i < f_.projects.size())
        stated_score(p.evaluation, f_.projects[i].evaluation,
                     base::tr("what.table3", {{"project", p.name.value}}));
    }
    check_narrative_scores();
  }

  // "自评分为96分" in a narrative text that differs from the score the tables print.
  void narrative_scores(const text& t, const std::vector<fraction>& scores, const char* table) {
    if (!t.given || scores.empty()) return;
    const std::string& s = t.value;
    for (std::string_view cue : {"自评分为", "自评得分为", "自评分", "自评得分", "综合得分为"}) {
      for (std::size_t p = s.find(cue); p != std::string::npos; p = s.find(cue, p + 1)) {
        std::size_t i = p + cue.size();
        std::size_t j = i;
        while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
        if (j == i || s.compare(j, 3, "分") != 0) continue;
        const auto typed = decimal::parse(s.substr(i, j - i));
        if (!typed) continue;
        const fraction said = fraction::of(*typed);
        const bool agrees = std::any_of(scores.begin(), scores.end(), [&](const fraction& f) {
          return f.fixed(2) == said.fixed(2) || score_text(f) == typed->plain();
        });
        if (agrees) continue;
        d_.warning("narrative-score", at(t, p),
                   base::msg{{"said", std::string(cue) + typed->plain()},
                             {"table", table},
                             {"printed", score_text(scores.front())}});
        return;
      }
    }
  }

  void node_scores(const report_node& n, const std::vector<fraction>& scores, const char* table) {
    narrative_scores(n.body, scores, table);
    for (const report_node& c : n.parts) node_scores(c, scores, table);
  }

  void check_narrative_scores() {
    std::vector<fraction> overall;
    if (f_.overall.total_score) overall.push_back(*f_.overall.total_score);
    for (const report_node& n : m_.overall_report.sections) node_scores(n, overall, "附件2");
    std::vector<fraction> projects;
    for (const project_figures& pf : f_.projects)
      if (pf.evaluation.total_score) projects.push_back(*pf.evaluation.total_score);
    for (const report_node& n : m_.project_report.sections) node_scores(n, projects, "附件3");
  }

  // 决算 above 预算 in a year-column row: a reviewer asks why.
  // `what` is a row of the form (公车购置) or, `named`, the name of a project or 专项.
  void final_above_budget(const year_columns& y, const std::string& what, bool named = false) {
    if (!y.given || !y.budget.given || !y.final.given || y.budget.value.is_zero()) return;
    if (y.final.value <= y.budget.value) return;
    const base::args values{{"what", what},
                            {"final", money(y.final.value)},
                            {"budget", money(y.budget.value)},
                            {"ratio", percent_text(divide(y.final.value, y.budget.value))}};
    if (named)
      d_.warning("final-above-budget", y.final.loc, base::msg("final-above-budget.named", values));
    else
      d_.warning("final-above-budget", y.final.loc, base::msg("final-above-budget", values));
  }

  void check_plausibility() {
    const auto& tp = m_.three_public;
    final_above_budget(tp.car_purchase, "公车购置");
    final_above_budget(tp.car_maintenance, "公车运行维护");
    final_above_budget(tp.overseas, "出国经费");
    final_above_budget(tp.reception, "公务接待");
    const auto& pf = m_.public_funds;
    final_above_budget(pf.total, "公用经费");
    final_above_budget(pf.office, "办公费");
    final_above_budget(pf.utilities_travel, "水费、电费、差旅费");
    final_above_budget(pf.meetings_training, "会议费、培训费");
    for (const project& p : m_.projects) {
      final_above_budget(p.amounts, p.name.value, true);
      for (const project_item& it : p.items) final_above_budget(it.amounts, it.name.value, true);
      for (const fund_columns* c : {&p.current_year, &p.carried_over, &p.other, &p.funds_total}) {
        if (!c->given || !c->full_year.given || !c->executed.given || c->full_year.value.is_zero())
          continue;
        if (c->executed.value > c->full_year.value)
          d_.warning(
              "execution-above-100", c->executed.loc,
              base::msg("execution-above-100.project",
                        {{"project", p.name.value},
                         {"executed", money(c->executed.value)},
                         {"full_year", money(c->full_year.value)},
                         {"ratio", percent_text(divide(c->executed.value, c->full_year.value))}}));
      }
    }
    const auto& b = m_.budget;
    // One of 年初 / 全年 / 执行 typed in 元 or 千元: it is 10× … 10,000× the other two.
    const std::pair<const amount*, const char*> block[] = {{&b.initial, "budget.initial"},
                                                           {&b.full_year, "budget.full_year"},
                                                           {&b.executed, "budget.executed"}};
    for (std::size_t i = 0; i < 3; ++i) {
      const amount& a = *block[i].first;
      const amount& x = *block[(i + 1) % 3].first;
      const amount& y = *block[(i + 2) % 3].first;
      if (!a.given || !x.given || !y.given) continue;
      // 年初, 全年 and 执行 differ by tens of percent, not by a factor of ten.
      const auto hint = unit_slip_hint(a.value, x.value, block[(i + 1) % 3].second, 30);
      if (!hint || a.value < x.value || a.value < y.value ||
          !unit_slip_hint(a.value, y.value, block[(i + 2) % 3].second, 30))
        continue;
      error_or_slip("unit-slip", a.loc,
                    base::msg("unit-slip", {{"what", block[i].second},
                                            {"value", money(a.value)},
                                            {"x", block[(i + 1) % 3].second},
                                            {"x_value", money(x.value)},
                                            {"y", block[(i + 2) % 3].second},
                                            {"y_value", money(y.value)}}),
                    hint);
    }
    if (b.executed.given && b.full_year.given && !b.full_year.value.is_zero() &&
        b.executed.value > b.full_year.value &&
        !unit_slip_hint(b.executed.value, b.full_year.value, ""))
      d_.warning("execution-above-100", b.executed.loc,
                 base::msg("execution-above-100",
                           {{"executed", money(b.executed.value)},
                            {"full_year", money(b.full_year.value)},
                            {"ratio", percent_text(divide(b.executed.value, b.full_year.value))}}));
  }

  // [expenditure] against 按支出性质分, the economic classes and 附件1's 公用经费 row.
  void check_expenditure() {
    const auto& e = m_.expenditure;
    const auto& b = m_.budget;
    const auto& be = m_.basic_expenditure;
    auto agree = [&](const amount& a, const std::optional<decimal>& other, const std::string& what,
                     const std::string& other_name) {
      if (!a.given || !other || a.value == *other) return;
      d_.error("cross-mismatch", a.loc,
               base::msg("cross-mismatch.same-figure", {{"what", what},
                                                        {"value", money(a.value)},
                                                        {"other", other_name},
                                                        {"other_value", money(*other)}}));
    };
    const quantity basic = f_.personnel.final + f_.public_use.final;
    if (e.personnel.final.given && e.public_use.final.given && b.basic.given && basic.known() &&
        basic.value() != b.basic.value)
      d_.error("cross-mismatch", e.personnel.final.loc,
               base::msg("cross-mismatch.expenditure-basic",
                         {{"sum", money(basic.value())}, {"basic", money(b.basic.value)}}));
    agree(e.project.final, b.project.given ? std::optional(b.project.value) : std::nullopt,
          "expenditure.project.final", "budget.by_use.project");
    agree(e.public_use.final,
          m_.public_funds.total.final.given ? std::optional(m_.public_funds.total.final.value)
                                            : std::nullopt,
          "expenditure.public.final", "附件1 公用经费 本年决算数");
    agree(e.public_use.final,
          be.goods_services.given ? std::optional(be.goods_services.value) : std::nullopt,
          "expenditure.public.final", "basic_expenditure.goods_services");
    if (be.wages.given || be.household.given) {
      const quantity personnel = quantity::from(be.wages) + quantity::from(be.household);
      agree(e.personnel.final, personnel.get(), "expenditure.personnel.final",
            "工资福利 + 对个人和家庭的补助");
    }
  }
};

check_result finish(load_result loaded, const indicator_rules& rules) {
  check_result r;
  r.io_failed = loaded.io_failed;
  r.diags = std::move(loaded.diags);
  r.data = std::move(loaded.data);
  r.computed = derive(r.data, rules);
  r.parsed = loaded.parsed;
  if (r.parsed) validate(r.data, r.computed, r.diags, rules);
  return r;
}

}  // namespace

// "staffing, spending_scale" / "staffing spending_scale" / "staffing、spending_scale" -> names.
std::vector<std::string> split_names(std::string_view list) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < list.size();) {
    std::size_t skip = 0;
    if (list[i] == ',' || list[i] == ' ' || list[i] == '\t' || list[i] == '\n' || list[i] == '\r')
      skip = 1;
    if (list.substr(i).starts_with("，") || list.substr(i).starts_with("、")) skip = 3;
    if (skip) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
      i += skip;
    } else {
      current += list[i++];
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

void validate(const model& m, const figures& f, base::diagnostics& diags,
              const indicator_rules& rules) {
  checker(m, f, diags, rules).run();
}

check_result check_file(const std::string& path, const indicator_rules& rules) {
  return finish(load_file(path), rules);
}

check_result check_text(std::string source, std::string file_name, const indicator_rules& rules) {
  return finish(load_text(std::move(source), std::move(file_name)), rules);
}

}  // namespace selfeval::data
