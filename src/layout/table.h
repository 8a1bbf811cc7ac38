// The table model (columns, cells with row/column spans, per-cell style, repeated header rows)
// and its measurement for a given width: column edges, wrapped lines, row heights.
#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "layout/measure.h"

namespace selfeval::layout {

// A table or flow that cannot be laid out (a row taller than a page, overlapping cells). The
// message names the table and the row, e.g.
// `table "附件2", row 17: one row is taller than the page body (812.00pt > 700.00pt)`.
class layout_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class h_align { left, center, right };
enum class v_align { top, middle, bottom };

struct cell_style {
  font_role role = font_role::song;
  double size = 10.5;
  h_align halign = h_align::center;
  v_align valign = v_align::middle;
  double pad_x = 3;       // left and right padding, points
  double pad_y = 3;       // top and bottom padding, points
  bool vertical = false;  // one code point per line (绩/效/指/标)
  bool hang = false;      // wrapped lines hang under the text's leading spaces (row labels)
  bool bold = false;      // synthetic bold (text_item::bold)
  double gray = -1;       // background gray (0 black … 1 white); negative: none
};

struct cell {
  int row = 0;
  int col = 0;
  int row_span = 1;
  int col_span = 1;
  std::string text;  // UTF-8; '\n' ends a paragraph
  cell_style style;
  // A rowspan keeps its rows on one page. A label spanning a long block (绩效指标, 产出指标)
  // sets this to false: its rows may then go to different pages, the label drawn on each.
  bool keep_together = true;
};

// A column is either a fixed width in points or a share of what the fixed columns leave.
// In a table with content_widths, a share column's width follows its cells' text between
// `min` and `max` points (0: no bound), and `value` weighs it when room is left over.
struct column {
  double value = 1;
  bool fixed = false;
  double min = 0;
  double max = 0;
};

struct table {
  std::string name;  // named in layout errors
  std::vector<column> columns;
  std::vector<cell> cells;  // any order; grid slots without a cell are drawn empty
  int header_rows = 0;      // rows 0…header_rows-1 repeat at the top of continuation pages
  // Further heading rows (column headings in the middle of a form): once placed, each repeats
  // at the top of every later page of the table, below the header rows.
  std::set<int> repeat_rows;
  std::set<int> keep_with_next;  // rows never left last on a page (a heading row of a block)
  // Widow control: the table's last page holds at least this many rows (all when fewer), so a
  // total row never stands alone with one or two rows above it.
  int last_page_rows = 0;
  // Column widths from the cells' text within each column's min/max (see column); otherwise
  // fixed widths and shares only.
  bool content_widths = false;
  double min_row_height = 0;
  double line_spacing = 1.25;  // line height as a multiple of the font size
  double rule_width = 0.5;

  // Adds a cell and returns it for further styling.
  cell& add(int row, int col, std::string text, const cell_style& style = {}, int row_span = 1,
            int col_span = 1);
  // Number of rows: one past the last row any cell reaches.
  int row_count() const;
};

// "table \"NAME\"": how layout errors name a table.
std::string table_ref(const table& t);
// A length in a message: "812.00pt".
std::string pt(double v);

// Column edges from 0 to `width` (columns + 1 values, first exactly 0, last exactly `width`),
// so the column widths sum to the width. Throws layout_error when fixed columns exceed it.
std::vector<double> column_edges(const table& t, double width);

// Column edges for a table with content_widths: each share column at least as wide as its
// widest number or unit (within max), then the room left given to the columns whose text
// wants it, in proportion to how much more they want (long free text gets the most).
std::vector<double> content_edges(const table& t, const measure& m, double width);

// A table measured for one width.
struct measured_table {
  std::vector<double> edges;        // column edges, 0 … width
  std::vector<double> row_heights;  // one per row
  // Index into table::cells of the cell covering each grid slot, -1 when none; row-major.
  std::vector<int> owner;
  std::vector<std::vector<std::string>> lines;  // wrapped lines per cell (parallel to cells)
  // Font size per cell (parallel to cells): the style's, or smaller when a number or code point
  // that must not be broken is wider than the cell.
  std::vector<double> sizes;
  int rows = 0;
  int cols = 0;

  int owner_at(int row, int col) const { return owner[static_cast<std::size_t>(row * cols + col)]; }
  // Height a cell's text needs: its lines plus padding.
  double needed_height(const table& t, std::size_t cell_index) const;
};

// Checks the grid (cells inside it, no overlaps, no span across the header boundary), wraps
// every cell (shrinking the font of a cell whose number cannot fit) and computes row heights. A
// rowspan cell taller than its rows spreads the excess evenly over them. Throws layout_error naming
// the table on a malformed grid.
measured_table measure_table(const table& t, const measure& m, double width);

}  // namespace selfeval::layout
