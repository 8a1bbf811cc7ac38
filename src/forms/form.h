// Form definitions: a table form (附件1–3, a scored form) as data. A definition names its
// columns and widths, its rows of cells (literal labels and {named values}, see data/values.h)
// with spans and styles, repeated groups (one block of rows per project or item; the indicator
// blocks of 附件2/3 with merged 一级/二级 cells), notes and the title chrome. load_form() reads
// one from TOML, reporting every problem at FILE:LINE:COL; compose_form() lays it out for one
// unit (and project).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "base/source_loc.h"
#include "data/derive.h"
#include "data/model.h"
#include "data/values.h"
#include "layout/flow.h"
#include "layout/measure.h"
#include "layout/page.h"
#include "layout/table.h"

namespace selfeval::forms {

// Names a form provides itself: an indicator group's block and group labels; a scored form's
// criterion (from the form) with its score and evidence (from the data file's [scored.<id>]),
// and its totals.
enum class local_value {
  block_name,
  block_weight,
  group_name,
  criterion_id,
  criterion_level1,
  criterion_level2,
  criterion_standard,
  criterion_evidence_required,
  criterion_points,
  criterion_score,
  criterion_evidence,
  scored_points_total,
  scored_score_total,
};

// Text with {name} holes, resolved at load time: each piece is a literal, a named value (index
// into data::value_names()) or a local value.
struct piece {
  std::string literal;
  std::optional<std::size_t> value;
  std::optional<local_value> local;
};
using pattern = std::vector<piece>;

enum class cell_style_name { head, label, center, text, vertical };
// How a value's text is set in its cell: as is; each paragraph indented two characters; as a
// numbered list "1. … 2. …" unless already numbered.
enum class cell_format { plain, paragraphs, numbered };

struct cell_def {
  pattern text;
  std::optional<pattern> first_text;  // instead of `text` in a group's first member
  cell_style_name style = cell_style_name::center;
  cell_format format = cell_format::plain;
  int rows = 1;
  int cols = 1;
  int col = 0;  // first column (placed at load time in static rows)
  bool keep_together = true;
  // In a repeated group: a cell whose text equals the one above (and whose merged cells to its
  // left also merged) extends that cell instead (the 一级/二级指标 of a scored form).
  bool merge = false;
  base::source_loc loc;
};

struct row_def {
  std::vector<cell_def> cells;
  bool keep_with_next = false;  // never left last on a page
  bool repeat = false;          // repeats at the top of later pages once placed
  base::source_loc loc;
};

// What a group repeats over.
enum class group_kind { rows, projects, items, indicators, criteria };

// The indicator block of 附件2/3: a label cell spanning the heading and every indicator row,
// the heading row, then per 一级指标 a cell over its rows, per 二级指标 a cell over its rows,
// and one row of cells per indicator. Without indicators the official blank block is printed:
// every 二级指标 of the framework with one empty row.
struct indicator_def {
  bool project_evaluation = false;  // project.evaluation rather than overall
  cell_def label;
  row_def heading;
  cell_def level1;
  cell_def level2;
  std::vector<cell_def> cells;
};

struct section {
  group_kind kind = group_kind::rows;
  std::optional<std::size_t> when;  // a named value: the section prints when it is known
  std::vector<row_def> rows;        // kind rows
  std::vector<section> body;        // kind projects / items: printed once per member
  indicator_def indicators;         // kind indicators
  base::source_loc loc;
};

struct column_def {
  layout::column column;
  base::source_loc loc;
};

enum class unit_line_rule { never, always, when_asked };

// A fixed row of a scored form (考核评分表); the data file gives its score by `id`.
struct criterion {
  std::string id;
  std::string level1;             // 一级指标
  std::string level2;             // 二级指标
  std::string standard;           // 评分标准
  std::string evidence_required;  // 所需佐证材料
  base::decimal points;           // 分值
  base::source_loc loc;
};

struct form_definition {
  std::string file;            // where it was read from (diagnostics)
  std::string id;              // names the form's scores in the data file: [scored.<id>]
  std::string label;           // "附件1"
  pattern title;               // "{year}年度部门整体支出绩效评价基础数据表"
  pattern name;                // the table's name and the PDF subject; default: label
  bool project_scope = false;  // one form per evaluated project (附件3)
  unit_line_rule unit_line = unit_line_rule::never;
  std::vector<pattern> notes;  // paragraphs under the table
  bool signature = true;

  std::vector<column_def> columns;
  bool content_widths = false;
  int last_page_rows = 0;
  double min_row_height = 20;
  double line_spacing = 1.25;
  double cell_pad_y = 3;
  double rule_width = 0.5;
  std::vector<section> body;
  std::vector<criterion> criteria;  // a scored form's rows ([[criteria]])
};

// Reads a form definition. Every problem (TOML syntax, unknown key, wrong type, unknown value
// name, a name outside its scope, bad span, rows that do not fill the columns) is a diagnostic
// at FILE:LINE:COL with a stable id; with errors the result must not be used.
form_definition load_form(const std::string& path, base::diagnostics& diags);
// The same from text already read; `file` names it in diagnostics.
form_definition parse_form(const std::string& text, const std::string& file,
                           base::diagnostics& diags);

struct compose_options {
  // GB/T 9704 margins (37/35/28/26 mm). The 9-column 附件2/3 grid fits the resulting 156 mm
  // type area at 10.5 pt (its narrowest columns hold "分值" and the stacked 绩/效/指/标), so
  // the margins need no tightening.
  layout::page_setup page;
  double body_size = 10.5;  // 五号 table body
  bool unit_line = false;   // "单位：万元" under the title, for forms that allow it
  std::string date_label = "填表日期";  // the signature line's date field (益阳: 填报日期)
  // From the profile's deliverable: the "附件N" label and the printed title; empty: the form's.
  std::string label;
  std::string title;
  // The signature line's fields in order, (key, label): keys filler, date, phone, head; empty:
  // 填表人 / date_label / 联系电话 / 单位负责人签字.
  std::vector<std::pair<std::string, std::string>> signature_fields;
};

// The signature line is filled from model.signature; when signature.signature_image and
// signature.seal_image are given, image_items named "signature" and "seal" are placed on it
// (the caller loads those PNGs into the PDF backend's image table under these names).
inline constexpr const char* signature_image_name = "signature";
inline constexpr const char* seal_image_name = "seal";

// The blocks of a form before pagination. `scope.project` selects the project of a
// project-scope form.
std::vector<layout::block> form_blocks(const form_definition& def, const data::model& m,
                                       const data::figures& f, const data::value_scope& scope,
                                       const layout::measure& ms, const compose_options& o = {});

// The form paginated, with the PDF metadata (title, author = unit, subject = the form's name).
layout::document compose_form(const form_definition& def, const data::model& m,
                              const data::figures& f, const data::value_scope& scope,
                              const layout::measure& ms, const compose_options& o = {});

// 22 pt (二号) when the title fits on one line, else 18 pt (小二), which may then wrap.
double title_size(const layout::measure& ms, layout::font_role role, const std::string& title,
                  double width);

}  // namespace selfeval::forms
