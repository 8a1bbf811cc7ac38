// The data of one unit and year: everything the five deliverables (附件1–5) print, as typed in
// the one TOML data file. Plain structs; every value keeps where it was typed so checks can
// point at it. Nothing here is computed: computed figures live in data/derive.h.
//
// The TOML key that fills each member is given in its comment; docs/data-format.md is the
// user's reference for the same keys.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/decimal.h"
#include "base/source_loc.h"

namespace selfeval::data {

using base::decimal;
using base::source_loc;

// How a figure that is not known is typed, and printed: "——" (two U+2014).
inline constexpr std::string_view unknown_mark = base::not_applicable;

// A value from the data file and where it was typed. `given` is false when the key is absent
// (then `loc` points at the enclosing table, so a "missing key" diagnostic has a place).
// A number typed as "——" is not known: `unknown` is set and `given` stays false, so nothing
// can use it as a value; it prints "——" and so does every figure computed from it.
template <class T>
struct field {
  T value{};
  source_loc loc;
  bool given = false;
  bool unknown = false;

  explicit operator bool() const { return given; }
};

using text = field<std::string>;    // a TOML string; multi-paragraph text: one paragraph a line
using amount = field<decimal>;      // 万元, up to 4 decimals, exact (read from the source text)
using count = field<std::int64_t>;  // people, items
using score = field<decimal>;       // 分值 / 自评得分, up to 4 decimals
// A percentage typed as "99.64%" or 99.64; value is the percent (99.64), exact.
using percent = field<decimal>;

struct date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const date&, const date&) = default;
};

// A 附件1 money row over its three year-columns, typed as a 3-element array
// `[上年决算, 本年预算, 本年决算]`; an element "" leaves that cell blank (given = false).
struct year_columns {
  amount prior_final;  // {Y-1}年决算数
  amount budget;       // {Y}年预算数
  amount final;        // {Y}年决算数
  source_loc loc;      // the array
  bool given = false;
};

// A 附件3 fund row typed as `[年初预算数, 全年预算数, 全年执行数]`.
struct fund_columns {
  amount initial;    // 年初预算数
  amount full_year;  // 全年预算数
  amount executed;   // 全年执行数
  source_loc loc;
  bool given = false;
};

// [unit]
struct unit_info {
  text name;  // unit.name         部门（单位）名称, e.g. "沅江市总工会" (required)
  text self_name;          // unit.self_name    how the reports refer to the unit; default "我会"
  text budget_code;        // unit.budget_code  预算编码 (optional; Yueyang covers)
  text evaluation_method;  // unit.evaluation_method  评价方式, e.g. "单位自评" (optional; covers)
};

// [signature]: the line under 附件1–3 (填表人 填表日期 联系电话 单位负责人签字) and the seals.
struct signature_info {
  text filler;            // signature.filler     填表人
  field<date> filled_on;  // signature.filled_on  填表日期 (TOML date 2024-05-08)
  text phone;             // signature.phone      联系电话
  text head;              // signature.head       单位负责人 (printed only when given)
  text signature_image;  // signature.signature_image  PNG drawn on 单位负责人签字 (relative path)
  text seal_image;       // signature.seal_image       PNG seal over the unit name / signature line
};

// [dates]
struct dates_info {
  field<date> report;  // dates.report      成文日期 on both covers; absent: "年 月 日" blank
  field<date> publish_by;  // dates.publish_by  拟公开日期 (附件4 九(二)); absent: no date sentence
  text publish_site;  // dates.publish_site  where the results are published (附件4 九(二))
};

// [staff] 财政供养人员情况（人） (附件1 rows 1–2; 附件4 一(一))
struct staff_info {
  count authorized;      // staff.authorized      编制数
  count actual;          // staff.actual          {Y}年实际在职人数
  count administrative;  // staff.administrative  行政编 (optional, report only)
  count institutional;   // staff.institutional   事业编 (optional, report only)
  count retired;         // staff.retired         退休人员 (optional, report only)
  field<std::vector<std::string>> departments;  // staff.departments 内设机构 (optional)
  percent control_rate;  // staff.control_rate    computed; typed anyway it must agree
};

// [three_public] 三公经费 (附件1 rows 4–9)
struct three_public_info {
  year_columns car_purchase;     // three_public.car_purchase     其中：公车购置
  year_columns car_maintenance;  // three_public.car_maintenance  公车运行维护
  year_columns cars;  // three_public.cars   1、公务用车购置和维护经费 (computed; typed → checked)
  year_columns overseas;   // three_public.overseas         2、出国经费
  year_columns reception;  // three_public.reception        3、公务接待
  year_columns total;      // three_public.total  三公经费 (computed; typed → checked)
};

// [public_funds] 公用经费 (附件1 rows 15–18)
struct public_funds_info {
  year_columns total;              // public_funds.total              公用经费
  year_columns office;             // public_funds.office             其中：办公费
  year_columns utilities_travel;   // public_funds.utilities_travel   水费、电费、差旅费
  year_columns meetings_training;  // public_funds.meetings_training  会议费、培训费
};

// [procurement] 政府采购金额 (附件1 row 19; the {Y-1} column prints "——")
struct procurement_info {
  amount budget;  // procurement.budget  {Y}年预算数
  amount final;   // procurement.final   {Y}年决算数
};

// [buildings] 楼堂馆所控制情况（{Y}年完工项目） (附件1 rows 21–22)
struct buildings_info {
  amount approved_area;             // buildings.approved_area      批复规模（㎡）
  amount actual_area;               // buildings.actual_area        实际规模（㎡）
  amount budget_investment;         // buildings.budget_investment  预算投资（万元）
  amount actual_investment;         // buildings.actual_investment  实际投资（万元）
  percent area_control_rate;        // computed; typed → checked ("——" when 批复规模 = 0)
  percent investment_control_rate;  // computed; typed → checked
};

// [budget] 附件2 年度预算申请（万元） and the basis of many report sentences.
struct budget_info {
  amount initial;    // budget.initial    年初预算数
  amount full_year;  // budget.full_year  全年预算数
  amount executed;   // budget.executed   全年执行数 (= 全年支出 in 附件4 一(二))
  // [budget.by_source] 按收入性质分 (basis: 全年执行数)
  amount general_public;   // budget.by_source.general_public   一般公共预算
  amount government_fund;  // budget.by_source.government_fund  政府性基金拨款
  amount special_account;  // budget.by_source.special_account  纳入专户管理的非税收入拨款
  amount other_income;     // budget.by_source.other            其他资金
  // [budget.by_use] 按支出性质分
  amount basic;    // budget.by_use.basic    基本支出
  amount project;  // budget.by_use.project  项目支出
  // Computed figures that may be typed anyway (then they must agree):
  amount adjustment;  // budget.adjustment        部门基本支出预算调整 = 全年预算 − 年初预算
  percent execution_rate;  // budget.execution_rate    执行率
  score execution_score;   // budget.execution_score   得分
};

// [basic_expenditure] 基本支出按经济分类 (附件4 二(一)); must sum to budget.by_use.basic.
struct basic_expenditure_info {
  amount wages;           // basic_expenditure.wages           工资福利支出
  amount goods_services;  // basic_expenditure.goods_services  商品和服务支出 (= 附件1 公用经费
                          // {Y}决算)
  amount household;  // basic_expenditure.household       对个人和家庭的补助
  amount total;      // basic_expenditure.total  computed; typed → checked
};

// One line of [expenditure]: 全年预算 and 决算 of a kind of spending.
struct spending_line {
  amount budget;  // budget  全年预算数
  amount final;   // final   决算数 (全年执行数)
  source_loc loc;
  bool given = false;
};

// [expenditure] 基本支出 split into 人员类 and 公用经费, and 项目支出, on budget and final basis.
struct expenditure_info {
  spending_line personnel;  // expenditure.personnel  人员类支出 (工资福利 + 对个人和家庭的补助)
  spending_line public_use;  // expenditure.public     公用经费 (商品和服务支出)
  spending_line project;     // expenditure.project    项目支出
};

// [other_budgets] 附件4 三、四、五 (0 → "我会无…预算收支。")
struct other_budgets_info {
  amount government_fund;   // other_budgets.government_fund   政府性基金预算支出
  amount state_capital;     // other_budgets.state_capital     国有资本经营预算支出
  amount social_insurance;  // other_budgets.social_insurance  社会保险基金预算支出
};

// One indicator row of 附件2 / 附件3.
struct indicator {
  text level1;  // level1     一级指标: 产出指标 | 效益指标 | 满意度指标
  text level2;  // level2     二级指标: 数量指标 质量指标 时效指标 成本指标 | 经济效益指标
                // 社会效益指标
                //            生态效益指标 可持续影响指标 | 服务对象满意度指标
  text name;  // name       三级指标
  text target;  // target     年度指标值, e.g. "≥1次", "≤5万元", "100%", "2023年12月31日前"
  text actual;              // actual     实际完成值
  score weight;             // weight     分值 (> 0)
  score self_score;         // score  自评得分 (0 ≤ score ≤ weight), or the string "auto"
  bool auto_score = false;  // score = "auto": computed from a ≥ / ≤ target and a numeric actual
  text deviation;           // deviation  偏差原因分析及改进措施
  source_loc loc;           // the row (its table or inline table)
};

// Weights of the first-level blocks; default 10 / 50 / 30 / 10, total 100.
struct weights_info {
  score execution;     // weights.execution     预算执行率 (10)
  score output;        // weights.output        产出指标 (50)
  score effect;        // weights.effect        效益指标 (30)
  score satisfaction;  // weights.satisfaction  满意度指标 (10)
  score cost;          // weights.cost          成本指标 (a profile's; none in Hunan)
};

// The scored part shared by 附件2 (overall) and each 附件3 (project).
struct evaluation_info {
  text goals_expected;   // goals.expected  年度总体目标·预期目标 (one goal a line)
  text goals_actual;     // goals.actual    实际完成情况
  weights_info weights;  // weights.*
  std::vector<indicator> indicators;  // [[….indicators]] in any order; printed grouped
  // Computed figures that may be typed anyway (then they must agree):
  score total_weight;  // total_weight  总分·分值 (must be 100)
  score total_score;   // total_score   总分·自评得分 (computed; typed → checked)
  // self_score  the unit's own stated 自评分: the score without an indicator table; with one
  // it must equal the computed total.
  score stated_score;
  text grade;      // grade         等次 优/良/中/差
  source_loc loc;  // the table
  bool given = false;
};

// [[projects.items]] 二级项目: one 附件1 专项 row.
struct project_item {
  text name;             // name     专项名称
  year_columns amounts;  // amounts  [上年决算, 本年预算, 本年决算]
  text purpose;  // purpose  用途 (附件5 一(一) "1. {name}。{purpose}，经费{amt}万元。")
  source_loc loc;
};

// [[projects]] 一级项目: a 附件1 项目支出 group and, when evaluated, one 附件3 table.
struct project {
  text name;                        // name         一级项目名称, e.g. "业务工作经费"
  text department;                  // department   主管部门 (default: unit.name)
  text implementer;                 // implementer  实施单位 (default: unit.name)
  std::vector<project_item> items;  // [[projects.items]]
  // items_partial = true: the items name only some of the 专项 ("其中包括：…等"); the group
  // row `amounts` is then the total and the items need not add up to it.
  field<bool> items_partial;
  year_columns amounts;  // amounts  group row of 附件1: computed from items; typed → checked;
                         //          data when the project has no items
  // [projects.funds] 附件3 项目资金（万元）
  fund_columns current_year;   // funds.current_year  其中：当年财政拨款
  fund_columns carried_over;   // funds.carried_over  上年结转资金
  fund_columns other;          // funds.other         其他资金
  fund_columns funds_total;    // funds.total  年度资金总额 (computed; typed → checked)
  percent execution_rate;      // funds.execution_rate   computed; typed → checked
  score execution_score;       // funds.execution_score  computed; typed → checked
  evaluation_info evaluation;  // [projects.evaluation] present → a 附件3 is produced
  source_loc loc;
};

// A heading with its text and sub-parts; four levels print as 一、 （一） 1. （1）.
// Numbers are generated from the order, never typed.
struct report_node {
  text key;       // key       canonical section (top level only), e.g. "profile"; gives the
                  //           default title and the generated sentences
  text title;     // title     heading without its number; overrides the key's default
  text generate;  // generate  a generated block placed before the text (see derive.h)
  text body;      // text      free paragraphs, one a line
  std::vector<report_node> parts;  // [[….parts]] the next level down
  source_loc loc;
};

// [overall_report] 附件4 and [project_report] 附件5.
struct report_info {
  text title;  // title  overrides "{Y}年度{unit}整体支出绩效自评报告" / "…项目支出绩效自评报告"
  std::vector<report_node> sections;  // [[….sections]]
  source_loc loc;
  bool given = false;
};

// One row of a scored form (考核评分表) as filled in: [scored.<form id>.rows] <row id> = { … }.
// The criteria themselves (一级/二级指标, 评分标准, 分值) are in the form's definition.
struct scored_row {
  std::string id;               // the criterion's id in the form, e.g. "c1"
  score points;                 // score     得分 (0 ≤ score ≤ the criterion's 分值)
  bool not_applicable = false;  // score = "不适用": the criterion does not apply to this unit
  text evidence;                // evidence  佐证材料 as provided
  source_loc loc;               // the row's key
};

// [scored.<form id>]: the scores of one scored form of the profile.
struct scored_entry {
  std::string form;              // the form's id
  std::vector<scored_row> rows;  // rows (any order; the form prints its own order)
  score total;                   // total  合计 (computed; typed → checked)
  source_loc loc;                // the table
};

// The whole data file.
struct model {
  std::string file;  // path as given on the command line (for diagnostics)
  // The file's text, so a finding inside a multi-line string can name its own line.
  std::shared_ptr<const std::string> source;
  // Every number typed "——", with its key and place: check warns once for each.
  std::vector<std::pair<std::string, source_loc>> unknown_figures;
  count schema;  // schema  format version, 1
  count year;    // year    evaluated year {Y}, 2000–2100
  text profile;  // profile  the region's package (config/profiles/<name>), "hunan" when absent
  unit_info unit;
  signature_info signature;
  dates_info dates;
  staff_info staff;
  three_public_info three_public;
  public_funds_info public_funds;
  procurement_info procurement;
  buildings_info buildings;
  text frugality;  // frugality  厉行节约保障措施 (附件1 row 23; paragraphs "一是…二是…")
  budget_info budget;
  basic_expenditure_info basic_expenditure;
  expenditure_info expenditure;
  other_budgets_info other_budgets;
  std::vector<project> projects;     // [[projects]]
  evaluation_info overall;           // [overall]  附件2 goals, weights and indicators
  report_info overall_report;        // [overall_report]  附件4
  report_info project_report;        // [project_report]  附件5
  std::vector<scored_entry> scored;  // [scored.<form id>]  scored forms of the profile
};

}  // namespace selfeval::data
