#include "data/validate.h"

#include <gtest/gtest.h>

#include "base/messages.h"
#include "data/format.h"
#include "test_util.h"

namespace selfeval::data {
namespace {

using testing::count_id;
using testing::dump;
using testing::minimal_file;

check_result check(const std::string& extra) {
  return check_text(minimal_file() + extra, "t.toml");
}

const base::diagnostic* find(const base::diagnostics& d, std::string_view id) {
  for (const auto& x : d.items())
    if (x.id == id) return &x;
  return nullptr;
}

// Line numbers below count from the end of minimal_file(), which has 8 lines.
constexpr std::uint32_t base_lines = 8;

TEST(Validate, MinimalFileIsClean) {
  const auto r = check("");
  EXPECT_TRUE(r.diags.empty()) << dump(r.diags);
}

// Messages come from the catalogue: Chinese by default, English when asked.
TEST(Validate, MessagesSpeakChineseByDefaultAndEnglishWhenAsked) {
  const std::string data =
      "[basic_expenditure]\nwages = 1\ngoods_services = 2\nhousehold = 3\ntotal = 7\n";
  const auto zh = check(data);
  const auto* d = find(zh.diags, "sum-mismatch");
  ASSERT_NE(d, nullptr) << dump(zh.diags);
  EXPECT_EQ(d->loc.line, base_lines + 5);
  EXPECT_EQ(
      base::format_diagnostic(*d),
      "t.toml:13:9: 错误[sum-mismatch]：basic_expenditure.total 为 7，但工资福利 + "
      "商品和服务 + 对个人和家庭 = 6\n  提示：请改正各部分或合计（合计也可不填，由程序计算）");
  const base::language saved = base::current_language();
  base::set_language(base::language::en);
  const auto en = check(data);
  base::set_language(saved);
  const auto* e = find(en.diags, "sum-mismatch");
  ASSERT_NE(e, nullptr) << dump(en.diags);
  EXPECT_EQ(e->message,
            "basic_expenditure.total is 7 but 工资福利 + 商品和服务 + 对个人和家庭 = 6");
  EXPECT_EQ(e->hint, "correct the parts or the total (it can also be left out: it is computed)");
}

TEST(Validate, ThousandYuanItemGetsTheDivideByTenHint) {
  const auto r = check(
      "[[projects]]\nname = \"业务工作经费\"\namounts = [184, 184, 145]\n"
      "[[projects.items]]\nname = \"帮扶基金\"\namounts = [6, 6, 6]\n"
      "[[projects.items]]\nname = \"乡镇工会组织工作经费\"\namounts = [28, 280, 19]\n"
      "[[projects.items]]\nname = \"行政事业单位工会经费\"\namounts = [150, 150, 120]\n");
  const auto* d = find(r.diags, "sum-mismatch");
  ASSERT_NE(d, nullptr) << dump(r.diags);
  EXPECT_EQ(d->loc.line, base_lines + 9);
  EXPECT_EQ(d->loc.column, 16u);  // the 280
  EXPECT_NE(d->hint.find("千元"), std::string::npos);
  EXPECT_NE(d->hint.find("28"), std::string::npos);
  EXPECT_EQ(r.diags.error_count(), 1u) << dump(r.diags);
}

TEST(Validate, PlainSumMismatchPointsAtTheTypedTotal) {
  const auto r = check(
      "[[projects]]\nname = \"x\"\namounts = [10, 10, 10]\n"
      "[[projects.items]]\nname = \"a\"\namounts = [3, 3, 3]\n"
      "[[projects.items]]\nname = \"b\"\namounts = [3, 3, 3]\n"
      "[three_public]\ncar_purchase = [1, 1, 1]\ncar_maintenance = [1, 1, 1]\ncars = [2, 2, 3]\n");
  EXPECT_EQ(count_id(r.diags, "sum-mismatch", base_lines + 3), 3) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "sum-mismatch", base_lines + 13), 1) << dump(r.diags);
}

TEST(Validate, WeightsMustAddUp) {
  const auto r = check(
      "[overall]\n"
      "[[overall.indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"a\"\nweight "
      "= 40\nscore = 40\n"
      "[[overall.indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"社会效益指标\"\nname = "
      "\"b\"\nweight = 30\nscore = 31\n"
      "[[overall.indicators]]\nlevel1 = \"满意度指标\"\nlevel2 = \"服务对象满意度指标\"\nname = "
      "\"c\"\n"
      "[[overall.indicators]]\nlevel1 = \"满意度\"\nlevel2 = \"x\"\nname = \"d\"\nweight = "
      "0\nscore = 0\n");
  EXPECT_EQ(count_id(r.diags, "weight-sum", base_lines + 2), 1) << dump(r.diags);  // 产出 40 ≠ 50
  EXPECT_EQ(count_id(r.diags, "score-range", base_lines + 13), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "missing-weight", base_lines + 14), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "missing-score", base_lines + 14), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "weight-sum", base_lines + 14), 1) << dump(r.diags);  // 满意度 0 ≠ 10
  const auto* name = find(r.diags, "unknown-name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->loc.line, base_lines + 19);
  EXPECT_EQ(name->hint, "请核对名称。是否应为“满意度指标”？");
  EXPECT_EQ(count_id(r.diags, "weight-range", base_lines + 22), 1) << dump(r.diags);
}

TEST(Validate, CostBlockOfAProfile) {
  indicator_rules rules;
  rules.blocks[0].weight = decimal::from_int(40);
  rules.blocks.push_back(cost_block("成本指标", decimal::from_int(10)));
  const std::string rows =
      "[overall]\n"
      "[[overall.indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"a\"\n"
      "weight = 40\nscore = 40\n"
      "[[overall.indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"社会效益指标\"\nname = \"b\"\n"
      "weight = 30\nscore = 30\n"
      "[[overall.indicators]]\nlevel1 = \"满意度指标\"\nlevel2 = \"服务对象满意度指标\"\n"
      "name = \"c\"\nweight = 10\nscore = 10\n"
      "[[overall.indicators]]\nlevel1 = \"成本指标\"\nlevel2 = \"经济成本指标\"\nname = \"d\"\n"
      "weight = 10\nscore = 9\n";
  const auto clean = check_text(minimal_file() + rows, "t.toml", rules);
  EXPECT_FALSE(clean.diags.has_errors()) << dump(clean.diags);
  ASSERT_EQ(clean.computed.overall.blocks.size(), 4u);
  EXPECT_EQ(clean.computed.overall.blocks[3].level1, "成本指标");

  // An unknown 二级 name is still an error, with the cost block's names as the hint.
  std::string wrong = rows;
  wrong.replace(wrong.find("经济成本指标"), std::string("经济成本指标").size(), "经济成本");
  const auto r = check_text(minimal_file() + wrong, "t.toml", rules);
  EXPECT_EQ(count_id(r.diags, "unknown-name", base_lines + 22), 1) << dump(r.diags);
  EXPECT_EQ(r.diags.error_count(), 1u) << dump(r.diags);
  const auto* name = find(r.diags, "unknown-name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->hint, "请核对名称。是否应为“经济成本指标”？");

  // The provincial rules know no 成本指标 block and no weights.cost.
  const auto hunan =
      check_text(minimal_file() + rows + "[overall.weights]\noutput = 40\ncost = 10\n", "t.toml");
  EXPECT_EQ(count_id(hunan.diags, "unknown-name", base_lines + 21), 1) << dump(hunan.diags);
  EXPECT_EQ(count_id(hunan.diags, "weight-no-block", base_lines + 28), 1) << dump(hunan.diags);
}

TEST(Validate, TypedComputedFigures) {
  const auto r = check(
      "adjustment = 46\nexecution_rate = \"99.6%\"\nexecution_score = 9\n"
      "[staff]\nauthorized = 14\nactual = 16\ncontrol_rate = \"114.29%\"\n"
      "[overall]\ntotal_weight = 90\ngrade = \"良\"\n");
  EXPECT_EQ(count_id(r.diags, "computed-mismatch", base_lines + 1), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "percent-precision", base_lines + 2), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "computed-mismatch", base_lines + 3), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "computed-mismatch", base_lines + 9), 1)
      << dump(r.diags);  // no rows: 10
  const auto* pp = find(r.diags, "percent-precision");
  ASSERT_NE(pp, nullptr);
  EXPECT_NE(pp->hint.find("99.64%"), std::string::npos);
  // adjustment, score, total_weight (10); with no indicator table and no self_score the total
  // is not known, so the typed grade cannot be contradicted
  EXPECT_EQ(r.diags.error_count(), 3u) << dump(r.diags);
}

TEST(Validate, TypedTotalAndStatedScoreMustMatchTheIndicatorTable) {
  const auto r = check(
      "[overall]\ntotal_score = 90\nself_score = 95\n"
      "[[overall.indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"a\"\n"
      "weight = 50\nscore = 50\n"
      "[[overall.indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"社会效益指标\"\nname = \"b\"\n"
      "weight = 30\nscore = 30\n"
      "[[overall.indicators]]\nlevel1 = \"满意度指标\"\nlevel2 = \"服务对象满意度指标\"\n"
      "name = \"c\"\nweight = 10\nscore = 10\n");
  // 9.96 + 90 = 99.96: both the typed total and the stated self-score disagree
  EXPECT_EQ(count_id(r.diags, "computed-mismatch", base_lines + 2), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "computed-mismatch", base_lines + 3), 1) << dump(r.diags);
}

TEST(Validate, CrossDeliverableIdentities) {
  const auto r = check(
      "[budget.by_source]\ngeneral_public = 373.59\n"
      "[budget.by_use]\nbasic = 274\nproject = 144\n"
      "[basic_expenditure]\nwages = 198.47\ngoods_services = 6.47\nhousehold = 3.14\n"
      "[public_funds]\ntotal = [1, 2, 7.76]\noffice = [1, 3, 1]\n");
  const auto* income = find(r.diags, "income-basis");
  ASSERT_NE(income, nullptr) << dump(r.diags);
  EXPECT_EQ(income->loc.line, base_lines + 2);
  EXPECT_NE(income->message.find("年初预算数"), std::string::npos);
  EXPECT_EQ(count_id(r.diags, "cross-mismatch", base_lines + 4), 1)
      << dump(r.diags);  // 274 + 144 ≠ 419
  EXPECT_EQ(count_id(r.diags, "cross-mismatch", base_lines + 7), 1)
      << dump(r.diags);  // 208.08 ≠ 274
  EXPECT_EQ(count_id(r.diags, "cross-mismatch", base_lines + 11), 1)
      << dump(r.diags);  // 7.76 ≠ 6.47
  EXPECT_EQ(count_id(r.diags, "part-exceeds-total", base_lines + 12), 1) << dump(r.diags);
}

TEST(Validate, DatesAfterTheFiscalYear) {
  const auto r = check(
      "[dates]\nreport = 2023-12-31\npublish_by = 2023-06-30\n[signature]\nfilled_on = "
      "2024-01-02\n");
  EXPECT_EQ(count_id(r.diags, "date-order", base_lines + 2), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "date-order", base_lines + 3), 1)
      << dump(r.diags);  // warning: before report
  EXPECT_EQ(count_id(r.diags, "date-order", base_lines + 5), 0) << dump(r.diags);
}

TEST(Validate, ReportTextHygiene) {
  const auto r = check(
      "[overall_report]\n"
      "[[overall_report.sections]]\nkey = \"profil\"\ngenerate = \"staffing, spending_scal\"\n"
      "[[overall_report.sections]]\nkey = \"application\"\n"
      "text = \"我委拟将《关于印发《办法》的通知》用于2021年工作。\"\n"
      "[[overall_report.sections]]\nkey = \"application\"\n");
  // Section keys and block names are the profile's wording's to check
  // (tests/reports/tree_check_test.cpp): the data checker leaves them alone.
  EXPECT_EQ(count_id(r.diags, "unknown-section"), 0) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "unknown-generate"), 0) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "duplicate-section"), 0) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "self-reference", base_lines + 7), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "nested-title", base_lines + 7), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "stale-year", base_lines + 7), 1) << dump(r.diags);
  EXPECT_EQ(r.diags.items().size(), 3u) << dump(r.diags);
}

TEST(Validate, LowExecutionWithoutDeviationIsAWarning) {
  const std::string row =
      "[[overall.indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"a\"\nweight "
      "= 50\nscore = 50\n";
  const auto r = check_text(
      "year = 2023\n[unit]\nname = \"x\"\n[budget]\ninitial = 100\nfull_year = 100\nexecuted = "
      "80\n[overall]\n" +
          row,
      "t.toml");
  EXPECT_EQ(count_id(r.diags, "low-execution", 7), 1) << dump(r.diags);
  const auto explained = check_text(
      "year = 2023\n[unit]\nname = \"x\"\n[budget]\ninitial = 100\nfull_year = 100\n"
      "executed = 80\n[overall]\n" +
          row + "deviation = \"疫情影响，部分活动延期。\"\n",
      "t.toml");
  EXPECT_EQ(count_id(explained.diags, "low-execution"), 0) << dump(explained.diags);
}

TEST(CheckFile, ExamplesHaveNoErrors) {
  for (const char* path : {"examples/yuanjiang-2023.toml", "examples/yuanjiang-2022.toml",
                           "examples/yiyang-2023.toml"}) {
    const auto r = check_file(path);
    EXPECT_FALSE(r.io_failed) << path;
    EXPECT_FALSE(r.diags.has_errors()) << path << "\n" << dump(r.diags);
  }
}

TEST(CheckFile, AsPrintedSeedHasTheKnownDefects) {
  const auto r = check_file("tests/fixtures/yuanjiang-2023-as-printed.toml");
  EXPECT_TRUE(r.diags.has_errors());
  EXPECT_GE(count_id(r.diags, "income-basis"), 1);
  EXPECT_GE(count_id(r.diags, "cross-mismatch"), 2);
  EXPECT_GE(count_id(r.diags, "weight-sum"), 1);
  EXPECT_GE(count_id(r.diags, "missing-weight"), 11);
  // The figures are computed anyway.
  ASSERT_FALSE(r.computed.projects.empty());
  EXPECT_EQ(score_text(r.computed.projects[0].evaluation.execution_score), "7.88");
}

}  // namespace
}  // namespace selfeval::data
