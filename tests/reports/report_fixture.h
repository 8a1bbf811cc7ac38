// A hand-built data model for the report tests: the 沅江市总工会 2023 figures (seed 000, with the
// corrections of examples/yuanjiang-2023.toml) typed in C++, so report tests do not depend on
// the TOML reader.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "base/decimal.h"
#include "data/model.h"
#include "reports/wording.h"

namespace selfeval::reports::testing {

// The shipped wording (config/profiles/hunan/wording.toml), loaded once; fails the test on any
// problem in it.
inline const wording& shipped_wording() {
  static const wording w = [] {
    base::diagnostics diags;
    wording loaded = load_wording(
        std::string(SELFEVAL_SOURCE_DIR) + "/config/profiles/hunan/wording.toml", diags);
    for (const auto& d : diags.items()) ADD_FAILURE() << base::format_diagnostic(d);
    return loaded;
  }();
  return w;
}

inline data::text text_of(std::string v) {
  data::text t;
  t.value = std::move(v);
  t.given = true;
  return t;
}

inline data::amount amount_of(std::string_view v) {
  data::amount a;
  a.value = *base::decimal::parse(v);
  a.given = true;
  return a;
}

inline data::count count_of(std::int64_t v) {
  data::count c;
  c.value = v;
  c.given = true;
  return c;
}

inline data::score score_of(std::string_view v) {
  data::score s;
  s.value = *base::decimal::parse(v);
  s.given = true;
  return s;
}

inline data::year_columns columns(std::string_view prior, std::string_view budget,
                                  std::string_view final) {
  data::year_columns c;
  c.prior_final = amount_of(prior);
  c.budget = amount_of(budget);
  c.final = amount_of(final);
  c.given = true;
  return c;
}

inline data::fund_columns funds(std::string_view initial, std::string_view full_year,
                                std::string_view executed) {
  data::fund_columns c;
  c.initial = amount_of(initial);
  c.full_year = amount_of(full_year);
  c.executed = amount_of(executed);
  c.given = true;
  return c;
}

inline data::indicator indicator_row(std::string level1, std::string level2, std::string name,
                                     std::string_view weight, std::string_view score) {
  data::indicator i;
  i.level1 = text_of(std::move(level1));
  i.level2 = text_of(std::move(level2));
  i.name = text_of(std::move(name));
  i.target = text_of("≥1次");
  i.actual = text_of("≥1次");
  i.weight = score_of(weight);
  i.self_score = score_of(score);
  return i;
}

inline data::report_node part(std::string title, std::string generate = {}, std::string body = {},
                              std::vector<data::report_node> parts = {}) {
  data::report_node n;
  if (!title.empty()) n.title = text_of(std::move(title));
  if (!generate.empty()) n.generate = text_of(std::move(generate));
  if (!body.empty()) n.body = text_of(std::move(body));
  n.parts = std::move(parts);
  return n;
}

inline data::report_node section(std::string key, std::string generate = {}, std::string body = {},
                                 std::vector<data::report_node> parts = {}) {
  data::report_node n = part({}, std::move(generate), std::move(body), std::move(parts));
  n.key = text_of(std::move(key));
  return n;
}

// 附件2 indicators whose self scores sum to 88 of 90 (total 97.96 with the execution score).
inline data::evaluation_info overall_evaluation() {
  data::evaluation_info e;
  e.given = true;
  e.indicators = {
      indicator_row("产出指标", "数量指标", "全年全市工会活动", "25", "25"),
      indicator_row("产出指标", "质量指标", "确保工会经费收入按要求完成", "25", "24"),
      indicator_row("效益指标", "社会效益指标", "提高了工会组织的社会影响力", "30", "29"),
      indicator_row("满意度指标", "服务对象满意度指标", "会员满意度", "10", "10"),
  };
  return e;
}

inline data::model fixture_model() {
  data::model m;
  m.file = "fixture.toml";
  m.schema = count_of(1);
  m.year = count_of(2023);
  m.unit.name = text_of("沅江市总工会");
  m.dates.report.value = data::date{2024, 5, 8};
  m.dates.report.given = true;
  m.dates.publish_by.value = data::date{2024, 6, 30};
  m.dates.publish_by.given = true;
  m.dates.publish_site = text_of("沅江市政府门户网站");

  m.staff.authorized = count_of(14);
  m.staff.actual = count_of(16);
  m.staff.administrative = count_of(12);
  m.staff.institutional = count_of(4);
  m.staff.retired = count_of(8);
  m.staff.departments.value = {"办公室", "组织部", "财务资产部"};
  m.staff.departments.given = true;

  m.budget.initial = amount_of("373.59");
  m.budget.full_year = amount_of("420.5");
  m.budget.executed = amount_of("419");
  m.budget.general_public = amount_of("419");
  m.budget.basic = amount_of("274");
  m.budget.project = amount_of("145");

  m.basic_expenditure.wages = amount_of("263.1");
  m.basic_expenditure.goods_services = amount_of("7.76");
  m.basic_expenditure.household = amount_of("3.14");

  m.other_budgets.government_fund = amount_of("0");
  m.other_budgets.state_capital = amount_of("0");
  m.other_budgets.social_insurance = amount_of("0");

  data::project p;
  p.name = text_of("业务工作经费");
  auto item = [](std::string name, data::year_columns amounts, std::string purpose) {
    data::project_item i;
    i.name = text_of(std::move(name));
    i.amounts = amounts;
    i.purpose = text_of(std::move(purpose));
    return i;
  };
  p.items = {
      item("帮扶基金", columns("6", "6", "6"), "主要用于生活救助、医疗救助、助学救助等帮扶项目"),
      item("乡镇工会组织工作经费", columns("28", "28", "19"), "增强工会组织的吸引力和凝聚力。"),
      item("行政事业单位工会经费", columns("150", "150", "120"), "用于全市工会职工活动开展"),
  };
  p.current_year = funds("184", "184", "145");
  p.carried_over = funds("0", "0", "0");
  p.other = funds("0", "0", "0");
  p.evaluation.given = true;
  p.evaluation.indicators = {
      indicator_row("产出指标", "数量指标", "全年全市工会活动", "50", "50"),
      indicator_row("效益指标", "社会效益指标", "提高了工会组织的社会影响力", "30", "28"),
      indicator_row("满意度指标", "服务对象满意度指标", "会员满意度", "10", "10"),
  };
  m.projects.push_back(p);
  data::project empty;
  empty.name = text_of("运行维护经费");
  m.projects.push_back(empty);

  m.overall = overall_evaluation();

  m.overall_report.given = true;
  m.overall_report.sections = {
      section("profile", {}, {},
              {part("职能、机构和人员情况", "staffing", {},
                    {part("强化思想引领，把牢正确政治方向"),
                     part("服务经济高质量发展，推进产业工人队伍建设改革")}),
               part("部门整体支出规模、使用方向、主要内容和涉及范围", "spending_scale")}),
      section(
          "general_budget", {}, {},
          {part("基本支出情况", "basic_expenditure"), part("项目支出情况", "project_expenditure")}),
      section("government_fund", "government_fund"),
      section("state_capital"),
      section("social_insurance", "social_insurance"),
      section("performance", "execution", "一是深入企业宣讲。二是坚持党管意识形态不放松。",
              {part("强化思想引领", {}, "第一段。\n第二段。")}),
      section("problems", {}, "依然存在一些问题和不足：",
              {part("预算和预算绩效管理方面", {}, "存在问题：……\n主要原因：……"),
               part({}, {}, "资金分配、使用方面。存在问题：……")}),
      section("measures", {}, {}, {part("提高认识", {}, "加强学习。")}),
      section("application", {}, {},
              {part("拟应用情况", "score", "我会拟将本次绩效自评结果作为重要依据。"),
               part("拟公开情况", "publication")}),
      section("other"),
  };
  m.project_report.given = true;
  m.project_report.sections = {
      section("overview", {}, {},
              {part("项目支出概况", "project_overview"),
               part("绩效目标设定及指标完成情况", {}, "我会数量指标全年稳定增加。")}),
      section("evaluation_work", {}, "我会通过开展项目支出绩效评价，总结经验。",
              {part("项目资金情况", "project_funds")}),
      section("results", {}, {},
              {part("主要绩效", {}, {},
                    {part("项目的经济性分析", {}, "严格按照规定执行。",
                          {part("项目成本（预算）控制情况", {}, "严格控制成本预算。")})}),
               part("综合评价情况及评价结论", "project_score", "各项目标任务得到了全面落实。")}),
      section("experience", {}, "领导重视，周密部署。"),
      section("suggestions"),
      section("other"),
  };
  return m;
}

}  // namespace selfeval::reports::testing
