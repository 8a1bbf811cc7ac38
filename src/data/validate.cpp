#include "data/validate.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <tuple>

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
// the other (`other_name`) when it is.
std::string unit_slip_hint(decimal typed, decimal other, const std::string& other_name,
                           int tolerance_percent = 1) {
  if (typed.is_zero() || other.is_zero()) return {};
  const bool bigger = typed > other;
  const fraction ratio = bigger ? *divide(typed, other) : *divide(other, typed);
  for (const auto& [factor, unit] :
       {std::pair<int, const char*>{10, "千元"}, {1000, "元 and 千元 mixed"}, {10000, "元"}}) {
    const fraction f = fraction::of_int(factor);
    if (ratio < f * fraction(100 - tolerance_percent, 100) ||
        ratio > f * fraction(100 + tolerance_percent, 100))
      continue;
    const std::string times = std::to_string(factor) + "×";
    if (bigger)
      return std::string("this figure is ") + times + " " + other_name + ": it looks typed in " +
             unit + "; amounts are 万元 (divide by " + std::to_string(factor) + ")";
    return other_name + " is " + times + " this figure: it looks typed in " + unit +
           "; amounts are 万元 (divide it by " + std::to_string(factor) + ")";
  }
  return {};
}

// The unit-slip hint when there is one, else the plain hint.
std::string hint_or_slip(decimal typed, decimal other, const std::string& other_name,
                         std::string plain) {
  std::string slip = unit_slip_hint(typed, other, other_name);
  return slip.empty() ? plain : slip;
}

class checker {
 public:
  checker(const model& m, const figures& f, base::diagnostics& d, const indicator_rules& rules)
      : m_(m), f_(f), d_(d), rules_(rules) {}

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
               what + " " + column_label(c) + " is " + money(t.value) +
                   " but its parts add up to " + money(*v),
               "correct the parts or this total (it can also be left out: it is computed)");
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
          d_.error("sum-mismatch", v.loc,
                   "专项 '" + culprit->name.value + "' " + column_label(c) + " " + money(v.value) +
                       " makes '" + p.name.value + "' add up to " + money(*s) + ", not the typed " +
                       money(g.value),
                   "looks like 千元; divide by 10 (" + money(g.value - (*s - v.value)) + ")");
        } else {
          d_.error("sum-mismatch", g.loc,
                   "'" + p.name.value + "' " + column_label(c) + " is " + money(g.value) +
                       " but its 专项 add up to " + money(*s),
                   "correct the 专项 rows or this total (it can also be left out: it is computed)");
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
                   "'" + p.name.value + "' 年度资金总额 " + label + " is " + money(t.value) +
                       " but 当年财政拨款 + 上年结转 + 其他 = " + money(s),
                   "correct the fund rows or this total (it can also be left out: it is computed)");
      }
    }

    const auto& be = m_.basic_expenditure;
    if (be.total.given && f_.basic_total.known() && be.total.value != f_.basic_total.value())
      d_.error("sum-mismatch", be.total.loc,
               "basic_expenditure.total is " + money(be.total.value) +
                   " but 工资福利 + 商品和服务 + 对个人和家庭 = " + money(f_.basic_total.value()),
               "correct the parts or the total (it can also be left out: it is computed)");

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
                     std::string("公用经费 其中：") + label + " " + column_label(c) + " " +
                         money(part.value) + " exceeds 公用经费 " + money(total.value),
                     "a \"其中\" row is part of 公用经费 and cannot be larger");
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
      d_.error(
          "cross-mismatch", where,
          "基本支出 by economic class adds up to " + money(f_.basic_total.value()) +
              " but budget.by_use.basic is " + money(b.basic.value) +
              " (附件4 二(一) vs 附件2 / 附件4 一(二))",
          hint_or_slip(f_.basic_total.value(), b.basic.value, "budget.by_use.basic",
                       "工资福利 + 商品和服务 + 对个人和家庭 must equal the 基本支出 of 附件2"));
    }
    if (b.executed.given && f_.use_total.known() && f_.use_total.value() != b.executed.value) {
      const source_loc& where = b.basic.given ? b.basic.loc : b.project.loc;
      d_.error("cross-mismatch", where,
               "基本支出 + 项目支出 = " + money(f_.use_total.value()) + " but 全年执行数 is " +
                   money(b.executed.value),
               hint_or_slip(f_.use_total.value(), b.executed.value, "budget.executed",
                            "按支出性质分 must add up to budget.executed"));
    }
    if (b.executed.given && f_.income_total.known() &&
        f_.income_total.value() != b.executed.value) {
      const source_loc& where = b.general_public.given    ? b.general_public.loc
                                : b.government_fund.given ? b.government_fund.loc
                                : b.special_account.given ? b.special_account.loc
                                                          : b.other_income.loc;
      std::string also;
      const decimal income = f_.income_total.value();
      if (b.initial.given && income == b.initial.value)
        also = " (it equals 年初预算数: wrong basis)";
      if (b.full_year.given && income == b.full_year.value)
        also = " (it equals 全年预算数: wrong basis)";
      d_.error(
          "income-basis", where,
          "按收入性质分 adds up to " + money(income) + " but 全年执行数 is " +
              money(b.executed.value) + also,
          hint_or_slip(income, b.executed.value, "budget.executed",
                       "give the income breakdown on the 全年执行数 basis, like 按支出性质分"));
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
        d_.error("cross-mismatch", b.project.loc,
                 "附件3 全年执行数 of the evaluated projects add up to " + money(executed.value()) +
                     " but budget.by_use.project is " + money(b.project.value),
                 hint_or_slip(b.project.value, executed.value(), "the 附件3 total",
                              "every 项目支出 must be covered by an evaluated project (附件3)"));
      if (f_.projects_total.final.known() && f_.projects_total.final.value() != b.project.value)
        d_.error("cross-mismatch", b.project.loc,
                 "附件1 项目支出 本年决算数 add up to " + money(f_.projects_total.final.value()) +
                     " but budget.by_use.project is " + money(b.project.value),
                 hint_or_slip(b.project.value, f_.projects_total.final.value(), "the 附件1 total",
                              "the 附件1 project rows and 附件2 项目支出 must agree"));
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
        d_.error("cross-mismatch", first.executed.loc,
                 "'" + p.name.value + "' 附件3 全年执行数 " + money(*executed) +
                     " differs from its 附件1 本年决算数 " + money(*final),
                 hint_or_slip(*executed, *final, "its 附件1 本年决算数",
                              "the 附件3 fund rows and the 附件1 project row must agree"));
      if (const auto budget = group(1); budget && full_year && *budget != *full_year)
        d_.error("cross-mismatch", first.full_year.loc,
                 "'" + p.name.value + "' 附件3 全年预算数 " + money(*full_year) +
                     " differs from its 附件1 本年预算数 " + money(*budget),
                 "the 附件3 fund rows and the 附件1 project row must agree");
    }
    const amount& pf_final = m_.public_funds.total.final;
    if (pf_final.given && be.goods_services.given && pf_final.value != be.goods_services.value)
      d_.error("cross-mismatch", pf_final.loc,
               "公用经费 本年决算数 " + money(pf_final.value) + " differs from 商品和服务支出 " +
                   money(be.goods_services.value) + " (附件1 vs 附件4 二(一))",
               hint_or_slip(pf_final.value, be.goods_services.value, "商品和服务支出",
                            "公用经费 is the 商品和服务支出 within 基本支出; make them agree"));
  }

  // Typed percent vs computed ratio; undefined ratio typed as a number is an error too.
  void percent_agrees(const percent& typed, const std::optional<fraction>& ratio,
                      const std::string& what) {
    if (!typed.given) return;
    if (!ratio) {
      d_.error("computed-mismatch", typed.loc,
               what + " is typed " + typed.value.plain() + "% but is undefined (——)",
               "leave it out: the denominator is zero, so the table prints ——");
      return;
    }
    const fraction pct = *ratio * fraction::of_int(100);
    const int places = std::max(typed.value.decimals_used(), 0);
    const std::string computed2 = pct.fixed(2);
    if (pct.fixed(places) == typed.value.fixed(places)) {
      if (places < 2)
        d_.warning("percent-precision", typed.loc,
                   what + " is typed " + typed.value.plain() + "% with " + std::to_string(places) +
                       " decimal" + (places == 1 ? "" : "s"),
                   "print 2 decimals: " + computed2 + "% (or leave it out: it is computed)");
      return;
    }
    d_.error("computed-mismatch", typed.loc,
             what + " is typed " + typed.value.plain() + "% but computes to " + computed2 + "%",
             "leave it out: it is computed");
  }

  void score_agrees(const score& typed, const std::optional<fraction>& maybe,
                    const std::string& what) {
    if (!typed.given || !maybe) return;
    const fraction& computed = *maybe;
    const int places = std::min(typed.value.decimals_used(), 2);
    if (computed.fixed(2) == typed.value.fixed(2)) return;
    if (places < 2 && computed.fixed(places) == typed.value.fixed(places)) {
      d_.warning(
          "percent-precision", typed.loc, what + " is typed " + typed.value.plain() + " (rounded)",
          "print 2 decimals: " + score_text(computed) + " (or leave it out: it is computed)");
      return;
    }
    d_.error("computed-mismatch", typed.loc,
             what + " is typed " + typed.value.plain() + " but computes to " + score_text(computed),
             "leave it out: it is computed");
  }

  void grade_agrees(const text& typed, const std::optional<grade>& maybe, const std::string& what) {
    if (!typed.given || !maybe) return;
    const grade g = *maybe;
    std::string t = typed.value;
    if (t.ends_with("等")) t.resize(t.size() - std::string_view("等").size());
    if (t == grade_text(g)) return;
    d_.error(
        "computed-mismatch", typed.loc,
        what + " is typed '" + typed.value + "' but the total score gives '" + grade_text(g) + "'",
        "leave it out: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below");
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
               "budget.adjustment (追加/调整) is " + money(bu.adjustment.value) +
                   " but 全年预算 − 年初预算 = " + money(f_.budget_adjustment.value()),
               "leave it out: it is computed");
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
               table + " 执行率 " + percent_text(rate) + " is below 90% and no 偏差原因 is given",
               "explain the gap in the deviation text of the indicators (偏差原因分析及改进措施)");
  }

  void check_project(std::size_t i) {
    const project& p = m_.projects[i];
    const project_figures& pf = f_.projects[i];
    const std::string what = "'" + p.name.value + "'";
    percent_agrees(p.execution_rate, pf.evaluation.execution_rate, what + " funds.execution_rate");
    score_agrees(p.execution_score, pf.evaluation.execution_score, what + " funds.execution_score");
    if (p.evaluation.given) {
      check_evaluation(p.evaluation, pf.evaluation, "附件3 " + what);
      if (p.current_year.given || p.carried_over.given || p.other.given || p.funds_total.given)
        low_execution(pf.evaluation.execution_rate, p.evaluation,
                      p.execution_rate.given ? p.execution_rate.loc
                      : p.current_year.given ? p.current_year.executed.loc
                      : p.funds_total.given  ? p.funds_total.executed.loc
                                             : p.loc,
                      "附件3 " + what);
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
    const std::string name = table + " indicator '" + row.name.value + "'";
    if (target->percent && !actual->percent && actual->unit.empty() &&
        actual->v.value <= decimal::from_int(1) && target->v.value > decimal::from_int(1)) {
      d_.error("ratio-for-percent", row.actual.loc,
               name + ": 实际完成值 \"" + row.actual.value +
                   "\" looks like a ratio, but the "
                   "target \"" +
                   row.target.value + "\" is a percentage",
               "write it as a percentage, e.g. \"" +
                   (fraction::of(actual->v.value) * fraction::of_int(100)).to_decimal().plain() +
                   "%\"");
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
      d_.warning("indicator-deviation", row.actual.loc,
                 name + ": 实际完成值 " + row.actual.value + " is " +
                     percent_text(std::optional<fraction>(ratio)) + " of the target " +
                     row.target.value + " (beyond ±" + rules_.deviation_percent.plain() + "%)",
                 "the performance platform treats this as 指标偏离 and deducts points: check the "
                 "figure, or explain why the target was set so far off");
    if (worse && (!row.deviation.given || base::split_paragraphs(row.deviation.value).empty()))
      d_.error("missing-deviation", row.loc,
               name + ": 实际完成值 " + row.actual.value + " falls short of the target " +
                   row.target.value + " and no 偏差原因 is given",
               "explain the shortfall in deviation = \"…\" (偏差原因分析及改进措施)");
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
               table + " 执行率 " + percent_text(ef.execution_rate) + " caps the self-score at " +
                   std::to_string(cap) + ", but it is " + score_text(*ef.total_score),
               "the performance platform lowers a score above its cap; review the indicator "
               "scores");
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
      d_.error("weight-no-block", w.cost.loc,
               table + " weights.cost is given, but the profile has no 成本指标",
               "remove weights.cost, or build with a profile whose [indicators] names `cost`");
    if (labels != decimal::from_int(100)) {
      d_.error("weight-total", first_given != nullptr ? *first_given : w.satisfaction.loc,
               table + " block weights add up to " + money(labels) + ", not 100",
               parts + " must be 100 (default " + defaults + ")");
    }
    for (std::size_t r = 0; r < ev.indicators.size(); ++r) {
      const indicator& row = ev.indicators[r];
      const std::string name = "'" + row.name.value + "'";
      const indicator_block_rule* rule =
          row.level1.given ? block_rule(rules_, row.level1.value) : nullptr;
      if (row.level1.given && rule == nullptr) {
        std::string listed;
        for (const indicator_block_rule& b : rules_.blocks) listed += " " + b.level1;
        d_.error("unknown-name", row.level1.loc,
                 "一级指标 '" + row.level1.value + "' is not one of" + listed,
                 did_you_mean(row.level1.value, level1_names(rules_)));
      } else if (rule != nullptr && row.level2.given) {
        const std::vector<std::string_view> names(rule->level2.begin(), rule->level2.end());
        if (std::find(names.begin(), names.end(), row.level2.value) == names.end())
          d_.error("unknown-name", row.level2.loc,
                   "二级指标 '" + row.level2.value + "' does not belong to " + row.level1.value,
                   did_you_mean(row.level2.value, names));
      }
      if (!row.weight.given && !row.weight.unknown) {  // "——" is reported where it was read
        d_.error("missing-weight", row.loc, table + " indicator " + name + " has no 分值 (weight)",
                 "every indicator row of a scored table needs weight = …");
      } else if (row.weight.given && row.weight.value.is_zero()) {
        d_.error("weight-range", row.weight.loc, table + " indicator " + name + " has 分值 0",
                 "give it a positive weight or drop the row (不适用指标)");
      }
      if (row.auto_score) {
        if (r < ef.indicators.size() && !ef.indicators[r].auto_problem.empty())
          d_.error("auto-score", row.self_score.loc,
                   table + " indicator " + name +
                       ": score = \"auto\" impossible: " + ef.indicators[r].auto_problem,
                   "type the score, or give target and actual as numbers such as \"≥120万\" and "
                   "\"130万\"");
      } else if (!row.self_score.given && !row.self_score.unknown) {
        d_.error("missing-score", row.loc,
                 table + " indicator " + name + " has no 自评得分 (score)",
                 "type score = … (0 to its 分值) or score = \"auto\"");
      } else if (row.weight.given && row.self_score.value > row.weight.value) {
        d_.error("score-range", row.self_score.loc,
                 table + " indicator " + name + " scores " + money(row.self_score.value) +
                     " of its 分值 " + money(row.weight.value),
                 "自评得分 must lie between 0 and 分值");
      }
    }
    for (const indicator_block_figures& bf : ef.blocks) {
      if (bf.row_weights == bf.label_weight) continue;
      const score* label = &block_score(w, bf.block);
      const source_loc& where =
          label->given ? label->loc : ev.indicators[bf.groups.front().rows.front()].loc;
      d_.error("weight-sum", where,
               table + " " + bf.level1 + "（" + money(bf.label_weight) +
                   "分）: its rows' 分值 add up to " + money(bf.row_weights),
               "the rows of a block must add up to the block's weight");
    }
    if (!ev.indicators.empty()) {
      for (const indicator_block_rule& rule : rules_.blocks) {
        const bool present = std::any_of(
            ef.blocks.begin(), ef.blocks.end(),
            [&rule](const indicator_block_figures& x) { return x.block == rule.block; });
        const score& label = block_score(w, rule.block);
        const decimal weight = block_weight(w, rule);
        if (!present && !weight.is_zero())
          d_.error("weight-sum", label.given ? label.loc : ev.loc,
                   table + " " + rule.level1 + "（" + money(weight) + "分） has no indicator rows",
                   "add its rows, or set its weight to 0 under weights");
      }
    }
    if (ev.total_weight.given && ev.total_weight.value != ef.total_weight)
      d_.error("computed-mismatch", ev.total_weight.loc,
               table + " total_weight is typed " + money(ev.total_weight.value) +
                   " but 预算执行率 " + money(ef.execution_weight) +
                   " + Σ 分值 = " + money(ef.total_weight),
               "leave it out: it is computed");
    score_agrees(ev.total_score, ef.total_score, table + " total_score");
    grade_agrees(ev.grade, ef.total_grade, table + " grade");
  }

  void check_dates() {
    if (!year_) return;
    auto after_year = [&](const field<date>& d, const std::string& what) {
      if (d.given && d.value.year <= year_)
        d_.error("date-order", d.loc,
                 what + " " + date_text(d.value) + " is not after the fiscal year " +
                     std::to_string(year_),
                 "the self-evaluation is written after the year ends, e.g. " +
                     std::to_string(year_ + 1) + "-05-08");
    };
    after_year(m_.dates.report, "dates.report");
    after_year(m_.signature.filled_on, "signature.filled_on");
    const auto& pb = m_.dates.publish_by;
    const auto& rp = m_.dates.report;
    if (pb.given && rp.given &&
        std::tie(pb.value.year, pb.value.month, pb.value.day) <
            std::tie(rp.value.year, rp.value.month, rp.value.day))
      d_.warning("date-order", pb.loc,
                 "dates.publish_by " + date_text(pb.value) + " is before the report date",
                 "results are published after the report is written");
  }

  // Hygiene of one free text; `report` texts also get the stale-year check.
  void check_text(const text& t, bool report) {
    if (!t.given || t.value.empty()) return;
    const std::string& s = t.value;
    for (std::string_view bad : {"我委", "我局", "我院", "我厅"}) {
      if (s.find(bad) != std::string::npos) {
        d_.warning("self-reference", at(t, s.find(bad)),
                   "the text says '" + std::string(bad) + "' but the unit calls itself '" +
                       m_.unit.self_name.value + "'",
                   "write '" + m_.unit.self_name.value + "'");
        break;
      }
    }
    // 《…《…》…》: an opening mark while one is open.
    int depth = 0;
    for (std::size_t i = 0; i < s.size();) {
      if (s.compare(i, 3, "《") == 0) {
        if (++depth == 2) {
          d_.warning("nested-title", at(t, i), "book-title marks 《》 are nested",
                     "use 〈〉 inside 《》, e.g. 《关于印发〈办法〉的通知》");
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
      d_.warning("stale-year", at(t, i),
                 "the text mentions " + std::string(digits) + "年 in a " + std::to_string(year_) +
                     " report",
                 "copied from an older report? check the facts and the year");
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
      d_.warning("unknown-figure", where,
                 "'" + key +
                     "' is typed \"——\" (not known): the deliverables print —— here and "
                     "in every figure computed from it",
                 "type the figure when it becomes known; a real zero is 0");
  }

  static bool is_partial(const project& p) {
    return p.items_partial.given && p.items_partial.value;
  }

  // A partial list names some 专项 only: the group row carries the total, the named items may
  // not exceed it, and the rest is printed as such.
  void check_partial(const project& p, const project_figures& pf) {
    if (!p.amounts.given) {
      d_.error("partial-needs-total", p.items_partial.loc,
               "'" + p.name.value +
                   "' lists only some 专项 (items_partial = true) but has no "
                   "amounts of its own",
               "type the 一级项目's amounts = [上年决算, 本年预算, 本年决算]: the items do not add "
               "up to it");
      return;
    }
    for (int c = 0; c < 3; ++c) {
      const auto rest = sum_cell(pf.unlisted, c);
      if (!rest || !rest->is_negative()) continue;
      d_.error("partial-exceeds", cell(p.amounts, c).loc,
               "'" + p.name.value + "' " + column_label(c) + " is " +
                   money(cell(p.amounts, c).value) + " but the 专项 it names add up to " +
                   money(cell(p.amounts, c).value - *rest),
               "the named 专项 are part of the 一级项目 and cannot add up to more");
    }
  }

  // The stated self_score: within 0–100, equal to the computed total when there is a table.
  void stated_score(const evaluation_info& ev, const evaluation_figures& ef,
                    const std::string& table) {
    const score& st = ev.stated_score;
    if (!st.given) return;
    if (st.value > decimal::from_int(100)) {
      d_.error("score-range", st.loc, table + " self_score " + money(st.value) + " is above 100",
               "a self-evaluation score lies between 0 and 100");
      return;
    }
    if (ef.has_indicators && ef.computed_score &&
        ef.computed_score->fixed(2) != fraction::of(st.value).fixed(2))
      d_.error("computed-mismatch", st.loc,
               table + " self_score is " + money(st.value) +
                   " but its indicator table adds up to " + score_text(*ef.computed_score),
               "with an indicator table the score is computed: correct the rows or the stated "
               "score");
  }

  void check_scores() {
    if (m_.overall.given) {
      stated_score(m_.overall, f_.overall, "附件2");
      if (!f_.overall.has_indicators && !m_.overall.stated_score.given)
        d_.warning("no-score", m_.overall.loc,
                   "[overall] has neither indicator rows nor a self_score: 附件2 prints its 总分 "
                   "as —— and 附件4 states no score",
                   "add self_score = … (the unit's own 自评分), or the indicator rows");
    }
    // Without [overall] at all, the report's 'score' block says so when it is rendered.
    for (const project& p : m_.projects) {
      if (!p.evaluation.given) continue;
      const auto i = static_cast<std::size_t>(&p - m_.projects.data());
      if (i < f_.projects.size())
        stated_score(p.evaluation, f_.projects[i].evaluation, "附件3 '" + p.name.value + "'");
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
                   std::string("the text says ") + std::string(cue) + typed->plain() + "分 but " +
                       table + " prints " + score_text(scores.front()),
                   "write the score the table prints, or correct the table");
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
  void final_above_budget(const year_columns& y, const std::string& what) {
    if (!y.given || !y.budget.given || !y.final.given || y.budget.value.is_zero()) return;
    if (y.final.value <= y.budget.value) return;
    d_.warning("final-above-budget", y.final.loc,
               what + " 本年决算数 " + money(y.final.value) + " exceeds 本年预算数 " +
                   money(y.budget.value) + " (" +
                   percent_text(divide(y.final.value, y.budget.value)) + ")",
               "check the figures, or explain the overrun in the reports");
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
      final_above_budget(p.amounts, "'" + p.name.value + "'");
      for (const project_item& it : p.items)
        final_above_budget(it.amounts, "'" + it.name.value + "'");
      for (const fund_columns* c : {&p.current_year, &p.carried_over, &p.other, &p.funds_total}) {
        if (!c->given || !c->full_year.given || !c->executed.given || c->full_year.value.is_zero())
          continue;
        if (c->executed.value > c->full_year.value)
          d_.warning("execution-above-100", c->executed.loc,
                     "'" + p.name.value + "' 全年执行数 " + money(c->executed.value) +
                         " exceeds 全年预算数 " + money(c->full_year.value) + " (" +
                         percent_text(divide(c->executed.value, c->full_year.value)) + ")",
                     "a project cannot spend more than its budget; check the figures");
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
      const std::string hint = unit_slip_hint(a.value, x.value, block[(i + 1) % 3].second, 30);
      if (hint.empty() || a.value < x.value || a.value < y.value ||
          unit_slip_hint(a.value, y.value, block[(i + 2) % 3].second, 30).empty())
        continue;
      d_.error("unit-slip", a.loc,
               std::string(block[i].second) + " " + money(a.value) + " is out of scale with " +
                   block[(i + 1) % 3].second + " " + money(x.value) + " and " +
                   block[(i + 2) % 3].second + " " + money(y.value),
               hint);
    }
    if (b.executed.given && b.full_year.given && !b.full_year.value.is_zero() &&
        b.executed.value > b.full_year.value &&
        unit_slip_hint(b.executed.value, b.full_year.value, "").empty())
      d_.warning("execution-above-100", b.executed.loc,
                 "全年执行数 " + money(b.executed.value) + " exceeds 全年预算数 " +
                     money(b.full_year.value) + " (" +
                     percent_text(divide(b.executed.value, b.full_year.value)) + ")",
                 "check the figures; 执行率 is capped at 100% in the score");
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
               what + " is " + money(a.value) + " but " + other_name + " is " + money(*other),
               "the same figure in two places must agree");
    };
    const quantity basic = f_.personnel.final + f_.public_use.final;
    if (e.personnel.final.given && e.public_use.final.given && b.basic.given && basic.known() &&
        basic.value() != b.basic.value)
      d_.error("cross-mismatch", e.personnel.final.loc,
               "人员类 + 公用经费 决算 = " + money(basic.value()) + " but 基本支出 is " +
                   money(b.basic.value),
               "基本支出 is 人员类 + 公用经费: make [expenditure] agree with budget.by_use.basic");
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
