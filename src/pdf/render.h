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

}  // namespace selfeval::pdf
