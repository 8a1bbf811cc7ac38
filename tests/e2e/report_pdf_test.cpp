// 附件4 / 附件5 as PDF and the review file of the example package (issue 14): the PDF prints,
// paragraph by paragraph, the text of the DOCX written next to it (python-docx against
// pdftotext); fonts embedded and subset; qpdf finds nothing; the review file holds every
// deliverable's pages with a bookmark per 附件 and per report section (at the page where the
// deliverable's own PDF has it); --pdf and the profile's [pdf] decide what is written; the same
// input gives the same bytes, on one thread or several.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "program.h"

namespace {

namespace fs = std::filesystem;
using selfeval::e2e::read_file;
using selfeval::e2e::run_program;

int shell(const std::string& cmd, const fs::path& out) {
  const std::string full = cmd + " > '" + out.string() + "' 2>&1";
  const int status = std::system(full.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Text without any whitespace (line breaks of the layout, U+3000 of the blank date).
std::string squeezed(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\f' && ch != '\t') out += ch;
  for (std::size_t at; (at = out.find("\u3000")) != std::string::npos;) out.erase(at, 3);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

int page_count(const fs::path& pdf, const fs::path& scratch) {
  if (shell("pdfinfo '" + pdf.string() + "'", scratch) != 0) return -1;
  const std::string info = read_file(scratch);
  const auto at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

class ReportPdf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("selfeval-report-pdf-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const auto r =
        run_program("build examples/yuanjiang-2023.toml -o '" + (dir_ / "out").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static fs::path out(const std::string& name) { return dir_ / "out" / name; }

  // The paragraphs of a .docx in document order, as python-docx reads them (w:br as "\n"),
  // one per line with their line breaks removed; empty paragraphs left out.
  static std::vector<std::string> docx_paragraphs(const fs::path& docx) {
    const fs::path txt = dir_ / "docx.txt";
    const int rc = shell(
        "/usr/bin/python3 -c 'import docx, sys\n"
        "for p in docx.Document(sys.argv[1]).paragraphs:\n"
        "    t = p.text.replace(\"\\n\", \"\")\n"
        "    if t.strip(): print(t)' '" +
            docx.string() + "'",
        txt);
    EXPECT_EQ(rc, 0) << read_file(txt);
    return lines_of(read_file(txt));
  }

  // pdftotext of the whole PDF with the page numbers ("— N —") taken out.
  static std::string pdf_text(const fs::path& pdf) {
    const fs::path txt = dir_ / "pdf.txt";
    const fs::path log = dir_ / "pdftotext.log";
    EXPECT_EQ(shell("pdftotext '" + pdf.string() + "' '" + txt.string() + "'", log), 0);
    // poppler warns about a broken ToUnicode map, for instance: there must be nothing.
    EXPECT_EQ(read_file(log), "") << pdf;
    std::string text;
    for (const std::string& line : lines_of(read_file(txt))) {
      const std::string s = squeezed(line);
      if (s.starts_with("—") && s.ends_with("—")) continue;
      text += s;
    }
    return text;
  }

  static fs::path dir_;
};

fs::path ReportPdf::dir_;

const char* const report4 = "附件4-2023年度沅江市总工会整体支出绩效自评报告";
const char* const report5 = "附件5-2023年度沅江市总工会项目支出绩效自评报告";
const char* const review = "2023年度沅江市总工会绩效自评材料（全部）.pdf";

TEST_F(ReportPdf, ReportsAndReviewFileAreWrittenAndListedInTheManifest) {
  const std::string manifest = read_file(out("manifest.json"));
  for (const std::string& name : {std::string(report4) + ".pdf", std::string(report5) + ".pdf",
                                  std::string(review), std::string(report4) + ".docx"}) {
    EXPECT_TRUE(fs::exists(out(name))) << name;
    EXPECT_NE(manifest.find("\"" + name + "\""), std::string::npos) << name;
  }
}

TEST_F(ReportPdf, EachPdfParagraphIsTheDocxParagraphInTheSameOrder) {
  for (const char* stem : {report4, report5}) {
    const std::vector<std::string> paragraphs = docx_paragraphs(out(std::string(stem) + ".docx"));
    ASSERT_GT(paragraphs.size(), 20u) << stem;
    const std::string text = pdf_text(out(std::string(stem) + ".pdf"));
    // Each DOCX paragraph where the previous one ended, nothing between them.
    std::size_t at = 0;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
      const std::string want = squeezed(paragraphs[i]);
      ASSERT_EQ(text.compare(at, want.size(), want), 0)
          << stem << ": paragraph " << i + 1 << " differs\n DOCX: " << want
          << "\n  PDF: " << text.substr(at, want.size() + 30);
      at += want.size();
    }
    EXPECT_EQ(at, text.size()) << stem << ": the PDF prints more: " << text.substr(at);
  }
}

TEST_F(ReportPdf, CoverAloneThenNumberedBodyPages) {
  const fs::path pdf = out(std::string(report4) + ".pdf");
  const int pages = page_count(pdf, dir_ / "info.txt");
  ASSERT_GE(pages, 3);
  const fs::path txt = dir_ / "page.txt";
  ASSERT_EQ(shell("pdftotext -f 1 -l 1 '" + pdf.string() + "' '" + txt.string() + "'", txt), 0);
  const std::string cover = squeezed(read_file(txt));
  EXPECT_EQ(cover,
            "附件42023年度沅江市总工会整体支出绩效自评报告部门（单位）名称：沅江市总工会（盖章）"
            "2024年5月8日");
  // The body's first page: the title, then 一、; numbered "— 1 —"; the last page's number is
  // the count of body pages.
  ASSERT_EQ(shell("pdftotext -f 2 -l 2 '" + pdf.string() + "' '" + txt.string() + "'", txt), 0);
  const std::string first = squeezed(read_file(txt));
  EXPECT_TRUE(first.starts_with("2023年度沅江市总工会整体支出绩效自评报告一、")) << first;
  EXPECT_NE(first.find("—1—"), std::string::npos) << first;
  ASSERT_EQ(shell("pdftotext -f " + std::to_string(pages) + " -l " + std::to_string(pages) + " '" +
                      pdf.string() + "' '" + txt.string() + "'",
                  txt),
            0);
  EXPECT_NE(squeezed(read_file(txt)).find("—" + std::to_string(pages - 1) + "—"),
            std::string::npos);
}

TEST_F(ReportPdf, FontsEmbeddedAndSubsetAndQpdfFindsNothing) {
  for (const std::string& name :
       {std::string(report4) + ".pdf", std::string(report5) + ".pdf", std::string(review)}) {
    const fs::path scratch = dir_ / "tool.txt";
    EXPECT_EQ(shell("qpdf --check '" + out(name).string() + "'", scratch), 0)
        << name << read_file(scratch);
    ASSERT_EQ(shell("pdffonts '" + out(name).string() + "'", scratch), 0);
    const std::vector<std::string> rows = lines_of(read_file(scratch));
    ASSERT_GT(rows.size(), 3u) << name;  // header, rule, fonts
    for (std::size_t i = 2; i < rows.size(); ++i)
      EXPECT_NE(rows[i].find(" yes yes yes "), std::string::npos) << name << "\n" << rows[i];
  }
}

TEST_F(ReportPdf, ReviewFileHoldsEveryDeliverableWithBookmarks) {
  const fs::path all = out(review);
  // Its pages are the deliverables' pages, in package order.
  int sum = 0;
  std::vector<std::string> parts = {"附件1-部门整体支出绩效评价基础数据表.pdf",
                                    "附件2-部门整体支出绩效自评表.pdf",
                                    "附件3-项目支出绩效自评表-业务工作经费.pdf",
                                    std::string(report4) + ".pdf", std::string(report5) + ".pdf"};
  std::string joined;
  for (const std::string& p : parts) {
    sum += page_count(out(p), dir_ / "info.txt");
    joined += pdf_text(out(p));
  }
  EXPECT_EQ(page_count(all, dir_ / "info.txt"), sum);
  EXPECT_EQ(pdf_text(all), joined);
  // The outline, as qpdf reads it: a bookmark per 附件, the reports' sections under theirs.
  const fs::path json = dir_ / "outline.json";
  ASSERT_EQ(shell("qpdf --json --json-key=outlines '" + all.string() + "'", json), 0)
      << read_file(json);
  const std::string outline = read_file(json);
  for (const char* title :
       {"附件1 部门整体支出绩效评价基础数据表", "附件2 部门整体支出绩效自评表",
        "附件3 项目支出绩效自评表（业务工作经费）", "附件4 整体支出绩效自评报告",
        "附件5 项目支出绩效自评报告", "一、部门（单位）基本情况", "十、其他需要说明的情况"}) {
    EXPECT_NE(outline.find(std::string("\"title\": \"") + title), std::string::npos)
        << title << "\n"
        << outline.substr(0, 2000);
  }
}

// The outline of a PDF as qpdf reads it, one entry a line in order: depth, page (from 1), title.
std::vector<std::string> outline_of(const fs::path& pdf, const fs::path& scratch) {
  const int rc = shell("qpdf --json --json-key=outlines '" + pdf.string() +
                           "' | /usr/bin/python3 -c 'import json, sys\n"
                           "def walk(items, depth):\n"
                           "    for i in items:\n"
                           "        print(depth, i[\"destpageposfrom1\"], i[\"title\"])\n"
                           "        walk(i[\"kids\"], depth + 1)\n"
                           "walk(json.load(sys.stdin)[\"outlines\"], 0)'",
                       scratch);
  EXPECT_EQ(rc, 0) << read_file(scratch);
  return lines_of(read_file(scratch));
}

TEST_F(ReportPdf, ReviewOutlineHasEveryPartAndReportSectionAtItsPage) {
  // The review file is merged from the deliverables' own PDFs: each 附件 opens at its first
  // page there, and each report section where the report's own PDF has it, shifted by the pages
  // before the report.
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"附件1-部门整体支出绩效评价基础数据表.pdf", "附件1 部门整体支出绩效评价基础数据表"},
      {"附件2-部门整体支出绩效自评表.pdf", "附件2 部门整体支出绩效自评表"},
      {"附件3-项目支出绩效自评表-业务工作经费.pdf", "附件3 项目支出绩效自评表（业务工作经费）"},
      {std::string(report4) + ".pdf", "附件4 整体支出绩效自评报告"},
      {std::string(report5) + ".pdf", "附件5 项目支出绩效自评报告"}};
  std::vector<std::string> want;
  int before = 0;  // pages of the parts before this one
  std::size_t sections = 0;
  for (const auto& [file, bookmark] : parts) {
    want.push_back("0 " + std::to_string(before + 1) + " " + bookmark);
    for (const std::string& entry : outline_of(out(file), dir_ / "part-outline.txt")) {
      std::istringstream in(entry);
      int depth = 0, page = 0;
      std::string title;
      in >> depth >> page;
      std::getline(in >> std::ws, title);
      want.push_back(std::to_string(depth + 1) + " " + std::to_string(before + page) + " " + title);
      ++sections;
    }
    before += page_count(out(file), dir_ / "info.txt");
  }
  EXPECT_GT(sections, 15u);  // 附件4's 一、…十、 and 附件5's sections, with their （一）
  EXPECT_EQ(outline_of(out(review), dir_ / "review-outline.txt"), want);
  EXPECT_EQ(page_count(out(review), dir_ / "info.txt"), before);
}

TEST_F(ReportPdf, OneWorkerOrManyGiveTheSameFiles) {
  // A single unit's PDFs are drawn on -j threads: the files must not depend on it.
  const fs::path one = dir_ / "one-worker";
  const fs::path four = dir_ / "four-workers";
  for (const auto& [folder, jobs] : {std::pair{one, "1"}, std::pair{four, "4"}}) {
    const auto r = run_program("build examples/yuanjiang-2023.toml -j " + std::string(jobs) +
                               " -o '" + folder.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(out(""))) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(read_file(one / name), read_file(e.path())) << name;
    EXPECT_EQ(read_file(four / name), read_file(e.path())) << name;
    ++files;
  }
  EXPECT_EQ(files, 9u);
}

TEST_F(ReportPdf, SameInputSameBytes) {
  const fs::path again = dir_ / "again";
  const auto r = run_program("build examples/yuanjiang-2023.toml -o '" + again.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const std::string& name :
       {std::string(report4) + ".pdf", std::string(report5) + ".pdf", std::string(review)})
    EXPECT_EQ(read_file(out(name)), read_file(again / name)) << name;
}

TEST_F(ReportPdf, CommandLineAndProfileChooseWhatIsWritten) {
  const auto built = [&](const std::string& options, const std::string& folder) {
    const fs::path o = dir_ / folder;
    const auto r =
        run_program("build examples/yuanjiang-2023.toml -o '" + o.string() + "' " + options);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return o;
  };
  const fs::path none = built("--pdf none", "none");
  EXPECT_FALSE(fs::exists(none / (std::string(report4) + ".pdf")));
  EXPECT_FALSE(fs::exists(none / review));
  EXPECT_TRUE(fs::exists(none / (std::string(report4) + ".docx")));
  // Only the PDF renderings change: the deliverables are the same bytes.
  EXPECT_EQ(read_file(none / "附件2-部门整体支出绩效自评表.pdf"),
            read_file(out("附件2-部门整体支出绩效自评表.pdf")));
  const fs::path reports = built("--pdf reports", "reports");
  EXPECT_TRUE(fs::exists(reports / (std::string(report5) + ".pdf")));
  EXPECT_FALSE(fs::exists(reports / review));
  const fs::path only_review = built("--pdf review", "review");
  EXPECT_FALSE(fs::exists(only_review / (std::string(report5) + ".pdf")));
  EXPECT_EQ(read_file(only_review / review), read_file(out(review)));
  const auto bad = run_program("build examples/yuanjiang-2023.toml -o '" + (dir_ / "bad").string() +
                               "' --pdf none,review");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_FALSE(fs::exists(dir_ / "bad"));

  // A profile that writes the reports as PDF but no review file, under its own name pattern.
  const fs::path profile = dir_ / "profile";
  fs::copy(SELFEVAL_SOURCE_DIR "/config/profiles/hunan", profile, fs::copy_options::recursive);
  {
    std::string text = read_file(profile / "profile.toml");
    text += "\n[pdf]\nreports = true\nreview = false\nreview_file = \"{unit}{year}全部.pdf\"\n";
    std::ofstream(profile / "profile.toml") << text;
  }
  const fs::path by_profile = built("--profile '" + profile.string() + "'", "by-profile");
  EXPECT_TRUE(fs::exists(by_profile / (std::string(report4) + ".pdf")));
  EXPECT_FALSE(fs::exists(by_profile / "沅江市总工会2023全部.pdf"));
  EXPECT_FALSE(fs::exists(by_profile / review));
  // The command line wins over the profile.
  const fs::path forced =
      built("--profile '" + profile.string() + "' --pdf reports,review", "forced");
  EXPECT_TRUE(fs::exists(forced / "沅江市总工会2023全部.pdf"));
  // A wrong value in [pdf] is an error at its line.
  {
    std::string text = read_file(profile / "profile.toml");
    text += "\n";
    std::ofstream(profile / "profile.toml")
        << text.substr(0, text.find("[pdf]")) << "[pdf]\nreports = \"yes\"\n";
  }
  const auto wrong =
      run_program("build examples/yuanjiang-2023.toml -o '" + (dir_ / "wrong").string() +
                  "' --profile '" + profile.string() + "'");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.out.find("profile.toml:"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("错误[profile-wrong-type]"), std::string::npos) << wrong.out;
  EXPECT_FALSE(fs::exists(dir_ / "wrong"));
}

TEST_F(ReportPdf, ACharacterTheFontsLackIsAnErrorWhereItWasTyped) {
  // 附件4's narrative gets ☃, which no bundled font has: the report PDF cannot be drawn, so
  // build stops with the error at its line and column; with --pdf none the DOCX is enough.
  std::string text = read_file(SELFEVAL_SOURCE_DIR "/examples/yuanjiang-2023.toml");
  const std::string anchor = "一是深入企业宣讲党的二十大";
  const auto at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "☃");
  const std::size_t line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  const fs::path data = dir_ / "snowman.toml";
  std::ofstream(data) << text;
  const auto r =
      run_program("build '" + data.string() + "' -o '" + (dir_ / "snowman").string() + "'");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("snowman.toml:" + std::to_string(line) + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("错误[glyph-missing]：U+2603"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--pdf none"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "snowman"));
  const auto docx_only = run_program("build '" + data.string() + "' -o '" +
                                     (dir_ / "snowman-docx").string() + "' --pdf none");
  EXPECT_EQ(docx_only.exit_code, 0) << docx_only.out;
}

}  // namespace
