#include "base/utf8.h"

#include <gtest/gtest.h>

using namespace selfeval::base;

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_FALSE(find_invalid_utf8("部门整体").has_value());
  const std::string bad = std::string("ab") + '\xff' + "c";
  EXPECT_EQ(find_invalid_utf8(bad), 2u);
}

TEST(Utf8, DecodesAndEncodesRoundTrip) {
  const std::string s = "执行率99.64%";
  const auto cps = decode_utf8(s);
  EXPECT_EQ(cps.size(), 9u);
  EXPECT_EQ(cps[0], U'执');
  EXPECT_EQ(encode_utf8(cps), s);
}

TEST(Utf8, LineAndColumnCountCodePoints) {
  const std::string s = "一二\n三四五x";
  const auto lc = line_col_at(s, s.find('x'));
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 4u);
}

TEST(Utf8, SplitsParagraphsOnLinesAndTrims) {
  const auto p = split_paragraphs("  一是抓好。\n\n\u3000\u3000二是落实。  \n   \n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "一是抓好。");
  EXPECT_EQ(p[1], "二是落实。");
}

TEST(Join, PutsTheSeparatorBetweenPartsOnly) {
  EXPECT_EQ(join(std::vector<std::string>{"帮扶基金", "工会经费"}, "、"), "帮扶基金、工会经费");
  EXPECT_EQ(join(std::vector<std::string_view>{"a"}, ", "), "a");
  EXPECT_EQ(join(std::vector<std::string>{}, "、"), "");
}
