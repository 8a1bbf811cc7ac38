// Real units vary (issue: partial data, no projects, no indicator table): the three examples
// built around such units, checked as a reader of the printed package would — the text of every
// PDF (pdftotext) and report (python-docx).
//   examples/shili-county-2023.toml    only total spending known, no projects, stated score
//   examples/shili-district-2023.toml  stated scores, no indicator tables
//   examples/shili-archives-2023.toml  a partial 专项 list, 人员类/公用经费 split
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>

#include "program.h"

namespace selfeval::e2e {
namespace {

namespace fs = std::filesystem;

class RealUnits : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "selfeval-real-units-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    for (const char* unit : {"shili-county-2023", "shili-district-2023", "shili-archives-2023"}) {
      const outcome o = run_program("build examples/" + std::string(unit) + ".toml -o '" +
                                    (root_ / unit).string() + "'");
      built_[unit] = o.out;
      ASSERT_EQ(o.exit_code, 0) << unit << "\n" << o.out;
    }
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // The file of `unit` whose name starts with `prefix`, or an empty path.
  // The file starting with `prefix`; for a report its DOCX, not its PDF rendering.
  static fs::path file(const std::string& unit, const std::string& prefix) {
    fs::path found;
    for (const auto& e : fs::directory_iterator(root_ / unit))
      if (e.path().filename().string().starts_with(prefix) &&
          (found.empty() || e.path().extension() == ".docx"))
        found = e.path();
    return found;
  }
  static std::string shell_out(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
  }
  static std::string pdf_text(const fs::path& pdf) {
    return shell_out("pdftotext -layout -enc UTF-8 '" + pdf.string() + "' - 2>&1");
  }
  static std::string docx_text(const fs::path& docx) {
    return shell_out(
        "/usr/bin/python3 -c \"import docx,sys\n"
        "print('\\n'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))\" '" +
        docx.string() + "' 2>&1");
  }
  // The line of `text` holding `label`.
  static std::string line_of(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos) return {};
    const auto begin = text.rfind('\n', at);
    const auto end = text.find('\n', at);
    return text.substr(begin == std::string::npos ? 0 : begin + 1,
                       end == std::string::npos ? std::string::npos : end - begin - 1);
  }
  static std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  }

  static inline fs::path root_;
  static inline std::map<std::string, std::string> built_;
};

TEST_F(RealUnits, NoProjectsMeansNo附件3And附件5AndBuildSaysWhy) {
  EXPECT_TRUE(file("shili-county-2023", "附件3").empty());
  EXPECT_TRUE(file("shili-county-2023", "附件5").empty());
  const std::string& out = built_["shili-county-2023"];
  EXPECT_NE(out.find("未生成 附件5"), std::string::npos) << out;
  EXPECT_NE(out.find("本单位无项目支出"), std::string::npos) << out;
  const std::string report = docx_text(file("shili-county-2023", "附件4"));
  EXPECT_NE(report.find("我会无项目支出。"), std::string::npos) << report;
  EXPECT_EQ(report.find("专项项目0个"), std::string::npos) << report;
}

TEST_F(RealUnits, UnknownFiguresPrintDashesAndSoDoesEverythingBuiltOnThem) {
  const std::string t1 = pdf_text(file("shili-county-2023", "附件1"));
  // 公车运行维护 = ["——", "——", 3.2]: the unknown cells print ——, never 0.00, and so does the
  // computed 1、公务用车 row above it.
  const std::string car = line_of(t1, "公车运行维护");
  EXPECT_EQ(count(car, "——"), 2u) << car;
  EXPECT_NE(car.find("3.20"), std::string::npos) << car;
  EXPECT_EQ(car.find("0.00"), std::string::npos) << car;
  EXPECT_EQ(count(line_of(t1, "1、公务用车购置和维护经费"), "——"), 2u) << t1;
  EXPECT_EQ(count(line_of(t1, "三公经费"), "——"), 2u) << t1;
  // 全年预算 − 年初预算 with both unknown
  EXPECT_EQ(count(line_of(t1, "部门基本支出预算调整"), "——"), 2u) << t1;

  const std::string t2 = pdf_text(file("shili-county-2023", "附件2"));
  const std::string total = line_of(t2, "年度资金总额");
  // 年初 ——, 全年 ——, 执行 286.40, 分值 10, 执行率 ——, 得分 ——
  EXPECT_EQ(count(total, "——"), 4u) << total;
  EXPECT_NE(total.find("286.40"), std::string::npos) << total;

  const std::string report = docx_text(file("shili-county-2023", "附件4"));
  EXPECT_NE(report.find("2023年全年执行286.40万元。"), std::string::npos) << report;
  EXPECT_EQ(report.find("预算执行率——"), std::string::npos) << report;
  EXPECT_EQ(report.find("——万元"), std::string::npos) << report;
}

TEST_F(RealUnits, AStatedScoreWithoutIndicatorTableIsPrintedEverywhereWithItsGrade) {
  const std::string t2 = pdf_text(file("shili-county-2023", "附件2"));
  const std::string total = line_of(t2, "总分");
  EXPECT_NE(total.find("100"), std::string::npos) << total;  // the blank form's 分值
  EXPECT_NE(total.find("93"), std::string::npos) << total;
  EXPECT_NE(docx_text(file("shili-county-2023", "附件4")).find("自评分为93分，评价等次为优等"),
            std::string::npos);

  const std::string d2 = pdf_text(file("shili-district-2023", "附件2"));
  EXPECT_NE(line_of(d2, "总分").find("96"), std::string::npos) << d2;
  // The indicator block is the blank official form: its labels, no rows of data.
  EXPECT_NE(d2.find("服务对象"), std::string::npos) << d2;
  const std::string d3 = pdf_text(file("shili-district-2023", "附件3"));
  EXPECT_NE(line_of(d3, "总分").find("95"), std::string::npos) << d3;
  EXPECT_NE(docx_text(file("shili-district-2023", "附件4")).find("自评分为96分，评价等次为优等"),
            std::string::npos);
  EXPECT_NE(docx_text(file("shili-district-2023", "附件5")).find("自评分为95分，评价等次为优等"),
            std::string::npos);
}

TEST_F(RealUnits, APartialListShowsTheRemainderAndNamesTheItemsWith等) {
  const std::string t1 = pdf_text(file("shili-archives-2023", "附件1"));
  // 150 − (80 + 30), 186.5 − (95 + 36), 180 − (92 + 35.5)
  const std::string rest = line_of(t1, "其他（未列明）");
  EXPECT_NE(rest.find("40.00"), std::string::npos) << t1;
  EXPECT_NE(rest.find("55.50"), std::string::npos) << t1;
  EXPECT_NE(rest.find("52.50"), std::string::npos) << t1;
  const std::string t3 = pdf_text(file("shili-archives-2023", "附件3"));
  EXPECT_NE(t3.find("电子档案管理系统运维等"), std::string::npos) << t3;
  const std::string report = docx_text(file("shili-archives-2023", "附件4"));
  EXPECT_NE(report.find("人员类支出全年预算372.00万元，决算368.80万元，执行率99.14%"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("其中包括：馆藏档案数字化、电子档案管理系统运维等"), std::string::npos)
      << report;
}

TEST_F(RealUnits, CheckReportsWhatBuildWouldAndEndsWithASummaryLine) {
  for (const char* unit : {"shili-county-2023", "shili-district-2023", "shili-archives-2023"}) {
    const outcome o = run_program(std::string("check examples/") + unit + ".toml");
    EXPECT_EQ(o.exit_code, 0) << o.out;
    const bool clean = o.out.find("没有发现问题") != std::string::npos;
    const bool counted = o.out.find("个警告") != std::string::npos;
    EXPECT_TRUE(clean || counted) << o.out;
  }
  const outcome county = run_program("check examples/shili-county-2023.toml");
  // One located warning per figure typed "——", so the user sees what the reader will see.
  EXPECT_EQ(count(county.out, "警告[unknown-figure]"), 7u) << county.out;
  EXPECT_NE(county.out.find("shili-county-2023.toml:53:11: 警告[unknown-figure]"),
            std::string::npos)
      << county.out;
}

}  // namespace
}  // namespace selfeval::e2e
