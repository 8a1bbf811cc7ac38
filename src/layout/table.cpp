#include "layout/table.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "layout/text.h"

namespace selfeval::layout {

namespace {}  // namespace

std::string table_ref(const table& t) {
  return "table \"" + t.name + "\"";
}

cell& table::add(int row, int col, std::string text, const cell_style& style, int row_span,
                 int col_span) {
  cell c;
  c.row = row;
  c.col = col;
  c.row_span = row_span;
  c.col_span = col_span;
  c.text = std::move(text);
  c.style = style;
  cells.push_back(std::move(c));
  return cells.back();
}

int table::row_count() const {
  int n = 0;
  for (const auto& c : cells) n = std::max(n, c.row + c.row_span);
  return n;
}

std::vector<double> column_edges(const table& t, double width) {
  double fixed = 0;
  double shares = 0;
  for (const auto& c : t.columns) (c.fixed ? fixed : shares) += c.value;
  if (t.columns.empty()) throw layout_error(table_ref(t) + ": no columns");
  if (fixed > width + 1e-9) {
    char buf[160];
    std::snprintf(buf, sizeof buf, ": fixed columns (%.2fpt) are wider than the body (%.2fpt)",
                  fixed, width);
    throw layout_error(table_ref(t) + buf);
  }
  const double rest = width - fixed;
  std::vector<double> edges{0};
  double x = 0;
  for (const auto& c : t.columns) {
    const double w = c.fixed ? c.value : (shares > 0 ? rest * c.value / shares : 0);
    x += w;
    edges.push_back(x);
  }
  // Rounding must not leave the last edge a hair off the body's right side.
  edges.back() = width;
  return edges;
}

double measured_table::needed_height(const table& t, std::size_t i) const {
  const cell& c = t.cells[i];
  const double line_h = c.style.size * t.line_spacing;
  return static_cast<double>(lines[i].size()) * line_h + 2 * c.style.pad_y;
}

measured_table measure_table(const table& t, const measure& m, double width) {
  measured_table mt;
  mt.edges = column_edges(t, width);
  mt.cols = static_cast<int>(t.columns.size());
  mt.rows = t.row_count();
  mt.owner.assign(static_cast<std::size_t>(mt.rows * mt.cols), -1);
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const cell& c = t.cells[i];
    const std::string where = table_ref(t) + ", row " + std::to_string(c.row + 1) + ", column " +
                              std::to_string(c.col + 1);
    if (c.row < 0 || c.col < 0 || c.row_span < 1 || c.col_span < 1 || c.col + c.col_span > mt.cols)
      throw layout_error(where + ": cell lies outside the grid");
    if (c.row < t.header_rows && c.row + c.row_span > t.header_rows)
      throw layout_error(where + ": a rowspan crosses the end of the header rows");
    for (int r = c.row; r < c.row + c.row_span; ++r)
      for (int k = c.col; k < c.col + c.col_span; ++k) {
        int& o = mt.owner[static_cast<std::size_t>(r * mt.cols + k)];
        if (o >= 0) throw layout_error(where + ": cell overlaps another cell");
        o = static_cast<int>(i);
      }
  }

  mt.lines.resize(t.cells.size());
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const cell& c = t.cells[i];
    const double inner = mt.edges[static_cast<std::size_t>(c.col + c.col_span)] -
                         mt.edges[static_cast<std::size_t>(c.col)] - 2 * c.style.pad_x;
    // wrap_balanced returns wrap_text's lines when they are fewer than two.
    if (c.style.vertical)
      mt.lines[i] = stack_text(c.text);
    else if (c.style.halign == h_align::center)
      mt.lines[i] = wrap_balanced(m, c.style.role, c.style.size, c.text, inner);
    else
      mt.lines[i] = wrap_text(m, c.style.role, c.style.size, c.text, inner);
    if (c.text.empty()) mt.lines[i].clear();
  }

  mt.row_heights.assign(static_cast<std::size_t>(mt.rows), t.min_row_height);
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const cell& c = t.cells[i];
    if (c.row_span != 1) continue;
    double& h = mt.row_heights[static_cast<std::size_t>(c.row)];
    h = std::max(h, mt.needed_height(t, i));
  }
  // Short spans first, so a long span sees the rows its inner spans already grew.
  std::vector<std::size_t> spans;
  for (std::size_t i = 0; i < t.cells.size(); ++i)
    if (t.cells[i].row_span > 1) spans.push_back(i);
  std::stable_sort(spans.begin(), spans.end(), [&](std::size_t a, std::size_t b) {
    return t.cells[a].row_span < t.cells[b].row_span;
  });
  for (std::size_t i : spans) {
    const cell& c = t.cells[i];
    const auto first = mt.row_heights.begin() + c.row;
    const double have = std::accumulate(first, first + c.row_span, 0.0);
    const double need = mt.needed_height(t, i);
    if (need > have) {
      const double extra = (need - have) / c.row_span;
      for (auto it = first; it != first + c.row_span; ++it) *it += extra;
    }
  }
  return mt;
}

}  // namespace selfeval::layout
