// The Excel route: a workbook shaped like the forms (附件1–3 from the profile's own form
// definitions), one sheet per report holding its section tree, a 说明 sheet and a sheet of the
// remaining keys; and reading such a workbook back as a data file. libxlsxwriter and the
// workbook's XML stay inside this folder.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "data/derive.h"
#include "data/model.h"
#include "forms/form.h"
#include "profile/profile.h"
#include "workbook/entries.h"

namespace selfeval::workbook {

// A form of the profile with the sheet it goes on.
struct form_sheet {
  const forms::form_definition* form = nullptr;
  std::string label;  // "附件1", the profile's label
  bool per_project = false;
};

// The profile's forms for a workbook (a scored form too: a sheet of its criteria), read from
// its folder; problems of the definitions go to `diags`.
struct profile_forms {
  std::vector<std::shared_ptr<const forms::form_definition>> owned;
  std::vector<form_sheet> sheets;
};
profile_forms forms_of(const profile::profile& p, base::diagnostics& diags);

// The scores of the data that a workbook of these forms cannot hold, as the build reports them
// (forms/scored.h): a [scored.<id>] table naming no scored form (scored-form-unknown) or a row
// its form does not have (scored-row-unknown). A workbook written without them would lose them.
void check_scores_fit(const profile_forms& forms, const data::model& m, base::diagnostics& diags);

struct book_request {
  const data::model* model = nullptr;  // null: a blank workbook to fill in
  const data::figures* figures = nullptr;
  const profile::profile* profile = nullptr;
  std::vector<form_sheet> forms;  // in the profile's order
  // A blank workbook's room: projects, items per project, spare indicator rows per table.
  std::size_t blank_projects = 3;
  std::size_t blank_items = 3;
  std::size_t spare_indicators = 3;
};

// The workbook's bytes. Same request, same bytes: document dates and zip dates are fixed.
// Throws base::environment_error when libxlsxwriter fails (no temporary folder).
std::string write_workbook(const book_request& r);

// The blank model a blank workbook is laid out from: `projects` evaluated projects of `items`
// items each, nothing typed.
data::model blank_model(std::size_t projects, std::size_t items);

// Only the tables (附件1–3 as printed, no input cells, no other sheets): the 汇总 office's
// spreadsheet of a package. One workbook per form; `project` for a per-project form.
std::string write_table(const forms::form_definition& form, const std::string& label,
                        const data::model& m, const data::figures& f,
                        std::optional<std::size_t> project, const profile::profile& p);

// A workbook read back: the data file it stands for, with every problem located at its cell.
// A computed figure's cell as read: what its formula last showed.
struct figure_cell {
  std::string place;  // "附件1!B6"
  std::string name;   // the named value (data/values.h)
  std::optional<std::size_t> project;
  cell_value cached;  // empty text when the formula was never calculated (openpyxl)
};

struct imported {
  toml_text toml;  // feed toml.text to the data file's loader, then relocate()
  std::vector<figure_cell> figures;
};

// Warns (workbook-figure-differs) at each computed cell whose last calculated value is not the
// figure the program computes from the data read: the package prints the program's. A scored
// form's 合计 is compared when `profile` (the one the package is built by) is given: its
// criteria and 分值 are the profile's.
void check_figures(const imported& book, const data::model& m, const data::figures& f,
                   const std::string& file_name, base::diagnostics& diags,
                   const profile::profile* profile = nullptr);

// Reads `bytes` (a file named `file_name` in diagnostics) with the same size limits as report
// templates. Problems (not a zip, a foreign workbook, an encrypted one, a changed merge, a text
// in a number cell) go to `diags` located as FILE[SHEET!CELL].
imported read_workbook(std::string_view bytes, const std::string& file_name,
                       base::diagnostics& diags);

// A workbook file read as the data file it stands for: what `check`, `build`, `diff` and
// `import` all do with a .xlsx.
struct workbook_file {
  bool unreadable = false;  // the file could not be opened or read: the caller says so
  std::string bytes;        // the file as read (the manifest lists its digest)
  imported book;            // its TOML text, the cells to relocate diagnostics to, the figures
};

// Reads the file at `path` with the data file's size limit (data::max_file_bytes: a larger
// file is a located workbook-too-large, read no further than one block past the limit), then
// as read_workbook does. Problems go to `diags`; nothing is thrown.
workbook_file read_workbook_file(const std::string& path, base::diagnostics& diags);

// Whether a path names a workbook (.xlsx, any case).
bool is_workbook_path(std::string_view path);

}  // namespace selfeval::workbook
