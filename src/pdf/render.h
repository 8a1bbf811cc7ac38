// Draws a laid-out document as PDF bytes with libharu: fonts cut to the characters the document
// uses, a real ToUnicode map, fixed metadata dates, no random /ID (same input, same bytes).
#pragma once

#include <map>
#include <string>

#include "layout/page.h"
#include "pdf/fonts.h"

namespace selfeval::pdf {

// Image bytes (PNG, alpha allowed) by the name image_items use. Each is embedded once.
using image_table = std::map<std::string, std::string>;

// The whole PDF file. Call check_coverage first and report what it finds as data errors: a
// character that cannot be drawn makes render_pdf throw. Throws base::environment_error on
// libharu or HarfBuzz failures, a missing image name or an undrawable character.
std::string render_pdf(const layout::document& doc, const font_set& fonts,
                       const image_table& images = {});

// Knobs for measuring the writer (bench/); the defaults are what render_pdf uses.
struct render_options {
  // Renumber each font's characters densely from U+E000 (cmap of one segment) instead of
  // drawing them by their Unicode code points. libharu looks up all 65,536 codes per font with
  // a linear cmap search, so this is what keeps a document at a few milliseconds.
  bool dense_codes = true;
  // Show libharu's font constructor only the font's codes instead of the UTF-8 encoder's
  // 65,536 (see load_document_font); without it each font costs about 0.3 ms more.
  bool narrow_encoder = true;
};
std::string render_pdf(const layout::document& doc, const font_set& fonts,
                       const image_table& images, const render_options& options);

}  // namespace selfeval::pdf
