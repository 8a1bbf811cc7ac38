// A scored form (考核评分表) given by configuration: fixed criteria in the form file, a score or
// "不适用" per criterion from the data file, checked and composed like 附件1–3.
#include "forms/scored.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "../layout/fake_measure.h"
#include "data/derive.h"
#include "data/load.h"
#include "forms/form.h"

namespace selfeval::forms {
namespace {

using layout::testing::fake_measure;

const char* const form_file = "tests/fixtures/forms/assessment.toml";

std::string example_text() {
  std::ifstream in("examples/yuanjiang-2023.toml", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The example unit with `scores` appended; the line of the first appended line is returned in
// `first_line` so locations can be checked.
data::model unit_with(const std::string& scores, std::uint32_t* first_line = nullptr,
                      base::diagnostics* load_diags = nullptr) {
  std::string text = example_text();
  if (!text.ends_with("\n")) text += "\n";
  if (first_line != nullptr)
    *first_line = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  auto r = data::load_text(text + scores, "unit.toml");
  if (load_diags != nullptr)
    *load_diags = r.diags;
  else
    EXPECT_FALSE(r.diags.has_errors()) << base::format_diagnostic(r.diags.sorted().front());
  return std::move(r.data);
}

const std::string good_scores = R"([scored.assessment]
total = 35
[scored.assessment.rows]
c1 = { score = 8, evidence = "工作方案（沅工发〔2024〕3号）" }
c2 = { score = 5 }
c3 = { score = 13, evidence = "2023年部门决算报表" }
c4 = { score = 9 }
c5 = { score = "不适用" }
)";

form_definition assessment() {
  base::diagnostics diags;
  form_definition def = load_form(form_file, diags);
  EXPECT_TRUE(diags.empty()) << base::format_diagnostic(diags.items().front());
  return def;
}

const layout::cell* at(const layout::table& t, int row, int col) {
  for (const auto& c : t.cells)
    if (c.row == row && c.col == col) return &c;
  return nullptr;
}

TEST(ScoredForm, DefinitionReadsItsCriteria) {
  const auto def = assessment();
  EXPECT_EQ(def.id, "assessment");
  ASSERT_EQ(def.criteria.size(), 5u);
  EXPECT_EQ(def.criteria[0].id, "c1");
  EXPECT_EQ(def.criteria[4].points, *base::decimal::parse("7.5"));
}

TEST(ScoredForm, ComposedWithMergedLevelsScoresAndTotals) {
  const auto def = assessment();
  const auto m = unit_with(good_scores);
  const auto f = data::derive(m);
  base::diagnostics diags;
  check_scored(def, m, diags);
  check_scored_forms({&def}, m, diags);
  EXPECT_TRUE(diags.empty()) << base::format_diagnostic(diags.items().front());

  const auto blocks = form_blocks(def, m, f, {}, fake_measure{});
  const auto& t = std::get<layout::table>(blocks[2]);
  // Row 0 the unit, row 1 the heading, rows 2–6 the criteria, row 7 合计.
  EXPECT_EQ(t.row_count(), 8);
  ASSERT_NE(at(t, 2, 0), nullptr);
  EXPECT_EQ(at(t, 2, 0)->text, "组织管理");
  EXPECT_EQ(at(t, 2, 0)->row_span, 2);  // c1 and c2 share 组织管理 / 工作部署
  EXPECT_EQ(at(t, 2, 1)->row_span, 2);
  EXPECT_EQ(at(t, 3, 0), nullptr);
  EXPECT_EQ(at(t, 4, 0)->row_span, 2);  // 自评质量 over c3 and c4 …
  EXPECT_EQ(at(t, 4, 1)->row_span, 1);  // … with two different 二级指标
  EXPECT_EQ(at(t, 5, 1)->text, "报告质量");
  EXPECT_EQ(at(t, 2, 5)->text, "8");
  EXPECT_EQ(at(t, 2, 6)->text, "工作方案（沅工发〔2024〕3号）");
  EXPECT_EQ(at(t, 6, 4)->text, "7.50");  // scores print 2 decimals, ".00" dropped
  EXPECT_EQ(at(t, 6, 5)->text, "不适用");
  EXPECT_EQ(at(t, 7, 4)->text, "40");  // the 分值 of the criteria that apply
  EXPECT_EQ(at(t, 7, 5)->text, "35");

  const auto d = compose_form(def, m, f, {}, fake_measure{});
  EXPECT_EQ(d.title, "2023年度绩效自评工作考核评分表");
  EXPECT_EQ(d.subject, "附件6");
  EXPECT_GE(d.pages.size(), 1u);
}

TEST(ScoredForm, EveryScoreProblemAtOnceInTheDataFile) {
  const auto def = assessment();
  std::uint32_t first = 0;
  const auto m = unit_with(R"([scored.assessment]
total = 50
[scored.assessment.rows]
c1 = { score = 12 }
c2 = { evidence = "no score" }
c4 = { score = 9 }
c5 = { score = "不适用" }
c9 = { score = 1 }
[scored.other]
rows = {}
)",
                           &first);
  base::diagnostics diags;
  check_scored(def, m, diags);
  check_scored_forms({&def}, m, diags);
  std::vector<std::pair<std::string, std::uint32_t>> got;
  for (const auto& d : diags.sorted()) {
    EXPECT_EQ(d.loc.file, "unit.toml");
    got.emplace_back(d.id, d.loc.line - first);
  }
  const std::vector<std::pair<std::string, std::uint32_t>> expected = {
      {"scored-row-missing", 0},   // c3: none at all, at the table
      {"scored-over-points", 3},   // c1: 12 > 10
      {"scored-row-missing", 4},   // c2: evidence only
      {"scored-row-unknown", 7},   // c9
      {"scored-form-unknown", 8},  // [scored.other]
  };
  EXPECT_EQ(got, expected);
  // With every criterion scored, a wrong total is the one problem.
  const auto m2 = unit_with(R"([scored.assessment]
total = 50
rows = { c1 = { score = 8 }, c2 = { score = 5 }, c3 = { score = 13 }, c4 = { score = 9 }, c5 = { score = 7 } }
)",
                            &first);
  base::diagnostics d2;
  check_scored(def, m2, d2);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2.items()[0].id, "scored-total-mismatch");
  EXPECT_EQ(d2.items()[0].loc.line, first + 1);
}

TEST(ScoredForm, NoScoresAtAllIsOneProblem) {
  const auto def = assessment();
  const auto m = unit_with("");
  base::diagnostics diags;
  check_scored(def, m, diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "scored-form-missing");
}

TEST(ScoredForm, DataFileTypesAreChecked) {
  base::diagnostics load;
  unit_with("[scored.assessment.rows]\nc1 = { score = \"eight\", note = 1 }\nc2 = 3\n", nullptr,
            &load);
  std::vector<std::string> ids;
  for (const auto& d : load.sorted()) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"wrong-type", "unknown-key", "wrong-type"}));
}

TEST(ScoredForm, DefinitionErrors) {
  base::diagnostics diags;
  parse_form(R"(label = "附件6"
title = "t"
columns = [{ share = 1 }]
[[body]]
cells = ["{criterion.points}"]
[[criteria]]
id = "c1"
level1 = "a"
level2 = "b"
standard = "s"
evidence = "e"
points = 0
[[criteria]]
id = "c1"
level1 = "a"
level2 = "b"
standard = "s"
evidence = "e"
points = 2
)",
             "f.toml", diags);
  std::vector<std::pair<std::string, std::uint32_t>> got;
  for (const auto& d : diags.sorted()) got.emplace_back(d.id, d.loc.line);
  const std::vector<std::pair<std::string, std::uint32_t>> expected = {
      {"form-missing-key", 1},   // no id
      {"form-value-scope", 5},   // criterion.points outside each = "criterion"
      {"invalid-value", 12},     // points = 0
      {"form-duplicate-id", 13}  // c1 again
  };
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace selfeval::forms
