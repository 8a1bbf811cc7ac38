#include "forms/compose.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "fake_measure.h"
#include "fixture_model.h"
#include "golden.h"
#include "layout/dump.h"

namespace selfeval::layout {
namespace {

// 附件1–3 are composed by the form engine (forms/compose.h) onto this layer's documents.
using namespace forms;

using testing::fake_measure;
using testing::seed_figures;
using testing::seed_model;

std::vector<const text_item*> texts_of(const document& d) {
  std::vector<const text_item*> out;
  for (const auto& p : d.pages)
    for (const auto& it : p.items)
      if (const auto* t = std::get_if<text_item>(&it)) out.push_back(t);
  return out;
}

int count_text(const document& d, const std::string& s) {
  const auto ts = texts_of(d);
  return static_cast<int>(
      std::count_if(ts.begin(), ts.end(), [&](auto* t) { return t->text == s; }));
}

int count_containing(const document& d, const std::string& s) {
  const auto ts = texts_of(d);
  return static_cast<int>(std::count_if(
      ts.begin(), ts.end(), [&](auto* t) { return t->text.find(s) != std::string::npos; }));
}

// Index of the page holding text `s`, or -1.
int page_of(const document& d, const std::string& s) {
  for (std::size_t i = 0; i < d.pages.size(); ++i)
    for (const auto& it : d.pages[i].items)
      if (const auto* t = std::get_if<text_item>(&it); t && t->text == s)
        return static_cast<int>(i);
  return -1;
}

TEST(Compose, Table1ProvincialLayout) {
  const auto d = compose_table1(seed_model(), seed_figures(), fake_measure{});
  EXPECT_EQ(d.title, "2023年度部门整体支出绩效评价基础数据表");
  EXPECT_EQ(d.author, "沅江市总工会");
  EXPECT_EQ(d.subject, "附件1");
  EXPECT_EQ(d.year * 10000 + d.month * 100 + d.day, 20240508);
  EXPECT_EQ(count_text(d, "附件1"), 1);
  EXPECT_EQ(count_text(d, "2023年度部门整体支出绩效评价基础数据表"), 1);
  EXPECT_EQ(count_text(d, "2022年决算数"), 1);
  EXPECT_EQ(count_containing(d, "实际在职人数"), 1);
  EXPECT_EQ(count_text(d, "114.29%"), 1);  // 16 ÷ 14
  EXPECT_EQ(count_text(d, "46.91"), 1);    // 部门基本支出预算调整
  EXPECT_EQ(count_text(d, "34.18"), 1);    // 公用经费, 2 decimals
  EXPECT_EQ(count_text(d, "4.90"), 1);
  EXPECT_EQ(count_text(d, "194.00"), 1);  // 项目支出 total
  EXPECT_EQ(count_text(d, "　1、业务工作经费"), 1);
  EXPECT_EQ(count_text(d, "　2、运行维护经费"), 1);
  EXPECT_EQ(count_text(d, "11.50"), 1);
  EXPECT_EQ(count_text(d, "——"), 4);  // 政府采购, 预算调整, 两个控制率 (批复 = 0)
  EXPECT_EQ(count_text(d, "支出总额"), 0);
  EXPECT_EQ(count_text(d, "填表人："), 1);  // blank: room to write by hand
  EXPECT_EQ(count_text(d, "填表日期：2024年5月8日"), 1);
  // One page, as the official form (rows set at 1.2 line spacing); a single page has no folio.
  ASSERT_EQ(d.pages.size(), 1u);
  EXPECT_EQ(count_text(d, "— 1 —"), 0);
  testing::expect_golden("table1", dump(d));
}

TEST(Compose, Table1CityVariantHasTotalsAndNote) {
  table_options o;
  o.table1 = table1_variant::city;
  o.unit_line = true;
  o.date_label = "填报日期";
  const auto d = compose_table1(seed_model(), seed_figures(), fake_measure{}, o);
  EXPECT_EQ(count_text(d, "支出总额"), 1);
  EXPECT_EQ(count_text(d, "基本支出"), 1);
  EXPECT_EQ(count_text(d, "　其中：公用经费"), 1);
  EXPECT_EQ(count_text(d, "项目支出"), 1);
  EXPECT_EQ(count_text(d, "部门基本支出预算调整"), 0);
  EXPECT_EQ(count_text(d, "单位：万元"), 1);
  EXPECT_EQ(count_text(d, "填报日期：2024年5月8日"), 1);
  const auto ts = texts_of(d);
  EXPECT_TRUE(std::any_of(ts.begin(), ts.end(),
                          [](auto* t) { return t->text.starts_with("说明：公用经费"); }));
  testing::expect_golden("table1_city", dump(d));
}

TEST(Compose, Table2LabelsAndComputedCells) {
  const auto d = compose_table2(seed_model(), seed_figures(), fake_measure{});
  EXPECT_EQ(d.title, "2023年度部门整体支出绩效自评表");
  EXPECT_EQ(count_text(d, "99.64%"), 1);  // 419 ÷ 420.5
  EXPECT_EQ(count_text(d, "9.96"), 1);    // 10 × 99.64%
  EXPECT_EQ(count_text(d, "97.96"), 1);   // 9.96… + 88
  EXPECT_EQ(count_text(d, "100"), 1);
  EXPECT_EQ(count_text(d, "其中：一般公共预算：419.00"), 1);
  EXPECT_EQ(count_text(d, "项目支出：145.00"), 1);
  EXPECT_GE(count_text(d, "（50分）"), 1);
  EXPECT_GE(count_text(d, "（30分）"), 1);
  EXPECT_GE(count_text(d, "（10分）"), 1);
  EXPECT_EQ(count_text(d, "1. 保障单位人员的正常办公、生活秩序。"), 1);
  // 绩效指标 stacked one character a line, in one column, top to bottom.
  const auto ts = texts_of(d);
  const auto top = std::find_if(ts.begin(), ts.end(), [](auto* t) { return t->text == "绩"; });
  ASSERT_NE(top, ts.end());
  ASSERT_LT(top + 3, ts.end());
  const char* rest[] = {"效", "指", "标"};
  for (int i = 0; i < 3; ++i) {
    const text_item* t = top[i + 1];
    EXPECT_EQ(t->text, rest[i]);
    EXPECT_DOUBLE_EQ(t->x, (*top)->x);
    EXPECT_LT(t->y, top[i][0].y);
  }
  // The signature line ends on the page of the table's last row.
  EXPECT_EQ(page_of(d, "填表人："), static_cast<int>(d.pages.size()) - 1);
  EXPECT_EQ(page_of(d, "总分"), static_cast<int>(d.pages.size()) - 1);
  testing::expect_golden("table2", dump(d));
}

TEST(Compose, Table3PerEvaluatedProject) {
  const auto m = seed_model();
  ASSERT_EQ(evaluated_projects(m), std::vector<std::size_t>{0});
  const auto d = compose_table3(m, seed_figures(), 0, fake_measure{});
  EXPECT_EQ(d.subject, "附件3 业务工作经费");
  EXPECT_EQ(count_text(d, "78.80%"), 1);  // 145 ÷ 184
  EXPECT_EQ(count_text(d, "7.88"), 1);
  EXPECT_EQ(count_text(d, "——"), 9);            // 分值/执行率/得分 of the three 其中 rows
  EXPECT_EQ(count_text(d, "沅江市总工会"), 2);  // 主管部门, 实施单位 default to the unit
  const int sig = page_of(d, "填表人：");
  ASSERT_GE(sig, 0);
  const auto ts = texts_of(d);
  const auto note =
      std::find_if(ts.begin(), ts.end(), [](auto* t) { return t->text.starts_with("备注："); });
  ASSERT_NE(note, ts.end());
  EXPECT_EQ(page_of(d, (*note)->text), sig);
  EXPECT_EQ(page_of(d, "总分"), sig);
  testing::expect_golden("table3", dump(d));
}

TEST(Compose, ProjectNameListsItsChildren) {
  const auto d = compose_table3(seed_model(), seed_figures(), 0, fake_measure{});
  const auto ts = texts_of(d);
  EXPECT_TRUE(std::any_of(ts.begin(), ts.end(),
                          [](auto* t) { return t->text.starts_with("业务工作经费（帮扶基金、"); }));
}

TEST(Compose, SignatureFilledFromTheModel) {
  auto m = seed_model();
  m.signature.filler = testing::txt("张三");
  m.signature.phone = testing::txt("0737-1234567");
  m.signature.head = testing::txt("李四");
  const auto d = compose_table2(m, seed_figures(), fake_measure{});
  EXPECT_EQ(count_text(d, "填表人：张三"), 1);
  EXPECT_EQ(count_text(d, "联系电话：0737-1234567"), 1);
  EXPECT_EQ(count_text(d, "单位负责人签字：李四"), 1);
}

TEST(Compose, SignatureAndSealImagesFollowTheSignatureLine) {
  auto m = seed_model();
  m.signature.signature_image = testing::txt("sign/head.png");
  m.signature.seal_image = testing::txt("sign/seal.png");
  const auto d = compose_table3(m, seed_figures(), 0, fake_measure{});
  const page_setup s;
  std::vector<const image_item*> images;
  for (const auto& it : d.pages.back().items)
    if (const auto* im = std::get_if<image_item>(&it)) images.push_back(im);
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[0]->name, "signature");
  EXPECT_EQ(images[1]->name, "seal");
  EXPECT_TRUE(std::holds_alternative<image_item>(d.pages.back().items.back()));  // drawn last
  const text_item* label = nullptr;
  for (auto* t : texts_of(d))
    if (t->text == "单位负责人签字：") label = t;
  ASSERT_NE(label, nullptr);
  fake_measure fm;
  const double label_end = label->x + fm.width(label->role, label->size, label->text);
  EXPECT_GE(images[0]->x, label_end - 1e-6);  // after the label, in the blank left for it
  // The seal fills its reserved area: 42 mm, right of the label, covering no text.
  EXPECT_NEAR(images[1]->w, 42 * points_per_mm, 1e-6);
  EXPECT_GE(images[1]->x, label_end - 1e-6);
  for (const auto& it : d.pages.back().items) {
    const auto* t = std::get_if<text_item>(&it);
    if (!t) continue;
    const double right = t->x + fm.width(t->role, t->size, t->text);
    const bool apart = right <= images[1]->x + 1e-6 || t->x >= images[1]->x + images[1]->w ||
                       t->y > images[1]->y + images[1]->h || t->y + t->size < images[1]->y;
    EXPECT_TRUE(apart) << t->text;
  }
  for (auto* im : images) {
    EXPECT_GE(im->y, s.bottom - 1e-6);
    EXPECT_LE(im->y + im->h, s.height - s.top + 1e-6);
    EXPECT_LE(im->x + im->w, s.width - s.right + 1e-6);
  }
  EXPECT_NE(dump(d).find("image "), std::string::npos);
}

// A profile's label and title replace the provincial ones on the page and in the metadata.
TEST(Compose, LabelAndTitleFromTheProfile) {
  table_options o;
  o.label = "附表3";
  o.title = "2023年度部门整体支出绩效自评表（试行）";
  const document d = compose_table2(seed_model(), seed_figures(), fake_measure{}, o);
  EXPECT_EQ(count_text(d, "附表3"), 1);
  EXPECT_EQ(count_text(d, "附件2"), 0);
  EXPECT_EQ(d.subject, "附表3");
  EXPECT_EQ(d.title, o.title);
}

TEST(Compose, DateFallsBackToReportDateThenYearEnd) {
  auto m = seed_model();
  m.signature.filled_on.given = false;
  auto d = compose_table1(m, seed_figures(), fake_measure{});
  EXPECT_EQ(d.year * 10000 + d.month * 100 + d.day, 20231231);
  m.dates.report.value = {2024, 3, 15};
  m.dates.report.given = true;
  d = compose_table1(m, seed_figures(), fake_measure{});
  EXPECT_EQ(d.year * 10000 + d.month * 100 + d.day, 20240315);
}

TEST(Compose, ManyIndicatorsSpanPagesWithFoliosAndRepeatedLabels) {
  auto m = seed_model();
  auto f = seed_figures();
  // Forty more 数量指标 rows: the 产出指标 block no longer fits on one page.
  for (int i = 0; i < 40; ++i) {
    m.overall.indicators.push_back(testing::ind(
        "产出指标", "数量指标", "新增任务" + std::to_string(i + 1), "≥1次", "≥1次", 1, 1));
    f.overall.indicators.push_back(testing::ind_figures(1, 1));
    f.overall.blocks[0].groups[0].rows.push_back(m.overall.indicators.size() - 1);
  }
  const auto d = compose_table2(m, f, fake_measure{});
  ASSERT_GE(d.pages.size(), 2u);
  for (std::size_t i = 0; i < d.pages.size(); ++i)
    EXPECT_EQ(count_text(d, "— " + std::to_string(i + 1) + " —"), 1);
  EXPECT_GE(count_text(d, "绩"), 2);  // the cut 绩效指标 label is drawn on each page
  EXPECT_EQ(page_of(d, "填表人："), static_cast<int>(d.pages.size()) - 1);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(count_text(d, "新增任务" + std::to_string(i + 1)), 1);
}

TEST(Compose, TitleShrinksWhenItWouldWrap) {
  fake_measure ms;
  EXPECT_EQ(title_size(ms, font_role::xiaobiaosong, "2023年度部门整体支出绩效自评表", 442), 22);
  EXPECT_EQ(
      title_size(ms, font_role::xiaobiaosong, std::string(30 * 3, 'x') + "很长很长的标题", 442),
      18);
}

TEST(Compose, OutputIsDeterministic) {
  const auto a = dump(compose_table2(seed_model(), seed_figures(), fake_measure{}));
  const auto b = dump(compose_table2(seed_model(), seed_figures(), fake_measure{}));
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace selfeval::layout
