// The 附件4 / 附件5 reports as pages, typeset by GB/T 9704-2012 like the Word templates of
// docx-templates/: A4 with margins 37/35/28/26 mm, 22 lines of 28.95 pt, 28 characters of
// 3号 a line (set 0.25 pt closer), the title in 2号 小标宋, headings 一、 in 黑体, （一） in
// 楷体, 1. and （1） in 仿宋, body in 仿宋 with a two-character first-line indent, lines
// justified and broken by the line-start / line-end rules (layout/text.h), the cover alone on
// its page, "— N —" in 4号 宋体 from the first body page (odd pages right, even pages left,
// one character in). The content is the record reports::report_fields makes for the DOCX, so
// both renderings print the same text.
#pragma once

#include <string_view>

#include "layout/measure.h"
#include "layout/page.h"
#include "reports/report.h"

namespace selfeval::report_pdf {

// GB/T 9704 numbers the pages follow (points).
inline constexpr double size_2hao = 22;  // title
inline constexpr double size_3hao = 16;  // body, headings, cover fields
inline constexpr double size_4hao = 14;  // page numbers
inline constexpr double line_pitch = 28.95;
inline constexpr int lines_per_page = 22;
// 3号 characters are set this much closer (the templates' w:spacing -5): 28 fill 156 mm.
inline constexpr double grid_spacing = -0.25;
inline constexpr double first_line_indent = 32;  // two 3号 characters (w:firstLine 640)

// The report's pages: the cover (labelled `label`, e.g. "附件4"), then the body from a new
// page. `fields` is what reports::report_fields returned (title, title_lines, unit, date,
// date_iso, body). The outline holds the 一、 headings (level 0) and （一） headings (level 1).
// Text the fonts cannot draw is left for pdf::check_coverage to report.
layout::document lay_out_report(std::string_view label, const reports::record& fields,
                                const layout::measure& m);

}  // namespace selfeval::report_pdf
