// The form engine: cells placed with their spans, repeated groups, indicator blocks with merged
// 一级/二级 cells, and the general rules (unknown figures print "——", blank stays blank).
#include <gtest/gtest.h>

#include <string>

#include "../layout/fake_measure.h"
#include "../layout/fixture_model.h"
#include "data/derive.h"
#include "data/format.h"
#include "forms/form.h"

namespace selfeval::forms {
namespace {

using layout::testing::fake_measure;
using layout::testing::seed_figures;
using layout::testing::seed_model;

form_definition parse(const std::string& text) {
  base::diagnostics diags;
  form_definition def = parse_form(text, "test.toml", diags);
  EXPECT_TRUE(diags.empty()) << base::format_diagnostic(diags.items().front());
  return def;
}

// The table block of a composed form (after the label and title paragraphs).
layout::table table_of(const form_definition& def, const data::model& m, const data::figures& f,
                       const data::value_scope& scope = {}) {
  const auto blocks = form_blocks(def, m, f, scope, fake_measure{});
  for (const auto& b : blocks)
    if (const auto* t = std::get_if<layout::table>(&b)) return *t;
  ADD_FAILURE() << "no table";
  return {};
}

const layout::cell* at(const layout::table& t, int row, int col) {
  for (const auto& c : t.cells)
    if (c.row == row && c.col == col) return &c;
  return nullptr;
}

std::string text_at(const layout::table& t, int row, int col) {
  const auto* c = at(t, row, col);
  return c ? c->text : "<none>";
}

const std::string projects_form = R"(label = "附件9"
title = "{year}年度测试表"
name = "附件9 {unit.name}"
columns = [{ width = 120 }, { share = 1 }, { share = 1 }]
notes = ["说明：{unit.name}"]

[[body]]
cells = [{ text = "项目", style = "head", rows = 2 }, { text = "{year.previous}年", cols = 2 }]
[[body]]
cells = ["预算", "决算"]

[[body]]
each = "project"
[[body.body]]
cells = [{ text = "　{project.number}、{project.name}", first_text = "其中：{project.name}", style = "label" },
         "{project.amounts.budget}", "{project.amounts.final}"]
[[body.body]]
each = "item"
when = "project.items.listed"
[[body.body.body]]
cells = [{ text = "　　{item.name}", style = "label" }, "{item.amounts.budget}",
         "{item.amounts.final}"]

[[body]]
cells = ["控制率", { text = "{staff.control_rate}", cols = 2 }]
[[body]]
when = "unit.budget_code"
cells = ["预算编码", { text = "{unit.budget_code}", cols = 2 }]
)";

TEST(FormEngine, SpansAndRepeatedGroups) {
  const auto def = parse(projects_form);
  const auto m = seed_model();
  const auto t = table_of(def, m, seed_figures());
  EXPECT_EQ(t.name, "附件9 沅江市总工会");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_TRUE(t.columns[0].fixed);
  // The heading: a rowspan over two rows, the year cell over two columns.
  ASSERT_NE(at(t, 0, 0), nullptr);
  EXPECT_EQ(at(t, 0, 0)->row_span, 2);
  EXPECT_EQ(text_at(t, 0, 1), "2022年");
  EXPECT_EQ(at(t, 0, 1)->col_span, 2);
  EXPECT_EQ(text_at(t, 1, 1), "预算");  // placed after the rowspan
  // Project 1 with its three items, then project 2 (no items: no item rows).
  EXPECT_EQ(text_at(t, 2, 0), "其中：业务工作经费");  // first member: first_text
  EXPECT_EQ(text_at(t, 2, 1), "184.00");
  EXPECT_EQ(text_at(t, 3, 0), "　　帮扶基金");
  EXPECT_EQ(text_at(t, 5, 0), "　　行政事业单位工会经费");
  EXPECT_EQ(text_at(t, 5, 2), "120.00");
  EXPECT_EQ(text_at(t, 6, 0), "　2、运行维护经费");
  EXPECT_EQ(text_at(t, 6, 2), "11.50");
  EXPECT_EQ(text_at(t, 7, 1), "114.29%");
  // unit.budget_code is blank: its row is left out.
  EXPECT_EQ(t.row_count(), 8);
}

TEST(FormEngine, UnknownFiguresPrintDashesNeverZero) {
  const auto def = parse(projects_form);
  auto m = seed_model();
  m.projects[1].amounts.final.given = false;
  m.projects[1].amounts.final.unknown = true;
  auto f = seed_figures();
  f.projects[1].amounts.final = data::quantity::unknown();
  f.staff_control_rate.reset();                // 编制数 0 or unknown
  m.projects[0].items[0].amounts.budget = {};  // blank: the form's cell stays empty
  const auto t = table_of(def, m, f);
  EXPECT_EQ(text_at(t, 6, 2), "——");
  EXPECT_EQ(text_at(t, 7, 1), "——");
  EXPECT_EQ(text_at(t, 3, 1), "");
}

TEST(FormEngine, WhenShowsARowForAKnownValue) {
  const auto def = parse(projects_form);
  auto m = seed_model();
  m.unit.budget_code = layout::testing::txt("123001");
  const auto t = table_of(def, m, seed_figures());
  EXPECT_EQ(t.row_count(), 9);
  EXPECT_EQ(text_at(t, 8, 1), "123001");
}

TEST(FormEngine, ChromeNotesAndMetadata) {
  const auto def = parse(projects_form);
  const auto d = compose_form(def, seed_model(), seed_figures(), {}, fake_measure{});
  EXPECT_EQ(d.title, "2023年度测试表");
  EXPECT_EQ(d.subject, "附件9 沅江市总工会");
  EXPECT_EQ(d.author, "沅江市总工会");
  const auto blocks = form_blocks(def, seed_model(), seed_figures(), {}, fake_measure{});
  ASSERT_EQ(blocks.size(), 5u);  // label, title, table, note, signature
  EXPECT_EQ(std::get<layout::paragraph>(blocks[0]).text, "附件9");
  EXPECT_EQ(std::get<layout::paragraph>(blocks[3]).text, "说明：沅江市总工会");
  compose_options o;
  o.date_label = "填报日期";
  const auto sig = std::get<layout::field_line>(
      form_blocks(def, seed_model(), seed_figures(), {}, fake_measure{}, o).back());
  EXPECT_EQ(sig.fields[1].first, "填报日期：");
  EXPECT_EQ(sig.fields[1].second, "2024年5月8日");
}

const std::string indicator_form = R"(label = "附件9"
title = "t"
scope = "project"
columns = [{ width = 20 }, { share = 1 }, { share = 1 }, { share = 2 }, { share = 1 }]
[[body]]
each = "indicator"
evaluation = "project.evaluation"
label = { text = "绩效指标", style = "vertical", keep_together = false }
heading = { style = "head", repeat = true, keep_with_next = true, cells = [
  "一级", "二级", "三级", "得分"] }
level1 = { text = "{block.name}（{block.weight}分）", keep_together = false }
level2 = "{group.name}"
cells = [{ text = "{indicator.name}", style = "label" }, "{indicator.score}"]
)";

TEST(FormEngine, IndicatorBlocksMergeTheirLevelCells) {
  const auto def = parse(indicator_form);
  const auto m = seed_model();
  const auto f = data::derive(m);
  data::value_scope scope;
  scope.project = 0;
  const auto t = table_of(def, m, f, scope);
  const auto& ef = f.projects[0].evaluation;
  int n = 0;
  for (const auto& b : ef.blocks)
    for (const auto& g : b.groups) n += static_cast<int>(g.rows.size());
  ASSERT_GT(n, 2);
  ASSERT_NE(at(t, 0, 0), nullptr);
  EXPECT_EQ(at(t, 0, 0)->row_span, n + 1);  // the label over the heading and every row
  EXPECT_FALSE(at(t, 0, 0)->keep_together);
  EXPECT_TRUE(t.repeat_rows.contains(0));
  EXPECT_TRUE(t.keep_with_next.contains(0));
  // The first block's cell spans its rows; its first group's cell spans the group's rows.
  const auto& b0 = ef.blocks.front();
  int rows0 = 0;
  for (const auto& g : b0.groups) rows0 += static_cast<int>(g.rows.size());
  ASSERT_NE(at(t, 1, 1), nullptr);
  EXPECT_EQ(at(t, 1, 1)->row_span, rows0);
  EXPECT_EQ(at(t, 1, 1)->text, "产出指标（" + data::score_text(b0.label_weight) + "分）");
  ASSERT_NE(at(t, 1, 2), nullptr);
  EXPECT_EQ(at(t, 1, 2)->row_span, static_cast<int>(b0.groups.front().rows.size()));
  const std::size_t first = b0.groups.front().rows.front();
  EXPECT_EQ(text_at(t, 1, 3), m.projects[0].evaluation.indicators[first].name.value);
  EXPECT_EQ(t.row_count(), n + 1);
}

TEST(FormEngine, WithoutIndicatorsTheBlankFrameworkIsPrinted) {
  const auto def = parse(indicator_form);
  auto m = seed_model();
  m.projects[0].evaluation.indicators.clear();
  const auto f = data::derive(m);
  data::value_scope scope;
  scope.project = 0;
  const auto t = table_of(def, m, f, scope);
  int n = 0;
  for (const auto& b : data::default_rules().blocks) n += static_cast<int>(b.level2.size());
  EXPECT_EQ(t.row_count(), n + 1);
  EXPECT_EQ(text_at(t, 1, 2), "数量指标");
  EXPECT_EQ(text_at(t, 1, 3), "");
  EXPECT_EQ(text_at(t, 1, 4), "");
}

}  // namespace
}  // namespace selfeval::forms
