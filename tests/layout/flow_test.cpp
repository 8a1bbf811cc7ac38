#include "layout/flow.h"

#include <gtest/gtest.h>

#include "fake_measure.h"

namespace selfeval::layout {
namespace {

using testing::fake_measure;

std::vector<const text_item*> texts(const page& p) {
  std::vector<const text_item*> out;
  for (const auto& it : p.items)
    if (const auto* t = std::get_if<text_item>(&it)) out.push_back(t);
  return out;
}

const text_item* find_text(const page& p, const std::string& s) {
  for (const auto* t : texts(p))
    if (t->text == s) return t;
  return nullptr;
}

table numbered_table(int body_rows, int header_rows = 1) {
  table t;
  t.name = "demo";
  t.columns = {{1}, {3}};
  t.header_rows = header_rows;
  t.min_row_height = 20;
  for (int r = 0; r < header_rows; ++r) {
    t.add(r, 0, "序号");
    t.add(r, 1, "名称");
  }
  for (int r = 0; r < body_rows; ++r) {
    t.add(header_rows + r, 0, std::to_string(r + 1));
    t.add(header_rows + r, 1, "第" + std::to_string(r + 1) + "行");
  }
  return t;
}

TEST(Flow, SmallTableIsOnePageWithoutPageNumber) {
  const auto r = lay_out({numbered_table(3)}, fake_measure{}, page_setup{});
  ASSERT_EQ(r.doc.pages.size(), 1u);
  EXPECT_EQ(find_text(r.doc.pages[0], "— 1 —"), nullptr);
  ASSERT_EQ(r.tables.size(), 1u);
  ASSERT_EQ(r.tables[0].size(), 1u);
  EXPECT_EQ(r.tables[0][0].first_row, 0);
  EXPECT_EQ(r.tables[0][0].end_row, 4);
}

TEST(Flow, ItemsAreBackgroundsThenTextThenRules) {
  table t = numbered_table(3);
  t.cells[0].style.gray = 0.9;
  const auto r = lay_out({t}, fake_measure{}, page_setup{});
  const auto& items = r.doc.pages[0].items;
  ASSERT_FALSE(items.empty());
  EXPECT_TRUE(std::holds_alternative<rect_item>(items.front()));
  std::size_t last_kind = 0;
  for (const auto& it : items) {
    EXPECT_GE(it.index(), last_kind);
    last_kind = it.index();
  }
  EXPECT_TRUE(std::holds_alternative<line_item>(items.back()));
}

TEST(Flow, GridRulesAreMergedAndSkipMergedCells) {
  table t;
  t.columns = {{1}, {1}};
  t.min_row_height = 20;
  t.add(0, 0, "甲", {}, 2);  // spans both rows: no rule between its rows in column 0
  t.add(0, 1, "乙");
  t.add(1, 1, "丙");
  page_setup s;
  const auto r = lay_out({t}, fake_measure{}, s);
  int horizontal = 0, vertical = 0;
  for (const auto& it : r.doc.pages[0].items)
    if (const auto* l = std::get_if<line_item>(&it)) (l->y1 == l->y2 ? horizontal : vertical)++;
  // top, middle (column 1 only), bottom; left, middle, right (each one segment).
  EXPECT_EQ(horizontal, 3);
  EXPECT_EQ(vertical, 3);
}

TEST(Flow, LongTableRepeatsHeaderAndNumbersPages) {
  const auto r = lay_out({numbered_table(80)}, fake_measure{}, page_setup{});
  ASSERT_GE(r.doc.pages.size(), 3u);
  const auto& segs = r.tables[0];
  ASSERT_EQ(segs.size(), r.doc.pages.size());
  page_setup s;
  for (std::size_t i = 1; i < segs.size(); ++i) {
    EXPECT_TRUE(segs[i].header_repeated);
    EXPECT_EQ(segs[i].first_row, segs[i - 1].end_row);
    EXPECT_DOUBLE_EQ(segs[i].top, s.top);
    const auto* h = find_text(r.doc.pages[i], "名称");
    ASSERT_NE(h, nullptr);
    // The header text sits in the first 20 pt row below the top of the body.
    EXPECT_GT(s.height - h->y, s.top);
    EXPECT_LT(s.height - h->y, s.top + 20);
  }
  EXPECT_EQ(segs.back().end_row, 81);
  for (std::size_t i = 0; i < r.doc.pages.size(); ++i) {
    const auto* n = find_text(r.doc.pages[i], "— " + std::to_string(i + 1) + " —");
    ASSERT_NE(n, nullptr) << "page " << i + 1;
    EXPECT_LT(n->y, s.bottom);  // below the type area
    // Centred: "— 1 —" is 2 CJK + 3 ASCII = 3.5 em at 14 pt.
    EXPECT_NEAR(n->x, (s.width - 3.5 * 14) / 2, 1e-6);
  }
}

TEST(Flow, SignatureLineStaysWithTheLastRows) {
  page_setup s;
  s.page_numbers = false;
  // Body rows of 20 pt; find a row count whose table ends just above the body bottom.
  const int fit = static_cast<int>(s.body_height() / 20);  // rows (header included) per page
  const table t = numbered_table(fit - 1);                 // exactly fills page 1
  field_line sig;
  sig.fields = {{"填表人：", ""}, {"填表日期：", ""}, {"联系电话：", ""}, {"单位负责人签字：", ""}};
  const auto alone = lay_out({t}, fake_measure{}, s);
  ASSERT_EQ(alone.doc.pages.size(), 1u);
  const auto r = lay_out({t, sig}, fake_measure{}, s);
  ASSERT_EQ(r.doc.pages.size(), 2u);
  ASSERT_EQ(r.tables[0].size(), 2u);
  EXPECT_EQ(r.tables[0][1].end_row - r.tables[0][1].first_row, 1);  // the last row moved
  EXPECT_NE(find_text(r.doc.pages[1], "填表人："), nullptr);
  EXPECT_NE(find_text(r.doc.pages[1], std::to_string(fit - 1)), nullptr);
}

TEST(Flow, FieldLineSpreadsFieldsWithEqualRoom) {
  page_setup s;
  field_line sig;
  sig.size = 10;
  sig.fields = {{"填表人：", "张三"}, {"联系电话：", "123"}};
  const auto r = lay_out({sig}, fake_measure{}, s);
  const auto* a = find_text(r.doc.pages[0], "填表人：张三");
  const auto* b = find_text(r.doc.pages[0], "联系电话：123");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_DOUBLE_EQ(a->x, s.left);
  const double total = 60 + 65;
  EXPECT_NEAR(b->x, s.left + 60 + (s.body_width() - total) / 2, 1e-6);
}

TEST(Flow, ParagraphAlignment) {
  page_setup s;
  paragraph title{"标题", font_role::xiaobiaosong, 22, h_align::center};
  paragraph unit{"单位：万元", font_role::song, 10, h_align::right};
  const auto r = lay_out({title, unit}, fake_measure{}, s);
  const auto* t = find_text(r.doc.pages[0], "标题");
  const auto* u = find_text(r.doc.pages[0], "单位：万元");
  ASSERT_NE(t, nullptr);
  ASSERT_NE(u, nullptr);
  EXPECT_NEAR(t->x, s.left + (s.body_width() - 44) / 2, 1e-6);
  EXPECT_NEAR(u->x + 50, s.width - s.right, 1e-6);
  EXPECT_GT(t->y, u->y);
}

TEST(Flow, RowTallerThanThePageIsSplitBetweenLines) {
  table t = numbered_table(5);
  std::string long_text;
  for (int i = 0; i < 3000; ++i) long_text += "甲";
  t.cells.back().text = long_text;  // about 100 lines: three pages
  t.cells.back().style.halign = h_align::left;
  page_setup s;
  const auto r = lay_out({t}, fake_measure{}, s);
  ASSERT_GE(r.doc.pages.size(), 3u);
  const auto& segs = r.tables[0];
  ASSERT_EQ(segs.size(), r.doc.pages.size());
  std::size_t chars = 0;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (i + 1 < segs.size()) {
      EXPECT_TRUE(segs[i].split);
      EXPECT_EQ(segs[i].end_row, 6);
      EXPECT_NEAR(segs[i].bottom, s.height - s.bottom, 1e-6);  // fills the page
    }
    if (i > 0) {
      EXPECT_TRUE(segs[i].continued);
      EXPECT_EQ(segs[i].first_row, 5);
      EXPECT_NE(find_text(r.doc.pages[i], "名称"), nullptr);  // header repeated
      EXPECT_NE(find_text(r.doc.pages[i], "5"), nullptr);     // the row's short label too
    }
    for (const auto* tx : texts(r.doc.pages[i]))
      if (tx->text.starts_with("甲")) chars += base::decode_utf8(tx->text).size();
  }
  EXPECT_EQ(chars, 3000u);  // every character drawn exactly once
}

TEST(Flow, LineTallerThanThePageIsAnErrorNamingTableAndRow) {
  table t = numbered_table(5);
  t.name = "附件1";
  t.cells.back().style.size = 700;
  page_setup wide;  // wide enough for the 700 pt character, not tall enough
  wide.width = 4000;
  try {
    lay_out({t}, fake_measure{}, wide);
    FAIL() << "no error";
  } catch (const layout_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("表格“附件1”第 6 行：一行文字比表头以下的版心还高"), std::string::npos)
        << msg;
  }
}

TEST(Flow, TallRowspanIsCutBetweenRowsAndItsLabelRepeated) {
  page_setup s;
  table t;
  t.name = "tall";
  t.columns = {{1}, {4}};
  t.min_row_height = 20;
  const int n = 2 * static_cast<int>(s.body_height() / 20);
  cell_style v;
  v.vertical = true;
  t.add(0, 0, "绩效指标", v, n);
  for (int r = 0; r < n; ++r) t.add(r, 1, std::to_string(r));
  const auto res = lay_out({t}, fake_measure{}, s);
  ASSERT_GE(res.doc.pages.size(), 2u);
  for (const auto& p : res.doc.pages) EXPECT_NE(find_text(p, "绩"), nullptr);
}

}  // namespace
}  // namespace selfeval::layout
