// 附件1–3 composed from the real example data file through the loader and data::derive, the
// path the program takes.
#include <gtest/gtest.h>

#include <algorithm>

#include "data/derive.h"
#include "data/format.h"
#include "data/load.h"
#include "fake_measure.h"
#include "forms/compose.h"

namespace selfeval::layout {
namespace {

// 附件1–3 are composed by the form engine (forms/compose.h) onto this layer's documents.
using namespace forms;

using testing::fake_measure;

int count_text(const document& d, const std::string& s) {
  int n = 0;
  for (const auto& p : d.pages)
    for (const auto& it : p.items)
      if (const auto* t = std::get_if<text_item>(&it); t && t->text == s) ++n;
  return n;
}

class Yuanjiang2023 : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = data::load_file("examples/yuanjiang-2023.toml");
    ASSERT_FALSE(r.io_failed);
    ASSERT_FALSE(r.diags.has_errors());
    model_ = std::move(r.data);
    figures_ = data::derive(model_);
  }
  data::model model_;
  data::figures figures_;
  fake_measure measure_;
};

TEST_F(Yuanjiang2023, Table1) {
  const auto d = compose_table1(model_, figures_, measure_);
  EXPECT_EQ(d.author, "沅江市总工会");
  EXPECT_EQ(d.year * 10000 + d.month * 100 + d.day, 20240508);  // signature.filled_on
  EXPECT_EQ(count_text(d, "114.29%"), 1);                       // 16 ÷ 14
  EXPECT_EQ(count_text(d, "46.91"), 1);                         // 420.50 − 373.59
  EXPECT_EQ(count_text(d, "　1、业务工作经费"), 1);
  // 184.00 in 2022 决算 and 2023 预算 of the group row and of 项目支出 (the only group with money).
  EXPECT_EQ(count_text(d, "184.00"), 4);
  EXPECT_EQ(count_text(d, "　3、市级专项资金"), 1);
  EXPECT_EQ(count_text(d, "　　　乡镇工会组织工作经费"), 1);
  EXPECT_EQ(count_text(d, "填表日期：2024年5月8日"), 1);
}

TEST_F(Yuanjiang2023, Table2) {
  const auto d = compose_table2(model_, figures_, measure_);
  EXPECT_EQ(count_text(d, "沅江市总工会"), 1);
  EXPECT_EQ(count_text(d, "99.64%"), 1);  // 419 ÷ 420.5
  EXPECT_EQ(count_text(d, "9.96"), 1);
  EXPECT_EQ(count_text(d, "100"), 1);  // Σ 分值
  EXPECT_EQ(count_text(d, data::score_text(figures_.overall.total_score)), 1);
}

TEST_F(Yuanjiang2023, OneTable3PerEvaluatedProject) {
  const auto projects = evaluated_projects(model_);
  ASSERT_FALSE(projects.empty());
  for (std::size_t i : projects) {
    const auto d = compose_table3(model_, figures_, i, measure_);
    EXPECT_EQ(d.subject, "附件3 " + model_.projects[i].name.value);
    EXPECT_EQ(count_text(d, "总分"), 1);
  }
  const auto d = compose_table3(model_, figures_, projects.front(), measure_);
  EXPECT_EQ(count_text(d, "78.80%"), 1);  // 145 ÷ 184
  EXPECT_EQ(count_text(d, "7.88"), 1);
  EXPECT_EQ(count_text(d, "95.88"), 1);  // 7.88 + 50 + 28 + 10
}

}  // namespace
}  // namespace selfeval::layout
