#include "data/suggest.h"

#include <gtest/gtest.h>

#include "base/messages.h"

namespace selfeval::data {
namespace {

TEST(Suggest, EditDistanceCountsCodePoints) {
  EXPECT_EQ(edit_distance("executed", "excuted"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("数量指标", "数量指数"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ClosestNameOnlyWhenClose) {
  const std::vector<std::string_view> keys = {"initial", "full_year", "executed"};
  EXPECT_EQ(closest_name("fullyear", keys), "full_year");
  EXPECT_EQ(closest_name("excuted", keys), "executed");
  EXPECT_FALSE(closest_name("zzzzzz", keys));
  EXPECT_NE(did_you_mean("zzzzzz", keys).find("initial, full_year, executed"), std::string::npos);
  EXPECT_EQ(did_you_mean("inital", keys), "是否应为“initial”？");
  {
    const base::language saved = base::current_language();
    base::set_language(base::language::en);
    EXPECT_EQ(did_you_mean("inital", keys), "did you mean 'initial'?");
    EXPECT_EQ(did_you_mean("zzzzzz", keys), "valid here: initial, full_year, executed");
    base::set_language(saved);
  }
  const std::vector<std::string_view> names = {"产出指标", "效益指标", "满意度指标"};
  EXPECT_EQ(closest_name("产出指", names), "产出指标");
}

}  // namespace
}  // namespace selfeval::data
