#include "layout/flow.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "layout/text.h"

namespace selfeval::layout {

namespace {

constexpr double epsilon = 1e-6;
// Baseline below the top of the em box; CJK fonts put the ascender near 0.88 em.
constexpr double ascent = 0.88;

std::string pt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fpt", v);
  return buf;
}

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
    if (const auto* f = std::get_if<field_line>(&b))
      return f->space_before +
             static_cast<double>(field_rows(*f).size()) * f->size * f->line_spacing +
             f->space_after;
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
    field_rows_ = field_rows(f);
    for (const auto& row : field_rows_) {
      if (y_ + lh > body_bottom() + epsilon && !at_page_top()) new_page();
      double total = 0;
      std::vector<double> widths;
      for (const auto& s : row) {
        widths.push_back(m_.width(f.role, f.size, s));
        total += widths.back();
      }
      // Equal room after every field, the last one included (for a handwritten signature);
      // a signature image takes its width out of the line first.
      const bool last_row = &row == &field_rows_.back();
      const double image_w = last_row && !f.signature_image.empty() ? signature_reserve(f) : 0;
      const double gap =
          std::max(0.0, (s_.body_width() - total - image_w) / static_cast<double>(row.size()));
      double x = s_.left;
      for (std::size_t i = 0; i < row.size(); ++i) {
        add_text(page_index(), x, y_ + (lh - f.size) / 2 + ascent * f.size, f.role, f.size, row[i]);
        x += widths[i] + gap;
      }
      if (last_row) place_images(f, x - gap, gap + image_w, lh);
      y_ += lh;
    }
    y_ += f.space_after;
  }

  // The handwritten signature in the room after the last field, and the seal centred over
  // the right half of the line; both kept inside the type area.
  // Room kept for a signature image at least: three characters.
  static double signature_reserve(const field_line& f) {
    return std::min(f.signature_width, 3 * f.size);
  }

  void place_images(const field_line& f, double after_last, double room, double lh) {
    const double line_mid = y_ + lh / 2;
    auto clamp_y = [&](double top, double h) {
      return std::clamp(top, body_top(), std::max(body_top(), body_bottom() - h));
    };
    if (!f.signature_image.empty()) {
      image_item im;
      // As wide as the room allows up to signature_width, keeping the box's proportions.
      im.w = std::min(f.signature_width, std::max(room, signature_reserve(f)));
      im.h = f.signature_height * im.w / f.signature_width;
      im.x = std::min(after_last, s_.width - s_.right - im.w);
      im.y = s_.height - clamp_y(line_mid - im.h / 2, im.h) - im.h;
      im.name = f.signature_image;
      buckets_[page_index()].images.push_back(im);
    }
    if (!f.seal_image.empty()) {
      image_item im;
      im.w = im.h = std::min(f.seal_size, s_.body_height());
      im.x = s_.left + s_.body_width() * 0.75 - im.w / 2;
      im.y = s_.height - clamp_y(line_mid - im.h / 2, im.h) - im.h;
      im.name = f.seal_image;
      buckets_[page_index()].images.push_back(im);
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
          throw layout_error(table_ref(t) + ", row " + std::to_string(d.cell_row + 1) +
                             ", column " + std::to_string(d.cell_col + 1) +
                             ": the text of a rowspan cell cut across pages does not fit");
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
    const double header_h =
        std::accumulate(mt.row_heights.begin(), mt.row_heights.begin() + h, 0.0);
    const std::vector<unit> units = make_units(t, mt, h, header_h);
    if (tail > s_.body_height()) tail = 0;

    table_segment seg;
    int body_units = 0;  // units placed in the open segment
    auto open_segment = [&](bool repeated) {
      seg = table_segment{};
      seg.page = static_cast<int>(page_index());
      seg.header_repeated = repeated && h > 0;
      seg.top = y_;
      seg.first_row = repeated ? -1 : 0;
      if (seg.header_repeated) y_ += header_h;
      body_units = 0;
    };
    auto close_segment = [&] {
      seg.bottom = y_;
      if (seg.first_row < 0) seg.first_row = seg.end_row;
      segments.push_back(seg);
      draw_segment(t, mt, seg, h);
    };
    auto next_page = [&] {
      close_segment();
      new_page();
      open_segment(true);
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
    open_segment(false);
    for (int r = 0; r < h; ++r) add_row(r, mt.row_heights[static_cast<std::size_t>(r)]);
    for (std::size_t k = 0; k < units.size(); ++k) {
      const unit& u = units[k];
      if (u.split) {
        // Start a split row on a new page only when little room is left here.
        if (body_bottom() - y_ < (s_.body_height() - header_h) / 4 && body_units > 0) next_page();
        place_split_row(t, mt, u.first, seg, next_page, add_row);
        ++body_units;
        continue;
      }
      const bool last = k + 1 == units.size();
      const double need = u.height + (last ? tail : 0);
      if (y_ + need > body_bottom() + epsilon && body_units > 0) {
        next_page();
      } else if (y_ + u.height > body_bottom() + epsilon) {
        // Only the header is on this page: start over on a fresh page (first page only).
        y_ = seg.top;
        new_page();
        seg.page = static_cast<int>(page_index());
        seg.top = y_;
        y_ += header_h;
      }
      for (int r = u.first; r < u.end; ++r) add_row(r, mt.row_heights[static_cast<std::size_t>(r)]);
      ++body_units;
    }
    close_segment();
    return segments;
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

  std::vector<std::vector<std::string>> field_rows(const field_line& f) const {
    std::vector<std::string> texts;
    for (const auto& [label, value] : f.fields) texts.push_back(label + value);
    const double em = f.size;
    for (std::size_t per_row : {texts.size(), std::size_t{2}, std::size_t{1}}) {
      if (per_row == 0) break;
      std::vector<std::vector<std::string>> rows;
      bool fits = true;
      for (std::size_t i = 0; i < texts.size(); i += per_row) {
        std::vector<std::string> row(
            texts.begin() + static_cast<std::ptrdiff_t>(i),
            texts.begin() + static_cast<std::ptrdiff_t>(std::min(texts.size(), i + per_row)));
        const bool last = i + per_row >= texts.size();
        double w = last && !f.signature_image.empty() ? signature_reserve(f) : 0;
        for (const auto& s : row) w += m_.width(f.role, f.size, s) + em;  // at least 1 em room
        fits = fits && w <= s_.body_width() + epsilon;
        rows.push_back(std::move(row));
      }
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
        parts.push_back({mt.lines[i].size(), c.style.size * t.line_spacing, c.style.pad_y});
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
        throw layout_error(table_ref(t) + ", row " + std::to_string(r + 1) +
                           ": a line of text is taller than the page body below the header");
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
      throw layout_error(table_ref(t) + ": the header rows are taller than the page body (" +
                         pt(header_h) + " > " + pt(s_.body_height()) + ")");
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
    for (auto& u : units) u.split = u.height > capacity + epsilon;
    return units;
  }

  void draw_segment(const table& t, const measured_table& mt, const table_segment& seg, int h) {
    const std::size_t pg = static_cast<std::size_t>(seg.page);
    std::vector<int> rows;
    if (seg.header_repeated)
      for (int r = 0; r < h; ++r) rows.push_back(r);
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
    const double lh = c.style.size * t.line_spacing;
    const double avail = bottom - top - 2 * c.style.pad_y;
    const std::size_t fit =
        avail + epsilon >= lh ? static_cast<std::size_t>((avail + epsilon) / lh) : std::size_t{0};
    // A cut cell repeats text that fits each piece (a label) and flows longer text on from
    // where the previous piece stopped.
    std::size_t from = 0;
    std::size_t count = lines.size();
    std::size_t& next = next_line_[i];
    if (next > 0 || count > fit) {
      from = next;
      count = std::min(fit, lines.size() - from);
      next = from + count;
      if (next == lines.size()) shown_.insert(i);
      if (ends_here && next < lines.size() && !shown_.contains(i))
        throw text_deficit{c.row, c.col, c.row + c.row_span - 1,
                           static_cast<double>(lines.size() - next) * lh + lh + 2 * c.style.pad_y};
    } else {
      shown_.insert(i);
    }
    const double block = static_cast<double>(count) * lh;
    double y = top + c.style.pad_y;
    if (c.style.valign == v_align::middle) y += std::max(0.0, (avail - block) / 2);
    if (c.style.valign == v_align::bottom) y += std::max(0.0, avail - block);
    for (std::size_t k = from; k < from + count; ++k) {
      const double w = m_.width(c.style.role, c.style.size, lines[k]);
      double x = left + c.style.pad_x;
      const double inner = right - left - 2 * c.style.pad_x;
      if (c.style.halign == h_align::center || c.style.vertical) x += (inner - w) / 2;
      if (c.style.halign == h_align::right && !c.style.vertical) x += inner - w;
      x = std::max(x, left);  // a lone code point wider than its column sticks out to the right
      add_text(pg, x, y + (lh - c.style.size) / 2 + ascent * c.style.size, c.style.role,
               c.style.size, lines[k], c.style.bold);
      y += lh;
    }
  }

  const measure& m_;
  const page_setup& s_;
  std::vector<bucket> buckets_;
  double y_ = 0;
  std::map<std::size_t, std::size_t> next_line_;      // continued text of cut rowspan cells
  std::set<std::size_t> shown_;                       // cells whose whole text has been drawn once
  std::vector<std::vector<std::string>> field_rows_;  // of the field line being placed
  std::vector<std::vector<double>> row_heights_;      // per placed table
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
