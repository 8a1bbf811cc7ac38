// Named values: data-file keys and computed figures, with their states.
#include "data/values.h"

#include <gtest/gtest.h>

#include <set>

#include "../layout/fixture_model.h"

namespace selfeval::data {
namespace {

using layout::testing::seed_figures;
using layout::testing::seed_model;

TEST(Values, TypedKeysComputedFiguresAndStates) {
  auto m = seed_model();
  const auto f = seed_figures();
  EXPECT_EQ(value_of("unit.name", m, f)->text, "沅江市总工会");
  EXPECT_EQ(value_of("budget.initial", m, f)->text, "373.59");
  EXPECT_EQ(value_of("budget.initial", m, f)->state, value_state::known);
  EXPECT_EQ(value_of("budget.adjustment", m, f)->text, "46.91");  // computed
  EXPECT_EQ(value_of("public_funds.office.final", m, f)->state, value_state::blank);
  EXPECT_EQ(value_of("public_funds.office.final", m, f)->text, "");
  EXPECT_EQ(value_of("year.previous", m, f)->text, "2022");
  EXPECT_FALSE(value_of("budget.nothing", m, f).has_value());
  m.budget.initial = {};
  m.budget.initial.unknown = true;
  EXPECT_EQ(value_of("budget.initial", m, f)->text, "——");
  EXPECT_EQ(value_of("budget.initial", m, f)->state, value_state::unknown);
}

TEST(Values, ProjectAndItemScope) {
  const auto m = seed_model();
  const auto f = seed_figures();
  value_scope s;
  // Without a project the project's names print blank.
  EXPECT_EQ(value_of("project.name", m, f, s)->state, value_state::blank);
  s.project = 0;
  EXPECT_EQ(value_of("project.name", m, f, s)->text, "业务工作经费");
  EXPECT_EQ(value_of("project.funds.current_year.executed", m, f, s)->text, "145.00");
  EXPECT_EQ(value_of("project.full_name", m, f, s)->text,
            "业务工作经费（帮扶基金、乡镇工会组织工作经费、行政事业单位工会经费）");
  EXPECT_EQ(value_of("project.department", m, f, s)->text, "沅江市总工会");  // default
  s.item = 1;
  EXPECT_EQ(value_of("item.name", m, f, s)->text, "乡镇工会组织工作经费");
  EXPECT_EQ(value_of("item.amounts.final", m, f, s)->text, "19.00");
}

TEST(Values, NamesAreUniqueAndDocumented) {
  std::set<std::string_view> seen;
  for (const auto& v : value_names()) {
    EXPECT_TRUE(seen.insert(v.name).second) << v.name;
    EXPECT_FALSE(v.doc.empty()) << v.name;
    EXPECT_EQ(find_value(v.name).value_or(9999), static_cast<std::size_t>(&v - &value_names()[0]));
  }
}

}  // namespace
}  // namespace selfeval::data
