#include "layout/flow.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "base/messages.h"
#include "layout/text.h"

namespace selfeval::layout {

namespace {

constexpr double epsilon = 1e-6;
// Baseline below the top of the em box; CJK fonts put the ascender near 0.88 em.
constexpr double ascent = 0.88;

// A run of rows that must stay on one page.
struct unit {
  int first = 0;
  int end = 0;
  double height = 0;
  bool split = false;  // one row taller than a page: split between its lines
};

// Raised inside table placement when a cut rowspan cell's text runs out of room.
struct text_deficit {
  int cell_row = 0;
  int cell_col = 0;
  int last_row = 0;    // the row to grow
  double missing = 0;  // height of the lines left over
};

class flow_builder {
 public:
  flow_builder(const measure& m, const page_setup& s) : m_(m), s_(s) {}

  flow_result finish(std::vector<std::vector<table_segment>> tables) {
    flow_result r;
    r.tables = std::move(tables);
    r.row_heights = std::move(row_heights_);
    if (buckets_.empty()) new_page();
    if (s_.page_numbers && buckets_.size() > 1) {
      for (std::size_t i = 0; i < buckets_.size(); ++i) {
        const std::string text = "— " + std::to_string(i + 1) + " —";
        const double w = m_.width(s_.number_role, s_.number_size, text);
        // 7 mm below the type area, measured to the top of the digits.
        const double top = s_.height - s_.bottom + 7 * points_per_mm;
        add_text(i, (s_.width - w) / 2, top + ascent * s_.number_size, s_.number_role,
                 s_.number_size, text);
      }
    }
    for (auto& b : buckets_) {
      page p;
      p.width = s_.width;
      p.height = s_.height;
      for (auto& it : b.rects) p.items.emplace_back(std::move(it));
      for (auto& it : b.texts) p.items.emplace_back(std::move(it));
      for (auto& it : b.lines) p.items.emplace_back(std::move(it));
      for (auto& it : b.images) p.items.emplace_back(std::move(it));
      r.doc.pages.push_back(std::move(p));
    }
    return r;
  }

  // Height a block would take at the top of an empty page (used for keep-with-previous).
  double height_of(const block& b) const {
    if (const auto* p = std::get_if<paragraph>(&b)) {
      const auto lines = wrap_text(m_, p->role, p->size, p->text, s_.body_width());
      return p->space_before + static_cast<double>(lines.size()) * p->size * p->line_spacing +
             p->space_after;
    }
    if (const auto* f = std::get_if<field_line>(&b)) {
      const double lh = f->size * f->line_spacing;
      return f->space_before + static_cast<double>(field_rows(*f).size()) * lh + seal_drop(*f, lh) +
             f->space_after;
    }
    return 0;
  }

  void place(const paragraph& p) {
    ensure_page();
    if (!at_page_top()) y_ += p.space_before;
    const double lh = p.size * p.line_spacing;
    const auto lines = p.align == h_align::center
                           ? wrap_balanced(m_, p.role, p.size, p.text, s_.body_width())
                           : wrap_text(m_, p.role, p.size, p.text, s_.body_width());
    for (const auto& line : lines) {
      if (y_ + lh > body_bottom() + epsilon && !at_page_top()) new_page();
      const double w = m_.width(p.role, p.size, line);
      double x = s_.left;
      if (p.align == h_align::center) x = s_.left + (s_.body_width() - w) / 2;
      if (p.align == h_align::right) x = s_.left + s_.body_width() - w;
      add_text(page_index(), x, y_ + (lh - p.size) / 2 + ascent * p.size, p.role, p.size, line);
      y_ += lh;
    }
    y_ += p.space_after;
  }

  void place(const field_line& f) {
    ensure_page();
    if (!at_page_top()) y_ += f.space_before;
    const double lh = f.size * f.line_spacing;
    const auto rows = field_rows(f);
    // Fields in columns: the k-th field of every line starts at the same place, each column
    // as wide as its widest field with its blank, the room left shared out evenly.
    std::vector<double> col_w;
    for (const auto& row : rows)
      for (std::size_t k = 0; k < row.size(); ++k) {
        if (col_w.size() <= k) col_w.push_back(0);
        col_w[k] = std::max(col_w[k], field_width(f, row[k]) + blank_of(f, row[k]));
      }
    for (double& w : col_w) w = std::min(w, s_.body_width());
    const double used = std::accumulate(col_w.begin(), col_w.end(), 0.0);
    const double extra =
        col_w.empty() ? 0
                      : std::max(0.0, (s_.body_width() - used) / static_cast<double>(col_w.size()));
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
      const auto& row = rows[ri];
      const bool last_row = ri + 1 == rows.size();
      const double text_h = static_cast<double>(row_lines(f, row)) * lh;
      const double row_h = last_row ? text_h + seal_drop(f, lh) : text_h;
      if (y_ + row_h > body_bottom() + epsilon && !at_page_top()) new_page();
      double x = s_.left;
      double blank_x = x, blank_w = 0;
      for (std::size_t k = 0; k < row.size(); ++k) {
        double y = y_;
        double widest = 0;
        for (const auto& line : field_lines(f, row[k])) {
          add_text(page_index(), x, y + (lh - f.size) / 2 + ascent * f.size, f.role, f.size, line);
          widest = std::max(widest, m_.width(f.role, f.size, line));
          y += lh;
        }
        blank_x = x + widest;
        x += col_w[k] + extra;
        blank_w = x - blank_x;
      }
      if (last_row) place_images(f, blank_x, std::min(blank_w, s_.width - s_.right - blank_x), lh);
      y_ += row_h;
    }
    y_ += f.space_after;
  }

  // A field's text: one line, or wrapped to leave its blank when alone it is wider than the
  // body (a long name).
  std::vector<std::string> field_lines(const field_line& f, std::size_t i) const {
    const std::string text = f.fields[i].first + f.fields[i].second;
    const double room = s_.body_width() - blank_of(f, i);
    if (field_width(f, i) <= room + epsilon) return {text};
    return wrap_text(m_, f.role, f.size, text, std::max(room, 4 * f.size));
  }
  std::size_t row_lines(const field_line& f, const std::vector<std::size_t>& row) const {
    std::size_t n = 1;
    for (std::size_t i : row) n = std::max(n, field_lines(f, i).size());
    return n;
  }

  double field_width(const field_line& f, std::size_t i) const {
    return m_.width(f.role, f.size, f.fields[i].first + f.fields[i].second);
  }
  static double blank_of(const field_line& f, std::size_t i) {
    return std::max(f.size, i < f.blanks.size() ? f.blanks[i] : 0.0);
  }
  // How far the reserved seal area reaches below the last line of the fields.
  static double seal_drop(const field_line& f, double lh) {
    return f.seal_image.empty() ? 0 : std::max(0.0, f.seal_size - lh);
  }

  // The signature image in the blank after the last field, the seal in the square area
  // reserved at the right of that blank, its top level with the line: neither covers text.
  void place_images(const field_line& f, double blank_x, double blank_w, double lh) {
    if (!f.signature_image.empty()) {
      image_item im;
      // As wide as the blank allows up to signature_width, keeping the box's proportions,
      // and no taller than the line.
      im.w = std::min(f.signature_width, std::max(0.0, blank_w));
      im.h = f.signature_height * im.w / f.signature_width;
      if (im.h > lh) {
        im.w *= lh / im.h;
        im.h = lh;
      }
      im.x = blank_x;
      im.y = s_.height - (y_ + (lh - im.h) / 2) - im.h;
      im.name = f.signature_image;
      if (im.w > 0) buckets_[page_index()].images.push_back(im);
    }
    if (!f.seal_image.empty()) {
      image_item im;
      im.w = im.h = std::min({f.seal_size, std::max(0.0, blank_w), body_bottom() - y_});
      im.x = blank_x + blank_w - im.w;
      im.y = s_.height - y_ - im.h;
      im.name = f.seal_image;
      if (im.w > 0) buckets_[page_index()].images.push_back(im);
    }
  }

  // Places a table. A rowspan cell cut across pages loses room at each cut (padding, part of
  // a line), so its text may not fit its last piece: its last row then grows by what is
  // missing and the table is placed again (a few rounds at most, heights only grow).
  std::vector<table_segment> place(const table& t, double tail) {
    ensure_page();
    measured_table mt = measure_table(t, m_, s_.body_width());
    const std::size_t pages = buckets_.size();
    const bucket saved = buckets_.back();
    const double saved_y = y_;
    for (int round = 0;; ++round) {
      try {
        auto segments = place_once(t, mt, tail);
        row_heights_.push_back(mt.row_heights);
        return segments;
      } catch (const text_deficit& d) {
        buckets_.resize(pages);
        buckets_.back() = saved;
        y_ = saved_y;
        if (round == 8)
          throw layout_error(
              base::tr("layout.rowspan-text-does-not-fit",
                       {{"where", base::tr("layout.table-cell", {{"table", table_ref(t)},
                                                                 {"row", d.cell_row + 1},
                                                                 {"column", d.cell_col + 1}})}}));
        mt.row_heights[static_cast<std::size_t>(d.last_row)] += d.missing;
      }
    }
  }

  std::vector<table_segment> place_once(const table& t, const measured_table& mt, double tail) {
    next_line_.clear();
    shown_.clear();
    std::vector<table_segment> segments;
    if (mt.rows == 0) return segments;
    const int h = std::min(t.header_rows, mt.rows);
    auto row_h = [&](int r) { return mt.row_heights[static_cast<std::size_t>(r)]; };
    // Rows repeated at the top of a page whose first body row is `next`.
    auto repeated_before = [&](int next) {
      std::vector<int> rows;
      for (int r = 0; r < h; ++r) rows.push_back(r);
      for (int r : t.repeat_rows)
        if (r >= h && r < next && r < mt.rows) rows.push_back(r);
      return rows;
    };
    auto height_of_rows = [&](const std::vector<int>& rows) {
      double sum = 0;
      for (int r : rows) sum += row_h(r);
      return sum;
    };
    const double header_h = height_of_rows(repeated_before(0));
    const double repeat_h = height_of_rows(repeated_before(mt.rows));
    const std::vector<unit> units = make_units(t, mt, h, repeat_h);
    if (tail > s_.body_height()) tail = 0;

    table_segment seg;
    int body_units = 0;  // units placed in the open segment
    // Where each unit placed in the open segment began, so the page break can move back.
    struct mark {
      std::size_t unit;
      std::size_t heights;
      int end_row;
      double y;
    };
    std::vector<mark> marks;
    auto open_segment = [&](bool repeated, int next) {
      seg = table_segment{};
      seg.page = static_cast<int>(page_index());
      if (repeated) seg.repeated_rows = repeated_before(next);
      seg.header_repeated = !seg.repeated_rows.empty();
      seg.top = y_;
      seg.first_row = repeated ? -1 : 0;
      y_ += height_of_rows(seg.repeated_rows);
      body_units = 0;
      marks.clear();
    };
    auto close_segment = [&] {
      seg.bottom = y_;
      if (seg.first_row < 0) seg.first_row = seg.end_row;
      segments.push_back(seg);
      draw_segment(t, mt, seg);
    };
    auto next_page = [&](int next) {
      close_segment();
      new_page();
      open_segment(true, next);
    };
    auto add_row = [&](int r, double height) {
      if (seg.first_row < 0) seg.first_row = r;
      seg.end_row = r + 1;
      seg.heights.push_back(height);
      y_ += height;
    };

    // The header and the first unit start together; move to a new page if they do not fit.
    const double first_need =
        header_h + (units.empty() ? 0 : units.front().height) + (units.size() == 1 ? tail : 0);
    if (!units.empty() && units.front().split) {
      if (body_bottom() - y_ - header_h < (s_.body_height() - header_h) / 4 && !at_page_top())
        new_page();
    } else if (y_ + first_need > body_bottom() + epsilon && !at_page_top()) {
      new_page();
    }
    open_segment(false, 0);
    for (int r = 0; r < h; ++r) add_row(r, row_h(r));
    auto split_next_page = [&] { next_page(mt.rows); };
    for (std::size_t k = 0; k < units.size(); ++k) {
      const unit* u = &units[k];
      if (u->split) {
        // Start a split row on a new page only when little room is left here.
        if (body_bottom() - y_ < (s_.body_height() - header_h) / 4 && body_units > 0)
          next_page(u->first);
        place_split_row(t, mt, u->first, seg, split_next_page, add_row);
        ++body_units;
        marks.clear();
        continue;
      }
      const bool last = k + 1 == units.size();
      const double need = u->height + (last ? tail : 0);
      if (y_ + need > body_bottom() + epsilon && body_units > 0) {
        // Break before unit k, or earlier when that leaves a widowed last page or a slice of
        // a repeated label too short for it.
        const std::size_t b = choose_break(t, mt, units, k, seg, marks, repeated_before, tail);
        if (b < k) {
          const auto it =
              std::find_if(marks.begin(), marks.end(), [&](const mark& m) { return m.unit == b; });
          seg.heights.resize(it->heights);
          seg.end_row = it->end_row;
          y_ = it->y;
          k = b;
          u = &units[k];
        }
        next_page(u->first);
      } else if (y_ + u->height > body_bottom() + epsilon) {
        // Only the header is on this page: start over on a fresh page (first page only).
        y_ = seg.top;
        new_page();
        seg.page = static_cast<int>(page_index());
        seg.top = y_;
        y_ += header_h;
      }
      marks.push_back({k, seg.heights.size(), seg.end_row, y_});
      for (int r = u->first; r < u->end; ++r) add_row(r, row_h(r));
      ++body_units;
    }
    close_segment();
    return segments;
  }

  // The unit before which the page breaks, `k` or an earlier one placed on this page: the
  // last page must keep last_page_rows rows, and a label spanning the break (keep_together
  // false) must have room for its whole text on both sides. When no earlier break helps, k.
  template <class Marks, class Repeated>
  std::size_t choose_break(const table& t, const measured_table& mt, const std::vector<unit>& units,
                           std::size_t k, const table_segment& seg, const Marks& marks,
                           const Repeated& repeated_before, double tail) const {
    auto row_h = [&](int r) { return mt.row_heights[static_cast<std::size_t>(r)]; };
    auto good = [&](std::size_t b, bool labels) {
      const int at = units[b].first;
      if (t.last_page_rows > 0 && mt.rows - at < t.last_page_rows) return false;
      if (!labels) return true;
      const std::vector<int> next_top = repeated_before(at);
      for (std::size_t i = 0; i < t.cells.size(); ++i) {
        const cell& c = t.cells[i];
        const int end = c.row + c.row_span;
        if (c.keep_together || c.row_span < 2 || c.row >= at || end <= at) continue;
        const double need = mt.needed_height(t, i);
        double above = 0, below = 0;
        for (int r : seg.repeated_rows)
          if (r >= c.row && r < end) above += row_h(r);
        for (int r = std::max(c.row, seg.first_row < 0 ? at : seg.first_row); r < at; ++r)
          above += row_h(r);
        for (int r : next_top)
          if (r >= c.row && r < end) below += row_h(r);
        for (int r = at; r < end; ++r) below += row_h(r);
        if (above + epsilon < need || below + epsilon < need) return false;
      }
      return true;
    };
    // The latest break that meets both rules, else the latest that keeps the last page from
    // being widowed (a short label slice is then set smaller); always one unit on this page.
    for (bool labels : {true, false}) {
      if (good(k, labels)) return k;
      for (std::size_t m = marks.size(); m-- > 1;)
        if (good(marks[m].unit, labels)) return marks[m].unit;
    }
    // No break leaves last_page_rows on the last page: as many rows as fit there with the
    // blocks after the table.
    if (t.last_page_rows > 0 && mt.rows - units[k].first < t.last_page_rows) {
      std::size_t best = k;
      for (std::size_t m = marks.size(); m-- > 1;) {
        const std::size_t b = marks[m].unit;
        double rest = tail;
        for (int r : repeated_before(units[b].first)) rest += row_h(r);
        for (int r = units[b].first; r < mt.rows; ++r) rest += row_h(r);
        if (rest > s_.body_height() + epsilon) break;
        best = b;
      }
      return best;
    }
    return k;
  }

 private:
  struct bucket {
    std::vector<rect_item> rects;
    std::vector<text_item> texts;
    std::vector<line_item> lines;
    std::vector<image_item> images;
  };

  double body_top() const { return s_.top; }
  double body_bottom() const { return s_.height - s_.bottom; }
  std::size_t page_index() const { return buckets_.size() - 1; }
  bool at_page_top() const { return y_ <= body_top() + epsilon; }
  void ensure_page() {
    if (buckets_.empty()) new_page();
  }
  void new_page() {
    buckets_.emplace_back();
    y_ = body_top();
  }

  void add_text(std::size_t pg, double x, double baseline_from_top, font_role role, double size,
                const std::string& text, bool bold = false) {
    if (text.empty()) return;
    text_item t;
    t.bold = bold;
    t.x = x;
    t.y = s_.height - baseline_from_top;
    t.role = role;
    t.size = size;
    t.text = text;
    buckets_[pg].texts.push_back(std::move(t));
  }

  void add_line(std::size_t pg, double x1, double y1, double x2, double y2, double w) {
    line_item l;
    l.x1 = x1;
    l.y1 = s_.height - y1;
    l.x2 = x2;
    l.y2 = s_.height - y2;
    l.width = w;
    buckets_[pg].lines.push_back(l);
  }

  // The fields on each line: all on one when they fit with their blanks, else two a line,
  // else one (fields in columns, as place() sets them).
  std::vector<std::vector<std::size_t>> field_rows(const field_line& f) const {
    const std::size_t n = f.fields.size();
    for (std::size_t per_row : {n, std::size_t{2}, std::size_t{1}}) {
      if (per_row == 0) break;
      std::vector<std::vector<std::size_t>> rows;
      std::vector<double> col_w(per_row, 0.0);
      for (std::size_t i = 0; i < n; i += per_row) {
        std::vector<std::size_t> row;
        for (std::size_t k = i; k < std::min(n, i + per_row); ++k) {
          row.push_back(k);
          col_w[k - i] = std::max(col_w[k - i], field_width(f, k) + blank_of(f, k));
        }
        rows.push_back(std::move(row));
      }
      const bool fits =
          std::accumulate(col_w.begin(), col_w.end(), 0.0) <= s_.body_width() + epsilon;
      if (fits || per_row == 1) return rows;
    }
    return {};
  }

  // A row taller than what a page holds: slices of whole lines, each filling the rest of a
  // page, then a last slice as tall as the remaining lines need. draw_piece flows each cell's
  // lines across the slices; cells whose text fits a slice (labels) are drawn on each.
  template <class NextPage, class AddRow>
  void place_split_row(const table& t, const measured_table& mt, int r, table_segment& seg,
                       NextPage& next_page, AddRow& add_row) {
    struct part {
      std::size_t left;  // lines still to place
      double line_h;
      double pad;
    };
    std::vector<part> parts;
    for (std::size_t i = 0; i < t.cells.size(); ++i) {
      const cell& c = t.cells[i];
      // Cells of this row, and rowspans ending in it: their lines must be out by its end
      // (a rowspan is counted whole, as if its rows above had drawn none of them).
      if (c.row + c.row_span - 1 == r)
        parts.push_back({mt.lines[i].size(), mt.sizes[i] * t.line_spacing, c.style.pad_y});
    }
    bool fresh = false;  // on a page begun for this row: no progress here means none anywhere
    for (;;) {
      double need = t.min_row_height;
      for (const auto& p : parts)
        if (p.left > 0) need = std::max(need, static_cast<double>(p.left) * p.line_h + 2 * p.pad);
      const double avail = body_bottom() - y_;
      if (need <= avail + epsilon) {
        add_row(r, need);
        return;
      }
      bool progress = false;
      for (auto& p : parts) {
        const double room = avail - 2 * p.pad + epsilon;
        const auto fit = room >= p.line_h ? static_cast<std::size_t>(room / p.line_h) : 0;
        const std::size_t take = std::min(fit, p.left);
        p.left -= take;
        progress = progress || take > 0;
      }
      if (!progress && fresh)
        throw layout_error(base::tr(
            "layout.line-too-tall",
            {{"where", base::tr("layout.table-row", {{"table", table_ref(t)}, {"row", r + 1}})}}));
      if (progress) {
        add_row(r, avail);
        seg.split = true;
      }
      next_page();
      fresh = true;
      if (progress) seg.continued = true;
    }
  }

  // Splits the body rows into units that stay on one page: rows joined by a rowspan stay
  // together unless the span is taller than a page can hold, then it is cut between rows.
  std::vector<unit> make_units(const table& t, const measured_table& mt, int h,
                               double header_h) const {
    const double capacity = s_.body_height() - header_h;
    if (h > 0 && header_h >= s_.body_height())
      throw layout_error(base::tr(
          "layout.header-too-tall",
          {{"table", table_ref(t)}, {"header", pt(header_h)}, {"body", pt(s_.body_height())}}));
    auto rows_height = [&](int a, int b) {
      return std::accumulate(mt.row_heights.begin() + a, mt.row_heights.begin() + b, 0.0);
    };
    std::vector<int> reach(static_cast<std::size_t>(mt.rows));
    for (int r = 0; r < mt.rows; ++r) reach[static_cast<std::size_t>(r)] = r + 1;
    for (int r : t.keep_with_next)
      if (r >= h && r + 1 < mt.rows && rows_height(r, r + 2) <= capacity + epsilon)
        reach[static_cast<std::size_t>(r)] = std::max(reach[static_cast<std::size_t>(r)], r + 2);
    for (const auto& c : t.cells) {
      if (c.row < h || c.row_span < 2 || !c.keep_together) continue;
      if (rows_height(c.row, c.row + c.row_span) > capacity + epsilon) continue;
      int& e = reach[static_cast<std::size_t>(c.row)];
      e = std::max(e, c.row + c.row_span);
    }
    std::vector<unit> units;
    int r = h;
    while (r < mt.rows) {
      unit u{r, r + 1, 0};
      for (int k = r; k < u.end; ++k) u.end = std::max(u.end, reach[static_cast<std::size_t>(k)]);
      u.height = rows_height(u.first, u.end);
      if (u.height > capacity + epsilon) {
        // Spans that each fit chain into a group that does not: cut it between rows.
        for (int k = u.first; k < u.end; ++k)
          units.push_back(unit{k, k + 1, rows_height(k, k + 1)});
      } else {
        units.push_back(u);
      }
      r = u.end;
    }
    // Widow control: the units reaching into the last last_page_rows rows are cut into rows,
    // so that the page break can fall just before those rows (or as near as fits).
    const int tail_first = std::max(h, mt.rows - t.last_page_rows);
    if (t.last_page_rows > 0 && !units.empty() && units.back().first > tail_first) {
      std::vector<unit> cut;
      for (const auto& u : units) {
        if (u.end <= tail_first || u.end - u.first == 1) {
          cut.push_back(u);
          continue;
        }
        for (int k = u.first; k < u.end; ++k) cut.push_back(unit{k, k + 1, rows_height(k, k + 1)});
      }
      units = std::move(cut);
    }
    for (auto& u : units) u.split = u.height > capacity + epsilon;
    return units;
  }

  void draw_segment(const table& t, const measured_table& mt, const table_segment& seg) {
    const std::size_t pg = static_cast<std::size_t>(seg.page);
    std::vector<int> rows = seg.repeated_rows;
    for (int r = seg.first_row; r < seg.end_row; ++r) rows.push_back(r);
    const int n = static_cast<int>(rows.size());
    if (n == 0) return;
    std::vector<double> ys{seg.top};
    for (int vi = 0; vi < n; ++vi) {
      const int r = rows[static_cast<std::size_t>(vi)];
      const int body = static_cast<int>(rows.size() - seg.heights.size());  // repeated header rows
      ys.push_back(ys.back() + (vi < body ? mt.row_heights[static_cast<std::size_t>(r)]
                                          : seg.heights[static_cast<std::size_t>(vi - body)]));
    }
    const double x0 = s_.left;
    auto id = [&](int vi, int c) {
      const int r = rows[static_cast<std::size_t>(vi)];
      const int o = mt.owner_at(r, c);
      return o >= 0 ? o : -2 - (r * mt.cols + c);
    };

    // Cell pieces: a cell's rows as far as they are visible on this page.
    std::vector<bool> done(t.cells.size(), false);
    for (int vi = 0; vi < n; ++vi) {
      for (int c = 0; c < mt.cols; ++c) {
        const int o = mt.owner_at(rows[static_cast<std::size_t>(vi)], c);
        if (o < 0 || done[static_cast<std::size_t>(o)]) continue;
        done[static_cast<std::size_t>(o)] = true;
        int ve = vi;
        while (ve < n && id(ve, c) == o) ++ve;
        const int last_row = rows[static_cast<std::size_t>(ve - 1)];
        const cell& oc = t.cells[static_cast<std::size_t>(o)];
        const bool ends_here =
            last_row == oc.row + oc.row_span - 1 && !(seg.split && last_row == seg.end_row - 1);
        draw_piece(t, mt, static_cast<std::size_t>(o), pg, x0, ys[static_cast<std::size_t>(vi)],
                   ys[static_cast<std::size_t>(ve)], ends_here);
      }
    }

    // Rules: a grid line is drawn wherever the slots on its two sides belong to different
    // cells; runs along one line are merged into one segment.
    for (int vi = 0; vi <= n; ++vi) {
      int c = 0;
      while (c < mt.cols) {
        auto drawn = [&](int k) { return vi == 0 || vi == n || id(vi - 1, k) != id(vi, k); };
        if (!drawn(c)) {
          ++c;
          continue;
        }
        int e = c;
        while (e < mt.cols && drawn(e)) ++e;
        const double y = ys[static_cast<std::size_t>(vi)];
        add_line(pg, x0 + mt.edges[static_cast<std::size_t>(c)], y,
                 x0 + mt.edges[static_cast<std::size_t>(e)], y, t.rule_width);
        c = e;
      }
    }
    for (int j = 0; j <= mt.cols; ++j) {
      int vi = 0;
      while (vi < n) {
        auto drawn = [&](int k) { return j == 0 || j == mt.cols || id(k, j - 1) != id(k, j); };
        if (!drawn(vi)) {
          ++vi;
          continue;
        }
        int e = vi;
        while (e < n && drawn(e)) ++e;
        const double x = x0 + mt.edges[static_cast<std::size_t>(j)];
        add_line(pg, x, ys[static_cast<std::size_t>(vi)], x, ys[static_cast<std::size_t>(e)],
                 t.rule_width);
        vi = e;
      }
    }
  }

  void draw_piece(const table& t, const measured_table& mt, std::size_t i, std::size_t pg,
                  double x0, double top, double bottom, bool ends_here) {
    const cell& c = t.cells[i];
    const double left = x0 + mt.edges[static_cast<std::size_t>(c.col)];
    const double right = x0 + mt.edges[static_cast<std::size_t>(c.col + c.col_span)];
    if (c.style.gray >= 0) {
      rect_item r;
      r.x = left;
      r.y = s_.height - bottom;
      r.w = right - left;
      r.h = bottom - top;
      r.gray = c.style.gray;
      buckets_[pg].rects.push_back(r);
    }
    const auto& lines = mt.lines[i];
    if (lines.empty()) return;
    double size = mt.sizes[i];
    double lh = size * t.line_spacing;
    const double avail = bottom - top - 2 * c.style.pad_y;
    std::size_t from = 0;
    std::size_t count = lines.size();
    if (!c.keep_together && c.row_span > 1) {
      // A label repeated on each page: whole on every piece, smaller when the piece is short
      // (the page break avoids that where it can).
      const double fit_lh = avail / static_cast<double>(lines.size());
      if (fit_lh < lh) {
        size = std::max(0.5, size * fit_lh / lh);
        lh = size * t.line_spacing;
      }
    } else {
      const std::size_t fit =
          avail + epsilon >= lh ? static_cast<std::size_t>((avail + epsilon) / lh) : std::size_t{0};
      // A cut cell flows its text on from where the previous piece stopped.
      std::size_t& next = next_line_[i];
      if (next > 0 || count > fit) {
        from = next;
        count = std::min(fit, lines.size() - from);
        next = from + count;
        if (next == lines.size()) shown_.insert(i);
        if (ends_here && next < lines.size() && !shown_.contains(i))
          throw text_deficit{
              c.row, c.col, c.row + c.row_span - 1,
              static_cast<double>(lines.size() - next) * lh + lh + 2 * c.style.pad_y};
      } else {
        shown_.insert(i);
      }
    }
    const double block = static_cast<double>(count) * lh;
    double y = top + c.style.pad_y;
    if (c.style.valign == v_align::middle) y += std::max(0.0, (avail - block) / 2);
    if (c.style.valign == v_align::bottom) y += std::max(0.0, avail - block);
    for (std::size_t k = from; k < from + count; ++k) {
      const double w = m_.width(c.style.role, size, lines[k]);
      double x = left + c.style.pad_x;
      const double inner = right - left - 2 * c.style.pad_x;
      if (c.style.halign == h_align::center || c.style.vertical) x += (inner - w) / 2;
      if (c.style.halign == h_align::right && !c.style.vertical) x += inner - w;
      x = std::max(x, left);
      add_text(pg, x, y + (lh - size) / 2 + ascent * size, c.style.role, size, lines[k],
               c.style.bold);
      y += lh;
    }
  }

  const measure& m_;
  const page_setup& s_;
  std::vector<bucket> buckets_;
  double y_ = 0;
  std::map<std::size_t, std::size_t> next_line_;  // continued text of cut rowspan cells
  std::set<std::size_t> shown_;                   // cells whose whole text has been drawn once
  std::vector<std::vector<double>> row_heights_;  // per placed table
};

}  // namespace

flow_result lay_out(const std::vector<block>& blocks, const measure& m, const page_setup& setup) {
  flow_builder b(m, setup);
  std::vector<std::vector<table_segment>> tables;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (const auto* p = std::get_if<paragraph>(&blocks[i])) {
      b.place(*p);
    } else if (const auto* f = std::get_if<field_line>(&blocks[i])) {
      b.place(*f);
    } else {
      double tail = 0;
      for (std::size_t k = i + 1; k < blocks.size(); ++k) {
        const auto* kp = std::get_if<paragraph>(&blocks[k]);
        const auto* kf = std::get_if<field_line>(&blocks[k]);
        if (!(kp && kp->keep_with_previous) && !(kf && kf->keep_with_previous)) break;
        tail += b.height_of(blocks[k]);
      }
      tables.push_back(b.place(std::get<table>(blocks[i]), tail));
    }
  }
  return b.finish(std::move(tables));
}

}  // namespace selfeval::layout
