// A flow of blocks (paragraphs, tables, signature lines) poured onto A4 pages: tables split
// between rows, never inside a row or a rowspan group, with header rows repeated.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "layout/measure.h"
#include "layout/page.h"
#include "layout/table.h"

namespace selfeval::layout {

inline constexpr double points_per_mm = 72.0 / 25.4;

// Page size and margins (the type area, 版心), points. Defaults: A4 portrait with the
// GB/T 9704 margins, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
struct page_setup {
  double width = 595.276;
  double height = 841.890;
  double top = 37 * points_per_mm;
  double bottom = 35 * points_per_mm;
  double left = 28 * points_per_mm;
  double right = 26 * points_per_mm;
  bool page_numbers = true;  // "— N —" centred 7 mm below the type area, only with 2+ pages
  font_role number_role = font_role::song;
  double number_size = 14;  // 4号

  double body_width() const { return width - left - right; }
  double body_height() const { return height - top - bottom; }
};

// Wrapped text across the body width.
struct paragraph {
  std::string text;
  font_role role = font_role::song;
  double size = 10.5;
  h_align align = h_align::left;
  double line_spacing = 1.25;
  double space_before = 0;  // dropped at the top of a page
  double space_after = 0;
  // Stays on the page where the previous table ends (a table's note and signature line): the
  // table's last rows move to the next page rather than leave this block alone.
  bool keep_with_previous = false;
};

// One line of labelled fields spread across the body, room left after each value for writing
// by hand: 填表人：…　填表日期：…　联系电话：…　单位负责人签字：…
// Falls back to two fields a line, then one, when the fields with their blanks do not fit.
struct field_line {
  std::vector<std::pair<std::string, std::string>> fields;  // label (with "："), value
  // Blank room after each field's value, points (parallel to fields; missing or smaller: one
  // em). The room left on a line is shared out evenly after the fields.
  std::vector<double> blanks;
  font_role role = font_role::fangsong;
  double size = 12;
  double line_spacing = 1.5;
  double space_before = 0;
  double space_after = 0;
  bool keep_with_previous = true;
  // Optional images by name (the backend's image table): a signature in the blank after the
  // last field, in a box of signature_width × signature_height, scaled down (same
  // proportions) to that blank; a seal in a square area of seal_size reserved under the blank
  // after the last field (its top level with that line), so that it covers no text and no
  // table cell. The line grows by what the seal needs below it.
  std::string signature_image;
  double signature_width = 72;  // points
  double signature_height = 28;
  std::string seal_image;
  double seal_size = 42 * 72.0 / 25.4;  // 42 mm, the usual round official seal
};

using block = std::variant<paragraph, table, field_line>;

// Where a table went: one segment per page it touches. Rows first_row…end_row-1 are drawn in
// order below the top; when `header_repeated`, the rows of `repeated_rows` (the header rows,
// then the table's repeat_rows already placed) are drawn above them again.
// A row taller than a page is split between lines: it ends one segment (`split`) and begins
// the next (`continued`), its cells' lines flowing on.
struct table_segment {
  int page = 0;  // index into document::pages
  int first_row = 0;
  int end_row = 0;
  bool header_repeated = false;
  std::vector<int> repeated_rows;
  bool continued = false;       // first_row began on the previous page
  bool split = false;           // end_row-1 goes on on the next page
  std::vector<double> heights;  // drawn height of each row first_row…end_row-1
  double top = 0;               // distance from the top of the page, points
  double bottom = 0;            // distance from the top of the page, points
};

struct flow_result {
  document doc;
  std::vector<std::vector<table_segment>> tables;  // one list per table block, in order
  // Row heights as placed, per table block: measured heights, grown where a rowspan cell cut
  // across pages needed room for its text.
  std::vector<std::vector<double>> row_heights;
};

// Lays the blocks out. Throws layout_error naming the table and row when something cannot be
// split to fit: header rows taller than the page body, one line taller than the space below
// the header, or the long text of a rowspan cell cut across pages.
flow_result lay_out(const std::vector<block>& blocks, const measure& m, const page_setup& setup);

}  // namespace selfeval::layout
