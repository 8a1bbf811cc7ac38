// Differences between two versions of a data file: the typed values that changed, the computed
// figures that follow from them, and the deliverables that must be printed and signed again.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/derive.h"
#include "data/model.h"

namespace selfeval::package {

// One value by its key path in the data file ("budget.executed",
// "projects[业务工作经费].funds.current_year") or one computed figure by its label
// ("附件2 执行率"). A value absent on one side has no text there.
struct value_change {
  std::string key;
  std::optional<std::string> old_text;
  std::optional<std::string> new_text;
};

struct diff_result {
  std::vector<value_change> typed;     // in data file order
  std::vector<value_change> computed;  // in print order of the deliverables
  // "附件1", "附件2", "附件3-<一级项目名>", "附件4", "附件5", sorted in that order. A renamed,
  // added or removed project lists its old and new 附件3.
  std::vector<std::string> deliverables;
  bool empty() const { return typed.empty() && computed.empty(); }
};

diff_result diff_models(const data::model& old_model, const data::figures& old_figures,
                        const data::model& new_model, const data::figures& new_figures);

// For a terminal: one line a change ("  budget.executed: 419 → 420"), long texts shortened.
std::string to_text(const diff_result& d);
// For tools: {"computed": [...], "deliverables": [...], "typed": [...]}, each change
// {"key", "old", "new"} with null for an absent side. Stable order, final newline.
std::string to_json(const diff_result& d);

}  // namespace selfeval::package
