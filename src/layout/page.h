// The output of layout: pages of positioned items. The PDF backend draws these and makes no
// layout decision of its own. Coordinates are PDF points, origin at the bottom-left of the page.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "layout/measure.h"

namespace selfeval::layout {

// A run of text whose baseline starts at (x, y).
struct text_item {
  double x = 0;
  double y = 0;
  font_role role = font_role::song;
  double size = 10.5;
  std::string text;  // UTF-8, one line, already wrapped
  // Synthetic bold: the outline is stroked as well as filled, as word processors embolden a
  // face that has no bold. Header labels use it so a table needs no second font for them.
  bool bold = false;
  // Extra advance after each character, points (PDF Tc): the report pages set 3号 text on the
  // GB/T 9704 grid (-0.25 pt) and spread justified lines with it. 0 for everything else.
  double char_spacing = 0;
};

// A straight rule from (x1, y1) to (x2, y2).
struct line_item {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double width = 0.5;
};

// A filled rectangle (cell shading), lower-left corner (x, y).
struct rect_item {
  double x = 0, y = 0, w = 0, h = 0;
  double gray = 0.9;  // 0 black … 1 white
};

// An image placed by name (signature, seal); the backend loads each name once per document.
struct image_item {
  double x = 0, y = 0, w = 0, h = 0;
  std::string name;  // key into the document's image table
};

using item = std::variant<rect_item, text_item, line_item, image_item>;

struct page {
  double width = 595.276;  // A4 portrait, points
  double height = 841.890;
  std::vector<item> items;  // drawn in order: backgrounds, text, rules, images
};

// A bookmark of the PDF outline: `level` 0 is the top; an entry belongs under the closest
// earlier entry one level up. It leads to `top` (points from the bottom) on page `page`.
struct outline_entry {
  std::string title;
  int level = 0;
  std::size_t page = 0;  // index into document::pages
  double top = 0;
};

struct document {
  std::string title;   // PDF Info /Title
  std::string author;  // PDF Info /Author
  std::string subject;
  int year = 0, month = 0, day = 0;  // creation date (from the data, for reproducible output)
  std::vector<page> pages;
  std::vector<outline_entry> outline;  // empty: no bookmarks
};

}  // namespace selfeval::layout
