// One loaded font file (or face of a collection), private to the PDF layer: HarfBuzz maps it
// and holds it for metrics, coverage and the per-document subsets. Loaded once per process and
// shared by every document and every unit of a batch.
#pragma once

#include <hb.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
  // Whether glyph `gid` draws something: its outline has at least one point, all inside the
  // glyph's bounding box. False for an empty glyph and for a damaged `glyf` entry, which libharu
  // would embed as a blank. Thread-safe; each glyph is examined once per process.
  bool has_outline(std::uint32_t gid) const;

 private:
  void release();

  std::string path_;
  int index_ = -1;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  unsigned upem_ = 1000;
  hb_position_t notdef_advance_ = 0;
  // Look-ups the layout repeats for every token it measures, remembered once per process
  // (HarfBuzz's cmap and hmtx look-ups were ~10 % of a package build). Thread-safe: a value is
  // written whole, and two threads that both look it up store the same value.
  // Per BMP code point: glyph id + 1, 0 until first looked up. calloc'ed, so the pages of code
  // points never looked up stay untouched (not resident); accessed through std::atomic_ref.
  struct free_deleter {
    void operator()(std::uint32_t* p) const;
  };
  std::unique_ptr<std::uint32_t[], free_deleter> glyph_of_;
  // Per glyph: advance + 1 in font units, 0 until first looked up.
  mutable std::vector<std::atomic<std::int32_t>> advance_of_;
  // Per glyph: 0 not examined yet, 1 has an outline, 2 blank or damaged (see has_outline).
  mutable std::vector<std::atomic<std::uint8_t>> outline_state_;
  // FreeType's face of the same bytes, opened at the first glyph examined: it reads a glyph's
  // points three times faster than HarfBuzz draws them (the outline check took 33 M of a
  // package's 396 M instructions). One glyph at a time (a FreeType face is not thread-safe).
  struct outline_reader;  // complete in fonts.cpp, where ~font_face is
  mutable std::mutex outline_mutex_;
  mutable std::unique_ptr<outline_reader> outlines_;
  mutable bool outlines_tried_ = false;
};

}  // namespace selfeval::pdf
