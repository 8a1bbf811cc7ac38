// The indicator framework that a region's profile may set (profile.toml [indicators]): the 一级指标
// and their 二级指标, default weights, grade bands and the plausibility thresholds of the checks.
// The defaults are the Hunan provincial rules (docs/domain.md); a profile that says nothing keeps
// them.
#pragma once

#include <string>
#include <vector>

#include "base/decimal.h"

namespace selfeval::data {

// Which `weights.*` key of the data file sets a 一级指标's 分值. The printed names come from the
// profile (indicator_block_rule::level1), so a region may rename a block.
enum class indicator_block { output, effect, satisfaction, cost };

// One 一级指标 of 附件2 / 附件3 besides 预算执行率.
struct indicator_block_rule {
  indicator_block block = indicator_block::output;
  std::string level1;               // "产出指标"
  std::vector<std::string> level2;  // its 二级指标, in print order
  base::decimal weight;             // default 分值 when the data gives none
  friend bool operator==(const indicator_block_rule&, const indicator_block_rule&) = default;
};

// 产出指标 (50) / 效益指标 (30) / 满意度指标 (10) with their provincial 二级指标.
std::vector<indicator_block_rule> provincial_blocks();
// 财预〔2021〕101号's 成本指标 as a 一级指标 named `level1`: 经济成本指标, 社会成本指标,
// 生态环境成本指标.
indicator_block_rule cost_block(std::string level1, base::decimal weight);

// "执行率 below `below_percent` % caps the self-score at `cap`".
struct score_cap {
  base::decimal below_percent;
  int cap = 100;
  friend bool operator==(const score_cap&, const score_cap&) = default;
};

struct indicator_rules {
  // Weight (分值) of 预算执行率 when the data file gives none.
  base::decimal execution = base::decimal::from_int(10);
  // The other 一级指标 in print order: names, 二级指标 and default weights.
  std::vector<indicator_block_rule> blocks = provincial_blocks();
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
