#include "layout/dump.h"

#include <cmath>
#include <cstdio>

#include "data/format.h"

namespace selfeval::layout {

namespace {

// Two decimals, and never "-0.00", so equal layouts give equal dumps on every platform.
std::string num(double v) {
  double r = std::round(v * 100) / 100;
  if (r == 0) r = 0;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", r);
  return buf;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

const char* role_name(font_role r) {
  return data::info_of(r).key.data();  // a literal: NUL-terminated
}

std::string dump(const document& doc) {
  std::string out;
  out += "document title=" + quoted(doc.title) + " author=" + quoted(doc.author) +
         " subject=" + quoted(doc.subject) +
         " date=" + data::iso_date_text({doc.year, doc.month, doc.day}) + "\n";
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    const page& p = doc.pages[i];
    out += "page " + std::to_string(i + 1) + " " + num(p.width) + "x" + num(p.height) + "\n";
    for (const item& it : p.items) {
      if (const auto* r = std::get_if<rect_item>(&it)) {
        out += "rect " + num(r->x) + " " + num(r->y) + " " + num(r->w) + " " + num(r->h) +
               " gray=" + num(r->gray) + "\n";
      } else if (const auto* t = std::get_if<text_item>(&it)) {
        out += "text " + num(t->x) + " " + num(t->y) + " " + role_name(t->role) + " " +
               num(t->size) + (t->bold ? " bold " : " ") + quoted(t->text) + "\n";
      } else if (const auto* l = std::get_if<line_item>(&it)) {
        out += "line " + num(l->x1) + " " + num(l->y1) + " " + num(l->x2) + " " + num(l->y2) +
               " w=" + num(l->width) + "\n";
      } else if (const auto* im = std::get_if<image_item>(&it)) {
        out += "image " + num(im->x) + " " + num(im->y) + " " + num(im->w) + " " + num(im->h) +
               " " + quoted(im->name) + "\n";
      }
    }
  }
  return out;
}

}  // namespace selfeval::layout
