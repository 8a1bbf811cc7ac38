#include "layout/table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "base/messages.h"
#include "layout/text.h"

namespace selfeval::layout {

namespace {

constexpr double epsilon = 1e-9;

// The lines of a cell at a given size and inner width.
std::vector<std::string> cell_lines(const cell& c, const measure& m, double size, double inner,
                                    bool keep_numbers = true) {
  if (c.text.empty()) return {};
  if (c.style.vertical) return stack_text(c.text);
  // wrap_balanced returns wrap_text's lines when they are fewer than two.
  if (c.style.halign == h_align::center && keep_numbers)
    return wrap_balanced(m, c.style.role, size, c.text, inner, c.style.hang);
  return wrap_text(m, c.style.role, size, c.text, inner, c.style.hang, keep_numbers);
}

// Width of a paragraph set on one line: what a column would need to hold it unwrapped.
double natural_width(const cell& c, const measure& m) {
  if (c.style.vertical) return widest_unbreakable(m, c.style.role, c.style.size, c.text);
  double w = 0;
  std::string_view rest = c.text;
  for (;;) {
    const std::size_t end = rest.find('\n');
    w = std::max(w, m.width(c.style.role, c.style.size, rest.substr(0, end)));
    if (end == std::string_view::npos) return w;
    rest.remove_prefix(end + 1);
  }
}

// Gives the room left over, a step at a time, to the column where it saves the most table
// height per point (looking a few steps ahead, as a line is saved only when the text fits).
// Heights are estimated from each paragraph's unwrapped width, which is cheap and close to the
// wrapped line count; the real wrap happens once the widths are set. Deterministic: ties go
// to the leftmost column.
void shorten_by_widening(const table& t, const measure& m, std::vector<double>& w,
                         const std::vector<double>& want, double width) {
  const std::size_t cols = w.size();
  const int rows = t.row_count();
  if (rows == 0) return;
  struct estimate {
    std::size_t row;
    std::vector<double> paragraphs;  // unwrapped widths
    double line_h, pad_x, pad_y;
  };
  std::vector<std::vector<estimate>> by_col(cols);
  for (const auto& c : t.cells) {
    if (c.col_span != 1 || c.row_span != 1 || c.style.vertical || c.text.empty()) continue;
    if (c.col < 0 || static_cast<std::size_t>(c.col) >= cols || c.row < 0) continue;
    estimate e{static_cast<std::size_t>(c.row),
               {},
               c.style.size * t.line_spacing,
               c.style.pad_x,
               c.style.pad_y};
    std::string_view rest = c.text;
    for (;;) {
      const std::size_t end = rest.find('\n');
      e.paragraphs.push_back(m.width(c.style.role, c.style.size, rest.substr(0, end)));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
    by_col[static_cast<std::size_t>(c.col)].push_back(std::move(e));
  }
  auto heights = [&](std::size_t j, double cw) {
    std::vector<double> h(static_cast<std::size_t>(rows), t.min_row_height);
    for (const auto& e : by_col[j]) {
      const double inner = std::max(1.0, cw - 2 * e.pad_x);
      double lines = 0;
      for (double pw : e.paragraphs) lines += std::max(1.0, std::ceil(pw / inner - 1e-9));
      h[e.row] = std::max(h[e.row], lines * e.line_h + 2 * e.pad_y);
    }
    return h;
  };
  std::vector<std::vector<double>> h(cols);
  for (std::size_t j = 0; j < cols; ++j) h[j] = heights(j, w[j]);
  constexpr double step = 3;
  constexpr int lookahead = 12;
  double room = width - std::accumulate(w.begin(), w.end(), 0.0);
  while (room >= step) {
    // The tallest and second-tallest column of each row, to price a change in one column.
    std::vector<double> top1(static_cast<std::size_t>(rows), 0), top2 = top1;
    std::vector<std::size_t> arg1(static_cast<std::size_t>(rows), cols);
    for (std::size_t j = 0; j < cols; ++j)
      for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
        if (h[j][r] > top1[r]) {
          top2[r] = top1[r];
          top1[r] = h[j][r];
          arg1[r] = j;
        } else if (h[j][r] > top2[r]) {
          top2[r] = h[j][r];
        }
      }
    double best_gain = 0;
    std::size_t best_col = cols;
    double best_add = 0;
    std::vector<double> best_h;
    for (std::size_t j = 0; j < cols; ++j) {
      if (t.columns[j].fixed || by_col[j].empty()) continue;
      for (int k = 1; k <= lookahead; ++k) {
        const double add = step * k;
        if (add > room + epsilon || w[j] + add > want[j] + epsilon) break;
        auto nh = heights(j, w[j] + add);
        double saved = 0;
        for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
          const double others = arg1[r] == j ? top2[r] : top1[r];
          saved += std::max(others, h[j][r]) - std::max(others, nh[r]);
        }
        if (saved > epsilon && saved / add > best_gain + epsilon) {
          best_gain = saved / add;
          best_col = j;
          best_add = add;
          best_h = std::move(nh);
        }
      }
    }
    if (best_col == cols) break;
    w[best_col] += best_add;
    h[best_col] = std::move(best_h);
    room -= best_add;
  }
}

}  // namespace

std::string pt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fpt", v);
  return buf;
}

std::string table_ref(const table& t) {
  return base::tr("layout.table", {{"name", t.name}});
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
  if (t.columns.empty())
    throw layout_error(base::tr("layout.no-columns", {{"table", table_ref(t)}}));
  if (fixed > width + 1e-9) {
    throw layout_error(
        base::tr("layout.fixed-too-wide",
                 {{"table", table_ref(t)}, {"fixed", pt(fixed)}, {"body", pt(width)}}));
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

std::vector<double> content_edges(const table& t, const measure& m, double width) {
  const std::size_t n = t.columns.size();
  if (n == 0) throw layout_error(base::tr("layout.no-columns", {{"table", table_ref(t)}}));
  std::vector<double> lo(n), hi(n), want(n);
  for (std::size_t j = 0; j < n; ++j) {
    const column& c = t.columns[j];
    lo[j] = c.fixed ? c.value : c.min;
    hi[j] = c.fixed ? c.value : (c.max > 0 ? std::max(c.max, c.min) : width);
    want[j] = lo[j];
  }
  // What each column's own cells (not the spanning ones) need and want.
  std::vector<double> need = lo;
  for (const auto& c : t.cells) {
    if (c.col_span != 1 || c.col < 0 || static_cast<std::size_t>(c.col) >= n) continue;
    const auto j = static_cast<std::size_t>(c.col);
    if (t.columns[j].fixed) continue;
    const double pad = 2 * c.style.pad_x;
    need[j] = std::max(need[j], widest_unbreakable(m, c.style.role, c.style.size, c.text) + pad);
    want[j] = std::max(want[j], natural_width(c, m) + pad);
    // A column heading (bold) keeps its lines as written: "全年预算数", not "全年预/算数".
    if (c.style.bold && !c.style.vertical) need[j] = std::max(need[j], natural_width(c, m) + pad);
  }
  for (std::size_t j = 0; j < n; ++j) {
    need[j] = std::min(need[j], hi[j]);
    want[j] = std::clamp(want[j], need[j], hi[j]);
  }
  auto sum = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); };
  if (sum(lo) > width + epsilon) {
    throw layout_error(
        base::tr("layout.minimum-too-wide",
                 {{"table", table_ref(t)}, {"minimum", pt(sum(lo))}, {"body", pt(width)}}));
  }
  // Numbers whole where the body allows; cells whose number still does not fit get a smaller
  // font in measure_table.
  if (sum(need) > width + epsilon) need = lo;
  std::vector<double> w = need;
  shorten_by_widening(t, m, w, want, width);
  // Room left when every column has what it wants: by share, up to max, then past it.
  for (int pass = 0; pass < 2; ++pass) {
    for (int round = 0; round < 8; ++round) {
      const double left = width - sum(w);
      if (left <= epsilon) break;
      double shares = 0;
      for (std::size_t j = 0; j < n; ++j)
        if (!t.columns[j].fixed && (pass == 1 || w[j] < hi[j] - epsilon))
          shares += t.columns[j].value;
      if (shares <= 0) break;
      for (std::size_t j = 0; j < n; ++j) {
        if (t.columns[j].fixed || (pass == 0 && w[j] >= hi[j] - epsilon)) continue;
        const double add = left * t.columns[j].value / shares;
        w[j] = pass == 0 ? std::min(hi[j], w[j] + add) : w[j] + add;
      }
    }
  }
  std::vector<double> edges{0};
  for (double x : w) edges.push_back(edges.back() + x);
  edges.back() = width;
  return edges;
}

double measured_table::needed_height(const table& t, std::size_t i) const {
  const cell& c = t.cells[i];
  const double line_h = sizes[i] * t.line_spacing;
  return static_cast<double>(lines[i].size()) * line_h + 2 * c.style.pad_y;
}

measured_table measure_table(const table& t, const measure& m, double width) {
  measured_table mt;
  mt.edges = t.content_widths ? content_edges(t, m, width) : column_edges(t, width);
  mt.cols = static_cast<int>(t.columns.size());
  mt.rows = t.row_count();
  mt.owner.assign(static_cast<std::size_t>(mt.rows * mt.cols), -1);
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const cell& c = t.cells[i];
    const std::string where = base::tr(
        "layout.table-cell", {{"table", table_ref(t)}, {"row", c.row + 1}, {"column", c.col + 1}});
    if (c.row < 0 || c.col < 0 || c.row_span < 1 || c.col_span < 1 || c.col + c.col_span > mt.cols)
      throw layout_error(base::tr("layout.cell-outside", {{"where", where}}));
    if (c.row < t.header_rows && c.row + c.row_span > t.header_rows)
      throw layout_error(base::tr("layout.rowspan-crosses-header", {{"where", where}}));
    for (int r = c.row; r < c.row + c.row_span; ++r)
      for (int k = c.col; k < c.col + c.col_span; ++k) {
        int& o = mt.owner[static_cast<std::size_t>(r * mt.cols + k)];
        if (o >= 0) throw layout_error(base::tr("layout.cell-overlaps", {{"where", where}}));
        o = static_cast<int>(i);
      }
  }

  mt.lines.resize(t.cells.size());
  mt.sizes.resize(t.cells.size());
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const cell& c = t.cells[i];
    const double inner =
        std::max(0.0, mt.edges[static_cast<std::size_t>(c.col + c.col_span)] -
                          mt.edges[static_cast<std::size_t>(c.col)] - 2 * c.style.pad_x);
    double size = c.style.size;
    mt.lines[i] = cell_lines(c, m, size, inner);
    // A number (or code point) wider than the cell is never broken: the cell's font shrinks
    // until its widest line fits. Shrinking can rewrap, so check again.
    for (int round = 0; round < 4; ++round) {
      double widest = 0;
      for (const auto& l : mt.lines[i]) widest = std::max(widest, m.width(c.style.role, size, l));
      if (widest <= inner + epsilon || widest <= 0) break;
      // Down to a quarter of the style's size; in a column narrower than that, numbers break.
      const double smaller =
          std::max(c.style.size / 4, std::floor(size * inner / widest * 100) / 100);
      if (smaller >= size) {
        mt.lines[i] = cell_lines(c, m, size, inner, false);
        break;
      }
      size = smaller;
      mt.lines[i] = cell_lines(c, m, size, inner);
    }
    mt.sizes[i] = size;
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
