// One loaded font file (or face of a collection), private to the PDF layer: HarfBuzz holds it
// for metrics, coverage and the per-document subsets.
#pragma once

#include <hb.h>

#include <cstdint>
#include <string>

namespace selfeval::pdf {

class font_face {
 public:
  // `where` names the fonts.toml entry for error messages. Throws base::environment_error.
  font_face(std::string path, int index, std::string where);
  ~font_face();
  font_face(const font_face&) = delete;
  font_face& operator=(const font_face&) = delete;

  const std::string& path() const { return path_; }
  int index() const { return index_; }
  hb_face_t* hb() const { return face_; }

  // Glyph id of `cp`, 0 when the font lacks it.
  std::uint32_t glyph(char32_t cp) const;
  double advance_em(char32_t cp) const;

 private:
  void release();

  std::string path_;
  int index_ = -1;
  std::string bytes_;  // the file; the HarfBuzz face reads it in place
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  unsigned upem_ = 1000;
  hb_position_t notdef_advance_ = 0;
};

}  // namespace selfeval::pdf
