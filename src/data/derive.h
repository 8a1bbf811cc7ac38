// Computed figures (docs/domain.md §2), as exact values from unrounded inputs. Both backends print
// from here, so a figure in a table and the same figure in a report sentence always agree.
// Formatting (2 decimals, "%", "——") is done by data/format.h, never here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.h"
#include "data/model.h"
#include "data/quantity.h"
#include "data/rules.h"

namespace selfeval::data {

using base::fraction;

// Three year-columns of a computed 附件1 row: each blank when all its inputs are blank, unknown
// when one of them is "——".
struct column_sums {
  quantity prior_final;
  quantity budget;
  quantity final;
};

// The provincial rules (a profile's [indicators] may set others).
const indicator_rules& default_rules();

// 等次 from a total score: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (the profile's bands).
enum class grade { excellent, good, fair, poor };
grade grade_of(const fraction& total_score, const indicator_rules& rules = default_rules());
const char* grade_text(grade g);  // "优" "良" "中" "差"

// One scored indicator row after computing "auto" scores.
struct indicator_figures {
  decimal weight;
  // typed score, or 分值 × min(actual ÷ target, 1) (≥) / min(target ÷ actual, 1) (≤); none when
  // typed "——", not typed, or not computable
  std::optional<fraction> score;
  bool computed = false;
  std::string auto_problem;  // why an "auto" score could not be computed, in the current language
};

// The number in an indicator text such as "≥120万", "≥1次", "100%", "≤5万元"; at_most for ≤ / <.
struct target_value {
  bool at_most = false;
  decimal value;
  std::string unit;  // what follows the number: "万元", "%", "次", "余期"…
};
std::optional<target_value> parse_target(std::string_view text);

// The 一级指标 rule whose name is `level1`, or none.
const indicator_block_rule* block_rule(const indicator_rules& rules, std::string_view level1);
// The 一级指标 names in print order (for hints).
std::vector<std::string_view> level1_names(const indicator_rules& rules);

// One first-level block (产出 / 效益 / 满意度, a profile's 成本) with its second-level groups, in
// print order.
struct indicator_group {
  std::string level2;
  std::vector<std::size_t> rows;  // indexes into evaluation_info::indicators
};
struct indicator_block_figures {
  indicator_block block;
  std::string level1;    // "产出指标"
  decimal label_weight;  // from weights_info: the "(50分)" in the label
  decimal row_weights;   // Σ 分值 of its rows
  std::vector<indicator_group> groups;
};

// 附件2 / 附件3 scored part.
struct evaluation_figures {
  std::optional<fraction> execution_rate;  // 执行数 ÷ 全年预算数; none ("——") when unknown or ÷0
  std::optional<fraction> execution_score;      // weight × min(rate, 1); none when the rate is
  decimal execution_weight;                     // 10 by default
  std::vector<indicator_figures> indicators;    // parallel to evaluation_info::indicators
  std::vector<indicator_block_figures> blocks;  // print order, empty blocks left out
  // Every 一级指标 of the rules with every 二级指标 as an empty group: the blank official form.
  std::vector<indicator_block_figures> framework;
  bool has_indicators = false;  // an indicator table was given
  decimal total_weight;         // execution weight + Σ 分值
  // execution score + Σ 自评得分; none without indicator rows or when a part is unknown: a
  // total is never made from an empty table.
  std::optional<fraction> computed_score;
  // The 自评分 every deliverable prints: the computed one with an indicator table, else the
  // unit's stated self_score; none when neither exists.
  std::optional<fraction> total_score;
  bool score_stated = false;  // total_score is the stated self_score (no indicator table)
  std::optional<grade> total_grade;
};

// 附件3 fund block of one project.
struct project_figures {
  column_sums amounts;  // 附件1 group row: Σ items (or the typed row: no items, or a partial list)
  column_sums unlisted;    // partial item lists: group row − Σ named items (else blank)
  quantity funds_initial;  // 年度资金总额 = 当年财政拨款 + 上年结转 + 其他
  quantity funds_full_year;
  quantity funds_executed;
  evaluation_figures evaluation;  // execution from funds_executed ÷ funds_full_year
};

// One line of [expenditure] with its 执行率 and its share of the three lines' 决算.
struct spending_figures {
  quantity budget;
  quantity final;
  std::optional<fraction> execution_rate;  // 决算 ÷ 全年预算
  std::optional<fraction> share;  // 决算 ÷ (人员类 + 公用经费 + 项目支出 决算)
};

// Every computed figure of the package.
struct figures {
  std::optional<fraction> staff_control_rate;       // 实际在职 ÷ 编制数
  column_sums cars;                                 // 公车购置 + 公车运行维护
  column_sums three_public;                         // cars + 出国 + 公务接待
  column_sums projects_total;                       // Σ project groups
  quantity budget_adjustment;                       // 全年预算 − 年初预算
  std::optional<fraction> area_control_rate;        // 实际规模 ÷ 批复规模
  std::optional<fraction> investment_control_rate;  // 实际投资 ÷ 预算投资
  quantity basic_total;                 // 工资福利 + 商品和服务 + 对个人和家庭
  std::optional<fraction> wages_share;  // item ÷ 基本支出合计
  std::optional<fraction> goods_services_share;
  std::optional<fraction> household_share;
  quantity income_total;                  // Σ 按收入性质分
  quantity use_total;                     // 基本支出 + 项目支出
  spending_figures personnel;             // [expenditure] 人员类
  spending_figures public_use;            // 公用经费
  spending_figures project_spending;      // 项目支出
  evaluation_figures overall;             // 附件2
  std::vector<project_figures> projects;  // parallel to model::projects
};

// Computes every figure. Never fails: a missing or "——" input makes the figures built on it
// unknown (never zero); the checker reports what is missing.
figures derive(const model& m, const indicator_rules& rules = default_rules());

// Weights typed in the data, or the rules' defaults (Hunan: 10 预算执行率, 50 / 30 / 10 产出 /
// 效益 / 满意度).
decimal execution_weight(const weights_info& w, const indicator_rules& rules = default_rules());
decimal block_weight(const weights_info& w, const indicator_block_rule& rule);
// The data file's `weights.*` entry of a block.
const score& block_score(const weights_info& w, indicator_block b);

// Adds a row's typed cells to `sum`, column by column; blank cells leave a column untouched.
void add_columns(column_sums& sum, const year_columns& row);

}  // namespace selfeval::data
