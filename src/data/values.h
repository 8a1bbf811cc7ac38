// Named values: the vocabulary forms (and, later, report templates and wording patterns) print
// from. A name is the data file's dotted key ("budget.initial", "three_public.cars.final",
// "project.funds.current_year.executed") or, for a purely computed figure, a descriptive dotted
// name ("projects.total.final", "year.previous"). A key that may be typed but is also computed
// ("budget.adjustment") gives the computed figure, so what prints is what the checks agreed on.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/derive.h"
#include "data/model.h"

namespace selfeval::data {

// known: a value; unknown: "——" (typed "——", or computed from such a figure, or undefined such
// as a rate over 0); blank: the form leaves the cell empty. An unknown figure never prints 0.
enum class value_state { known, unknown, blank };

struct printed_value {
  std::string text;  // as the forms print it: "420.50", "114.29%", "9.96", "——", ""
  value_state state = value_state::blank;
};

// What a name needs to be evaluated: the unit alone, one project ([[projects]]), one of its
// items ([[projects.items]]) or one indicator row of an evaluation.
enum class value_scope_kind { unit, project, item, indicator };

struct value_scope {
  std::optional<std::size_t> project;    // index into model::projects
  std::optional<std::size_t> item;       // index into that project's items
  std::optional<std::size_t> indicator;  // index into the evaluation's indicators
  // indicator.* names read project.evaluation (of `project`) instead of overall.
  bool project_evaluation = false;
};

struct value_name {
  std::string_view name;
  value_scope_kind needs;
  std::string_view doc;  // what it prints, in the form's words
};

// Every name, in a stable order.
const std::vector<value_name>& value_names();

// Index of `name` in value_names(), or none.
std::optional<std::size_t> find_value(std::string_view name);

// The value at `index` of value_names(). A name whose scope is not given prints blank.
printed_value value_at(std::size_t index, const model& m, const figures& f,
                       const value_scope& scope);

// The value called `name`; none when no such name exists.
std::optional<printed_value> value_of(std::string_view name, const model& m, const figures& f,
                                      const value_scope& scope = {});

}  // namespace selfeval::data
