#include "report_pdf/report_pages.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "layout/flow.h"
#include "layout/text.h"

namespace selfeval::report_pdf {

namespace {

using layout::font_role;

constexpr double ascent = 0.88;  // baseline below the top of the em box (as layout/flow)
constexpr double epsilon = 1e-6;
// The indent is typeset as two ideographic spaces so that the line breaker leaves room for it;
// they are dropped when the line is drawn.
constexpr std::string_view indent_text = "\u3000\u3000";
// Justification spreads a line's characters by at most this fraction of the font size; a line
// that would need more (a long number pushed to the next line) stays flush left.
constexpr double max_stretch = 0.5;

double spacing_of(double size) {
  return size == size_3hao ? grid_spacing : 0;
}

std::size_t code_points(std::string_view text) {
  return base::decode_utf8(text).size();
}

// Advance widths as the page draws them: the font's, plus the grid spacing after each
// character of 3号 text.
class grid_measure : public layout::measure {
 public:
  explicit grid_measure(const layout::measure& fonts) : fonts_(fonts) {}
  double width(font_role role, double size, std::string_view text) const override {
    return fonts_.width(role, size, text) +
           spacing_of(size) * static_cast<double>(code_points(text));
  }

 private:
  const layout::measure& fonts_;
};

// Part of a justified line set with one character spacing.
struct run {
  std::string text;
  double x = 0;  // from the left edge of the type area
  double char_spacing = 0;
};

// One line of a paragraph, ready to place: `text` at `x`, or, when justified, its `runs`.
struct line {
  std::string text;
  font_role role = font_role::fangsong;
  double size = size_3hao;
  double x = 0;             // from the left edge of the type area
  double char_spacing = 0;  // PDF Tc
  std::vector<run> runs;
};

// A paragraph as lines; `heading` ones keep with what follows (w:keepNext).
struct block {
  std::vector<line> lines;
  bool heading = false;
  int level = 0;  // outline level + 1 for 一、 / （一）, else 0
  std::string outline_title;
};

const std::string* text_field(const reports::record& r, std::string_view key) {
  const auto it = r.find(key);
  if (it == r.end()) return nullptr;
  return std::get_if<std::string>(&it->second.v);
}

std::string text_or_empty(const reports::record& r, std::string_view key) {
  const std::string* s = text_field(r, key);
  return s ? *s : std::string();
}

bool flag(const reports::record& r, std::string_view key) {
  const auto it = r.find(key);
  if (it == r.end()) return false;
  const bool* b = std::get_if<bool>(&it->second.v);
  return b && *b;
}

class report_builder {
 public:
  report_builder(const layout::measure& fonts) : m_(fonts) {}

  // Centred lines, each balanced when it wraps (GB/T 9704 balances multi-line titles).
  std::vector<line> centred(std::string_view text, font_role role, double size) const {
    std::vector<line> out;
    for (std::string& t : layout::wrap_balanced(m_, role, size, text, width())) {
      line l;
      l.x = std::max(0.0, (width() - m_.width(role, size, t)) / 2);
      l.text = std::move(t);
      l.role = role;
      l.size = size;
      l.char_spacing = spacing_of(size);
      out.push_back(std::move(l));
    }
    return out;
  }

  // A justified paragraph with its first line indented two characters. A line break typed in
  // the text (the DOCX's w:br) ends a line without spreading it and starts the next flush.
  std::vector<line> justified(std::string_view text, font_role role, double size) const {
    std::vector<line> out;
    const std::string whole(text);
    std::size_t start = 0;
    bool first_piece = true;
    while (true) {
      const std::size_t nl = whole.find('\n', start);
      const std::string piece =
          whole.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      const std::string typeset = (first_piece ? std::string(indent_text) : std::string()) + piece;
      const std::vector<std::string> wrapped = layout::wrap_text(m_, role, size, typeset, width());
      for (std::size_t i = 0; i < wrapped.size(); ++i) {
        line l;
        l.role = role;
        l.size = size;
        l.text = wrapped[i];
        l.char_spacing = spacing_of(size);
        if (first_piece && i == 0 && l.text.starts_with(indent_text)) {
          l.text.erase(0, indent_text.size());
          l.x = first_line_indent;
        }
        justify(l, i + 1 == wrapped.size());
        out.push_back(std::move(l));
      }
      if (nl == std::string::npos) break;
      start = nl + 1;
      first_piece = false;
    }
    return out;
  }

  // Spreads the characters of a line that is not the last of its paragraph to the right edge
  // of the type area, and pulls in a line the line-start rules left too wide (never past the
  // edge). As word processors do, the room goes between Chinese characters and around them,
  // not inside runs of digits and Latin letters ("2023", "99.64%"), which become runs of their
  // own, set at the grid spacing.
  void justify(line& l, bool last) const {
    const std::vector<char32_t> cps = base::decode_utf8(l.text);
    if (cps.size() < 2) return;
    const auto tight = [](char32_t c) { return c > U' ' && c < 0x80; };
    // Gap k lies between cps[k] and cps[k + 1].
    std::vector<bool> spread(cps.size() - 1);
    std::size_t gaps = 0;
    for (std::size_t k = 0; k + 1 < cps.size(); ++k) {
      spread[k] = !(tight(cps[k]) && tight(cps[k + 1]));
      gaps += spread[k] ? 1 : 0;
    }
    // The ink ends at the last character's advance: no spacing after it.
    const double base_spacing = spacing_of(l.size);
    const double ink = m_.width(l.role, l.size, l.text) - base_spacing;
    const double room = width() - l.x - ink;
    if (room < -epsilon || gaps == 0) {  // too wide, or nothing but Latin: spread evenly
      if (room < -epsilon ||
          (!last && room <= max_stretch * l.size * static_cast<double>(cps.size() - 1)))
        l.char_spacing += room / static_cast<double>(cps.size() - 1);
      return;
    }
    if (last || room > max_stretch * l.size * static_cast<double>(gaps)) return;
    const double extra = room / static_cast<double>(gaps);
    // Runs: characters joined by gaps of one kind; a run of tight gaps keeps the grid spacing.
    double x = l.x;
    std::size_t first = 0;
    while (first < cps.size()) {
      std::size_t end = first + 1;  // one past the run's last character
      const bool spread_run = first + 1 < cps.size() && spread[first];
      while (end < cps.size() && spread[end - 1] == spread_run) ++end;
      run r;
      r.text = base::encode_utf8(std::vector<char32_t>(cps.begin() + static_cast<long>(first),
                                                       cps.begin() + static_cast<long>(end)));
      r.x = x;
      r.char_spacing = base_spacing + (spread_run ? extra : 0);
      const double advances =
          m_.width(l.role, l.size, r.text) - base_spacing * static_cast<double>(end - first);
      x += advances + r.char_spacing * static_cast<double>(end - first - 1);
      if (end < cps.size()) x += base_spacing + (spread[end - 1] ? extra : 0);  // between runs
      l.runs.push_back(std::move(r));
      first = end;
    }
  }

  double width() const { return setup_.body_width(); }

  // --- pages ---------------------------------------------------------------------------------

  void new_page() {
    layout::page p;
    p.width = setup_.width;
    p.height = setup_.height;
    doc_.pages.push_back(std::move(p));
    row_ = 0;
  }

  // Puts a line on the current grid row and moves to the next row.
  void put(const line& l) {
    const double top = setup_.top + row_ * line_pitch;
    const auto add = [&](const std::string& text, double x, double char_spacing) {
      if (text.empty()) return;
      layout::text_item t;
      t.x = setup_.left + x;
      t.y = setup_.height - (top + (line_pitch - l.size) / 2 + ascent * l.size);
      t.role = l.role;
      t.size = l.size;
      t.text = text;
      t.char_spacing = char_spacing;
      doc_.pages.back().items.emplace_back(std::move(t));
    };
    if (l.runs.empty()) add(l.text, l.x, l.char_spacing);
    for (const run& r : l.runs) add(r.text, r.x, r.char_spacing);
    ++row_;
  }
  void skip(int rows) { row_ += rows; }
  int rows_left() const { return lines_per_page - row_; }
  double row_top() const { return setup_.height - setup_.top - row_ * line_pitch; }

  // Cover: 附件N on line 1, the title from line 6, unit and date near the foot (the template's
  // 1 + 4 + title + 9 + 2 lines); the gaps shrink when long texts need the room.
  void cover(std::string_view label, const std::vector<std::string>& title_lines,
             const std::string& unit, const std::string& date) {
    new_page();
    std::vector<line> title;
    for (const std::string& t : title_lines) {
      auto ls = centred(t, font_role::xiaobiaosong, size_2hao);
      title.insert(title.end(), ls.begin(), ls.end());
    }
    std::vector<line> foot =
        centred("部门（单位）名称：" + unit + "（盖章）", font_role::fangsong, size_3hao);
    for (line& l : centred(date, font_role::fangsong, size_3hao)) foot.push_back(std::move(l));
    int gap_above = 4, gap_below = 9;
    const auto total = [&] {
      return 1 + gap_above + static_cast<int>(title.size()) + gap_below +
             static_cast<int>(foot.size());
    };
    while (total() > lines_per_page && gap_below > 1) --gap_below;
    while (total() > lines_per_page && gap_above > 1) --gap_above;
    line l;
    l.text = std::string(label);
    l.role = font_role::hei;
    l.size = size_3hao;
    l.char_spacing = spacing_of(size_3hao);
    put(l);
    skip(gap_above);
    for (const line& t : title) put_flowing(t);
    skip(gap_below);
    for (const line& t : foot) put_flowing(t);
  }

  // A line that starts a new page when the current one is full.
  void put_flowing(const line& l) {
    if (rows_left() <= 0) new_page();
    put(l);
  }

  void body(const std::vector<std::string>& title_lines, const std::vector<block>& blocks) {
    new_page();
    body_first_page_ = doc_.pages.size() - 1;
    for (const std::string& t : title_lines)
      for (const line& l : centred(t, font_role::xiaobiaosong, size_2hao)) put_flowing(l);
    put_flowing(line{});  // the empty line under the title
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const block& b = blocks[i];
      if (b.heading) {
        // A heading (and the headings right after it) stays with the first line of what
        // follows, as Word's keepNext does; never more than a page is kept together.
        int needed = 0;
        std::size_t j = i;
        while (j < blocks.size() && blocks[j].heading)
          needed += static_cast<int>(blocks[j++].lines.size());
        if (j < blocks.size()) needed += 1;
        if (needed > rows_left() && needed <= lines_per_page && row_ > 0) new_page();
      }
      if (rows_left() <= 0) new_page();
      if (b.level > 0)
        doc_.outline.push_back({b.outline_title, b.level - 1, doc_.pages.size() - 1, row_top()});
      for (const line& l : b.lines) put_flowing(l);
    }
  }

  // "— N —" from the first body page: odd numbers at the right, even at the left, one
  // character in; 7 mm below the type area (to the top of the digits).
  void page_numbers() {
    const grid_measure& m = m_;
    for (std::size_t i = body_first_page_; i < doc_.pages.size(); ++i) {
      const std::size_t n = i - body_first_page_ + 1;
      layout::text_item t;
      t.role = font_role::song;
      t.size = size_4hao;
      t.text = "— " + std::to_string(n) + " —";
      const double w = m.width(t.role, t.size, t.text);
      t.x = n % 2 == 1 ? setup_.width - setup_.right - size_4hao - w : setup_.left + size_4hao;
      const double top = setup_.height - setup_.bottom + 7 * layout::points_per_mm;
      t.y = setup_.height - (top + ascent * t.size);
      doc_.pages[i].items.emplace_back(std::move(t));
    }
  }

  layout::document take() { return std::move(doc_); }
  layout::document& doc() { return doc_; }

 private:
  grid_measure m_;
  layout::page_setup setup_;
  layout::document doc_;
  int row_ = 0;
  std::size_t body_first_page_ = 0;
};

std::vector<std::string> paragraphs_field(const reports::record& r, std::string_view key) {
  const auto it = r.find(key);
  if (it == r.end()) return {};
  if (const auto* list = std::get_if<std::vector<std::string>>(&it->second.v)) return *list;
  if (const auto* text = std::get_if<std::string>(&it->second.v)) return {*text};
  return {};
}

}  // namespace

layout::document lay_out_report(std::string_view label, const reports::record& fields,
                                const layout::measure& m) {
  report_builder b(m);
  const std::vector<std::string> title_lines = paragraphs_field(fields, "title_lines");
  b.cover(label, title_lines, text_or_empty(fields, "unit"), text_or_empty(fields, "date"));

  std::vector<block> blocks;
  if (const auto it = fields.find("body"); it != fields.end()) {
    if (const auto* list = std::get_if<std::vector<reports::record>>(&it->second.v)) {
      for (const reports::record& item : *list) {
        block bl;
        static constexpr std::pair<const char*, font_role> headings[] = {
            {"h1", font_role::hei},
            {"h2", font_role::kai},
            {"h3", font_role::fangsong},
            {"h4", font_role::fangsong}};
        int level = 0;
        for (int k = 0; k < 4; ++k) {
          if (!flag(item, headings[k].first)) continue;
          level = k + 1;
          const std::string text = text_or_empty(item, "number") + text_or_empty(item, "title");
          bl.lines = b.justified(text, headings[k].second, size_3hao);
          bl.heading = true;
          if (level <= 2) {
            bl.level = level;
            bl.outline_title = text;
          }
          break;
        }
        if (level == 0) {
          if (!flag(item, "p")) continue;
          bl.lines = b.justified(text_or_empty(item, "text"), font_role::fangsong, size_3hao);
        }
        blocks.push_back(std::move(bl));
      }
    }
  }
  b.body(title_lines, blocks);
  b.page_numbers();

  layout::document doc = b.take();
  doc.title = text_or_empty(fields, "title");
  doc.author = text_or_empty(fields, "unit");
  doc.subject = std::string(label);
  int y = 0, mo = 0, d = 0;
  if (std::sscanf(text_or_empty(fields, "date_iso").c_str(), "%d-%d-%d", &y, &mo, &d) == 3) {
    doc.year = y;
    doc.month = mo;
    doc.day = d;
  }
  return doc;
}

}  // namespace selfeval::report_pdf
