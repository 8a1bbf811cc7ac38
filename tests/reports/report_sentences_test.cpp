// Generated report sentences: every figure comes from data::derive through data/format.h, so the
// reports print what the tables print. Expected strings are worked out by hand from the
// fixture's inputs (419 ÷ 420.5 = 99.64 %, 263.1 ÷ 274 = 96.02 %, …).
#include <gtest/gtest.h>

#include "data/derive.h"
#include "data/format.h"
#include "report_fixture.h"
#include "reports/report.h"

namespace selfeval::reports {
namespace {

using testing::fixture_model;
using testing::section;
using testing::text_of;

// The paragraphs a single generated block prints, as the only content of one section.
std::vector<std::string> generated(const data::model& base, report_kind kind,
                                   const std::string& name) {
  data::model m = base;
  auto& sections =
      kind == report_kind::overall ? m.overall_report.sections : m.project_report.sections;
  sections = {section(kind == report_kind::overall ? "performance" : "results", name)};
  base::diagnostics diags;
  auto blocks = report_body(kind, m, data::derive(m), testing::shipped_wording(), diags);
  EXPECT_FALSE(diags.has_errors());
  std::vector<std::string> out;
  for (const body_block& b : blocks)
    if (b.level == 0) out.push_back(b.text);
  return out;
}

std::string one(const data::model& m, report_kind kind, const std::string& name) {
  auto p = generated(m, kind, name);
  EXPECT_EQ(p.size(), 1u) << name;
  return p.empty() ? std::string() : p.front();
}

TEST(report_sentences, staffing) {
  EXPECT_EQ(one(fixture_model(), report_kind::overall, "staffing"),
            "我会机关内设办公室、组织部、财务资产部共3个部门。核定编制14人，2023年实际在职16人"
            "（行政编12人，事业编4人），退休人员8人。");
  data::model m = fixture_model();
  m.staff.departments.given = false;
  m.staff.administrative.given = false;
  m.staff.institutional.given = false;
  m.staff.retired.given = false;
  m.unit.self_name = text_of("本会");
  EXPECT_EQ(one(m, report_kind::overall, "staffing"), "核定编制14人，2023年实际在职16人。");
}

TEST(report_sentences, spending_scale_with_the_definition_of_basic_spending) {
  auto p = generated(fixture_model(), report_kind::overall, "spending_scale");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "2023年全年支出419.00万元，其中：基本支出274.00万元，项目支出145.00万元。");
  EXPECT_TRUE(
      p[1].starts_with("基本支出系保障本单位机构正常运转、完成日常工作任务而发生的各项支出"));
  EXPECT_TRUE(p[1].ends_with("办公设备购置等日常公用经费。"));
}

TEST(report_sentences, definition_typed_by_the_user_is_printed_once) {
  data::model m = fixture_model();
  std::string definition = generated(m, report_kind::overall, "spending_scale")[1];
  m.overall_report.sections = {section("profile", "spending_scale", definition + "\n其他说明。")};
  base::diagnostics diags;
  auto blocks =
      report_body(report_kind::overall, m, data::derive(m), testing::shipped_wording(), diags);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_TRUE(blocks[1].text.starts_with("2023年全年支出419.00万元"));
  EXPECT_EQ(blocks[2].text, definition);
  EXPECT_EQ(blocks[3].text, "其他说明。");
}

TEST(report_sentences, basic_expenditure_shares_of_basic_spending) {
  data::model m = fixture_model();
  data::figures f = data::derive(m);
  std::string s = one(m, report_kind::overall, "basic_expenditure");
  EXPECT_EQ(s,
            "2023年基本支出274.00万元，按支出经济分类，其中：工资福利支出263.10万元，占基本支出的"
            "96.02%；商品和服务支出7.76万元，占基本支出的2.83%；对个人和家庭的补助3.14万元，"
            "占基本支出的1.15%。");
  // The same strings as the figures every other deliverable prints.
  EXPECT_NE(s.find(data::money_text(f.basic_total) + "万元"), std::string::npos);
  EXPECT_NE(s.find(data::percent_text(f.wages_share)), std::string::npos);
  EXPECT_NE(s.find(data::percent_text(f.goods_services_share)), std::string::npos);
  EXPECT_NE(s.find(data::percent_text(f.household_share)), std::string::npos);
}

TEST(report_sentences, project_expenditure_lists_second_level_items) {
  data::model m = fixture_model();
  data::figures f = data::derive(m);
  ASSERT_TRUE(f.projects_total.final.known());
  EXPECT_EQ(data::money_text(f.projects_total.final), "145.00");
  EXPECT_EQ(one(m, report_kind::overall, "project_expenditure"),
            "2023年我会有专项项目3个：帮扶基金6.00万元；乡镇工会组织工作经费19.00万元；"
            "行政事业单位工会经费120.00万元，共计145.00万元。");
  m.projects.clear();
  // No project at all: one sentence from the data, no zeros.
  EXPECT_EQ(one(m, report_kind::overall, "project_expenditure"), "我会无项目支出。");
}

TEST(report_sentences, other_budgets_zero_or_amount) {
  data::model m = fixture_model();
  EXPECT_EQ(one(m, report_kind::overall, "government_fund"), "我会无政府性基金预算收支。");
  EXPECT_EQ(one(m, report_kind::overall, "state_capital"), "我会无国有资本经营预算收支。");
  EXPECT_EQ(one(m, report_kind::overall, "social_insurance"), "我会无社会保险基金预算收支。");
  m.other_budgets.state_capital = testing::amount_of("12.5");
  EXPECT_EQ(one(m, report_kind::overall, "state_capital"), "2023年国有资本经营预算支出12.50万元。");
  // Not given, or typed "——": nothing is said, rather than a guessed "无".
  m.other_budgets.social_insurance.given = false;
  EXPECT_TRUE(generated(m, report_kind::overall, "social_insurance").empty());
  m.other_budgets.social_insurance.unknown = true;
  EXPECT_TRUE(generated(m, report_kind::overall, "social_insurance").empty());
}

TEST(report_sentences, execution_rate_from_derive) {
  data::model m = fixture_model();
  data::figures f = data::derive(m);
  EXPECT_EQ(data::percent_text(f.overall.execution_rate), "99.64%");
  EXPECT_EQ(one(m, report_kind::overall, "execution"),
            "2023年全年预算420.50万元，执行419.00万元，预算执行率99.64%。");
  m.budget.full_year = testing::amount_of("0");
  EXPECT_EQ(one(m, report_kind::overall, "execution"),
            "2023年全年预算0.00万元，执行419.00万元，预算执行率——。");
}

TEST(report_sentences, overall_score_is_the_table_total) {
  data::model m = fixture_model();
  data::figures f = data::derive(m);
  // 10 × 419 ÷ 420.5 = 9.9643 → 9.96; indicators 25 + 24 + 29 + 10 = 88; total 97.96.
  EXPECT_EQ(data::score_text(f.overall.total_score), "97.96");
  EXPECT_EQ(one(m, report_kind::overall, "score"),
            "经综合评价，我会2023年度部门整体支出绩效自评分为97.96分，评价等次为优等。");
  m.overall.indicators[0].self_score = testing::score_of("10");  // 82.96 → 良
  EXPECT_EQ(one(m, report_kind::overall, "score"),
            "经综合评价，我会2023年度部门整体支出绩效自评分为82.96分，评价等次为良等。");
}

TEST(report_sentences, publication) {
  data::model m = fixture_model();
  EXPECT_EQ(one(m, report_kind::overall, "publication"),
            "我会拟于2024年6月30日前在沅江市政府门户网站公开本次绩效自评情况。");
  m.dates.publish_by.given = false;
  EXPECT_EQ(one(m, report_kind::overall, "publication"),
            "我会拟在沅江市政府门户网站公开本次绩效自评情况。");
  m.dates.publish_site.given = false;
  EXPECT_TRUE(generated(m, report_kind::overall, "publication").empty());
}

TEST(report_sentences, project_overview_one_line_per_item) {
  auto p = generated(fixture_model(), report_kind::project, "project_overview");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0], "沅江市总工会2023年参与绩效评价的项目共3个，共计145.00万元。具体情况如下：");
  EXPECT_EQ(p[1], "1.帮扶基金。主要用于生活救助、医疗救助、助学救助等帮扶项目，经费6.00万元。");
  // The purpose's own full stop is not doubled before "，经费".
  EXPECT_EQ(p[2], "2.乡镇工会组织工作经费。增强工会组织的吸引力和凝聚力，经费19.00万元。");
  EXPECT_EQ(p[3], "3.行政事业单位工会经费。用于全市工会职工活动开展，经费120.00万元。");
}

TEST(report_sentences, project_funds_execution_matches_table_3) {
  data::model m = fixture_model();
  data::figures f = data::derive(m);
  ASSERT_FALSE(f.projects.empty());
  EXPECT_EQ(data::percent_text(f.projects[0].evaluation.execution_rate), "78.80%");
  EXPECT_EQ(one(m, report_kind::project, "project_funds"),
            "2023年部门预算专项资金共计184.00万元，实际执行145.00万元，预算执行率78.80%。"
            "其中，帮扶基金6.00万元，乡镇工会组织工作经费19.00万元，行政事业单位工会经费"
            "120.00万元。");
}

TEST(report_sentences, project_score_is_the_table_3_total) {
  data::model m = fixture_model();
  data::figures f = data::derive(m);
  // 10 × 145 ÷ 184 = 7.88; indicators 50 + 28 + 10 = 88; total 95.88.
  EXPECT_EQ(data::score_text(f.projects[0].evaluation.total_score), "95.88");
  EXPECT_EQ(one(m, report_kind::project, "project_score"),
            "经综合评价，我会2023年度业务工作经费项目支出绩效自评分为95.88分，评价等次为优等。");
  m.projects[0].evaluation.given = false;
  base::diagnostics diags;
  m.project_report.sections = {section("results", "project_score")};
  report_body(report_kind::project, m, data::derive(m), testing::shipped_wording(), diags);
  ASSERT_EQ(diags.warning_count(), 1u + 5u);  // no score, and five sections left out
  bool found = false;
  for (const auto& d : diags.items()) found |= d.id == "no-project-score";
  EXPECT_TRUE(found);
}

TEST(report_sentences, free_text_is_printed_as_typed) {
  data::model m = fixture_model();
  m.overall_report.sections = {
      section("other", {}, "  第一段，含“引号”和〈书名〉。\n\n第二段 2023年。  ")};
  base::diagnostics diags;
  auto blocks =
      report_body(report_kind::overall, m, data::derive(m), testing::shipped_wording(), diags);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].text, "第一段，含“引号”和〈书名〉。");
  EXPECT_EQ(blocks[2].text, "第二段 2023年。");
}

TEST(report_fields, cover_title_date_and_file_names) {
  data::model m = fixture_model();
  base::diagnostics diags;
  record r =
      report_fields(report_kind::overall, m, data::derive(m), testing::shipped_wording(), diags);
  EXPECT_EQ(std::get<std::string>(r.at("title").v), "2023年度沅江市总工会整体支出绩效自评报告");
  EXPECT_EQ(std::get<std::vector<std::string>>(r.at("title_lines").v),
            (std::vector<std::string>{"2023年度沅江市总工会整体支出", "绩效自评报告"}));
  EXPECT_EQ(std::get<std::string>(r.at("unit").v), "沅江市总工会");
  EXPECT_EQ(std::get<std::string>(r.at("date").v), "2024年5月8日");
  m.dates.report.given = false;
  r = report_fields(report_kind::project, m, data::derive(m), testing::shipped_wording(), diags);
  EXPECT_EQ(std::get<std::string>(r.at("date").v), "　　　年　　月　　日");
  EXPECT_EQ(std::get<std::vector<std::string>>(r.at("title_lines").v),
            (std::vector<std::string>{"2023年度沅江市总工会项目支出", "绩效自评报告"}));

  EXPECT_EQ(report_file_name(report_kind::overall, m),
            "附件4-2023年度沅江市总工会整体支出绩效自评报告.docx");
  EXPECT_EQ(report_file_name(report_kind::project, m),
            "附件5-2023年度沅江市总工会项目支出绩效自评报告.docx");
  EXPECT_EQ(report_template_name(report_kind::overall), "附件4-整体支出绩效自评报告.docx");
  EXPECT_EQ(report_template_name(report_kind::project), "附件5-项目支出绩效自评报告.docx");

  m.project_report.title = text_of("2023年度沅江市总工会\n专项资金绩效自评报告");
  EXPECT_EQ(report_title(report_kind::project, m), "2023年度沅江市总工会专项资金绩效自评报告");
  EXPECT_EQ(report_title_lines(report_kind::project, m),
            (std::vector<std::string>{"2023年度沅江市总工会", "专项资金绩效自评报告"}));
}

TEST(report_fields, body_records_carry_one_flag_each) {
  data::model m = fixture_model();
  base::diagnostics diags;
  record r =
      report_fields(report_kind::overall, m, data::derive(m), testing::shipped_wording(), diags);
  EXPECT_FALSE(diags.has_errors());
  const auto& body = std::get<std::vector<record>>(r.at("body").v);
  ASSERT_GT(body.size(), 20u);
  for (const record& item : body) {
    int flags = 0;
    for (const char* f : {"h1", "h2", "h3", "h4", "p"}) flags += std::get<bool>(item.at(f).v);
    EXPECT_EQ(flags, 1);
    for (const char* f : {"number", "title", "text"})
      EXPECT_TRUE(std::holds_alternative<std::string>(item.at(f).v));
  }
  EXPECT_EQ(std::get<std::string>(body[0].at("number").v), "一、");
  EXPECT_EQ(std::get<std::string>(body[0].at("title").v), "部门（单位）基本情况");
  // Every field the records use is one report_field_names() announces.
  auto names = report_field_names(report_kind::overall);
  for (const auto& [k, v] : r) EXPECT_NE(std::find(names.begin(), names.end(), k), names.end());
  for (const auto& [k, v] : body[0])
    EXPECT_NE(std::find(names.begin(), names.end(), k), names.end()) << k;
}

}  // namespace
}  // namespace selfeval::reports
