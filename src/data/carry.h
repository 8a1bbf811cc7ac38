// Next year's data file from last year's: `selfeval init --from LAST.toml --year Y`. The unit's
// identity, its projects and their indicator definitions and the stock text are kept; each
// 附件1 row's 本年决算数 moves to the 上年决算数 column; every figure that must be typed again
// becomes "——" (not known, never 0); year mentions in text move on by one year and are listed
// for review. The file is edited in place, so its comments and layout survive.
#pragma once

#include <string>
#include <vector>

#include "base/source_loc.h"
#include "data/model.h"

namespace selfeval::data {

struct carried_file {
  std::string text;  // the new data file
  // What a person should read over: each year mention rewritten, each date moved on.
  std::vector<std::pair<base::source_loc, std::string>> review;
  std::size_t figures_reset = 0;  // figures now "——"
  std::size_t columns_moved = 0;  // 附件1 rows whose 本年决算数 became 上年决算数
};

// `m` is last year's model, loaded without errors from `source`. `year` is the new year; the
// 附件1 columns move only when it is the next one (otherwise they are all reset).
carried_file carry_forward(const std::string& source, const model& m, int year);

}  // namespace selfeval::data
