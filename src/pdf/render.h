// Draws a laid-out document as PDF bytes with libharu: fonts cut to the characters the document
// uses, a real ToUnicode map, fixed metadata dates, no random /ID (same input, same bytes).
#pragma once

#include <map>
#include <string>

#include "layout/page.h"
#include "pdf/fonts.h"

namespace selfeval::pdf {

// Image bytes (PNG, alpha allowed) by the name image_items use. Each is embedded once, decoded
// by validate_image (image.h): a damaged or oversized image makes render_pdf throw.
using image_table = std::map<std::string, std::string>;

// The whole PDF file. Call check_coverage first and report what it finds as data errors: a
// character that cannot be drawn makes render_pdf throw. Throws base::environment_error on
// libharu or HarfBuzz failures, a missing image name or an undrawable character.
std::string render_pdf(const layout::document& doc, const font_set& fonts,
                       const image_table& images = {});

// Document properties and bookmarks are metadata, not the printed page: cut to this many bytes
// (at a character boundary, with "…"), so that no data makes libharu refuse a string longer than
// 65,535 bytes once encoded (render_pdf), and the review file's are cut alike (merge_documents).
// A reader shows less than a line of either; real ones are far shorter.
inline constexpr std::size_t max_metadata_bytes = 1000;
std::string metadata_text(const std::string& s);

// Knobs for measuring the writer (bench/pdf_bench --compare-code-points); the defaults are
// what render_pdf uses. CPU per one-page 附件2 with four fonts, measured: both on 5.1 ms, dense
// codes only 8.4 ms, narrowed encoder only 7.9 ms, neither (plain libharu) 12.9 ms.
struct render_options {
  // Renumber each font's characters densely from code 0x0100 instead of using their code points:
  // the cut font's cmap becomes one segment (libharu searches it linearly per code) and the
  // CIDToGIDMap, two bytes per code from 0, stays short instead of reaching U+FFxx.
  bool dense_codes = true;
  // Show libharu's font constructor only the font's codes instead of all 65,536 codes of its
  // UTF-8 encoder (glyph look-up, widths and map for each).
  bool narrow_encoder = true;
  // The caller ran check_coverage on this very document and found nothing to report: the guard
  // would walk every text item a second time.
  bool coverage_checked = false;
};
std::string render_pdf(const layout::document& doc, const font_set& fonts,
                       const image_table& images, const render_options& options);

}  // namespace selfeval::pdf
