#include "layout/text.h"

#include <gtest/gtest.h>

#include "fake_measure.h"

namespace selfeval::layout {
namespace {

using testing::fake_measure;
using lines = std::vector<std::string>;

// At 10 pt a CJK code point is 10 pt wide, so the width is given in code points × 10.
lines wrap(std::string_view text, double chars) {
  return wrap_text(fake_measure{}, font_role::song, 10, text, chars * 10);
}

TEST(Wrap, BreaksBetweenAnyTwoIdeographs) {
  EXPECT_EQ(wrap("保障单位人员的正常办公", 4), (lines{"保障单位", "人员的正", "常办公"}));
}

TEST(Wrap, ShortTextIsOneLine) {
  EXPECT_EQ(wrap("会员满意度", 10), lines{"会员满意度"});
}

TEST(Wrap, EmptyTextIsOneEmptyLine) {
  EXPECT_EQ(wrap("", 10), lines{""});
}

TEST(Wrap, NoLineStartsWithClosingPunctuation) {
  // "，" would start line 2; the character before it moves down with it.
  EXPECT_EQ(wrap("一是抓好，二是", 4), (lines{"一是抓", "好，二是"}));
  EXPECT_EQ(wrap("完成工作。好", 4), (lines{"完成工", "作。好"}));
  EXPECT_EQ(wrap("甲乙丙）丁", 3), (lines{"甲乙", "丙）丁"}));
  EXPECT_EQ(wrap("甲乙丙丁、戊", 4), (lines{"甲乙丙", "丁、戊"}));
}

TEST(Wrap, TwoClosingMarksMoveTogether) {
  EXPECT_EQ(wrap("甲乙丙”。丁", 4), (lines{"甲乙", "丙”。丁"}));
}

TEST(Wrap, NoLineEndsWithOpeningBracket) {
  // "（" would end line 1; it moves down to open line 2.
  EXPECT_EQ(wrap("甲乙丙（丁）", 4), (lines{"甲乙丙", "（丁）"}));
  EXPECT_EQ(wrap("甲乙丙“丁”", 4), (lines{"甲乙丙", "“丁”"}));
  EXPECT_EQ(wrap("甲乙丙【丁】", 4), (lines{"甲乙丙", "【丁】"}));
}

TEST(Wrap, AsciiEquivalentsFollowTheRules) {
  EXPECT_EQ(wrap("甲乙丙丁)戊", 4), (lines{"甲乙丙", "丁)戊"}));
  EXPECT_EQ(wrap("甲乙丙(丁", 3.5), (lines{"甲乙丙", "(丁"}));
}

TEST(Wrap, NumbersStayTogether) {
  // "2023年" is 3 em wide: it moves to the next line whole instead of splitting.
  EXPECT_EQ(wrap("截至2023年", 3), (lines{"截至", "2023年"}));
  EXPECT_EQ(wrap("执行率99.64%", 5), (lines{"执行率", "99.64%"}));
  // The comparator, the decimals and the two-character unit stay with the number.
  EXPECT_EQ(wrap("目标≥120万元", 4.5), (lines{"目标", "≥120万元"}));
  EXPECT_EQ(wrap("实际101.833万元", 6), (lines{"实际", "101.833万元"}));
  EXPECT_EQ(wrap("共5人次", 3), (lines{"共", "5人次"}));
}

TEST(Wrap, NumberWiderThanTheLineIsNeverBroken) {
  // Too wide for the line: the number gets a line of its own, whole (a table cell then sets
  // it smaller); before, it came out as "101.83" / "3万元".
  EXPECT_EQ(wrap("≤606.1万元", 4), (lines{"≤606.1万元"}));
  EXPECT_EQ(wrap("值101.833万元", 4), (lines{"值", "101.833万元"}));
  EXPECT_EQ(wrap("1234567890", 2), (lines{"1234567890"}));
}

TEST(Wrap, NumbersBreakOnlyWhenAskedTo) {
  EXPECT_EQ(wrap_text(fake_measure{}, font_role::song, 10, "1234567890", 20, false, false),
            (lines{"1234", "5678", "90"}));
}

TEST(Wrap, HangingIndentKeepsContinuationLinesUnderTheIndent) {
  EXPECT_EQ(wrap_text(fake_measure{}, font_role::song, 10, "　　劳动专项补助资金", 60, true),
            (lines{"　　劳动专项", "　　补助资金"}));
  // Without hang the continuation starts at the edge.
  EXPECT_EQ(wrap_text(fake_measure{}, font_role::song, 10, "　　劳动专项补助资金", 60),
            (lines{"　　劳动专项", "补助资金"}));
}

TEST(Wrap, WidestUnbreakablePiece) {
  fake_measure m;
  EXPECT_DOUBLE_EQ(widest_unbreakable(m, font_role::song, 10, "实际≥101.833万元"), 65);
  EXPECT_DOUBLE_EQ(widest_unbreakable(m, font_role::song, 10, "甲乙"), 10);
}

TEST(Wrap, ExplicitLineBreaksAreParagraphs) {
  EXPECT_EQ(wrap("一是甲\n二是乙丙丁戊", 4), (lines{"一是甲", "二是乙丙", "丁戊"}));
  EXPECT_EQ(wrap("甲\n\n乙", 4), (lines{"甲", "", "乙"}));
}

TEST(Wrap, SpacesBreakAsciiWordsAndVanishAtLineEnds) {
  EXPECT_EQ(wrap("ab cd ef", 2.5), (lines{"ab cd", "ef"}));
}

TEST(Wrap, SingleWideCodePointGetsItsOwnLine) {
  EXPECT_EQ(wrap("甲乙", 0.5), (lines{"甲", "乙"}));
}

TEST(Wrap, NoLineIsWiderThanTheWidth) {
  const std::string text =
      "一是抓好干部队伍建设。充分发挥领导班子整体功能和表率作用，注重发挥中层干部的桥梁纽带和参谋作"
      "用，开展“远酒桌、离牌桌、近书桌”等活动（2023年共12次），执行率99.64%。";
  fake_measure m;
  for (double chars = 3; chars <= 20; chars += 0.5) {
    const auto out = wrap(text, chars);
    std::string joined;
    for (const auto& l : out) {
      // Only a number kept whole with the marks the rules tie to it ("12次），", "99.64%。")
      // may overflow.
      EXPECT_LE(m.width(font_role::song, 10, l), std::max(chars * 10, 40.0) + 1e-9) << l;
      if (!l.empty()) {
        const auto cps = base::decode_utf8(l);
        EXPECT_FALSE(cannot_end_line(cps.back())) << l;
      }
      joined += l;
    }
    EXPECT_EQ(joined, text) << "width " << chars;
    for (std::size_t i = 1; i < out.size(); ++i)
      EXPECT_FALSE(cannot_start_line(base::decode_utf8(out[i]).front())) << out[i];
  }
}

TEST(WrapBalanced, EvensOutTheLines) {
  fake_measure m;
  EXPECT_EQ(wrap_balanced(m, font_role::song, 10, "服务对象满意度指标", 80),
            (lines{"服务对象满", "意度指标"}));
  EXPECT_EQ(wrap_balanced(m, font_role::song, 10, "会员满意度", 80), lines{"会员满意度"});
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "标";
  const auto out = wrap_balanced(m, font_role::song, 10, fifty, 440);  // greedy: 44 + 6
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(base::decode_utf8(out[0]).size(), 25u);
  EXPECT_EQ(base::decode_utf8(out[1]).size(), 25u);
}

TEST(Stack, OneCodePointPerLine) {
  EXPECT_EQ(stack_text("绩效\n指 标"), (lines{"绩", "效", "指", "标"}));
}

TEST(Stack, BracketsTakeVerticalForms) {
  EXPECT_EQ(stack_text("资金（万元）"), (lines{"资", "金", "︵", "万", "元", "︶"}));
}

}  // namespace
}  // namespace selfeval::layout
