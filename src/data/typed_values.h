// The one walk from the data file's keys to the model's fields: every value a data file may type,
// with its schema row and its place ("projects[0].items[1].amounts"). diff compares two models
// through it, the workbook fills its input cells from it, and the reports' figures and the forms'
// values (data/values.h) read the typed keys outside the arrays of tables through it, so a key
// added to the schema (data/schema.cpp) is added here once, and a test
// (tests/data/typed_values_test.cpp) fails until it is.
//
// The walk's order is the order `diff` has always listed changes in: the keys outside any array
// of tables first (as the schema orders them, but frugality after dates), then each project
// (its items before amounts and items_partial), then [overall], then the two reports; in an
// evaluation self_score comes before grade.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "data/model.h"
#include "data/schema.h"

namespace selfeval::data {

// An indicator's 自评得分: a number or "auto" (computed from the target and the actual).
struct indicator_score_ref {
  const score* typed;
  bool is_auto;
};

// The field that holds a value. amount, score and percent are all field<decimal>: the schema
// row's type tells them apart.
using value_ref = std::variant<const text*, const field<decimal>*, const count*, const field<date>*,
                               const field<bool>*, const field<std::vector<std::string>>*,
                               const year_columns*, const fund_columns*, indicator_score_ref>;

// Whether the value was typed: given, or typed "——" (a column row: the row given).
bool typed(const value_ref& v);

// One step of a value's place: a key of a table, or one element of an array of tables.
struct place_step {
  std::string_view key;              // "projects", "funds", "current_year"
  std::optional<std::size_t> index;  // the element, for an array of tables
  // The element's stable name: its name (a report node: its key, else its title), "#3" (its
  // position) when it has none, "name#2" for the second element of the same name.
  std::string label;
};

// The labels of the elements of an array of tables, from their names (see place_step::label).
std::vector<std::string> element_labels(const std::vector<std::string>& names);

struct value_place {
  std::vector<place_step> steps;

  // "projects[0].items[1].amounts": what a workbook cell is named by.
  std::string indexed() const;
  // "projects[业务工作经费].items[帮扶基金].amounts": what diff shows.
  std::string labelled() const;
};

struct typed_value {
  const schema::key& key;  // its row in the schema ("projects[].items[].amounts")
  const value_place& place;
  value_ref ref;
  const project* in_project = nullptr;             // the [[projects]] element it belongs to
  const evaluation_info* in_evaluation = nullptr;  // the evaluation it belongs to
};

// Calls `visit` for every value key of the schema the model can hold, once per element of each
// array of tables, in the order described above (whether typed or not: see typed()).
void for_each_typed_value(const model& m, const std::function<void(const typed_value&)>& visit);

// The field of a key outside every array of tables ("budget.by_use.basic"). A path that is not
// such a key is a programming error (std::logic_error).
value_ref unit_value(const model& m, std::string_view schema_path);

// The schema paths the walk reaches, each once, as it lists them (report node keys once,
// evaluation keys once under each of its two tables): for the test against the schema.
std::vector<std::string> walked_keys();

// Indexes of the projects with [projects.evaluation]: the ones that get a 附件3.
std::vector<std::size_t> evaluated_projects(const model& m);

}  // namespace selfeval::data
