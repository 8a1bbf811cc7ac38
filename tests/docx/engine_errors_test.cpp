// Template and data errors: stable ids at TEMPLATE[part]:LINE:COL of the "{{" in the part's XML
// (printed as the Word paragraph and its text), all of them reported by one fill, and no output
// when there are any.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.h"
#include "engine_test_util.h"

namespace selfeval::docx {
namespace {

using engine_test::ids_at;
using engine_test::make_docx;
using engine_test::p;
using engine_test::r;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Each body starts with "\n", so its first line is line 2 of word/document.xml and the "{{" of
// p(r("{{…")) is at column 16 (after "<w:p><w:r><w:t>").
struct outcome {
  std::string docx;
  base::diagnostics diags;
};

outcome fill_errors(std::string_view body, const record& fields = {}) {
  outcome o;
  o.docx = fill(make_docx(std::string("\n") + std::string(body)), "t.docx", fields, o.diags);
  return o;
}

std::string messages(const base::diagnostics& diags) {
  std::string all;
  for (const auto& d : diags.sorted()) all += base::format_diagnostic(d) + "\n";
  return all;
}

TEST(EngineErrors, PrintedPlaceIsTheWordParagraphWithItsText) {
  // Word shows no XML offsets: the printed place is the paragraph, counted in document order
  // with table cells, and its text; loc keeps the offset for sorting.
  const std::string cell = "<w:tbl><w:tr><w:tc>" + p(r("合计")) + "</w:tc></w:tr></w:tbl>";
  outcome o =
      fill_errors(p(r("标题")) + cell + p(r("负责人：{{untt}}")), record{{"unit", value("x")}});
  ASSERT_EQ(o.diags.size(), 1u);
  const base::diagnostic& d = o.diags.items()[0];
  EXPECT_EQ(d.id, "unknown-field");
  EXPECT_EQ(d.place, "t.docx 正文第 3 段「负责人：{{untt}}」");
  EXPECT_EQ(d.loc.file, "t.docx[word/document.xml]");
  EXPECT_THAT(base::format_diagnostic(d),
              testing::StartsWith("t.docx 正文第 3 段「负责人：{{untt}}」: 错误[unknown-field]"));
}

TEST(EngineErrors, LongParagraphsAreQuotedShortened) {
  const std::string long_text = "{{#a}}" + std::string(60, 'x');
  outcome o = fill_errors(p(r(long_text)));
  ASSERT_EQ(o.diags.size(), 1u);
  EXPECT_EQ(o.diags.items()[0].place, "t.docx 正文第 1 段「{{#a}}" + std::string(34, 'x') + "…」");
}

TEST(EngineErrors, LocationNamesTemplatePartLineAndColumn) {
  outcome o = fill_errors(p(r("{{#a}}")) + "\n" + p(r("x")));
  ASSERT_EQ(o.diags.size(), 1u);
  const base::diagnostic& d = o.diags.items()[0];
  EXPECT_EQ(d.id, "unclosed-tag");
  EXPECT_EQ(base::to_string(d.loc), "t.docx[word/document.xml]:2:16");
  EXPECT_THAT(d.message, HasSubstr("{{#a}}"));
  EXPECT_TRUE(o.docx.empty());
}

TEST(EngineErrors, UnopenedAndMismatchedTags) {
  EXPECT_THAT(ids_at(fill_errors(p(r("{{/a}}"))).diags), ElementsAre("unopened-tag@2:16"));
  outcome o = fill_errors(p(r("{{#a}}")) + "\n" + p(r("{{/b}}")));
  EXPECT_THAT(ids_at(o.diags), ElementsAre("mismatched-tag@3:16"));
  EXPECT_THAT(o.diags.items()[0].message, HasSubstr("与第 1 段开始的 \"{{#a}}\""));
}

// Messages come from the catalogue: Chinese by default, English when the language is English;
// the place stays in Word's terms.
TEST(EngineErrors, MessagesSpeakChineseByDefaultAndEnglishOnRequest) {
  const std::string body = p(r("{{#a}}")) + "\n" + p(r("{{/b}}"));
  outcome zh = fill_errors(body);
  ASSERT_EQ(zh.diags.size(), 1u);
  EXPECT_EQ(zh.diags.items()[0].message, "\"{{/b}}\" 与第 1 段开始的 \"{{#a}}\" 不对应");
  EXPECT_EQ(zh.diags.items()[0].hint, "请用 \"{{/a}}\" 结束该区段");
  const base::language saved = base::current_language();
  base::set_language(base::language::en);
  outcome en = fill_errors(body);
  base::set_language(saved);
  ASSERT_EQ(en.diags.size(), 1u);
  EXPECT_EQ(en.diags.items()[0].message, "\"{{/b}}\" does not match \"{{#a}}\" opened at 第 1 段");
  EXPECT_EQ(en.diags.items()[0].hint, "close the section with \"{{/a}}\"");
  EXPECT_EQ(en.diags.items()[0].place, zh.diags.items()[0].place);
}

TEST(EngineErrors, InnerUnclosedSectionIsNamedWhenTheOuterCloses) {
  outcome o = fill_errors(p(r("{{#a}}")) + "\n" + p(r("{{#b}}")) + "\n" + p(r("{{/a}}")));
  EXPECT_THAT(ids_at(o.diags), ElementsAre("unclosed-tag@3:16"));
}

TEST(EngineErrors, LoopAcrossRowsNamesBothPositions) {
  const std::string body = "<w:tbl><w:tr><w:tc>" + p(r("{{#rows}}{{v}}")) + "</w:tc></w:tr>\n" +
                           "<w:tr><w:tc>" + p(r("{{/rows}}")) + "</w:tc></w:tr></w:tbl>";
  outcome o = fill_errors(body);
  ASSERT_THAT(ids_at(o.diags), ElementsAre("loop-position-invalid@2:35"));
  EXPECT_THAT(o.diags.items()[0].message, HasSubstr("第 1 段的 \"{{#rows}}\""));
  EXPECT_THAT(o.diags.items()[0].message, HasSubstr("第 2 段的 \"{{/rows}}\""));
}

TEST(EngineErrors, LoopFromBodyIntoTableIsInvalid) {
  const std::string body =
      p(r("{{#xs}}")) + "<w:tbl><w:tr><w:tc>" + p(r("{{/xs}}")) + "</w:tc></w:tr></w:tbl>";
  EXPECT_THAT(ids_at(fill_errors(body).diags), ElementsAre("loop-position-invalid@2:16"));
}

TEST(EngineErrors, MarkersNotAloneInDifferentParagraphsAreInvalid) {
  EXPECT_THAT(ids_at(fill_errors(p(r("a{{#xs}}")) + p(r("{{/xs}}"))).diags),
              ElementsAre("loop-position-invalid@2:17"));
}

TEST(EngineErrors, RowSectionInsideAParagraphLoopOfOneCellIsInvalid) {
  // The inner section would repeat the row that holds the outer loop's markers.
  const std::string body = "<w:tbl><w:tr><w:tc>" + p(r("{{#xs}}")) + p(r("{{#ys}}a")) +
                           p(r("b{{/ys}}")) + p(r("{{/xs}}")) + "</w:tc></w:tr></w:tbl>";
  outcome o = fill_errors(body);
  EXPECT_THAT(ids_at(o.diags), ElementsAre("loop-position-invalid@2:75"));
  EXPECT_THAT(o.diags.items()[0].message,
              HasSubstr("不在第 1 段的 \"{{#xs}}\" 所重复的若干段落之内"));
}

TEST(EngineErrors, NestedRowSectionsOnOneRowAreValid) {
  const std::string body = "<w:tbl><w:tr><w:tc>" + p(r("{{#xs}}")) + p(r("{{#ys}}a")) +
                           "</w:tc><w:tc>" + p(r("b{{/ys}}")) + "</w:tc><w:tc>" + p(r("{{/xs}}")) +
                           "</w:tc></w:tr></w:tbl>";
  EXPECT_TRUE(fill_errors(body, {{"xs", std::vector<record>{{}}}, {"ys", true}}).diags.empty());
}

TEST(EngineErrors, BadPlaceholders) {
  outcome o = fill_errors(p(r("{{a b}}")) + "\n" + p(r("{{}} x }} {{y")) + "\n" +
                          p(r("&lt;&amp;{{#}}")) + "\n" + p(r("单位{{x y}}")));
  EXPECT_THAT(ids_at(o.diags),
              ElementsAre("bad-placeholder@2:16", "bad-placeholder@3:16", "bad-placeholder@3:23",
                          "bad-placeholder@3:26", "bad-placeholder@4:25", "bad-placeholder@5:18"))
      << messages(o.diags);
}

TEST(EngineErrors, PlaceholderSplitAcrossRunsIsLocatedAtItsStart) {
  outcome o = fill_errors(p(r("ab{") + r("{#x}}")));
  EXPECT_THAT(ids_at(o.diags), ElementsAre("unclosed-tag@2:18"));
}

TEST(EngineErrors, UnknownFieldsAreReportedOncePerPlaceholder) {
  const std::string body = p(r("{{#items}}")) + "\n" + p(r("{{name}} {{nmae}}")) + "\n" +
                           p(r("{{/items}}")) + "\n" + p(r("{{#missing}}{{/missing}}"));
  outcome o = fill_errors(body, {{"items", std::vector<record>{{{"name", "a"}}, {{"name", "b"}}}}});
  EXPECT_THAT(ids_at(o.diags), ElementsAre("unknown-field@3:25", "unknown-field@5:16"));
  EXPECT_THAT(o.diags.items()[0].message, HasSubstr("nmae"));
  EXPECT_TRUE(o.docx.empty());
}

TEST(EngineErrors, WrongValueKinds) {
  const std::string body = p(r("{{flag}}")) + "\n" + p(r("{{list}}")) + "\n" + p(r("x{{paras}}"));
  outcome o = fill_errors(
      body,
      {{"flag", true}, {"list", std::vector<record>{}}, {"paras", std::vector<std::string>{"a"}}});
  EXPECT_THAT(ids_at(o.diags), ElementsAre("wrong-value-kind@2:16", "wrong-value-kind@3:16",
                                           "wrong-value-kind@4:17"));
}

TEST(EngineErrors, AllErrorsOfAllPartsAtOnce) {
  const std::string hdr =
      R"(<?xml version="1.0"?><w:hdr xmlns:w="x">)" + p(r("{{/h}}")) + "</w:hdr>";
  base::diagnostics diags;
  std::string out =
      fill(make_docx("\n" + p(r("{{#a}}")) + p(r("{{b c}}")), {{"word/header2.xml", hdr}}),
           "t.docx", {}, diags);
  EXPECT_TRUE(out.empty());
  std::vector<std::string> where;
  for (const auto& d : diags.sorted()) where.push_back(d.id + " " + base::to_string(d.loc));
  EXPECT_THAT(where, ElementsAre("unclosed-tag t.docx[word/document.xml]:2:16",
                                 "bad-placeholder t.docx[word/document.xml]:2:55",
                                 "unopened-tag t.docx[word/header2.xml]:1:56"));
}

TEST(EngineErrors, MalformedXmlIsABadXmlError) {
  base::diagnostics diags;
  zip_writer w;
  w.add("word/document.xml", "<w:document>\n<w:p>{{x}}</w:document>");
  std::string out = fill(w.finish(), "t.docx", {{"x", "y"}}, diags);
  EXPECT_TRUE(out.empty());
  EXPECT_THAT(ids_at(diags), ElementsAre("bad-xml@2:13"));
}

TEST(EngineErrors, NotAZipIsAnEnvironmentError) {
  base::diagnostics diags;
  EXPECT_THROW(fill("not a zip", "t.docx", {}, diags), base::environment_error);
}

TEST(EngineScan, ListsPlaceholdersWithKindStructurePartAndLocation) {
  const std::string body = p(r("{{title}}")) + "\n" + p(r("{{#xs}}")) + p(r("{{v}}")) +
                           p(r("{{/xs}}")) + "\n" + p(r("{{^flag}}无{{/flag}}"));
  base::diagnostics diags;
  auto list = scan(make_docx("\n" + body), "t.docx", diags);
  EXPECT_TRUE(diags.empty()) << messages(diags);
  std::vector<std::string> got;
  for (const auto& ph : list) {
    got.push_back(ph.name + " " + std::string(to_string(ph.kind)) + " " +
                  std::string(to_string(ph.structure)) + " " + base::to_string(ph.loc));
  }
  EXPECT_THAT(got, ElementsAre("title text  t.docx[word/document.xml]:2:16",
                               "xs section paragraphs t.docx[word/document.xml]:3:16",
                               "v text  t.docx[word/document.xml]:3:56",
                               "xs close paragraphs t.docx[word/document.xml]:3:94",
                               "flag inverted inline t.docx[word/document.xml]:4:16",
                               "flag close inline t.docx[word/document.xml]:4:26"));
}

}  // namespace
}  // namespace selfeval::docx
