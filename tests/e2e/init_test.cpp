// selfeval init: a commented file for a new unit, and next year's file carried from last year's.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "data/load.h"
#include "program.h"

namespace selfeval::e2e {
namespace {

namespace fs = std::filesystem;

// The 上年决算数 of the new row is the old 本年决算数; the 本年 cells are "——".
void expect_moved(const data::year_columns& old_row, const data::year_columns& new_row,
                  const std::string& what) {
  if (!old_row.given) return;
  ASSERT_TRUE(new_row.given) << what;
  EXPECT_EQ(new_row.prior_final.given, old_row.final.given) << what;
  EXPECT_EQ(new_row.prior_final.unknown, old_row.final.unknown) << what;
  if (old_row.final.given) {
    EXPECT_EQ(new_row.prior_final.value, old_row.final.value) << what;
  }
  EXPECT_TRUE(new_row.budget.unknown) << what;
  EXPECT_TRUE(new_row.final.unknown) << what;
}

TEST(Init, NextYearFromLastYearMovesEveryColumnAndAsksForTheRest) {
  temp_dir s;
  const std::string out = (s.path() / "2024.toml").string();
  const outcome o =
      run_program("init --from examples/yuanjiang-2023.toml --year 2024 -o '" + out + "'");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("请核对"), std::string::npos) << o.out;

  const data::load_result old_file = data::load_file("examples/yuanjiang-2023.toml");
  const data::load_result new_file = data::load_file(out);
  ASSERT_FALSE(new_file.diags.has_errors()) << o.out;
  const data::model& a = old_file.data;
  const data::model& b = new_file.data;
  EXPECT_EQ(b.year.value, 2024);
  EXPECT_EQ(b.unit.name.value, a.unit.name.value);
  EXPECT_EQ(b.staff.authorized.value, a.staff.authorized.value);  // 编制数 carries
  EXPECT_TRUE(b.staff.actual.unknown);
  EXPECT_TRUE(b.budget.initial.unknown);
  EXPECT_TRUE(b.budget.full_year.unknown);
  EXPECT_TRUE(b.budget.executed.unknown);
  const auto& ta = a.three_public;
  const auto& tb = b.three_public;
  expect_moved(ta.car_purchase, tb.car_purchase, "car_purchase");
  expect_moved(ta.car_maintenance, tb.car_maintenance, "car_maintenance");
  expect_moved(ta.overseas, tb.overseas, "overseas");
  expect_moved(ta.reception, tb.reception, "reception");
  expect_moved(a.public_funds.total, b.public_funds.total, "public_funds.total");
  expect_moved(a.public_funds.office, b.public_funds.office, "public_funds.office");
  ASSERT_EQ(b.projects.size(), a.projects.size());
  for (std::size_t i = 0; i < a.projects.size(); ++i) {
    const auto& pa = a.projects[i];
    const auto& pb = b.projects[i];
    EXPECT_EQ(pb.name.value, pa.name.value);
    expect_moved(pa.amounts, pb.amounts, pa.name.value);
    ASSERT_EQ(pb.items.size(), pa.items.size());
    for (std::size_t k = 0; k < pa.items.size(); ++k)
      expect_moved(pa.items[k].amounts, pb.items[k].amounts, pa.items[k].name.value);
    ASSERT_EQ(pb.evaluation.indicators.size(), pa.evaluation.indicators.size());
    for (std::size_t k = 0; k < pa.evaluation.indicators.size(); ++k) {
      const auto& ia = pa.evaluation.indicators[k];
      const auto& ib = pb.evaluation.indicators[k];
      EXPECT_EQ(ib.name.value, ia.name.value);  // the definitions carry
      EXPECT_EQ(ib.weight.value, ia.weight.value);
      EXPECT_TRUE(ib.self_score.unknown || ib.auto_score) << ib.name.value;  // typed again
    }
  }
  // "2023年" in the report text became "2024年", and each change is listed for review.
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(o.out.find("2023年 → 2024年"), std::string::npos) << o.out;
  // A 时效指标 deadline moves with the year.
  EXPECT_NE(text.find("target = \"2024年12月31日前\""), std::string::npos);
  EXPECT_EQ(text.find("target = \"2023年12月31日前\""), std::string::npos);
  const outcome check = run_program("check '" + out + "'");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  const outcome build = run_program("build '" + out + "' -o '" + (s.path() / "pkg").string() + "'");
  EXPECT_EQ(build.exit_code, 0) << build.out;
  // init never overwrites a file.
  EXPECT_EQ(run_program("init --from examples/yuanjiang-2023.toml -o '" + out + "'").exit_code, 2);
}

TEST(Init, ANewUnitsFileChecksOnceItsBlanksAreFilled) {
  temp_dir s;
  const fs::path out = s.path() / "new.toml";
  ASSERT_EQ(run_program("init -o '" + out.string() + "'").exit_code, 0);
  const outcome blank = run_program("check '" + out.string() + "'");
  EXPECT_EQ(blank.exit_code, 1) << blank.out;
  EXPECT_NE(blank.out.find("错误[empty-name]"), std::string::npos) << blank.out;
  EXPECT_NE(blank.out.find("错误[year-range]"), std::string::npos) << blank.out;
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  text.replace(text.find("year = 0"), 8, "year = 2024");
  text.replace(text.find("name = \"\""), 9, "name = \"示例镇总工会\"");
  std::ofstream(out) << text;
  const outcome filled = run_program("check '" + out.string() + "'");
  EXPECT_EQ(filled.exit_code, 0) << filled.out;
}

}  // namespace
}  // namespace selfeval::e2e
