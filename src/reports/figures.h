// The figures the generated sentences of the reports can name: the only list of them. Each is
// printed exactly as the tables print it (data/format.h). A wording pattern names them; the
// wording loader refuses any other name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/derive.h"
#include "data/model.h"

namespace selfeval::reports {

// A figure as a sentence uses it: its text, whether it is known (a sentence is never built on a
// figure that was not given or was typed "——") and whether it is zero (for `if_zero`).
struct figure {
  std::string text;
  bool known = false;
  bool zero = false;
};

// A collection a list or paragraph repeats over, and the fields of each element.
struct collection_info {
  std::string_view name;
  std::vector<std::string_view> fields;  // every element has them, in this order
};

// Names of the figures of the whole report ("year", "self", "budget.executed", …).
const std::vector<std::string_view>& figure_names();
// The collections ("departments", "project_items", "evaluated_items", "scored_projects").
const std::vector<collection_info>& collections();
const collection_info* find_collection(std::string_view name);

// The figures of one unit, computed on demand.
class figure_source {
 public:
  figure_source(const data::model& m, const data::figures& f);
  // An unknown name gives a figure that is not known (the loader has refused such names).
  figure get(std::string_view name) const;
  // One vector of figures per element, parallel to collection_info::fields.
  std::vector<std::vector<figure>> elements(std::string_view collection) const;

  const data::model& model() const { return m_; }
  const data::figures& computed() const { return f_; }

 private:
  const data::model& m_;
  const data::figures& f_;
};

}  // namespace selfeval::reports
