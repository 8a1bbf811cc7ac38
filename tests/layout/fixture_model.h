// A hand-built model and hand-computed figures shaped like 沅江市总工会 2023 (seed 000), so
// composition can be tested without the loader or data::derive.
#pragma once

#include <string>

#include "data/derive.h"
#include "data/model.h"

namespace selfeval::layout::testing {

inline base::decimal dec(const char* s) {
  return *base::decimal::parse(s);
}

inline data::amount amt(const char* s) {
  data::amount a;
  a.value = dec(s);
  a.given = true;
  return a;
}

inline data::text txt(std::string s) {
  data::text t;
  t.value = std::move(s);
  t.given = true;
  return t;
}

inline data::year_columns cols(const char* a, const char* b, const char* c) {
  data::year_columns y;
  if (*a) y.prior_final = amt(a);
  if (*b) y.budget = amt(b);
  if (*c) y.final = amt(c);
  y.given = true;
  return y;
}

inline data::fund_columns funds(const char* a, const char* b, const char* c) {
  data::fund_columns f;
  f.initial = amt(a);
  f.full_year = amt(b);
  f.executed = amt(c);
  f.given = true;
  return f;
}

inline data::column_sums sums(const char* a, const char* b, const char* c) {
  using data::quantity;
  return {quantity::of(dec(a)), quantity::of(dec(b)), quantity::of(dec(c))};
}

inline data::indicator_figures ind_figures(int weight, int score) {
  data::indicator_figures f;
  f.weight = base::decimal::from_int(weight);
  f.score = base::fraction::of_int(score);
  return f;
}

inline data::indicator ind(const char* l1, const char* l2, const std::string& name,
                           const char* target, const char* actual, int weight, int score) {
  data::indicator i;
  i.level1 = txt(l1);
  i.level2 = txt(l2);
  i.name = txt(name);
  i.target = txt(target);
  i.actual = txt(actual);
  i.weight.value = base::decimal::from_int(weight);
  i.weight.given = true;
  i.self_score.value = base::decimal::from_int(score);
  i.self_score.given = true;
  return i;
}

// Seed 000's indicator rows (weights as in its 附件2).
inline std::vector<data::indicator> seed_indicators() {
  return {
      ind("产出指标", "数量指标", "全年全市工会活动", "≥1次", "≥1次", 5, 5),
      ind("产出指标", "数量指标", "困难职工帮扶", "≥2次", "≥2次", 5, 5),
      ind("产出指标", "质量指标", "确保工会经费收入按要求完成", "≥120万元", "≥120万元", 5, 5),
      ind("产出指标", "质量指标", "通过维护职工权益提高效益", "100%", "100%", 5, 5),
      ind("产出指标", "时效指标", "年度工作任务完成时间", "2023年12月31日前",
          "按规定时间节点完成各项工作", 5, 5),
      ind("产出指标", "时效指标", "各项帮扶工作完成率", "2023年12月31日前发放到位",
          "按规定时间节点完成各项工作", 5, 5),
      ind("产出指标", "成本指标", "严格控制支出", "严格控制支出", "严格控制单位支出", 20, 20),
      ind("效益指标", "经济效益指标", "扶持基层工会正常运作", "有明显帮助", "有明显帮助", 10, 8),
      ind("效益指标", "社会效益指标", "提高了工会组织的社会影响力", "明显提高", "明显提高", 10, 10),
      ind("效益指标", "生态效益指标", "绿色生态", "绿色生态", "坚持了绿色生态", 5, 5),
      ind("效益指标", "可持续影响指标", "体现政策导向，切实维护广大职工合法权益", "可持续",
          "保障了社会可持续性发展", 5, 5),
      ind("满意度指标", "服务对象满意度指标", "会员满意度", "≥90%", "会员满意度高", 5, 5),
      ind("满意度指标", "服务对象满意度指标", "困难职工对帮扶工作的满意度", "≥90%",
          "困难职工对帮扶工作的满意度高", 5, 5),
  };
}

inline data::evaluation_info seed_evaluation(const char* expected) {
  data::evaluation_info e;
  e.goals_expected = txt(expected);
  e.goals_actual = txt("按要求完成本年度各项工作，基本达到预期目标。");
  e.indicators = seed_indicators();
  e.indicators[7].deviation =
      txt("乡镇工会组织工作经费到位19万元（预算28万元），扶持力度受到影响。");
  e.given = true;
  return e;
}

// Figures of an evaluation as data::derive defines them, worked out by hand for these rows.
inline data::evaluation_figures seed_evaluation_figures(const char* executed, const char* budget) {
  data::evaluation_figures f;
  f.execution_weight = base::decimal::from_int(10);
  f.execution_rate = base::divide(dec(executed), dec(budget));
  f.execution_score = base::fraction::of_int(10) * *f.execution_rate;
  base::fraction total = *f.execution_score;
  for (const auto& i : seed_indicators()) {
    f.indicators.push_back(
        ind_figures(static_cast<int>(i.weight.value.units() / base::decimal::one),
                    static_cast<int>(i.self_score.value.units() / base::decimal::one)));
    total = total + base::fraction::of(i.self_score.value);
  }
  f.total_weight = base::decimal::from_int(100);
  f.total_score = total;
  f.computed_score = total;
  f.has_indicators = true;
  f.total_grade = data::grade_of(total);
  auto block = [](data::indicator_block b, const char* l1, int w,
                  std::vector<data::indicator_group> groups) {
    data::indicator_block_figures bf;
    bf.block = b;
    bf.level1 = l1;
    bf.label_weight = base::decimal::from_int(w);
    bf.row_weights = base::decimal::from_int(w);
    bf.groups = std::move(groups);
    return bf;
  };
  f.blocks = {
      block(data::indicator_block::output, "产出指标", 50,
            {{"数量指标", {0, 1}}, {"质量指标", {2, 3}}, {"时效指标", {4, 5}}, {"成本指标", {6}}}),
      block(data::indicator_block::effect, "效益指标", 30,
            {{"经济效益指标", {7}},
             {"社会效益指标", {8}},
             {"生态效益指标", {9}},
             {"可持续影响指标", {10}}}),
      block(data::indicator_block::satisfaction, "满意度指标", 10,
            {{"服务对象满意度指标", {11, 12}}}),
  };
  return f;
}

inline data::model seed_model() {
  data::model m;
  m.year.value = 2023;
  m.year.given = true;
  m.unit.name = txt("沅江市总工会");
  m.signature.filled_on.value = {2024, 5, 8};
  m.signature.filled_on.given = true;
  m.staff.authorized.value = 14;
  m.staff.authorized.given = true;
  m.staff.actual.value = 16;
  m.staff.actual.given = true;
  m.three_public.car_purchase = cols("0", "0", "0");
  m.three_public.car_maintenance = cols("0", "0", "0");
  m.three_public.overseas = cols("0", "0", "0");
  m.three_public.reception = cols("0", "0", "0");
  m.public_funds.total = cols("34.18", "17", "7.76");
  m.public_funds.office = cols("2.19", "1", "");
  m.public_funds.utilities_travel = cols("4.9", "2", "1.11");
  m.public_funds.meetings_training = cols("6.65", "6", "1.29");
  m.procurement.budget = amt("4.69");
  m.procurement.final = amt("4.69");
  m.buildings.approved_area = amt("0");
  m.buildings.actual_area = amt("0");
  m.buildings.budget_investment = amt("0");
  m.buildings.actual_investment = amt("0");
  m.frugality =
      txt("一是抓好干部队伍建设。充分发挥领导班子整体功能和表率作用，开展“远酒桌、离牌桌、近书桌”等"
          "活动。\n"
          "二是抓好廉政效能建设。进一步规范办事程序，提高工作效能。\n"
          "三是强化管理职能，着力提升管理效益。");
  m.budget.initial = amt("373.59");
  m.budget.full_year = amt("420.5");
  m.budget.executed = amt("419");
  m.budget.general_public = amt("419");
  m.budget.basic = amt("274");
  m.budget.project = amt("145");

  data::project p;
  p.name = txt("业务工作经费");
  for (auto [name, a, b, c] :
       {std::tuple{"帮扶基金", "6", "6", "6"}, std::tuple{"乡镇工会组织工作经费", "28", "28", "19"},
        std::tuple{"行政事业单位工会经费", "150", "150", "120"}}) {
    data::project_item it;
    it.name = txt(name);
    it.amounts = cols(a, b, c);
    p.items.push_back(it);
  }
  p.current_year = funds("184", "184", "145");
  p.carried_over = funds("0", "0", "0");
  p.other = funds("0", "0", "0");
  p.evaluation = seed_evaluation(
      "强化政治建设，提升工会党的建设质量。\n强化作用发挥，打造工会品牌。\n强化组织建设，完善工会工"
      "作体系。");
  m.projects.push_back(p);

  data::project q;  // a group typed without items and without evaluation
  q.name = txt("运行维护经费");
  q.amounts = cols("10", "12", "11.5");
  m.projects.push_back(q);

  m.overall = seed_evaluation(
      "保障单位人员的正常办公、生活秩序。\n强化政治建设，提升工会党的建设质量。\n"
      "强化作用发挥，打造工会品牌。\n完成市委、政府和上级部门交办的其他工作。");
  return m;
}

inline data::figures seed_figures() {
  data::figures f;
  f.staff_control_rate = base::divide(dec("16"), dec("14"));
  f.cars = sums("0", "0", "0");
  f.three_public = sums("0", "0", "0");
  f.projects_total = sums("194", "196", "156.5");
  f.budget_adjustment = data::quantity::of(dec("46.91"));
  f.overall = seed_evaluation_figures("419", "420.5");
  data::project_figures p;
  p.amounts = sums("184", "184", "145");
  p.funds_initial = data::quantity::of(dec("184"));
  p.funds_full_year = data::quantity::of(dec("184"));
  p.funds_executed = data::quantity::of(dec("145"));
  p.evaluation = seed_evaluation_figures("145", "184");
  f.projects.push_back(p);
  data::project_figures q;
  q.amounts = sums("10", "12", "11.5");
  f.projects.push_back(q);
  return f;
}

}  // namespace selfeval::layout::testing
