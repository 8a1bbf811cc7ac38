// The placeholder lexer alone: pieces of one paragraph in, tags with piece positions out.
#include <gtest/gtest.h>

#include "docx/placeholder_lexer.h"

namespace selfeval::docx {
namespace {

TEST(EngineLexer, FindsTagsAcrossPiecesAndMapsThemBack) {
  lex_result res = lex_placeholders({"名称：{", "{ un", "", "it }}，{{#a}}{{/a}}"});
  ASSERT_TRUE(res.problems.empty());
  ASSERT_EQ(res.tags.size(), 3u);
  const lexed_tag& t = res.tags[0];
  EXPECT_EQ(t.name, "unit");
  EXPECT_EQ(t.kind, placeholder_kind::text);
  EXPECT_EQ(res.joined.substr(t.begin, t.end - t.begin), "{{ unit }}");
  EXPECT_EQ(t.first, (piece_pos{0, 9}));  // after "名称：" (9 bytes)
  EXPECT_EQ(t.last, (piece_pos{3, 4}));   // the final "}" (the empty piece owns nothing)
  EXPECT_EQ(res.tags[1].kind, placeholder_kind::section);
  EXPECT_EQ(res.tags[2].kind, placeholder_kind::close);
  EXPECT_EQ(res.tags[2].name, "a");
  EXPECT_FALSE(t.alone);
}

TEST(EngineLexer, AloneMeansNothingButSpacesAround) {
  EXPECT_TRUE(lex_placeholders({" ", "{{#x}}", " "}).tags[0].alone);
  EXPECT_FALSE(lex_placeholders({"a{{#x}}"}).tags[0].alone);
  EXPECT_FALSE(lex_placeholders({"{{#x}}{{y}}"}).tags[0].alone);
}

TEST(EngineLexer, Problems) {
  lex_result res = lex_placeholders({"}} {{a {{b}} {{c d}} {{^}} {{ 名称 }}"});
  ASSERT_EQ(res.problems.size(), 4u);
  EXPECT_EQ(res.problems[0].begin, 0u);   // stray }}
  EXPECT_EQ(res.problems[1].begin, 3u);   // {{a never closed before the next {{
  EXPECT_EQ(res.problems[2].begin, 13u);  // space in the name
  EXPECT_EQ(res.problems[3].begin, 21u);  // no name
  ASSERT_EQ(res.tags.size(), 2u);
  EXPECT_EQ(res.tags[0].name, "b");
  EXPECT_EQ(res.tags[1].name, "名称");
}

TEST(EngineLexer, TextWithoutDelimitersHasNoTags) {
  lex_result res = lex_placeholders({"{a} }b{", "}"});
  EXPECT_TRUE(res.tags.empty());
  EXPECT_TRUE(res.problems.empty());
}

}  // namespace
}  // namespace selfeval::docx
