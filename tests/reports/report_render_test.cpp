// LibreOffice opens the filled reports and prints them: page 1 is the cover alone, the numbered
// sections follow in order with the figures of the data file. Slow (LABELS slow).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "report_fixture.h"
#include "report_test_util.h"

namespace selfeval::reports {
namespace {

namespace fs = std::filesystem;
using testing::fill_report;
using testing::load_example;
using testing::read_bytes;

// A scratch folder with its own LibreOffice profile, so runs never share or lock a profile.
class report_render : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("selfeval-report-render-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Converts the .docx bytes to PDF; returns the PDF path (empty on failure).
  fs::path to_pdf(const std::string& docx, const std::string& stem) {
    fs::path in = dir_ / (stem + ".docx");
    testing::write_bytes(in, docx);
    std::string command =
        "cd '" + dir_.string() + "' && timeout 300 soffice -env:UserInstallation=file://" +
        (dir_ / "profile").string() + " --headless --norestore --convert-to pdf --outdir '" +
        dir_.string() + "' '" + in.string() + "' > soffice.log 2>&1";
    int rc = std::system(command.c_str());
    fs::path pdf = dir_ / (stem + ".pdf");
    EXPECT_EQ(rc, 0) << read_bytes(dir_ / "soffice.log");
    EXPECT_TRUE(fs::exists(pdf)) << read_bytes(dir_ / "soffice.log");
    return fs::exists(pdf) ? pdf : fs::path();
  }

  // pdftotext of pages first..last (0 = to the end).
  std::string text_of(const fs::path& pdf, int first = 1, int last = 0) {
    fs::path out = dir_ / "page.txt";
    std::string command = "pdftotext -f " + std::to_string(first) +
                          (last ? " -l " + std::to_string(last) : std::string()) + " '" +
                          pdf.string() + "' '" + out.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return read_bytes(out);
  }

  int page_count(const fs::path& pdf) {
    fs::path out = dir_ / "info.txt";
    std::string command = "pdfinfo '" + pdf.string() + "' > '" + out.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
    std::string info = read_bytes(out);
    auto at = info.find("Pages:");
    return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
  }

  fs::path dir_;
};

// Text without spaces and line breaks, so a heading wrapped by the layout still matches.
std::string squeezed(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\f' && ch != '\t') out += ch;
  // Ideographic spaces (U+3000) of the blank date.
  for (std::size_t at; (at = out.find("\u3000")) != std::string::npos;) out.erase(at, 3);
  return out;
}

// The level-1 headings the body should print, in order.
std::vector<std::string> level1_headings(report_kind kind, const data::model& m) {
  base::diagnostics diags;
  std::vector<std::string> out;
  for (const body_block& b :
       report_body(kind, m, data::derive(m), testing::shipped_wording(), diags))
    if (b.level == 1) out.push_back(b.number + b.title);
  return out;
}

::testing::AssertionResult in_order(const std::string& text,
                                    const std::vector<std::string>& items) {
  std::size_t from = 0;
  for (const std::string& item : items) {
    std::size_t at = text.find(squeezed(item), from);
    if (at == std::string::npos)
      return ::testing::AssertionFailure() << "'" << item << "' missing or out of order";
    from = at + 1;
  }
  return ::testing::AssertionSuccess();
}

TEST_F(report_render, overall_report_of_the_yuanjiang_example) {
  data::model m = load_example("examples/yuanjiang-2023.toml");
  fs::path pdf = to_pdf(fill_report(report_kind::overall, m), "report4");
  ASSERT_FALSE(pdf.empty());
  EXPECT_GE(page_count(pdf), 4);

  std::string cover = squeezed(text_of(pdf, 1, 1));
  EXPECT_NE(cover.find("附件4"), std::string::npos) << cover;
  EXPECT_NE(cover.find("2023年度沅江市总工会整体支出绩效自评报告"), std::string::npos) << cover;
  EXPECT_NE(cover.find("部门（单位）名称：沅江市总工会（盖章）"), std::string::npos) << cover;
  EXPECT_NE(cover.find("2024年5月8日"), std::string::npos) << cover;
  // The cover stands alone: no section, no page number, no template instruction.
  EXPECT_EQ(cover.find("一、"), std::string::npos) << cover;
  EXPECT_EQ(cover.find("—1—"), std::string::npos) << cover;
  EXPECT_EQ(cover.find("封面"), std::string::npos) << cover;

  std::string page2 = squeezed(text_of(pdf, 2, 2));
  EXPECT_TRUE(page2.starts_with("2023年度沅江市总工会整体支出绩效自评报告")) << page2;
  EXPECT_NE(page2.find("—1—"), std::string::npos) << page2;

  std::string body = squeezed(text_of(pdf, 2));
  auto headings = level1_headings(report_kind::overall, m);
  ASSERT_EQ(headings.size(), 10u);
  EXPECT_TRUE(in_order(body, headings));
  EXPECT_TRUE(in_order(
      body, {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、"}));
  EXPECT_NE(body.find("2023年全年支出419.00万元，其中：基本支出274.00万元，项目支出145.00万元。"),
            std::string::npos);
  EXPECT_NE(body.find("预算执行率99.64%"), std::string::npos);
  EXPECT_EQ(body.find("{{"), std::string::npos);
}

TEST_F(report_render, project_report_of_the_yuanjiang_example) {
  data::model m = load_example("examples/yuanjiang-2023.toml");
  fs::path pdf = to_pdf(fill_report(report_kind::project, m), "report5");
  ASSERT_FALSE(pdf.empty());

  std::string cover = squeezed(text_of(pdf, 1, 1));
  EXPECT_NE(cover.find("附件5"), std::string::npos) << cover;
  EXPECT_NE(cover.find("2023年度沅江市总工会项目支出绩效自评报告"), std::string::npos) << cover;
  EXPECT_NE(cover.find("部门（单位）名称：沅江市总工会（盖章）"), std::string::npos) << cover;
  EXPECT_EQ(cover.find("一、"), std::string::npos) << cover;

  std::string body = squeezed(text_of(pdf, 2));
  auto headings = level1_headings(report_kind::project, m);
  ASSERT_EQ(headings.size(), 6u);
  EXPECT_TRUE(in_order(body, headings));
  EXPECT_TRUE(in_order(body, {"一、", "二、", "三、", "四、", "五、", "六、"}));
  EXPECT_NE(body.find("共3个，共计145.00万元"), std::string::npos);
  EXPECT_NE(body.find("预算执行率78.80%"), std::string::npos);
  EXPECT_EQ(body.find("{{"), std::string::npos);
}

TEST_F(report_render, blank_cover_date_for_hand_filling) {
  data::model m = testing::fixture_model();
  m.dates.report.given = false;
  fs::path pdf = to_pdf(fill_report(report_kind::overall, m), "blank-date");
  ASSERT_FALSE(pdf.empty());
  std::string cover = squeezed(text_of(pdf, 1, 1));
  EXPECT_NE(cover.find("年月日"), std::string::npos) << cover;
  EXPECT_EQ(cover.find("2024年"), std::string::npos) << cover;
}

}  // namespace
}  // namespace selfeval::reports
