// The PDF deliverables of the example package checked with the tools a reader's software uses:
// qpdf (structure), pdffonts (every font embedded and subset), pdftotext (exact text, no
// warning), compared with golden text files (UPDATE_GOLDEN=1 refreshes them).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "program.h"

namespace {

namespace fs = std::filesystem;
using selfeval::e2e::read_file;
using selfeval::e2e::run_program;

// Runs a shell command; returns its exit code and writes stdout and stderr to two files.
int shell(const std::string& cmd, const fs::path& out, const fs::path& err) {
  const std::string full = cmd + " > '" + out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(full.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class PdfDeliverables : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("selfeval-pdf-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    const auto r =
        run_program("build examples/yuanjiang-2023.toml -o '" + (dir_ / "out").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    // The tables 附件1–3 (the report PDFs and the review file: report_pdf_test.cpp).
    for (const auto& e : fs::directory_iterator(dir_ / "out")) {
      const std::string name = e.path().filename().string();
      if (name.starts_with("附件1-") || name.starts_with("附件2-") || name.starts_with("附件3-"))
        pdfs_.push_back(e.path());
    }
    std::sort(pdfs_.begin(), pdfs_.end());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static fs::path dir_;
  static std::vector<fs::path> pdfs_;
};

fs::path PdfDeliverables::dir_;
std::vector<fs::path> PdfDeliverables::pdfs_;

TEST_F(PdfDeliverables, TheThreeKindsOfTableAreWritten) {
  ASSERT_EQ(pdfs_.size(), 3u);
  EXPECT_TRUE(pdfs_[0].filename().string().starts_with("附件1-"));
  EXPECT_TRUE(pdfs_[1].filename().string().starts_with("附件2-"));
  EXPECT_EQ(pdfs_[2].filename().string(), "附件3-项目支出绩效自评表-业务工作经费.pdf");
}

TEST_F(PdfDeliverables, QpdfFindsNoStructuralProblem) {
  for (const fs::path& pdf : pdfs_) {
    const int rc =
        shell("qpdf --check '" + pdf.string() + "'", dir_ / "qpdf.out", dir_ / "qpdf.err");
    EXPECT_EQ(rc, 0) << pdf << "\n" << read_file(dir_ / "qpdf.out") << read_file(dir_ / "qpdf.err");
  }
}

TEST_F(PdfDeliverables, EveryFontIsEmbeddedAndSubset) {
  for (const fs::path& pdf : pdfs_) {
    ASSERT_EQ(shell("pdffonts '" + pdf.string() + "'", dir_ / "fonts.out", dir_ / "fonts.err"), 0);
    const std::string table = read_file(dir_ / "fonts.out");
    std::istringstream lines(table);
    std::string line;
    int fonts = 0;
    for (int n = 0; std::getline(lines, line); ++n) {
      if (n < 2 || line.empty()) continue;  // the two header lines
      ++fonts;
      // columns: name type(s) encoding emb sub uni object-id generation
      EXPECT_NE(line.find(" yes yes yes "), std::string::npos) << pdf << "\n" << line;
    }
    EXPECT_GE(fonts, 2) << table;
  }
}

TEST_F(PdfDeliverables, TextExtractsExactlyAndWithoutWarnings) {
  const fs::path golden_dir = fs::path(SELFEVAL_SOURCE_DIR) / "tests/golden/pdf";
  const bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
  for (const fs::path& pdf : pdfs_) {
    const fs::path text = dir_ / "text.out";
    ASSERT_EQ(shell("pdftotext -enc UTF-8 '" + pdf.string() + "' -", text, dir_ / "text.err"), 0);
    EXPECT_EQ(read_file(dir_ / "text.err"), "") << pdf << ": poppler printed a warning";
    const std::string actual = read_file(text);
    // 附件1.txt, 附件2.txt, 附件3-业务工作经费.txt: the file name less its fixed title.
    std::string stem = pdf.filename().stem().string();
    stem = stem.substr(0, stem.find('-')) +
           (stem.starts_with("附件3") ? stem.substr(stem.rfind('-')) : std::string());
    const fs::path golden = golden_dir / (stem + ".txt");
    if (update) {
      fs::create_directories(golden_dir);
      std::ofstream(golden, std::ios::binary) << actual;
      continue;
    }
    const std::string expected = read_file(golden);
    if (actual != expected)
      std::ofstream(fs::path(golden).concat(".actual"), std::ios::binary) << actual;
    EXPECT_EQ(actual, expected) << "differs from " << golden << " (actual written next to it; "
                                << "UPDATE_GOLDEN=1 refreshes)";
  }
}

TEST_F(PdfDeliverables, ComputedFiguresArePrinted) {
  ASSERT_EQ(pdfs_.size(), 3u);
  auto text_of = [&](const fs::path& pdf) {
    shell("pdftotext -enc UTF-8 '" + pdf.string() + "' -", dir_ / "t.out", dir_ / "t.err");
    return read_file(dir_ / "t.out");
  };
  const std::string t1 = text_of(pdfs_[0]);
  const std::string t2 = text_of(pdfs_[1]);
  const std::string t3 = text_of(pdfs_[2]);
  EXPECT_NE(t1.find("114.29%"), std::string::npos);  // 人员控制率 16 ÷ 14
  EXPECT_NE(t1.find("46.91"), std::string::npos);    // 预算调整 420.50 − 373.59
  EXPECT_NE(t2.find("99.64%"), std::string::npos);   // 执行率 419 ÷ 420.5
  EXPECT_NE(t2.find("9.96"), std::string::npos);     // 得分 10 × 0.9964
  EXPECT_NE(t3.find("78.80%"), std::string::npos);   // 145 ÷ 184
  EXPECT_NE(t3.find("7.88"), std::string::npos);
  for (const std::string* t : {&t1, &t2, &t3}) {
    EXPECT_NE(t->find("填表人："), std::string::npos);
    EXPECT_NE(t->find("单位负责人签字："), std::string::npos);
  }
}

// A sample of the property tests of tests/layout through the real fonts and pdftotext: the
// example with its indicators' names, targets and actual values replaced by random text with
// numbers (CJK and ASCII mixed), built by the program. Every inserted string comes out of
// pdftotext -raw (drawing order) whole, its lines consecutive (whitespace aside), and every
// number with its unit on one line.
TEST_F(PdfDeliverables, RandomIndicatorTextsExtractWhole) {
  const std::string source =
      read_file(fs::path(SELFEVAL_SOURCE_DIR) / "examples/yuanjiang-2023.toml");
  ASSERT_FALSE(source.empty());
  const std::vector<std::string> hanzi = {"工", "会", "经", "费",  "职",  "服", "务", "满", "意",
                                          "度", "项", "目", "资",  "金",  "预", "算", "，", "、",
                                          "（", "）", "效", "abc", "PDF", "的", "年"};
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    std::mt19937 rng(seed);
    auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::vector<std::string> inserted, numbers;
    auto random_text = [&] {
      std::string t;
      const int n = between(1, between(0, 3) == 0 ? 40 : 10);
      for (int i = 0; i < n; ++i) {
        if (between(0, 9) == 0) {
          std::string num = std::to_string(between(1, 999999999));
          if (between(0, 1)) num += "." + std::to_string(between(10, 9999));
          num += std::vector<std::string>{"万元", "人", "%", "㎡",
                                          "次"}[static_cast<std::size_t>(between(0, 4))];
          numbers.push_back(num);
          t += "≥" + num;
        } else {
          t += hanzi[static_cast<std::size_t>(between(0, static_cast<int>(hanzi.size()) - 1))];
        }
      }
      inserted.push_back(t);
      return t;
    };
    std::istringstream in(source);
    std::string data, line, previous;
    while (std::getline(in, line)) {
      const bool indicator_name = line.starts_with("name = \"") && previous.starts_with("level2 =");
      if (indicator_name || line.starts_with("target = \"") || line.starts_with("actual = \""))
        line = line.substr(0, line.find('"')) + "\"" + random_text() + "\"";
      data += line + "\n";
      previous = line;
    }
    const fs::path toml = dir_ / ("random-" + std::to_string(seed) + ".toml");
    std::ofstream(toml, std::ios::binary) << data;
    const fs::path out = dir_ / ("random-" + std::to_string(seed));
    const auto r = run_program("build '" + toml.string() + "' -o '" + out.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    std::string text;  // 附件2 and 附件3, where the indicators are
    for (const auto& e : fs::directory_iterator(out)) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() != ".pdf" || name.starts_with("附件1")) continue;
      ASSERT_EQ(shell("pdftotext -raw -enc UTF-8 '" + e.path().string() + "' -", dir_ / "r.out",
                      dir_ / "r.err"),
                0);
      text += read_file(dir_ / "r.out");
    }
    for (const auto& n : numbers) EXPECT_NE(text.find(n), std::string::npos) << "split: " << n;
    auto squeeze = [](const std::string& s) {
      std::string o;
      for (char c : s)
        if (c != ' ' && c != '\n' && c != '\f') o += c;
      return o;
    };
    EXPECT_GT(inserted.size(), 30u);
    EXPECT_GT(numbers.size(), 5u);
    const std::string flat = squeeze(text);
    for (const auto& t : inserted) EXPECT_NE(flat.find(squeeze(t)), std::string::npos) << t;
  }
}

}  // namespace
