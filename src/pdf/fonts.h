// The fonts of the typographic roles, loaded once per process: their real advance widths for
// layout, their coverage for checks before drawing, and the bytes the PDF writer cuts per document.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/settings.h"
#include "layout/measure.h"
#include "layout/page.h"

namespace selfeval::pdf {

class font_face;  // one font file (or one face of a collection), defined in fonts.cpp

// The five roles' fonts. Roles that name the same file and face share one font_face, and so
// one embedded font per PDF. Cheap to move, not copyable; const methods are thread-safe.
class font_set {
 public:
  font_set();
  font_set(font_set&&) noexcept;
  font_set& operator=(font_set&&) noexcept;
  ~font_set();

  const font_face& face(layout::font_role role) const;
  // Distinct faces in a fixed order (first use by role song, hei, fangsong, kai, xiaobiaosong).
  const std::vector<std::unique_ptr<font_face>>& faces() const { return faces_; }

  // Whether `role`'s font has a glyph for `cp` (glyph 0, .notdef, counts as missing).
  bool has_glyph(layout::font_role role, char32_t cp) const;
  // Whether that glyph draws something, or `cp` is a space or control character that needs
  // nothing drawn. False for a damaged glyph; true for a missing one (see has_glyph).
  bool draws(layout::font_role role, char32_t cp) const;
  // Advance of `cp` in em (1.0 = the font size); the .notdef advance when it is missing.
  double advance_em(layout::font_role role, char32_t cp) const;

 private:
  friend font_set load_fonts(const data::settings& settings);
  std::vector<std::unique_ptr<font_face>> faces_;
  std::size_t role_face_[data::font_roles.size()] = {};
};

// Maps and checks every role's font file once per process: face index in range, the table
// directory within the file, the tables libharu and HarfBuzz rely on present and consistent
// (head, hhea, hmtx, maxp, cmap, loca, glyf, name, OS/2; TrueType outlines), embedding allowed.
// Throws base::environment_error naming the fonts.toml entry and the real cause.
font_set load_fonts(const data::settings& settings);

// layout::measure from the fonts' real advance widths (what the PDF will draw). Throws
// std::invalid_argument for text that is not valid UTF-8.
class font_measure : public layout::measure {
 public:
  explicit font_measure(const font_set& fonts) : fonts_(fonts) {}
  double width(layout::font_role role, double size, std::string_view text) const override;

 private:
  const font_set& fonts_;
};

// A character the PDF cannot draw: not in the role's font, or above U+FFFF (libharu 2.3.0
// encodes UCS-2 only and would silently draw a space), or a glyph that draws nothing although
// the character is not a space (a damaged font), or text that is not valid UTF-8 (code_point
// then holds the byte offset of the first bad byte).
struct missing_glyph {
  enum class reason { not_in_font, outside_bmp, blank_glyph, invalid_utf8 };
  reason why = reason::not_in_font;
  char32_t code_point = 0;
  layout::font_role role = layout::font_role::song;
  std::string text;      // the whole text item it appears in
  std::size_t page = 0;  // 0-based page index
  std::size_t item = 0;  // index into that page's items
};

// "U+1F600 (😀) in "…": …" — names the character and the text it appears in.
std::string describe(const missing_glyph& missing);

// Every character of every text item that cannot be drawn, each (item, character) once, in
// document order. Empty means render_pdf will draw everything.
std::vector<missing_glyph> check_coverage(const layout::document& doc, const font_set& fonts);

// Name of a role as fonts.toml spells it ("song") and as users know it ("宋体").
std::string_view role_key(layout::font_role role);
std::string_view role_label(layout::font_role role);

}  // namespace selfeval::pdf
