#include "data/derive.h"

#include <algorithm>

#include "base/messages.h"

namespace selfeval::data {
namespace {

const fraction one_whole = fraction::of_int(1);

fraction min1(const fraction& r) {
  return r > one_whole ? one_whole : r;
}

decimal weight_or(const score& s, decimal fallback) {
  return s.given ? s.value : fallback;
}

void add_sums(column_sums& sum, const column_sums& c) {
  sum.prior_final += c.prior_final;
  sum.budget += c.budget;
  sum.final += c.final;
}

std::optional<fraction> ratio(const quantity& num, const quantity& den) {
  if (!num.known() || !den.known()) return std::nullopt;
  return divide(num.value(), den.value());
}

bool starts_digit(std::string_view s, std::size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

// Computes the score of an "auto" row, or says why it cannot.
void auto_score(const indicator& row, indicator_figures& out) {
  out.computed = true;
  out.score.reset();
  const auto target = parse_target(row.target.value);
  const auto actual = parse_target(row.actual.value);
  if (!row.target.given || !target) {
    out.auto_problem = base::tr("auto-score.target-no-number", {{"text", row.target.value}});
    return;
  }
  if (!row.actual.given || !actual) {
    out.auto_problem = base::tr("auto-score.actual-no-number", {{"text", row.actual.value}});
    return;
  }
  const fraction w = fraction::of(out.weight);
  // A computed score is kept, like a typed one, to 4 decimals: an exact ratio over an arbitrary
  // actual value would make the denominators of a long total grow past 128 bits.
  const auto keep = [&out](const fraction& exact) { out.score = fraction::of(exact.to_decimal()); };
  if (target->at_most) {
    // Smaller is better: full marks at or below the target.
    if (actual->value.is_zero() || actual->value <= target->value) {
      out.score = w;
    } else {
      keep(w * min1(*divide(target->value, actual->value)));
    }
  } else {
    if (target->value.is_zero() || actual->value >= target->value) {
      out.score = w;
    } else {
      keep(w * min1(*divide(actual->value, target->value)));
    }
  }
}

// A block of the framework with its label weight, before its 二级 groups are added.
indicator_block_figures block_head(const indicator_block_rule& rule, const weights_info& w) {
  indicator_block_figures bf;
  bf.block = rule.block;
  bf.level1 = rule.level1;
  bf.label_weight = block_weight(w, rule);
  return bf;
}

std::vector<indicator_block_figures> group_rows(const evaluation_info& ev,
                                                const indicator_rules& rules) {
  std::vector<indicator_block_figures> blocks;
  for (const indicator_block_rule& rule : rules.blocks) {
    indicator_block_figures bf = block_head(rule, ev.weights);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < ev.indicators.size(); ++i) {
      if (ev.indicators[i].level1.value == rule.level1) rows.push_back(i);
    }
    if (rows.empty()) continue;
    // Canonical second-level names first, in their fixed order; others after, as first typed.
    std::vector<std::string> order = rule.level2;
    for (std::size_t i : rows) {
      const std::string& l2 = ev.indicators[i].level2.value;
      if (std::find(order.begin(), order.end(), l2) == order.end()) order.push_back(l2);
    }
    for (const std::string& l2 : order) {
      indicator_group g;
      g.level2 = l2;
      for (std::size_t i : rows)
        if (ev.indicators[i].level2.value == l2) g.rows.push_back(i);
      if (!g.rows.empty()) bf.groups.push_back(std::move(g));
    }
    for (std::size_t i : rows)
      bf.row_weights += ev.indicators[i].weight.given ? ev.indicators[i].weight.value : decimal{};
    blocks.push_back(std::move(bf));
  }
  return blocks;
}

std::vector<indicator_block_figures> blank_framework(const weights_info& w,
                                                     const indicator_rules& rules) {
  std::vector<indicator_block_figures> blocks;
  for (const indicator_block_rule& rule : rules.blocks) {
    indicator_block_figures bf = block_head(rule, w);
    for (const std::string& l2 : rule.level2) bf.groups.push_back({l2, {}});
    blocks.push_back(std::move(bf));
  }
  return blocks;
}

evaluation_figures derive_evaluation(const evaluation_info& ev, const quantity& executed,
                                     const quantity& full_year, const indicator_rules& rules) {
  evaluation_figures f;
  f.execution_weight = execution_weight(ev.weights, rules);
  f.execution_rate = ratio(executed, full_year);
  if (f.execution_rate)
    f.execution_score = fraction::of(f.execution_weight) * min1(*f.execution_rate);
  f.total_weight = f.execution_weight;
  f.has_indicators = !ev.indicators.empty();
  std::optional<fraction> sum = f.execution_score;
  for (const indicator& row : ev.indicators) {
    indicator_figures r;
    r.weight = row.weight.given ? row.weight.value : decimal{};
    if (row.auto_score) {
      auto_score(row, r);
    } else if (row.self_score.given) {
      r.score = fraction::of(row.self_score.value);
    }
    f.total_weight += r.weight;
    if (sum && r.score)
      sum = *sum + *r.score;
    else
      sum.reset();
    f.indicators.push_back(std::move(r));
  }
  f.blocks = group_rows(ev, rules);
  f.framework = blank_framework(ev.weights, rules);
  if (f.has_indicators) {
    f.computed_score = sum;
    f.total_score = sum;
  } else {
    // The blank official form still carries its 分值: the blocks' weights.
    for (const indicator_block_figures& b : f.framework) f.total_weight += b.label_weight;
    if (ev.stated_score.given) {
      f.total_score = fraction::of(ev.stated_score.value);
      f.score_stated = true;
    }
  }
  if (f.total_score) f.total_grade = grade_of(*f.total_score, rules);
  return f;
}

quantity cell_sum(const std::vector<const fund_columns*>& rows, const amount fund_columns::*col) {
  quantity sum;
  for (const fund_columns* r : rows) sum += quantity::from(r->*col);
  return sum;
}

project_figures derive_project(const project& p, const indicator_rules& rules) {
  project_figures f;
  const bool partial = p.items_partial.given && p.items_partial.value;
  if (!p.items.empty() && !partial) {
    for (const project_item& item : p.items) add_columns(f.amounts, item.amounts);
  } else {
    add_columns(f.amounts, p.amounts);
  }
  if (partial) {
    column_sums named;
    for (const project_item& item : p.items) add_columns(named, item.amounts);
    auto rest = [](const quantity& total, const quantity& parts) {
      if (total.is_blank()) return quantity();
      return total - parts;
    };
    f.unlisted.prior_final = rest(f.amounts.prior_final, named.prior_final);
    f.unlisted.budget = rest(f.amounts.budget, named.budget);
    f.unlisted.final = rest(f.amounts.final, named.final);
  }
  const bool rows_given = p.current_year.given || p.carried_over.given || p.other.given;
  std::vector<const fund_columns*> rows;
  if (rows_given)
    rows = {&p.current_year, &p.carried_over, &p.other};
  else if (p.funds_total.given)
    rows = {&p.funds_total};
  f.funds_initial = cell_sum(rows, &fund_columns::initial);
  f.funds_full_year = cell_sum(rows, &fund_columns::full_year);
  f.funds_executed = cell_sum(rows, &fund_columns::executed);
  f.evaluation = derive_evaluation(p.evaluation, f.funds_executed, f.funds_full_year, rules);
  return f;
}

spending_figures derive_spending(const spending_line& line) {
  spending_figures f;
  f.budget = quantity::from(line.budget);
  f.final = quantity::from(line.final);
  f.execution_rate = ratio(f.final, f.budget);
  return f;
}

}  // namespace

std::vector<indicator_block_rule> provincial_blocks() {
  const auto w = [](int v) { return decimal::from_int(v); };
  return {
      {indicator_block::output,
       "产出指标",
       {"数量指标", "质量指标", "时效指标", "成本指标"},
       w(50)},
      {indicator_block::effect,
       "效益指标",
       {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"},
       w(30)},
      {indicator_block::satisfaction, "满意度指标", {"服务对象满意度指标"}, w(10)},
  };
}

indicator_block_rule cost_block(std::string level1, decimal weight) {
  return {indicator_block::cost,
          std::move(level1),
          {"经济成本指标", "社会成本指标", "生态环境成本指标"},
          weight};
}

const indicator_rules& default_rules() {
  static const indicator_rules rules;
  return rules;
}

grade grade_of(const fraction& total_score, const indicator_rules& rules) {
  if (total_score >= fraction::of(rules.excellent)) return grade::excellent;
  if (total_score >= fraction::of(rules.good)) return grade::good;
  if (total_score >= fraction::of(rules.fair)) return grade::fair;
  return grade::poor;
}

const char* grade_text(grade g) {
  switch (g) {
    case grade::excellent:
      return "优";
    case grade::good:
      return "良";
    case grade::fair:
      return "中";
    case grade::poor:
      return "差";
  }
  return "差";
}

std::optional<target_value> parse_target(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && !starts_digit(s, i)) ++i;
  if (i == s.size()) return std::nullopt;
  const std::string_view prefix = s.substr(0, i);
  target_value t;
  for (std::string_view le : {"≤", "<", "不高于", "不超过", "低于", "以内"}) {
    if (prefix.find(le) != std::string_view::npos) t.at_most = true;
  }
  if (s.find("以内") != std::string_view::npos || s.find("以下") != std::string_view::npos)
    t.at_most = true;
  std::string digits;
  while (i < s.size()) {
    if (starts_digit(s, i)) {
      digits += s[i];
    } else if (s[i] == '.' && starts_digit(s, i + 1) && digits.find('.') == std::string::npos) {
      digits += '.';
    } else if (s[i] == ',' && starts_digit(s, i + 1) && digits.find('.') == std::string::npos) {
      // thousands separator
    } else {
      break;
    }
    ++i;
  }
  const std::size_t point = digits.find('.');
  if (point != std::string::npos &&
      digits.size() - point - 1 > static_cast<std::size_t>(decimal::places))
    digits.resize(point + 1 + decimal::places);
  const auto v = decimal::parse(digits);
  if (!v) return std::nullopt;
  t.value = *v;
  t.unit = std::string(s.substr(i));
  return t;
}

const indicator_block_rule* block_rule(const indicator_rules& rules, std::string_view level1) {
  for (const indicator_block_rule& r : rules.blocks)
    if (r.level1 == level1) return &r;
  return nullptr;
}

std::vector<std::string_view> level1_names(const indicator_rules& rules) {
  std::vector<std::string_view> names;
  for (const indicator_block_rule& r : rules.blocks) names.emplace_back(r.level1);
  return names;
}

void add_columns(column_sums& sum, const year_columns& c) {
  if (!c.given) return;
  sum.prior_final += quantity::from(c.prior_final);
  sum.budget += quantity::from(c.budget);
  sum.final += quantity::from(c.final);
}

decimal execution_weight(const weights_info& w, const indicator_rules& rules) {
  return weight_or(w.execution, rules.execution);
}

const score& block_score(const weights_info& w, indicator_block b) {
  switch (b) {
    case indicator_block::output:
      return w.output;
    case indicator_block::effect:
      return w.effect;
    case indicator_block::satisfaction:
      return w.satisfaction;
    case indicator_block::cost:
      return w.cost;
  }
  return w.output;
}

decimal block_weight(const weights_info& w, const indicator_block_rule& rule) {
  return weight_or(block_score(w, rule.block), rule.weight);
}

figures derive(const model& m, const indicator_rules& rules) {
  figures f;
  if (m.staff.authorized.given && m.staff.actual.given && m.staff.authorized.value != 0)
    f.staff_control_rate = fraction(m.staff.actual.value, m.staff.authorized.value);

  const auto& tp = m.three_public;
  add_columns(f.cars, tp.car_purchase);
  add_columns(f.cars, tp.car_maintenance);
  // A column whose two parts are blank takes the typed 1、公务用车 row (seed 000 prints only it).
  column_sums typed_cars;
  add_columns(typed_cars, tp.cars);
  if (f.cars.prior_final.is_blank()) f.cars.prior_final = typed_cars.prior_final;
  if (f.cars.budget.is_blank()) f.cars.budget = typed_cars.budget;
  if (f.cars.final.is_blank()) f.cars.final = typed_cars.final;
  add_sums(f.three_public, f.cars);
  add_columns(f.three_public, tp.overseas);
  add_columns(f.three_public, tp.reception);

  for (const project& p : m.projects) {
    f.projects.push_back(derive_project(p, rules));
    add_sums(f.projects_total, f.projects.back().amounts);
  }

  f.budget_adjustment =
      quantity::required(m.budget.full_year) - quantity::required(m.budget.initial);
  const auto& b = m.buildings;
  if (b.approved_area.given && b.actual_area.given)
    f.area_control_rate = divide(b.actual_area.value, b.approved_area.value);
  if (b.budget_investment.given && b.actual_investment.given)
    f.investment_control_rate = divide(b.actual_investment.value, b.budget_investment.value);

  const auto& be = m.basic_expenditure;
  f.basic_total =
      quantity::from(be.wages) + quantity::from(be.goods_services) + quantity::from(be.household);
  f.wages_share = ratio(quantity::from(be.wages), f.basic_total);
  f.goods_services_share = ratio(quantity::from(be.goods_services), f.basic_total);
  f.household_share = ratio(quantity::from(be.household), f.basic_total);

  const auto& bu = m.budget;
  f.income_total = quantity::from(bu.general_public) + quantity::from(bu.government_fund) +
                   quantity::from(bu.special_account) + quantity::from(bu.other_income);
  f.use_total = quantity::from(bu.basic) + quantity::from(bu.project);

  f.personnel = derive_spending(m.expenditure.personnel);
  f.public_use = derive_spending(m.expenditure.public_use);
  f.project_spending = derive_spending(m.expenditure.project);
  const quantity spent = f.personnel.final + f.public_use.final + f.project_spending.final;
  for (spending_figures* line : {&f.personnel, &f.public_use, &f.project_spending})
    line->share = ratio(line->final, spent);

  f.overall = derive_evaluation(m.overall, quantity::required(bu.executed),
                                quantity::required(bu.full_year), rules);
  return f;
}

}  // namespace selfeval::data
