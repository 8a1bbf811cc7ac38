// The data file as a flat list of cell-sized values, each under a concrete key path
// ("budget.initial", "projects[0].items[1].amounts#2", "overall.indicators[3].name"): what a
// workbook cell holds. The model is flattened into entries to fill a workbook; entries read
// from a workbook are written out as TOML text for the data file's own loader, so a workbook
// gets exactly the ids and checks of a data file.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "data/model.h"
#include "data/schema.h"

namespace selfeval::workbook {

// What a cell holds, as stored in the file: a number keeps the stored text ("420.5"), never a
// double; a date is its serial day number (days since 1899-12-30).
struct cell_value {
  enum class kind { text, number, date, boolean };
  kind type = kind::text;
  std::string text;
  friend bool operator==(const cell_value&, const cell_value&) = default;
};

// One value of the data file. `path` names the key with the index of every array of tables;
// a year or fund column ends in "#0", "#1" or "#2".
struct entry {
  std::string path;
  cell_value value;
  std::string place;     // "附件2!D7": where a workbook holds it (diagnostics)
  bool prefill = false;  // written by the workbook itself (an indicator row's 一级/二级指标)
};

// Every typed value of the model that a data file holds (computed figures left out), in the
// order of the data file's keys, then the scores and evidence of its [scored.<form id>] tables.
std::map<std::string, cell_value> flatten(const data::model& m);

// The key of a concrete path: the schema's ("projects[0].items[1].amounts#2" -> the row
// "projects[].items[].amounts"), or a scored form's row key ("scored.assessment.rows.c1.score"
// -> "scored.<form id>.rows.<row id>.score"); null when the path names no key.
// The schema knows only the group "scored": which forms and rows exist is the profile's (its
// form definitions), so their keys are made here, the one place that knows their shape and type
// (score: a number or "不适用"; evidence: paragraphs). flatten() reads them from the model and
// to_toml() writes them back as [scored.<form id>.rows.<row id>].
const data::schema::key* key_of(const std::string& path);
// key_of(path)'s path, or empty.
std::string schema_path(const std::string& path);
// "scored.<form>.rows.<row>.<field>", field "score" or "evidence"; each id as path_segment().
std::string scored_path(std::string_view form, std::string_view row, std::string_view field);
// A scored form's 合计 cell in the map ("scored.<form>.points_total" or ".score_total"): Σ 分值 of
// the criteria that apply (`points`), else Σ 得分; read back as a figure (check_figures).
std::string scored_total_path(std::string_view form, bool points);
// A form's or criterion's id (any text: the data file quotes it, [scored."a.b"]) as one segment
// of a path: '%', the path's own marks ". # [ ] @" and control characters as %XX, so that the
// path splits where the data file's key does and the map's cell holds it in plain XML text.
std::string path_segment(std::string_view id);
// The id a segment stands for: path_segment()'s inverse.
std::string segment_id(std::string_view segment);
// Whether a key is a scored form's 得分 (a number within the criterion's 分值, or "不适用").
bool is_scored_score(const data::schema::key& k);

// Entries as a TOML data file. Values that do not fit their key (a text in a number cell) are
// diagnostics at their place; `places` receives, per line of the text (1-based, index 0
// unused), the (column, place) of each value that starts on it.
struct toml_text {
  std::string text;
  std::vector<std::vector<std::pair<std::uint32_t, std::string>>> places;
  // Every cell of the workbook by its key, typed or not ("year" -> "说明!B2"): a key missing
  // from the data is placed at the cell where it is typed.
  std::map<std::string, std::string> cells;
  // Each scored form's first 得分 cell by the form's id ("assessment" -> "附件6!F5"): where a
  // form left entirely unscored (scored-form-missing) is reported.
  std::map<std::string, std::string> first_scores;
};
// `cells`: every cell of the workbook by its key (toml_text::cells).
toml_text to_toml(const std::vector<entry>& entries, const std::string& file_name,
                  base::diagnostics& diags, std::map<std::string, std::string> cells = {});

// Moves each diagnostic located in the TOML text of `t` to the workbook cell it came from:
// place = "FILE[附件2!D7]" (the nearest value at or before its column on that line).
void relocate(base::diagnostics& diags, const toml_text& t, const std::string& file_name);

// An Excel serial day (1 = 1900-01-01, with Excel's phantom 1900-02-29) as a date.
data::date date_of_serial(long serial);
long serial_of(const data::date& d);

// A number's stored text ("4.2E-3", "0.30000000000000004") as an exact decimal text
// ("0.0042", "0.3"): at most 15 significant digits, as Excel itself shows them; empty when
// the text is not a number.
std::string decimal_text(const std::string& stored);

}  // namespace selfeval::workbook
