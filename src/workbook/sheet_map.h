// The hidden sheet `_selfeval` of a workbook: which cell holds which data key. The reader finds
// every value through it, so the visible sheets can look exactly like the forms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace selfeval::workbook {

inline constexpr std::string_view map_sheet_name = "_selfeval";
// The hidden sheet holding the dropdown lists too long for a validation's own text (Excel keeps
// at most 255 characters there): one list a column, named by the validations. Made only when
// needed; reading a workbook does not use it.
inline constexpr std::string_view lists_sheet_name = "_selfeval_lists";
inline constexpr std::string_view map_marker = "selfeval workbook";
// Format 1: one map row, five cells (sheet, ref, path, role, merge). Format 2: one cell, its
// fields joined by tabs with the path last (a label's text may hold anything): a quarter of the
// cells, which halves the work of writing and reading the map. The reader reads both.
inline constexpr int map_version = 2;
inline constexpr char map_field_separator = '\t';

class sheet_map {
 public:
  struct cell {
    std::string sheet;
    std::string ref;    // "D7"
    std::string path;   // the data key ("budget.initial", "projects[0].amounts#2"; a scored
                        // form's ids as path_segment(): "scored.a%2Eb.rows.c1.score"); a report
                        // sheet: "overall_report" / "project_report"; a figure: its name
                        // ("budget.execution_rate", "project.amounts.final@0",
                        // "scored.<form>.points_total"); a label: its text
    std::string role;   // "input", "prefill" (the workbook's own value), "report", "figure" (a
                        // computed cell), "label", "line-break"
    std::string merge;  // "D7:F7" when the cell is merged, else empty
  };
  void add(cell c) { cells_.push_back(std::move(c)); }
  const std::vector<cell>& cells() const { return cells_; }

 private:
  std::vector<cell> cells_;
};

}  // namespace selfeval::workbook
