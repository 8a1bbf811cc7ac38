// The 附件4/附件5 reports of the example package against GB/T 9704: 28 characters × 22 lines
// in 3号, page numbers "— N —" on the right of odd pages and the left of
// even pages with one character's indent, and document properties from the data (title,
// creator = the unit, created/modified = the report date) with no trace of the tool that made
// the templates. Read straight from the .docx parts.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "program.h"

namespace {

namespace fs = std::filesystem;
using selfeval::e2e::read_file;
using selfeval::e2e::run_program;

class ReportFormat : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("selfeval-report-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    const auto r =
        run_program("build examples/yuanjiang-2023.toml -o '" + (dir_ / "out").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    for (const auto& e : fs::directory_iterator(dir_ / "out"))
      if (e.path().extension() == ".docx") reports_.push_back(e.path());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // One part of a .docx, through Python's zipfile (python3 is a test dependency already).
  static std::string part(const fs::path& docx, const std::string& name) {
    const fs::path out = dir_ / "part.xml";
    const std::string cmd =
        "/usr/bin/python3 -c 'import sys, zipfile; "
        "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '" +
        docx.string() + "' '" + name + "' > '" + out.string() + "'";
    if (std::system(cmd.c_str()) != 0) return {};
    return read_file(out);
  }

  static fs::path dir_;
  static std::vector<fs::path> reports_;
};

fs::path ReportFormat::dir_;
std::vector<fs::path> ReportFormat::reports_;

TEST_F(ReportFormat, CharacterGridOf28By22In3Hao) {
  ASSERT_EQ(reports_.size(), 2u);
  for (const auto& docx : reports_) {
    const std::string doc = part(docx, "word/document.xml");
    // 22 lines of 28.95 pt fill the 225 mm type area: the section's line pitch.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(doc, m, std::regex(R"re(<w:docGrid w:linePitch="(\d+)"/>)re")))
        << docx;
    EXPECT_EQ(std::stoi(m[1]), 579);
    EXPECT_NEAR(22 * 579 / 20.0, 225 / 25.4 * 72, 1.0);
    // 28 characters a line: every 3号 (sz 32) style, the defaults included, sets its characters
    // closer by w:spacing (twentieths of a point) so that 28 fill the 156 mm type area and 29
    // do not fit. (A w:docGrid of characters is laid out square by LibreOffice: 15 a line.)
    const std::string styles = part(docx, "word/styles.xml");
    const std::regex sized(R"re(<w:rPr>(?:(?!</w:rPr>).)*?<w:sz w:val="32"/>)re");
    const std::regex spacing(R"re(<w:spacing w:val="(-?\d+)"/>)re");
    int three_hao = 0;
    for (auto it = std::sregex_iterator(styles.begin(), styles.end(), sized);
         it != std::sregex_iterator(); ++it) {
      const std::string rpr = it->str();
      std::smatch sp;
      ASSERT_TRUE(std::regex_search(rpr, sp, spacing)) << rpr;
      const double pitch = 16 + std::stoi(sp[1]) / 20.0;
      const double width = 156 / 25.4 * 72;
      EXPECT_LE(28 * pitch, width + 1e-6) << rpr;
      EXPECT_GT(29 * pitch, width) << rpr;
      ++three_hao;
    }
    EXPECT_GE(three_hao, 5) << docx;  // defaults, body, headings 1–4
    EXPECT_NE(styles.find(R"(<w:rPrDefault><w:rPr>)"), std::string::npos);
  }
}

TEST_F(ReportFormat, PageNumbersOddRightEvenLeftOneCharacterIn) {
  for (const auto& docx : reports_) {
    EXPECT_NE(part(docx, "word/settings.xml").find("<w:evenAndOddHeaders/>"), std::string::npos)
        << docx;
    const std::string doc = part(docx, "word/document.xml");
    EXPECT_NE(doc.find(R"(<w:footerReference w:type="default")"), std::string::npos);
    EXPECT_NE(doc.find(R"(<w:footerReference w:type="even")"), std::string::npos);
    // The cover has no number: only the body's section refers to footers, two of them.
    std::size_t refs = 0;
    for (auto at = doc.find("<w:footerReference"); at != std::string::npos;
         at = doc.find("<w:footerReference", at + 1))
      ++refs;
    EXPECT_EQ(refs, 2u) << docx;
    int right = 0, left = 0;
    for (const char* footer : {"word/footer1.xml", "word/footer2.xml"}) {
      const std::string f = part(docx, footer);
      ASSERT_NE(f.find(" PAGE "), std::string::npos) << footer;
      EXPECT_NE(f.find("— "), std::string::npos);
      EXPECT_NE(f.find(" —"), std::string::npos);
      if (f.find(R"(<w:ind w:rightChars="100")") != std::string::npos &&
          f.find(R"(<w:jc w:val="right"/>)") != std::string::npos)
        ++right;
      if (f.find(R"(<w:ind w:leftChars="100")") != std::string::npos &&
          f.find(R"(<w:jc w:val="left"/>)") != std::string::npos)
        ++left;
    }
    EXPECT_EQ(right, 1) << docx;
    EXPECT_EQ(left, 1) << docx;
  }
}

TEST_F(ReportFormat, PropertiesComeFromTheDataWithNoToolTrace) {
  for (const auto& docx : reports_) {
    const std::string core = part(docx, "docProps/core.xml");
    const std::string app = part(docx, "docProps/app.xml");
    ASSERT_FALSE(core.empty());
    EXPECT_NE(core.find("<dc:creator>沅江市总工会</dc:creator>"), std::string::npos) << core;
    EXPECT_NE(core.find("<cp:lastModifiedBy>沅江市总工会</cp:lastModifiedBy>"), std::string::npos);
    // dates.report of the example: 2024-05-08.
    EXPECT_NE(core.find(R"(<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-08T00:00:00Z<)"),
              std::string::npos)
        << core;
    EXPECT_NE(core.find(R"(<dcterms:modified xsi:type="dcterms:W3CDTF">2024-05-08T00:00:00Z<)"),
              std::string::npos);
    EXPECT_NE(core.find("<dc:title>2023年度沅江市总工会"), std::string::npos) << core;
    EXPECT_NE(core.find("自评报告</dc:title>"), std::string::npos) << core;
    for (const std::string* p : {&core, &app}) {
      EXPECT_EQ(p->find("{{"), std::string::npos) << *p;
      EXPECT_EQ(p->find("python-docx"), std::string::npos) << *p;
      EXPECT_EQ(p->find("selfeval"), std::string::npos) << *p;
      EXPECT_EQ(p->find("<Application>"), std::string::npos) << *p;
    }
  }
}

}  // namespace
