// The scored form as a PDF, drawn with the shipped fonts like 附件1–3, and read back with
// pdftotext (poppler-utils).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../pdf/fixture.h"
#include "data/derive.h"
#include "data/load.h"
#include "forms/form.h"
#include "forms/scored.h"
#include "pdf/fonts.h"
#include "pdf/render.h"

namespace selfeval::forms {
namespace {

namespace fs = std::filesystem;

TEST(ScoredFormPdf, RendersWithItsScoresAndTotals) {
  std::ifstream in("examples/yuanjiang-2023.toml", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string scores = R"(
[scored.assessment]
rows = { c1 = { score = 8, evidence = "工作方案" }, c2 = { score = 5 }, c3 = { score = 13 }, c4 = { score = 9 }, c5 = { score = "不适用" } }
)";
  auto r = data::load_text(s.str() + scores, "unit.toml");
  ASSERT_FALSE(r.diags.has_errors());
  const auto f = data::derive(r.data);
  base::diagnostics diags;
  const auto def = load_form("tests/fixtures/forms/assessment.toml", diags);
  check_scored(def, r.data, diags);
  ASSERT_TRUE(diags.empty());

  const auto& fonts = pdf::test::shipped_fonts();
  const auto doc = compose_form(def, r.data, f, {}, pdf::font_measure(fonts));
  EXPECT_TRUE(pdf::check_coverage(doc, fonts).empty());
  const std::string bytes = pdf::render_pdf(doc, fonts);
  ASSERT_TRUE(bytes.starts_with("%PDF-"));

  const fs::path dir = fs::temp_directory_path() / ("selfeval-forms-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "form.pdf", std::ios::binary) << bytes;
  const auto text =
      pdf::test::run("pdftotext -raw -enc UTF-8 '" + (dir / "form.pdf").string() + "' -", dir);
  fs::remove_all(dir);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("附件6"), std::string::npos);
  EXPECT_NE(text.out.find("2023年度绩效自评工作考核评分表"), std::string::npos);
  EXPECT_NE(text.out.find("不适用"), std::string::npos);
  EXPECT_NE(text.out.find("组织管理"), std::string::npos);
  EXPECT_NE(text.out.find("35"), std::string::npos);  // 合计 得分
}

}  // namespace
}  // namespace selfeval::forms
