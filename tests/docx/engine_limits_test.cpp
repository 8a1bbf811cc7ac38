// Hostile templates and values (findings: hostile-inputs.md, T02-T26 and cases 87-89): each is a
// located error, never a crash, a runaway allocation or a part that Word cannot open.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "base/error.h"
#include "base/utf8.h"
#include "engine_test_util.h"

namespace selfeval::docx {
namespace {

using engine_test::body_of;
using engine_test::fill_body;
using engine_test::ids_at;
using engine_test::make_docx;
using engine_test::p;
using engine_test::r;
using ::testing::ElementsAre;

std::string fixture(const std::string& name) {
  std::ifstream in("tests/fixtures/hostile/templates/" + name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// "ID FILE" of each diagnostic that scan and fill both report for a template.
std::vector<std::string> package_errors(const std::string& docx) {
  base::diagnostics scanned;
  scan(docx, "t.docx", scanned);
  base::diagnostics filled;
  EXPECT_EQ(fill(docx, "t.docx", {{"unit", "x"}}, filled), "");
  std::vector<std::string> out;
  for (const auto& d : scanned.sorted()) out.push_back(d.id + " " + d.loc.file);
  std::vector<std::string> again;
  for (const auto& d : filled.sorted()) again.push_back(d.id + " " + d.loc.file);
  EXPECT_EQ(out, again);
  return out;
}

TEST(EngineLimits, ABrokenPackageIsAnErrorAtTheTemplateOrItsPart) {
  EXPECT_THAT(package_errors(fixture("t02-empty.docx")), ElementsAre("missing-part t.docx"));
  EXPECT_THAT(package_errors(fixture("t04-no-document.docx")), ElementsAre("missing-part t.docx"));
  EXPECT_THAT(package_errors(fixture("t06-malformed-no-placeholder.docx")),
              ElementsAre("bad-xml t.docx[word/settings.xml]"));
  EXPECT_THAT(package_errors(fixture("t07-billion-laughs.docx")),
              ElementsAre("bad-xml t.docx[word/document.xml]"));
  EXPECT_THAT(package_errors(fixture("t18-duplicate-entry.docx")),
              ElementsAre("duplicate-entry t.docx[word/document.xml]"));
  EXPECT_THAT(package_errors(fixture("t21-unsafe-names.docx")),
              ElementsAre("unsafe-entry-name t.docx[../../../../tmp/evil.xml]",
                          "unsafe-entry-name t.docx[/abs/evil.xml]"));
  EXPECT_THAT(package_errors(fixture("t23-char-ref-1.docx")),
              ElementsAre("bad-xml t.docx[word/document.xml]"));
}

TEST(EngineLimits, AForgedSizeIsRefusedBeforeAnythingIsInflated) {
  // T26: the header claims 4 GiB; the old reader allocated that before failing.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(
      package_errors(fixture("t26-forged-size.docx")),
      ElementsAre("template-too-large t.docx", "compression-ratio t.docx[word/document.xml]"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(EngineLimits, AZipBombIsRefusedByItsRatioAndSize) {
  // T25 in small: 4 MiB of spaces deflate to about 4 KB.
  const std::string docx = make_docx(p(r("{{unit}}")) + std::string(4 << 20, ' '));
  template_limits limits;
  limits.ratio_applies_above = 1 << 20;
  base::diagnostics diags;
  EXPECT_EQ(fill(docx, "t.docx", {{"unit", "x"}}, diags, limits), "");
  EXPECT_THAT(ids_at(diags), ElementsAre("compression-ratio@0:0"));
  limits.max_compression_ratio = 1 << 20;
  diags = {};
  EXPECT_NE(fill(docx, "t.docx", {{"unit", "x"}}, diags, limits), "");
  limits.max_xml_part_bytes = 1 << 20;
  EXPECT_EQ(fill(docx, "t.docx", {{"unit", "x"}}, diags, limits), "");
  EXPECT_THAT(ids_at(diags), ElementsAre("template-too-large@0:0"));
  EXPECT_EQ(default_template_limits.max_compression_ratio, 100U);
}

TEST(EngineLimits, ManyEntriesAreBounded) {
  std::vector<std::pair<std::string, std::string>> extra;
  for (int i = 0; i < 20; ++i) extra.emplace_back("media/" + std::to_string(i) + ".bin", "x");
  template_limits limits;
  limits.max_entries = 10;
  base::diagnostics diags;
  EXPECT_EQ(fill(make_docx(p(r("{{unit}}")), extra), "t.docx", {{"unit", "x"}}, diags, limits), "");
  EXPECT_THAT(ids_at(diags), ElementsAre("template-too-large@0:0"));
}

std::string nested(std::size_t depth, std::string_view inner) {
  std::string xml;
  for (std::size_t i = 0; i < depth; ++i) xml += "<w:sdt><w:sdtContent>";
  xml += inner;
  for (std::size_t i = 0; i < depth; ++i) xml += "</w:sdtContent></w:sdt>";
  return xml;
}

TEST(EngineLimits, DeepNestingIsALocatedErrorNotAStackOverflow) {
  // T13: 100,000 nested w:sdt crashed `template check` and `build` (recursion per element).
  const std::string docx = make_docx(nested(100000, p(r("{{unit}}"))));
  base::diagnostics diags;
  EXPECT_EQ(fill(docx, "t.docx", {{"unit", "x"}}, diags), "");
  ASSERT_EQ(diags.size(), 1U);
  EXPECT_EQ(diags.items()[0].id, "bad-xml");
  EXPECT_EQ(diags.items()[0].loc.line, 1U);
  EXPECT_GT(diags.items()[0].loc.column, 1000U);
  EXPECT_NE(diags.items()[0].message.find("超过 1000 层"), std::string::npos);
}

TEST(EngineLimits, TheEngineNeverRecursesOnDepth) {
  // With the depth limit lifted, 100,000 levels of sections, tables and cells fill: nothing in
  // the engine follows the depth of the XML on the call stack.
  std::string inner = p(r("{{#l}}")) + p(r("{{v}}")) + p(r("{{/l}}"));
  inner = "<w:tbl><w:tr><w:tc>" + nested(100000, inner) + "</w:tc></w:tr></w:tbl>";
  template_limits deep;
  deep.max_xml_depth = 1'000'000;
  base::diagnostics diags;
  const std::string out =
      fill(make_docx(inner), "t.docx", {{"l", std::vector<record>{{{"v", "one"}}, {{"v", "two"}}}}},
           diags, deep);
  ASSERT_FALSE(out.empty()) << (diags.empty() ? "" : diags.items()[0].message);
  const std::string body = body_of(out);
  EXPECT_NE(body.find("<w:t>one</w:t></w:r></w:p><w:p><w:r><w:t>two</w:t>"), std::string::npos);
}

TEST(EngineLimits, ValuesXmlCannotHoldAreRefusedAtThePlaceholder) {
  // Cases 87-89: `&#08;` and raw U+FFFE made the part ill-formed; U+0000 cut the text.
  for (const std::string& value :
       {std::string("无\b建议"), std::string("无\0建议", 8), std::string("无\uFFFE建议"),
        std::string("无\xEF\xBF\xBF"), std::string("a\x1F"), std::string("bad \xFF utf-8")}) {
    base::diagnostics diags;
    EXPECT_EQ(fill_body(p(r("正文{{x}}")), {{"x", value}}, diags), "") << value;
    EXPECT_THAT(ids_at(diags), ElementsAre("invalid-character@1:164")) << value;
  }
  base::diagnostics diags;
  const std::vector<std::string> paragraphs{"好", std::string("无\0", 4)};
  EXPECT_EQ(fill_body(p(r("{{x}}")), {{"x", paragraphs}}, diags), "");
  EXPECT_THAT(ids_at(diags), ElementsAre("invalid-character@1:162"));
  EXPECT_NE(diags.items()[0].message.find("U+0000"), std::string::npos);
}

TEST(EngineLimits, TabsLineFeedsAndAstralCharactersAreFine) {
  base::diagnostics diags;
  const std::string body = fill_body(p(r("{{x}}")), {{"x", "a\tb😀𠀀\r"}}, diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_NE(body.find("a\tb😀𠀀"), std::string::npos) << body;
}

TEST(EngineLimits, LocatingPlaceholdersIsLinear) {
  // T15: 200,000 placeholders on one line took minutes (each located from byte 0).
  std::string body;
  const std::size_t n = 200000;
  for (std::size_t i = 0; i < n; ++i) body += p(r("{{unit}}"));
  const std::string docx = make_docx(body);
  const auto start = std::chrono::steady_clock::now();
  base::diagnostics diags;
  const auto found = scan(docx, "t.docx", diags);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(found.size(), n);
  // Columns count code points on line 1, after the declaration and the document's start tag.
  const std::string xml = engine_test::read_part(docx, "word/document.xml");
  const std::size_t last = xml.rfind("{{unit}}");
  EXPECT_EQ(found.back().loc.line, 1U);
  EXPECT_EQ(found.back().loc.column, base::line_col_at(xml, last).column);
  EXPECT_LT(took, std::chrono::seconds(30));  // about 1 s in a release build; minutes before
}

}  // namespace
}  // namespace selfeval::docx
