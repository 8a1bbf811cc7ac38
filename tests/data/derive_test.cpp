#include "data/derive.h"

#include <gtest/gtest.h>

#include "data/format.h"
#include "data/load.h"
#include "test_util.h"

namespace selfeval::data {
namespace {

using testing::dump;
using testing::minimal_file;

model parse(const std::string& extra) {
  auto r = load_text(minimal_file() + extra, "t.toml");
  EXPECT_FALSE(r.diags.has_errors()) << dump(r.diags);
  return r.data;
}

decimal d(const char* s) {
  return *decimal::parse(s);
}

TEST(Derive, ExecutionRateAndScoreOfTheSeed) {
  const figures f = derive(parse("[overall]\n"));
  ASSERT_TRUE(f.overall.execution_rate);
  EXPECT_EQ(*f.overall.execution_rate, fraction(4190000, 4205000));
  EXPECT_EQ(percent_text(f.overall.execution_rate), "99.64%");
  EXPECT_EQ(score_text(f.overall.execution_score), "9.96");
  EXPECT_EQ(f.overall.execution_weight, decimal::from_int(10));
  EXPECT_EQ(f.budget_adjustment.get(), d("46.91"));
}

TEST(Derive, ExecutionScoreIsCappedAtTheWeight) {
  model m;
  m.budget.full_year = {d("400"), {}, true};
  m.budget.executed = {d("500"), {}, true};
  const figures f = derive(m);
  EXPECT_EQ(percent_text(f.overall.execution_rate), "125.00%");
  EXPECT_EQ(f.overall.execution_score, fraction::of_int(10));
}

TEST(Derive, ZeroBudgetGivesNoRate) {
  model m;
  m.budget.executed = {d("5"), {}, true};
  const figures f = derive(m);
  EXPECT_FALSE(f.overall.execution_rate);
  EXPECT_EQ(percent_text(f.overall.execution_rate), "——");
  EXPECT_FALSE(f.overall.execution_score);  // 执行率 ——, so its score is —— too
}

TEST(Derive, GradeBands) {
  EXPECT_EQ(grade_of(fraction::of_int(100)), grade::excellent);
  EXPECT_EQ(grade_of(fraction::of_int(90)), grade::excellent);
  EXPECT_EQ(grade_of(fraction(8999, 100)), grade::good);
  EXPECT_EQ(grade_of(fraction::of_int(80)), grade::good);
  EXPECT_EQ(grade_of(fraction(7999, 100)), grade::fair);
  EXPECT_EQ(grade_of(fraction::of_int(60)), grade::fair);
  EXPECT_EQ(grade_of(fraction(5999, 100)), grade::poor);
  EXPECT_STREQ(grade_text(grade::excellent), "优");
  EXPECT_STREQ(grade_text(grade::poor), "差");
}

TEST(Derive, ParseTarget) {
  auto t = parse_target("≥120万");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->at_most);
  EXPECT_EQ(t->value, decimal::from_int(120));
  t = parse_target("≤5.5万元");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->at_most);
  EXPECT_EQ(t->value, d("5.5"));
  t = parse_target("100%");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value, decimal::from_int(100));
  t = parse_target("≥1,500人");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value, decimal::from_int(1500));
  EXPECT_FALSE(parse_target("会员满意度"));
  EXPECT_FALSE(parse_target(""));
}

std::string indicator(const char* level1, const char* level2, const char* name, const char* extra) {
  return std::string("[[overall.indicators]]\nlevel1 = \"") + level1 + "\"\nlevel2 = \"" + level2 +
         "\"\nname = \"" + name + "\"\n" + extra;
}

TEST(Derive, AutoScores) {
  const model m =
      parse("[overall]\n" +
            indicator("产出指标", "数量指标", "a",
                      "target = \"≥120万\"\nactual = \"100万\"\nweight = 10\nscore = \"auto\"\n") +
            indicator("产出指标", "数量指标", "b",
                      "target = \"≥1次\"\nactual = \"3次\"\nweight = 10\nscore = \"auto\"\n") +
            indicator("产出指标", "成本指标", "c",
                      "target = \"≤5万元\"\nactual = \"10万元\"\nweight = 10\nscore = \"auto\"\n") +
            indicator("产出指标", "成本指标", "d",
                      "target = \"≤5万元\"\nactual = \"4万元\"\nweight = 10\nscore = \"auto\"\n") +
            indicator("满意度指标", "服务对象满意度指标", "e",
                      "target = \"满意\"\nactual = \"95%\"\nweight = 10\nscore = \"auto\"\n"));
  const figures f = derive(m);
  ASSERT_EQ(f.overall.indicators.size(), 5u);
  EXPECT_EQ(f.overall.indicators[0].score, fraction::of(d("8.3333")));  // 10 × 100/120, 4 places
  EXPECT_EQ(score_text(f.overall.indicators[0].score), "8.33");
  EXPECT_EQ(f.overall.indicators[1].score, fraction::of_int(10));
  EXPECT_EQ(f.overall.indicators[2].score, fraction::of_int(5));  // 10 × 5/10
  EXPECT_EQ(f.overall.indicators[3].score, fraction::of_int(10));
  EXPECT_FALSE(f.overall.indicators[4].score);  // not computable: no score, not 0
  EXPECT_FALSE(f.overall.indicators[4].auto_problem.empty());
  EXPECT_TRUE(f.overall.indicators[0].computed);
}

TEST(Derive, BlocksAndGroupsInCanonicalOrderRowsInTypedOrder) {
  const model m =
      parse("[overall]\n" +
            indicator("满意度指标", "服务对象满意度指标", "s", "weight = 10\nscore = 9\n") +
            indicator("产出指标", "质量指标", "q1", "weight = 20\nscore = 20\n") +
            indicator("产出指标", "数量指标", "n1", "weight = 15\nscore = 15\n") +
            indicator("产出指标", "质量指标", "q2", "weight = 15\nscore = 10\n") +
            indicator("效益指标", "社会效益指标", "e", "weight = 30\nscore = 30\n"));
  const figures f = derive(m);
  ASSERT_EQ(f.overall.blocks.size(), 3u);
  EXPECT_EQ(f.overall.blocks[0].level1, "产出指标");
  EXPECT_EQ(f.overall.blocks[1].level1, "效益指标");
  EXPECT_EQ(f.overall.blocks[2].level1, "满意度指标");
  const auto& out = f.overall.blocks[0];
  ASSERT_EQ(out.groups.size(), 2u);
  EXPECT_EQ(out.groups[0].level2, "数量指标");
  EXPECT_EQ(out.groups[1].level2, "质量指标");
  EXPECT_EQ(out.groups[1].rows, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(out.row_weights, decimal::from_int(50));
  EXPECT_EQ(out.label_weight, decimal::from_int(50));
  EXPECT_EQ(f.overall.blocks[1].label_weight, decimal::from_int(30));
  EXPECT_EQ(f.overall.total_weight, decimal::from_int(100));
  // 9.96… + 9 + 20 + 15 + 10 + 30
  EXPECT_EQ(f.overall.total_score, *f.overall.execution_score + fraction::of_int(84));
  EXPECT_EQ(f.overall.total_grade, grade::excellent);
}

TEST(Derive, EmptyBlocksAreLeftOut) {
  const figures f = derive(parse(
      "[overall]\n" + indicator("效益指标", "经济效益指标", "x", "weight = 30\nscore = 1\n")));
  ASSERT_EQ(f.overall.blocks.size(), 1u);
  EXPECT_EQ(f.overall.blocks[0].block, indicator_block::effect);
}

// A profile with 财预〔2021〕101号's 成本指标 as a fourth 一级指标 (产出 50 → 40).
indicator_rules cost_rules() {
  indicator_rules r;
  r.blocks[0].weight = decimal::from_int(40);
  r.blocks.push_back(cost_block("成本指标", decimal::from_int(10)));
  return r;
}

TEST(Derive, CostRowsMakeAFourthBlockWithItsDefaultWeight) {
  const model m =
      parse("[overall]\n" + indicator("成本指标", "社会成本指标", "s", "weight = 4\nscore = 4\n") +
            indicator("产出指标", "数量指标", "a", "weight = 40\nscore = 40\n") +
            indicator("成本指标", "经济成本指标", "c", "weight = 6\nscore = 5\n"));
  const figures f = derive(m, cost_rules());
  ASSERT_EQ(f.overall.blocks.size(), 2u);
  EXPECT_EQ(f.overall.blocks[0].level1, "产出指标");
  const auto& cost = f.overall.blocks[1];
  EXPECT_EQ(cost.block, indicator_block::cost);
  EXPECT_EQ(cost.level1, "成本指标");
  EXPECT_EQ(cost.label_weight, decimal::from_int(10));  // the profile's default
  EXPECT_EQ(cost.row_weights, decimal::from_int(10));
  ASSERT_EQ(cost.groups.size(), 2u);  // in the framework's order, not as typed
  EXPECT_EQ(cost.groups[0].level2, "经济成本指标");
  EXPECT_EQ(cost.groups[0].rows, (std::vector<std::size_t>{2}));
  EXPECT_EQ(cost.groups[1].level2, "社会成本指标");
  EXPECT_EQ(cost.groups[1].rows, (std::vector<std::size_t>{0}));
  // The blank form's framework has all four blocks, 成本指标 last with its three 二级指标.
  ASSERT_EQ(f.overall.framework.size(), 4u);
  EXPECT_EQ(f.overall.framework[3].level1, "成本指标");
  EXPECT_EQ(f.overall.framework[3].groups.size(), 3u);
  // By the provincial rules the same rows belong to no block.
  const figures hunan = derive(m);
  ASSERT_EQ(hunan.overall.blocks.size(), 1u);
  EXPECT_EQ(hunan.overall.framework.size(), 3u);
}

TEST(Derive, TypedCostWeightAndBlankFrameworkTotal) {
  const figures f =
      derive(parse("[overall]\n[overall.weights]\noutput = 45\ncost = 5\n"), cost_rules());
  ASSERT_EQ(f.overall.framework.size(), 4u);
  EXPECT_EQ(f.overall.framework[0].label_weight, decimal::from_int(45));
  EXPECT_EQ(f.overall.framework[3].label_weight, decimal::from_int(5));
  EXPECT_EQ(f.overall.total_weight, decimal::from_int(100));  // 10 + 45 + 30 + 10 + 5
}

TEST(Derive, UnitFigures) {
  const model m = parse(
      "[staff]\nauthorized = 14\nactual = 16\n"
      "[three_public]\ncar_purchase = [\"\", 1, 2]\ncar_maintenance = [\"\", 0.5, 0.25]\noverseas "
      "= [\"\", 0, 0]\n"
      "reception = [\"\", 1, 1]\n"
      "[buildings]\napproved_area = 0\nactual_area = 0\nbudget_investment = 200\nactual_investment "
      "= 190\n"
      "[basic_expenditure]\nwages = 198.47\ngoods_services = 6.47\nhousehold = 3.14\n");
  const figures f = derive(m);
  EXPECT_EQ(percent_text(f.staff_control_rate), "114.29%");
  EXPECT_TRUE(f.cars.prior_final.is_blank());
  EXPECT_EQ(f.cars.budget.get(), d("1.5"));
  EXPECT_EQ(f.cars.final.get(), d("2.25"));
  EXPECT_EQ(f.three_public.final.get(), d("3.25"));
  EXPECT_TRUE(f.three_public.prior_final.is_blank());
  EXPECT_EQ(percent_text(f.area_control_rate), "——");
  EXPECT_EQ(percent_text(f.investment_control_rate), "95.00%");
  EXPECT_EQ(f.basic_total.get(), d("208.08"));
  EXPECT_EQ(percent_text(f.wages_share), "95.38%");
  EXPECT_EQ(percent_text(f.goods_services_share), "3.11%");
  EXPECT_EQ(percent_text(f.household_share), "1.51%");
}

TEST(Derive, CarsRowFallsBackToTheTypedRowWhereItsPartsAreBlank) {
  const figures f = derive(
      parse("[three_public]\ncar_purchase = [\"\", \"\", 1]\ncar_maintenance = [\"\", \"\", 2]\n"
            "cars = [0, 5, 3]\noverseas = [1, 1, 1]\n"));
  EXPECT_EQ(f.cars.prior_final.get(), decimal{});
  EXPECT_EQ(f.cars.budget.get(), decimal::from_int(5));
  EXPECT_EQ(f.cars.final.get(), decimal::from_int(3));
  EXPECT_EQ(f.three_public.budget.get(), decimal::from_int(6));
}

TEST(Derive, ProjectFundsAndGroupRows) {
  const model m = parse(
      "[[projects]]\nname = \"业务工作经费\"\n"
      "[[projects.items]]\nname = \"a\"\namounts = [6, 6, 6]\n"
      "[[projects.items]]\nname = \"b\"\namounts = [28, 28, 19]\n"
      "[[projects.items]]\nname = \"c\"\namounts = [150, 150, 120]\n"
      "[projects.funds]\ncurrent_year = [180, 180, 141]\ncarried_over = [4, 4, 4]\n"
      "[[projects]]\nname = \"运行维护经费\"\namounts = [1, 2, \"\"]\n");
  const figures f = derive(m);
  ASSERT_EQ(f.projects.size(), 2u);
  EXPECT_EQ(f.projects[0].amounts.budget.get(), decimal::from_int(184));
  EXPECT_EQ(f.projects[0].amounts.final.get(), decimal::from_int(145));
  EXPECT_EQ(f.projects[0].funds_full_year.get(), decimal::from_int(184));
  EXPECT_EQ(f.projects[0].funds_executed.get(), decimal::from_int(145));
  EXPECT_EQ(percent_text(f.projects[0].evaluation.execution_rate), "78.80%");
  EXPECT_EQ(score_text(f.projects[0].evaluation.execution_score), "7.88");
  EXPECT_EQ(f.projects[1].amounts.budget.get(), decimal::from_int(2));
  EXPECT_TRUE(f.projects[1].amounts.final.is_blank());
  EXPECT_EQ(f.projects_total.budget.get(), decimal::from_int(186));
  EXPECT_EQ(f.projects_total.final.get(), decimal::from_int(145));
}

TEST(Derive, ManyAutoScoresKeepBoundedDenominators) {
  std::string rows = "[overall]\n";
  for (int i = 0; i < 200; ++i)
    rows += indicator("产出指标", "数量指标", "r",
                      ("target = \"≥" + std::to_string(100003 + 2 * i) + "\"\nactual = \"" +
                       std::to_string(99991 - i) + ".0007\"\nweight = 0.25\nscore = \"auto\"\n")
                          .c_str());
  const figures f = derive(parse(rows));
  EXPECT_LE(f.overall.total_score->den(), fraction::int_t{10000} * 4205000);
  // 9.96 + 200 × 0.25 × (actual ÷ target ≈ 0.998)
  EXPECT_GT(*f.overall.total_score, fraction::of_int(59));
  EXPECT_LT(*f.overall.total_score, fraction::of_int(60));
  EXPECT_EQ(f.overall.total_grade, grade::poor);
}

TEST(Derive, Deterministic) {
  const model m =
      parse("[overall]\n" + indicator("产出指标", "数量指标", "a", "weight = 50\nscore = 45.5\n"));
  const figures a = derive(m);
  const figures b = derive(m);
  EXPECT_EQ(a.overall.total_score, b.overall.total_score);
  EXPECT_EQ(score_text(a.overall.total_score), "55.46");
}

}  // namespace
}  // namespace selfeval::data
