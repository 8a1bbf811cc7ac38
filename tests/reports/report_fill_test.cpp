// The real 附件4 / 附件5 templates filled for the fixture and the example data files: golden
// word/document.xml, no placeholder left, every template part kept, and python-docx reads the
// result with the intended paragraph styles.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "report_fixture.h"
#include "report_test_util.h"

namespace selfeval::reports {
namespace {

using testing::fill_report;
using testing::fixture_model;
using testing::load_example;
using testing::matches_golden;
using testing::part_of;
using testing::pretty_xml;

struct golden_case {
  const char* name;     // golden file stem
  const char* example;  // examples/… data file, or nullptr for the C++ fixture
  report_kind kind;
};

const golden_case golden_cases[] = {
    {"report4-fixture", nullptr, report_kind::overall},
    {"report5-fixture", nullptr, report_kind::project},
    {"report4-yuanjiang-2023", "examples/yuanjiang-2023.toml", report_kind::overall},
    {"report5-yuanjiang-2023", "examples/yuanjiang-2023.toml", report_kind::project},
    {"report4-yiyang-2023", "examples/yiyang-2023.toml", report_kind::overall},
    {"report5-yiyang-2023", "examples/yiyang-2023.toml", report_kind::project},
};

void PrintTo(const golden_case& c, std::ostream* os) {
  *os << c.name;
}

data::model model_of(const golden_case& c) {
  return c.example ? load_example(c.example) : fixture_model();
}

class report_fill : public ::testing::TestWithParam<golden_case> {};

TEST_P(report_fill, document_xml_matches_golden) {
  std::string docx = fill_report(GetParam().kind, model_of(GetParam()));
  ASSERT_FALSE(docx.empty());
  EXPECT_TRUE(matches_golden(std::string(GetParam().name) + ".document.xml",
                             pretty_xml(part_of(docx, "word/document.xml"))));
}

TEST_P(report_fill, no_placeholder_survives_and_every_part_is_kept) {
  data::model m = model_of(GetParam());
  std::string docx = fill_report(GetParam().kind, m);
  ASSERT_FALSE(docx.empty());
  std::string tpl = testing::read_bytes(testing::template_path(GetParam().kind));
  EXPECT_EQ(testing::entry_names(docx), testing::entry_names(tpl));
  for (const std::string& name : testing::entry_names(docx)) {
    if (!name.ends_with(".xml") && !name.ends_with(".rels")) continue;
    std::string text = part_of(docx, name);
    EXPECT_EQ(text.find("{{"), std::string::npos) << name;
    EXPECT_EQ(text.find("}}"), std::string::npos) << name;
  }
  // Same input, same bytes.
  EXPECT_EQ(fill_report(GetParam().kind, m), docx);
}

std::vector<std::pair<std::string, std::string>> python_docx_paragraphs(const std::string& docx,
                                                                        std::string* extra);

TEST_P(report_fill, python_docx_reads_every_heading) {
  data::model m = model_of(GetParam());
  std::string extra;
  auto paragraphs = python_docx_paragraphs(fill_report(GetParam().kind, m), &extra);
  EXPECT_NE(extra.find("#sections\t2"), std::string::npos) << extra;
  base::diagnostics diags;
  std::size_t headings = 0;
  for (const body_block& b :
       report_body(GetParam().kind, m, data::derive(m), testing::shipped_wording(), diags)) {
    if (b.level == 0) continue;
    ++headings;
    auto expected = std::pair("Heading " + std::to_string(b.level), b.number + b.title);
    EXPECT_NE(std::find(paragraphs.begin(), paragraphs.end(), expected), paragraphs.end())
        << expected.first << " " << expected.second;
  }
  EXPECT_GT(headings, 10u);
}

INSTANTIATE_TEST_SUITE_P(reports, report_fill, ::testing::ValuesIn(golden_cases),
                         [](const ::testing::TestParamInfo<golden_case>& param_info) {
                           std::string n = param_info.param.name;
                           for (char& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

// Paragraph style names and texts as python-docx (the library users script Word files with)
// reads them: one "style<TAB>text" line per paragraph, sections and footer text after.
std::vector<std::pair<std::string, std::string>> python_docx_paragraphs(const std::string& docx,
                                                                        std::string* extra) {
  // A folder of this process's own: CTest runs the cases of this file in parallel processes,
  // and a shared script file was rewritten under a running python3 (a flaky failure).
  std::string pattern =
      (std::filesystem::temp_directory_path() / "selfeval-report-fill-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  const std::filesystem::path dir = pattern;
  auto file = dir / ("report-" + std::to_string(std::hash<std::string>{}(docx)) + ".docx");
  testing::write_bytes(file, docx);
  auto listing = dir / (file.stem().string() + ".txt");
  std::string script =
      "import docx,sys\n"
      "d=docx.Document(sys.argv[1])\n"
      "for p in d.paragraphs: print(p.style.name+'\\t'+p.text)\n"
      "print('#sections\\t%d' % len(d.sections))\n"
      "print('#footer\\t'+' '.join(p.text for p in d.sections[-1].footer.paragraphs))\n"
      "print('#cover-footer-linked\\t%s' % d.sections[0].footer.is_linked_to_previous)\n";
  auto script_file = dir / "list.py";
  testing::write_bytes(script_file, script);
  std::string command = "/usr/bin/python3 '" + script_file.string() + "' '" + file.string() +
                        "' > '" + listing.string() + "' 2>&1";
  int rc = std::system(command.c_str());
  std::string out = testing::read_bytes(listing);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(rc, 0) << "python-docx could not open the report:\n" << out;
  std::vector<std::pair<std::string, std::string>> paragraphs;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    if (line.starts_with("#")) {
      *extra += line + "\n";
      continue;
    }
    paragraphs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return paragraphs;
}

TEST(report_fill_python_docx, overall_report_paragraph_styles) {
  std::string extra;
  auto paragraphs =
      python_docx_paragraphs(fill_report(report_kind::overall, fixture_model()), &extra);
  ASSERT_GT(paragraphs.size(), 30u);
  auto has = [&](const std::string& style, const std::string& text) {
    return std::find(paragraphs.begin(), paragraphs.end(), std::pair(style, text)) !=
           paragraphs.end();
  };
  EXPECT_TRUE(has("附件标注", "附件4"));
  EXPECT_TRUE(has("封面标题", "2023年度沅江市总工会整体支出"));
  EXPECT_TRUE(has("封面标题", "绩效自评报告"));
  EXPECT_TRUE(has("封面信息", "部门（单位）名称：沅江市总工会（盖章）"));
  EXPECT_TRUE(has("封面信息", "2024年5月8日"));
  EXPECT_TRUE(has("公文标题", "2023年度沅江市总工会整体支出"));
  EXPECT_TRUE(has("Heading 1", "一、部门（单位）基本情况"));
  EXPECT_TRUE(has("Heading 2", "（一）职能、机构和人员情况"));
  EXPECT_TRUE(has("Heading 3", "1.强化思想引领，把牢正确政治方向"));
  EXPECT_TRUE(has("Heading 1", "十、其他需要说明的情况"));
  EXPECT_TRUE(has("Normal", "我会无政府性基金预算收支。"));
  EXPECT_TRUE(has("Normal", "（二）资金分配、使用方面。存在问题：……"));
  EXPECT_NE(extra.find("#sections\t2"), std::string::npos) << extra;
  EXPECT_NE(extra.find("#footer\t— 1 —"), std::string::npos) << extra;

  // The body has no empty paragraph but the one under its title: the section markers left
  // nothing behind.
  auto body_title = std::find(paragraphs.begin(), paragraphs.end(),
                              std::pair<std::string, std::string>("公文标题", "绩效自评报告"));
  ASSERT_NE(body_title, paragraphs.end());
  ++body_title;
  ASSERT_NE(body_title, paragraphs.end());
  EXPECT_EQ(body_title->second, "");
  for (auto it = body_title + 1; it != paragraphs.end(); ++it)
    EXPECT_NE(it->second, "") << "empty paragraph after " << (it - 1)->second;
  for (const auto& [style, text] : paragraphs) EXPECT_EQ(text.find("{{"), std::string::npos);
}

TEST(report_fill_python_docx, project_report_paragraph_styles_and_blank_date) {
  data::model m = fixture_model();
  m.dates.report.given = false;
  std::string extra;
  auto paragraphs = python_docx_paragraphs(fill_report(report_kind::project, m), &extra);
  auto has = [&](const std::string& style, const std::string& text) {
    return std::find(paragraphs.begin(), paragraphs.end(), std::pair(style, text)) !=
           paragraphs.end();
  };
  EXPECT_TRUE(has("附件标注", "附件5"));
  EXPECT_TRUE(has("封面标题", "2023年度沅江市总工会项目支出"));
  EXPECT_TRUE(has("封面信息", "　　　年　　月　　日"));
  EXPECT_TRUE(has("Heading 1", "一、项目支出基本情况"));
  EXPECT_TRUE(has("Heading 4", "（1）项目成本（预算）控制情况"));
  EXPECT_TRUE(
      has("Normal", "1.帮扶基金。主要用于生活救助、医疗救助、助学救助等帮扶项目，经费6.00万元。"));
  EXPECT_TRUE(has("Heading 1", "五、有关建议"));
  for (const auto& [style, text] : paragraphs) {
    EXPECT_EQ(text.find("此页为封面"), std::string::npos);
    EXPECT_EQ(text.find("此面为封面"), std::string::npos);
  }
}

}  // namespace
}  // namespace selfeval::reports

namespace selfeval::reports {
namespace {

// The committed templates are exactly what docx-templates/make-templates.py makes (compared
// entry by entry, uncompressed, so a different zlib cannot fail it).
TEST(report_templates, are_what_their_script_makes) {
  auto dir = std::filesystem::temp_directory_path() /
             ("selfeval-make-templates-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string command = "/usr/bin/python3 '" +
                        (testing::source_dir() / "docx-templates" / "make-templates.py").string() +
                        "' '" + dir.string() + "' > '" + (dir / "log.txt").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << testing::read_bytes(dir / "log.txt");
  for (report_kind kind : {report_kind::overall, report_kind::project}) {
    std::string made = testing::read_bytes(dir / report_template_name(kind));
    std::string committed = testing::read_bytes(testing::template_path(kind));
    ASSERT_FALSE(made.empty());
    ASSERT_EQ(testing::entry_names(made), testing::entry_names(committed));
    for (const std::string& name : testing::entry_names(made))
      EXPECT_EQ(part_of(made, name), part_of(committed, name))
          << report_template_name(kind) << " " << name
          << ": run /usr/bin/python3 docx-templates/make-templates.py";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace selfeval::reports
