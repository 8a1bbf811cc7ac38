// The numbers of the indicator framework that a region's profile may set (profile.toml
// [indicators]): default weights, grade bands and the plausibility thresholds of the checks. The
// defaults are the Hunan provincial rules (docs/domain.md); a profile that says nothing keeps them.
#pragma once

#include <vector>

#include "base/decimal.h"

namespace selfeval::data {

// "执行率 below `below_percent` % caps the self-score at `cap`".
struct score_cap {
  base::decimal below_percent;
  int cap = 100;
  friend bool operator==(const score_cap&, const score_cap&) = default;
};

struct indicator_rules {
  // Weights (分值) of the 一级指标 when the data file gives none.
  base::decimal execution = base::decimal::from_int(10);     // 预算执行率
  base::decimal output = base::decimal::from_int(50);        // 产出指标
  base::decimal effect = base::decimal::from_int(30);        // 效益指标
  base::decimal satisfaction = base::decimal::from_int(10);  // 满意度指标
  // Lowest total score of each 等次; below `fair` is 差.
  base::decimal excellent = base::decimal::from_int(90);  // 优
  base::decimal good = base::decimal::from_int(80);       // 良
  base::decimal fair = base::decimal::from_int(60);       // 中
  // 实际完成值 this many percent better than the target is 指标偏离 (a warning).
  base::decimal deviation_percent = base::decimal::from_int(30);
  // Ascending by below_percent; the first that the 执行率 is under applies.
  std::vector<score_cap> score_caps = {{base::decimal::from_int(50), 59},
                                       {base::decimal::from_int(60), 69},
                                       {base::decimal::from_int(70), 79},
                                       {base::decimal::from_int(80), 89}};
  friend bool operator==(const indicator_rules&, const indicator_rules&) = default;
};

}  // namespace selfeval::data
