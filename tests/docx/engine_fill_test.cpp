// Filling templates: inline template XML in, serialized document body out (pugixml's TEST_XML
// style). The run text and formatting the engine must keep are spelled out in each expectation.
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace selfeval::docx {
namespace {

using engine_test::body_of;
using engine_test::fill_body;
using engine_test::make_docx;
using engine_test::p;
using engine_test::r;

std::string filled(std::string_view body, const record& fields) {
  base::diagnostics diags;
  std::string out = fill_body(body, fields, diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << base::format_diagnostic(d);
  return out;
}

TEST(EngineFill, ReplacesTextInItsRunKeepingFormatting) {
  EXPECT_EQ(filled(R"(<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>单位：{{unit}}。</w:t></w:r></w:p>)",
                   {{"unit", "沅江市总工会"}}),
            R"(<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>单位：沅江市总工会。</w:t></w:r></w:p>)");
}

TEST(EngineFill, SpacesInsideDelimitersAreAllowed) {
  EXPECT_EQ(filled(p(r("{{ unit }}")), {{"unit", "X"}}), p(r("X")));
}

TEST(EngineFill, PlaceholderSplitOverThreeRunsWithProofErrAndRsids) {
  // As Word saves it: spell-check marks and a different rsid per editing session.
  const std::string body =
      R"(<w:p><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t>名称：{{</w:t></w:r>)"
      R"(<w:proofErr w:type="spellStart"/><w:r w:rsidR="00B2"><w:t>un</w:t></w:r>)"
      R"(<w:proofErr w:type="spellEnd"/><w:r w:rsidR="00C3"><w:rPr><w:i/></w:rPr>)"
      R"(<w:t>it}}，负责人：{{leader}}</w:t></w:r><w:r><w:t xml:space="preserve"> 完</w:t></w:r></w:p>)";
  EXPECT_EQ(
      filled(body, {{"unit", "沅江市总工会"}, {"leader", "张三"}}),
      R"(<w:p><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t>名称：沅江市总工会</w:t></w:r>)"
      R"(<w:proofErr w:type="spellStart"/><w:r w:rsidR="00B2"><w:t></w:t></w:r>)"
      R"(<w:proofErr w:type="spellEnd"/><w:r w:rsidR="00C3"><w:rPr><w:i/></w:rPr>)"
      R"(<w:t>，负责人：张三</w:t></w:r><w:r><w:t xml:space="preserve"> 完</w:t></w:r></w:p>)");
}

TEST(EngineFill, BookmarksBetweenRunsAreKept) {
  const std::string body =
      R"(<w:p><w:r><w:t>{{un</w:t></w:r><w:bookmarkStart w:id="0" w:name="b"/>)"
      R"(<w:r><w:t>it}}</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>)";
  EXPECT_EQ(filled(body, {{"unit", "U"}}),
            R"(<w:p><w:r><w:t>U</w:t></w:r><w:bookmarkStart w:id="0" w:name="b"/>)"
            R"(<w:r><w:t></w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>)");
}

TEST(EngineFill, EscapesXmlSpecialCharacters) {
  EXPECT_EQ(filled(p(r("{{x}}")), {{"x", R"(a<b & "c">)"}}), p(r(R"(a&lt;b &amp; "c"&gt;)")));
}

TEST(EngineFill, LineBreaksInTextBecomeBreaksInTheRun) {
  EXPECT_EQ(
      filled(p(R"(<w:r><w:rPr><w:b/></w:rPr><w:t>甲{{x}}乙</w:t></w:r>)"), {{"x", "一\n 二\n"}}),
      p(R"(<w:r><w:rPr><w:b/></w:rPr><w:t>甲一</w:t><w:br/>)"
        R"(<w:t xml:space="preserve"> 二</w:t><w:br/><w:t>乙</w:t></w:r>)"));
}

TEST(EngineFill, PreservesLeadingAndTrailingSpaces) {
  EXPECT_EQ(filled(p(r("{{x}}")), {{"x", "  两个空格 "}}),
            R"(<w:p><w:r><w:t xml:space="preserve">  两个空格 </w:t></w:r></w:p>)");
  // A space-only run of the template survives parsing and saving.
  EXPECT_EQ(
      filled(p(R"(<w:r><w:t xml:space="preserve"> </w:t></w:r>)") + p(r("{{x}}")), {{"x", "y"}}),
      p(R"(<w:r><w:t xml:space="preserve"> </w:t></w:r>)") + p(r("y")));
}

TEST(EngineFill, TrimmedRunsKeepTheirEdgeSpaces) {
  // After the merge the first run ends with a space and the last starts with one.
  EXPECT_EQ(filled(p(r("名称 {{") + r("x}} 完")), {{"x", ""}}),
            p(R"(<w:r><w:t xml:space="preserve">名称 </w:t></w:r>)"
              R"(<w:r><w:t xml:space="preserve"> 完</w:t></w:r>)"));
}

TEST(EngineFill, UntouchedParagraphsKeepTheirMarkup) {
  const std::string untouched =
      R"(<w:p w:rsidR="001"><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>)";
  std::string out = filled(untouched + p(r("{{x}}")), {{"x", "y"}});
  EXPECT_EQ(
      out,
      R"(<w:p w:rsidR="001"><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>)" +
          p(r("y")));
}

TEST(EngineFill, ParagraphListBecomesOneParagraphPerElement) {
  const std::string body =
      R"(<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr>)"
      R"(<w:t>{{text}}</w:t></w:r></w:p>)";
  EXPECT_EQ(
      filled(body, {{"text", std::vector<std::string>{"第一段。", "第二段。"}}}),
      R"(<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr>)"
      R"(<w:t>第一段。</w:t></w:r></w:p>)"
      R"(<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr>)"
      R"(<w:t>第二段。</w:t></w:r></w:p>)");
  EXPECT_EQ(filled(body + p(r("end")), {{"text", std::vector<std::string>{}}}), p(r("end")));
}

TEST(EngineFill, ParagraphLoopRepeatsParagraphsAndTablesAndDropsMarkers) {
  const std::string body =
      p(r("前")) + p(r("{{#items}}")) + p(r("{{no}}. {{name}}（{{unit}}）")) +
      R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{no}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)" +
      p(r("{{/items}}")) + p(r("后"));
  record fields{
      {"unit", "万元"},
      {"items", std::vector<record>{{{"no", "1"}, {"name", "甲"}}, {{"no", "2"}, {"name", "乙"}}}}};
  EXPECT_EQ(filled(body, fields),
            p(r("前")) + p(r("1. 甲（万元）")) +
                R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)" +
                p(r("2. 乙（万元）")) +
                R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)" +
                p(r("后")));
}

TEST(EngineFill, ItemFieldsShadowOuterFields) {
  const std::string body = p(r("{{#items}}")) + p(r("{{name}}/{{unit}}")) + p(r("{{/items}}"));
  record fields{
      {"name", "outer"}, {"unit", "U"}, {"items", std::vector<record>{{{"name", "inner"}}, {}}}};
  EXPECT_EQ(filled(body, fields), p(r("inner/U")) + p(r("outer/U")));
}

TEST(EngineFill, TableRowLoopRepeatsTheRow) {
  auto row = [](std::string_view a, std::string_view b) {
    return "<w:tr><w:tc><w:p>" + r(a) + "</w:p></w:tc><w:tc><w:p>" + r(b) + "</w:p></w:tc></w:tr>";
  };
  const std::string body = "<w:tbl>" + row("指标", "分值") +
                           row("{{#rows}}{{l3}}", "{{score}}{{/rows}}") + row("合计", "{{total}}") +
                           "</w:tbl>";
  record fields{{"total", "20"},
                {"rows", std::vector<record>{{{"l3", "预算执行率"}, {"score", "9.96"}},
                                             {{"l3", "满意度"}, {"score", "10"}}}}};
  EXPECT_EQ(filled(body, fields), "<w:tbl>" + row("指标", "分值") + row("预算执行率", "9.96") +
                                      row("满意度", "10") + row("合计", "20") + "</w:tbl>");
}

TEST(EngineFill, RowLoopWithMarkersInOneCellRepeatsTheRow) {
  const std::string body = "<w:tbl><w:tr><w:tc>" + p(r("{{#rows}}")) + p(r("{{v}}")) +
                           p(r("x{{/rows}}")) + "</w:tc></w:tr></w:tbl>";
  record fields{{"rows", std::vector<record>{{{"v", "1"}}, {{"v", "2"}}}}};
  auto row = [](std::string_view v) {
    return "<w:tr><w:tc>" + p(r("")) + p(r(v)) + p(r("x")) + "</w:tc></w:tr>";
  };
  EXPECT_EQ(filled(body, fields), "<w:tbl>" + row("1") + row("2") + "</w:tbl>");
}

TEST(EngineFill, EmptyRowLoopDropsAnEmptyTableAndCellsKeepAParagraph) {
  const std::string body = "<w:tbl><w:tr><w:tc><w:tcPr/><w:tbl><w:tr><w:tc>" +
                           p(r("{{#rows}}{{v}}{{/rows}}")) +
                           "</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>";
  // The inline loop empties the inner cell's paragraph but keeps it.
  EXPECT_EQ(filled(body, {{"rows", std::vector<record>{}}}),
            "<w:tbl><w:tr><w:tc><w:tcPr/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
            "<w:p/></w:tc></w:tr></w:tbl>");
  const std::string rows = "<w:tbl><w:tr><w:tc><w:tcPr/><w:tbl><w:tr><w:tc>" +
                           p(r("{{#rows}}{{v}}")) + "</w:tc><w:tc>" + p(r("{{/rows}}")) +
                           "</w:tc></w:tr></w:tbl>" + p("") + "</w:tc></w:tr></w:tbl>";
  EXPECT_EQ(filled(rows, {{"rows", std::vector<record>{}}}),
            "<w:tbl><w:tr><w:tc><w:tcPr/><w:p/></w:tc></w:tr></w:tbl>");
}

TEST(EngineFill, ParagraphLoopInsideACellKeepsAParagraphWhenEmpty) {
  const std::string body = "<w:tbl><w:tr><w:tc><w:tcPr/>" + p(r("{{#xs}}")) + p(r("{{v}}")) +
                           p(r("{{/xs}}")) + "</w:tc></w:tr></w:tbl>";
  EXPECT_EQ(filled(body, {{"xs", std::vector<record>{}}}),
            "<w:tbl><w:tr><w:tc><w:tcPr/><w:p/></w:tc></w:tr></w:tbl>");
}

TEST(EngineFill, ConditionalsAndInvertedSections) {
  const std::string body = p(r("{{#audited}}")) + p(r("已审计")) + p(r("{{/audited}}")) +
                           p(r("{{^audited}}")) + p(r("未审计")) + p(r("{{/audited}}")) +
                           p(r("{{^problems}}无问题{{/problems}}{{#note}}注：{{note}}{{/note}}"));
  EXPECT_EQ(filled(body, {{"audited", true}, {"problems", std::vector<record>{}}, {"note", ""}}),
            p(r("已审计")) + p(r("无问题")));
  EXPECT_EQ(
      filled(body, {{"audited", false}, {"problems", std::vector<record>{{}}}, {"note", "见附表"}}),
      p(r("未审计")) + p(r("注：见附表")));
}

TEST(EngineFill, InlineSectionSplitsRunsAndKeepsTheirFormatting) {
  const std::string body =
      R"(<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>甲{{#xs}}[{{v}}]{{/xs}}乙</w:t></w:r></w:p>)";
  EXPECT_EQ(filled(body, {{"xs", std::vector<record>{{{"v", "1"}}, {{"v", "2"}}}}}),
            R"(<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>甲</w:t></w:r>)"
            R"(<w:r><w:rPr><w:b/></w:rPr><w:t>[1]</w:t></w:r>)"
            R"(<w:r><w:rPr><w:b/></w:rPr><w:t>[2]</w:t></w:r>)"
            R"(<w:r><w:rPr><w:b/></w:rPr><w:t>乙</w:t></w:r></w:p>)");
}

TEST(EngineFill, NestedLoops) {
  auto row = [](std::string_view a, std::string_view b) {
    return "<w:tr><w:tc>" + p(r(a)) + "</w:tc><w:tc>" + p(r(b)) + "</w:tc></w:tr>";
  };
  const std::string body = p(r("{{#groups}}")) + p(r("{{title}}")) + "<w:tbl>" +
                           row("{{#rows}}{{title}}", "{{v}}{{/rows}}") + "</w:tbl>" +
                           p(r("{{/groups}}"));
  record fields{
      {"groups", std::vector<record>{
                     {{"title", "一"}, {"rows", std::vector<record>{{{"v", "a"}}, {{"v", "b"}}}}},
                     {{"title", "二"}, {"rows", std::vector<record>{}}}}}};
  // The empty table of the second group is dropped.
  EXPECT_EQ(filled(body, fields),
            p(r("一")) + "<w:tbl>" + row("一", "a") + row("一", "b") + "</w:tbl>" + p(r("二")));
}

TEST(EngineFill, NestedSectionsOnTheSameRow) {
  const std::string body = "<w:tbl><w:tr><w:tc>" + p(r("{{#rows}}{{#show}}{{v}}")) +
                           "</w:tc><w:tc>" + p(r("{{/show}}{{/rows}}")) + "</w:tc></w:tr></w:tbl>";
  record fields{{"rows", std::vector<record>{{{"show", true}, {"v", "1"}},
                                             {{"show", false}, {"v", "2"}},
                                             {{"show", true}, {"v", "3"}}}}};
  auto row = [](std::string_view v) {
    return "<w:tr><w:tc>" + p(r(v)) + "</w:tc><w:tc>" + p(r("")) + "</w:tc></w:tr>";
  };
  EXPECT_EQ(filled(body, fields), "<w:tbl>" + row("1") + row("3") + "</w:tbl>");
}

TEST(EngineFill, DrawingsCopiedByALoopGetUniqueIds) {
  const std::string body =
      p(r("{{#xs}}")) +
      p(R"(<w:r><w:drawing><wp:inline><wp:docPr id="7" name="图"/></wp:inline></w:drawing></w:r>)") +
      p(r("{{/xs}}")) +
      p(R"(<w:r><w:drawing><wp:inline><wp:docPr id="9" name="章"/></wp:inline></w:drawing></w:r>)");
  auto drawing = [](int id, std::string_view name) {
    return p(R"(<w:r><w:drawing><wp:inline><wp:docPr id=")" + std::to_string(id) + R"(" name=")" +
             std::string(name) + R"("/></wp:inline></w:drawing></w:r>)");
  };
  EXPECT_EQ(filled(body, {{"xs", std::vector<record>{{}, {}, {}}}}),
            drawing(7, "图") + drawing(10, "图") + drawing(11, "图") + drawing(9, "章"));
}

TEST(EngineFill, HeadersAndFootersAreFilledOtherPartsAreNot) {
  const std::string hdr =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)" +
      p(r("{{unit}}")) + "</w:hdr>";
  const std::string other = "<x>{{unit}}</x>";
  std::string docx =
      make_docx(p(r("{{unit}}")),
                {{"word/header1.xml", hdr}, {"word/footer2.xml", hdr}, {"word/styles.xml", other}});
  base::diagnostics diags;
  std::string out = fill(docx, "t.docx", {{"unit", "U"}}, diags);
  ASSERT_TRUE(diags.empty());
  std::string expected_hdr =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)" +
      p(r("U")) + "</w:hdr>";
  EXPECT_EQ(engine_test::read_part(out, "word/header1.xml"), expected_hdr);
  EXPECT_EQ(engine_test::read_part(out, "word/footer2.xml"), expected_hdr);
  EXPECT_EQ(engine_test::read_part(out, "word/styles.xml"), other);
  EXPECT_EQ(body_of(out), p(r("U")));
}

TEST(EngineFill, KeepsTheXmlDeclaration) {
  base::diagnostics diags;
  std::string out = fill(make_docx(p(r("{{x}}"))), "t.docx", {{"x", "y"}}, diags);
  std::string xml = engine_test::read_part(out, "word/document.xml");
  EXPECT_TRUE(
      xml.starts_with(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document)"))
      << xml;
}

}  // namespace
}  // namespace selfeval::docx
