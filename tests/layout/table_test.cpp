#include "layout/table.h"

#include <gtest/gtest.h>

#include "base/messages.h"
#include "fake_measure.h"

namespace selfeval::layout {
namespace {

using testing::fake_measure;

TEST(ColumnEdges, SharesSplitTheWidthAndEndExactlyAtIt) {
  table t;
  t.columns = {{1}, {2}, {1}};
  const auto e = column_edges(t, 400);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e.front(), 0);
  EXPECT_DOUBLE_EQ(e[1], 100);
  EXPECT_DOUBLE_EQ(e[2], 300);
  EXPECT_EQ(e.back(), 400);
}

TEST(ColumnEdges, FixedColumnsKeepTheirWidth) {
  table t;
  t.columns = {{30, true}, {1}, {3}};
  const auto e = column_edges(t, 430);
  EXPECT_DOUBLE_EQ(e[1], 30);
  EXPECT_DOUBLE_EQ(e[2] - e[1], 100);
  EXPECT_EQ(e[3], 430);
}

TEST(ColumnEdges, FixedColumnsWiderThanTheBodyAreAnError) {
  table t;
  t.name = "附件1";
  t.columns = {{300, true}, {200, true}};
  try {
    column_edges(t, 400);
    FAIL() << "no error";
  } catch (const layout_error& e) {
    EXPECT_NE(std::string(e.what()).find("“附件1”"), std::string::npos) << e.what();
  }
}

// A layout error reaches the user (selfeval: 错误：…) in the current language.
TEST(ColumnEdges, TheErrorSpeaksTheCurrentLanguage) {
  table t;
  t.name = "附件1";
  t.columns = {{300, true}, {200, true}};
  const auto what = [&](base::language l) {
    const base::language saved = base::current_language();
    base::set_language(l);
    std::string text = "no error";
    try {
      column_edges(t, 400);
    } catch (const layout_error& e) {
      text = e.what();
    }
    base::set_language(saved);
    return text;
  };
  EXPECT_EQ(what(base::language::zh), "表格“附件1”：固定宽度的列（500.00pt）比版心（400.00pt）宽");
  EXPECT_EQ(what(base::language::en),
            "table \"附件1\": fixed columns (500.00pt) are wider than the body (400.00pt)");
}

TEST(MeasureTable, RowHeightsFollowWrappedLines) {
  table t;
  t.columns = {{1}, {1}};
  t.line_spacing = 1.5;
  cell_style s;
  s.size = 10;
  s.pad_x = 0;
  s.pad_y = 2;
  s.halign = h_align::left;
  t.add(0, 0, "甲乙丙丁戊己", s);  // 60 pt in a 40 pt column: 2 lines
  t.add(0, 1, "甲", s);
  t.add(1, 0, "甲", s);
  const auto mt = measure_table(t, fake_measure{}, 80);
  ASSERT_EQ(mt.rows, 2);
  EXPECT_EQ(mt.lines[0], (std::vector<std::string>{"甲乙丙丁", "戊己"}));
  EXPECT_DOUBLE_EQ(mt.row_heights[0], 2 * 15 + 4);
  EXPECT_DOUBLE_EQ(mt.row_heights[1], 15 + 4);
  EXPECT_EQ(mt.owner_at(1, 1), -1);  // empty slot
}

TEST(MeasureTable, CentredTextWrapsIntoBalancedLines) {
  table t;
  t.columns = {{1}};
  cell_style s;
  s.size = 10;
  s.pad_x = 0;
  t.add(0, 0, "服务对象满意度指标", s);  // 9 em in 8 em: greedy would leave "标" alone
  t.add(1, 0, "服务对象满意度指标", s).style.halign = h_align::left;
  const auto mt = measure_table(t, fake_measure{}, 80);
  EXPECT_EQ(mt.lines[0], (std::vector<std::string>{"服务对象满", "意度指标"}));
  EXPECT_EQ(mt.lines[1], (std::vector<std::string>{"服务对象满意度指", "标"}));
}

TEST(MeasureTable, RowspanExcessIsSpreadOverItsRows) {
  table t;
  t.columns = {{1}, {1}};
  t.line_spacing = 1;
  cell_style s;
  s.size = 10;
  s.pad_y = 0;
  s.vertical = true;
  t.add(0, 0, "绩效指标标", s, 2);  // 5 stacked lines = 50 pt over 2 rows of 10 pt
  s.vertical = false;
  t.add(0, 1, "甲", s);
  t.add(1, 1, "乙", s);
  const auto mt = measure_table(t, fake_measure{}, 100);
  EXPECT_DOUBLE_EQ(mt.row_heights[0], 25);
  EXPECT_DOUBLE_EQ(mt.row_heights[1], 25);
  EXPECT_EQ(mt.lines[0].size(), 5u);
}

TEST(MeasureTable, MinRowHeightApplies) {
  table t;
  t.columns = {{1}};
  t.min_row_height = 20;
  t.add(0, 0, "甲");
  const auto mt = measure_table(t, fake_measure{}, 100);
  EXPECT_DOUBLE_EQ(mt.row_heights[0], 20);
}

TEST(MeasureTable, OverlappingCellsAreAnErrorNamingTheTable) {
  table t;
  t.name = "附件2";
  t.columns = {{1}, {1}};
  t.add(0, 0, "甲", {}, 2, 2);
  t.add(1, 1, "乙");
  try {
    measure_table(t, fake_measure{}, 100);
    FAIL() << "no error";
  } catch (const layout_error& e) {
    EXPECT_EQ(std::string(e.what()), "表格“附件2”第 2 行第 2 列：单元格与另一个单元格重叠");
  }
}

TEST(MeasureTable, CellOutsideTheGridIsAnError) {
  table t;
  t.columns = {{1}, {1}};
  t.add(0, 1, "甲", {}, 1, 2);
  EXPECT_THROW(measure_table(t, fake_measure{}, 100), layout_error);
}

TEST(MeasureTable, SpanAcrossTheHeaderBoundaryIsAnError) {
  table t;
  t.columns = {{1}};
  t.header_rows = 1;
  t.add(0, 0, "甲", {}, 2);
  EXPECT_THROW(measure_table(t, fake_measure{}, 100), layout_error);
}

}  // namespace
}  // namespace selfeval::layout
