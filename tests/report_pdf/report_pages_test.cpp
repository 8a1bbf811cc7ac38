// The report pages with a fixed-advance measure (1 em CJK, 0.5 em ASCII): GB/T 9704 grid,
// the cover alone, page numbers, justified lines, headings kept with their text, and long,
// random and many-section bodies whose text is all there, in order, inside the type area.
#include "report_pdf/report_pages.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "../layout/fake_measure.h"
#include "base/utf8.h"
#include "layout/flow.h"
#include "layout/text.h"

namespace selfeval::report_pdf {
namespace {

using layout::testing::fake_measure;
using reports::record;

const layout::page_setup setup;  // GB/T 9704 A4 margins

record heading(int level, std::string number, std::string title) {
  record r;
  for (int k = 1; k <= 4; ++k) r["h" + std::to_string(k)] = k == level;
  r["p"] = false;
  r["number"] = std::move(number);
  r["title"] = std::move(title);
  r["text"] = "";
  return r;
}

record para(std::string text) {
  record r;
  for (int k = 1; k <= 4; ++k) r["h" + std::to_string(k)] = false;
  r["p"] = true;
  r["number"] = "";
  r["title"] = "";
  r["text"] = std::move(text);
  return r;
}

record fields_with(std::vector<record> body) {
  record f;
  f["title"] = "2023年度测试单位整体支出绩效自评报告";
  f["title_lines"] = std::vector<std::string>{"2023年度测试单位整体支出", "绩效自评报告"};
  f["unit"] = "测试单位";
  f["date"] = "2024年5月8日";
  f["date_iso"] = "2024-05-08T00:00:00Z";
  f["body"] = std::move(body);
  return f;
}

std::vector<const layout::text_item*> texts(const layout::page& p) {
  std::vector<const layout::text_item*> out;
  for (const auto& it : p.items)
    if (const auto* t = std::get_if<layout::text_item>(&it)) out.push_back(t);
  return out;
}

bool is_page_number(const layout::text_item& t) {
  return t.text.starts_with("— ") && t.size == size_4hao;
}

// Drawn width: the advances plus the character spacing after every character but the last.
double drawn_width(const layout::text_item& t) {
  const fake_measure m;
  const double n = static_cast<double>(base::decode_utf8(t.text).size());
  return m.width(t.role, t.size, t.text) + t.char_spacing * (n - 1);
}

// The body's text in reading order (page numbers left out), from the first body page.
std::string body_text(const layout::document& doc) {
  std::string out;
  for (std::size_t i = 1; i < doc.pages.size(); ++i)
    for (const auto* t : texts(doc.pages[i]))
      if (!is_page_number(*t)) out += t->text;
  return out;
}

std::string expected_text(const std::vector<record>& body) {
  std::string out = "2023年度测试单位整体支出绩效自评报告";
  for (const record& r : body) {
    for (const char* key : {"number", "title", "text"}) {
      std::string s = std::get<std::string>(r.at(key).v);
      std::erase(s, '\n');
      out += s;
    }
  }
  return out;
}

// Every text item inside the type area (page numbers below it), lines on the 28.95 pt grid.
void expect_inside(const layout::document& doc) {
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    for (const auto* t : texts(doc.pages[i])) {
      EXPECT_GE(t->x, setup.left - 1e-6) << "page " << i << ": " << t->text;
      EXPECT_LE(t->x + drawn_width(*t), setup.width - setup.right + 1e-6)
          << "page " << i << ": " << t->text;
      if (is_page_number(*t)) {
        EXPECT_LT(t->y, setup.bottom) << t->text;
        continue;
      }
      EXPECT_LE(t->y, setup.height - setup.top) << "page " << i << ": " << t->text;
      EXPECT_GE(t->y, setup.bottom) << "page " << i << ": " << t->text;
    }
  }
}

TEST(report_pages, cover_is_alone_and_body_pages_are_numbered_odd_right_even_left) {
  std::vector<record> body;
  for (int i = 0; i < 60; ++i) body.push_back(para("第" + std::to_string(i) + "段正文内容。"));
  const auto doc = lay_out_report("附件4", fields_with(body), fake_measure());
  ASSERT_GE(doc.pages.size(), 4u);
  // Cover: the label flush left on line 1, the title centred, no page number.
  const auto cover = texts(doc.pages[0]);
  ASSERT_EQ(cover.size(), 5u);  // label, two title lines, unit, date and nothing else
  EXPECT_EQ(cover[0]->text, "附件4");
  EXPECT_EQ(cover[0]->role, layout::font_role::hei);
  EXPECT_DOUBLE_EQ(cover[0]->x, setup.left);
  EXPECT_EQ(cover[1]->role, layout::font_role::xiaobiaosong);
  EXPECT_EQ(cover[1]->size, size_2hao);
  EXPECT_EQ(cover[3]->text, "部门（单位）名称：测试单位（盖章）");
  EXPECT_EQ(cover[4]->text, "2024年5月8日");
  for (const auto* t : cover) EXPECT_FALSE(is_page_number(*t)) << t->text;
  // Body: "— 1 —" on the right of the first body page, "— 2 —" on the left of the next.
  for (std::size_t i = 1; i < doc.pages.size(); ++i) {
    const auto items = texts(doc.pages[i]);
    ASSERT_FALSE(items.empty());
    const auto* number = items.back();
    ASSERT_TRUE(is_page_number(*number)) << number->text;
    EXPECT_EQ(number->text, "— " + std::to_string(i) + " —");
    if (i % 2 == 1) {
      EXPECT_NEAR(number->x + drawn_width(*number), setup.width - setup.right - 14, 1e-6);
    } else {
      EXPECT_NEAR(number->x, setup.left + 14, 1e-6);
    }
  }
  EXPECT_EQ(doc.title, "2023年度测试单位整体支出绩效自评报告");
  EXPECT_EQ(doc.year, 2024);
  EXPECT_EQ(doc.day, 8);
  expect_inside(doc);
}

TEST(report_pages, lines_hold_28_characters_justified_with_a_two_character_indent) {
  // 60 hanzi: 26 after the indent, 28, then 6 on the last line.
  std::string text;
  for (int i = 0; i < 60; ++i) text += "汉";
  const auto doc = lay_out_report("附件4", fields_with({para(text)}), fake_measure());
  ASSERT_EQ(doc.pages.size(), 2u);
  std::vector<const layout::text_item*> lines;
  for (const auto* t : texts(doc.pages[1]))
    if (t->text.starts_with("汉")) lines.push_back(t);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(base::decode_utf8(lines[0]->text).size(), 26u);
  EXPECT_EQ(base::decode_utf8(lines[1]->text).size(), 28u);
  EXPECT_EQ(base::decode_utf8(lines[2]->text).size(), 6u);
  EXPECT_NEAR(lines[0]->x, setup.left + first_line_indent, 1e-6);
  EXPECT_NEAR(lines[1]->x, setup.left, 1e-6);
  // Full lines end at the right edge of the type area; the last keeps the grid spacing.
  EXPECT_NEAR(lines[0]->x + drawn_width(*lines[0]), setup.width - setup.right, 1e-6);
  EXPECT_NEAR(lines[1]->x + drawn_width(*lines[1]), setup.width - setup.right, 1e-6);
  EXPECT_DOUBLE_EQ(lines[2]->char_spacing, grid_spacing);
  // Lines on the 28.95 pt grid.
  EXPECT_NEAR(lines[0]->y - lines[1]->y, line_pitch, 1e-6);
  // Headings by level: 黑体, 楷体, 仿宋, 仿宋.
  const auto headed =
      lay_out_report("附件4",
                     fields_with({heading(1, "一、", "甲"), heading(2, "（一）", "乙"),
                                  heading(3, "1.", "丙"), heading(4, "（1）", "丁"), para("正文")}),
                     fake_measure());
  std::vector<layout::font_role> roles;
  for (const auto* t : texts(headed.pages[1])) roles.push_back(t->role);
  ASSERT_GE(roles.size(), 7u);
  EXPECT_EQ(roles[2], layout::font_role::hei);
  EXPECT_EQ(roles[3], layout::font_role::kai);
  EXPECT_EQ(roles[4], layout::font_role::fangsong);
  EXPECT_EQ(roles[5], layout::font_role::fangsong);
  ASSERT_EQ(headed.outline.size(), 2u);  // 一、 and （一）
  EXPECT_EQ(headed.outline[0].title, "一、甲");
  EXPECT_EQ(headed.outline[1].level, 1);
}

TEST(report_pages, justified_lines_spread_between_hanzi_not_inside_numbers) {
  // 24 hanzi, "2023" and 26 more: the first line (after the indent) holds 24 hanzi and no
  // room for "2023年" (a number with its unit is never broken), so it is spread.
  std::string text;
  for (int i = 0; i < 24; ++i) text += "汉";
  text += "2023年";
  for (int i = 0; i < 26; ++i) text += "字";
  const auto doc = lay_out_report("附件4", fields_with({para("一二三" + text)}), fake_measure());
  std::vector<const layout::text_item*> runs;
  for (const auto* t : texts(doc.pages[1]))
    if (!is_page_number(*t) && t->size == size_3hao) runs.push_back(t);
  ASSERT_GE(runs.size(), 2u);
  // Every run of the first line is spread (hanzi only) and ends at the right edge.
  const double first_y = runs[0]->y;
  const layout::text_item* last_of_first = nullptr;
  for (const auto* r : runs)
    if (r->y == first_y) last_of_first = r;
  EXPECT_NEAR(last_of_first->x + drawn_width(*last_of_first), setup.width - setup.right, 1e-6);
  // A line holding the digits: the run with "2023" keeps them at the grid spacing.
  bool found = false;
  for (const auto* r : runs) {
    if (r->text.find("023") == std::string::npos) continue;
    found = true;
    EXPECT_DOUBLE_EQ(r->char_spacing, grid_spacing) << r->text;
  }
  EXPECT_TRUE(found);
}

TEST(report_pages, a_heading_at_the_foot_of_a_page_moves_down_with_its_text) {
  // Title (2 lines) + empty line + 18 one-line paragraphs = 21 of 22 lines: the heading would
  // take the last line with its paragraph on the next page.
  std::vector<record> body;
  for (int i = 0; i < 18; ++i) body.push_back(para("短段落"));
  body.push_back(heading(1, "二、", "下一节"));
  body.push_back(para("下一节的正文"));
  const auto doc = lay_out_report("附件4", fields_with(body), fake_measure());
  ASSERT_EQ(doc.pages.size(), 3u);
  const auto page2 = texts(doc.pages[2]);
  ASSERT_GE(page2.size(), 2u);
  EXPECT_EQ(page2[0]->text, "二、下一节");
  EXPECT_EQ(page2[1]->text, "下一节的正文");
  ASSERT_EQ(doc.outline.size(), 1u);
  EXPECT_EQ(doc.outline[0].page, 2u);
  EXPECT_EQ(body_text(doc), expected_text(body));
}

TEST(report_pages, long_random_text_and_many_sections_are_all_there_inside_the_type_area) {
  std::mt19937 rng(20231);
  const std::vector<std::string> pieces = {
      "绩",  "效",         "自", "评", "，",     "。",           "、",     "（",   "）",
      "“",   "”",          "：", "；", "2023年", "≥101.833万元", "99.64%", "GB/T", "9704",
      "abc", "预算执行率", "％", "《", "》"};
  std::vector<record> body;
  // One paragraph of 12,000 pieces (many pages), then 150 sections with random paragraphs,
  // and text with typed line breaks.
  // Each paragraph starts with a hanzi: only a paragraph's first line may start with a mark.
  std::string huge = "绩";
  for (int i = 0; i < 12000; ++i) huge += pieces[rng() % pieces.size()];
  body.push_back(para(huge));
  for (int s = 1; s <= 150; ++s) {
    body.push_back(heading(1 + static_cast<int>(rng() % 4), std::to_string(s) + ".", "节标题"));
    std::string text = "效";
    const int n = static_cast<int>(rng() % 200);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    if (s % 7 == 0) text += "\n第二行\n第三行";
    body.push_back(para(text));
  }
  const auto doc = lay_out_report("附件5", fields_with(body), fake_measure());
  EXPECT_GT(doc.pages.size(), 60u);
  expect_inside(doc);
  // All text, in order.
  EXPECT_EQ(body_text(doc), expected_text(body));
  // No line starts with a closing mark; no page holds more than 22 lines of body text.
  // (A justified line may be drawn as several runs on one baseline, left to right.)
  for (std::size_t i = 1; i < doc.pages.size(); ++i) {
    int lines = 0;
    double baseline = -1, right = 0;
    for (const auto* t : texts(doc.pages[i])) {
      if (is_page_number(*t)) continue;
      if (t->y != baseline) {
        ++lines;
        baseline = t->y;
        const auto cps = base::decode_utf8(t->text);
        EXPECT_FALSE(layout::cannot_start_line(cps.front())) << t->text;
      } else {
        // At least the grid's spacing (0.25 pt closer) after the previous run.
        EXPECT_GE(t->x, right + grid_spacing - 1e-6) << "runs of a line overlap: " << t->text;
      }
      right = t->x + drawn_width(*t);
    }
    EXPECT_LE(lines, lines_per_page) << "page " << i;
  }
  // Bookmarks point at pages in order.
  for (std::size_t i = 1; i < doc.outline.size(); ++i)
    EXPECT_GE(doc.outline[i].page, doc.outline[i - 1].page);
}

}  // namespace
}  // namespace selfeval::report_pdf
