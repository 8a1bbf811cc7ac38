// The fields of the 附件4 / 附件5 report templates, built from the data model and its figures:
// cover, title and the body blocks, with heading numbers generated from the section tree.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "data/derive.h"
#include "data/model.h"
#include "docx/template.h"
#include "reports/wording.h"

namespace selfeval::reports {

// The template engine's field record: what report_fields fills.
using docx::record;

// One printed paragraph of the body, before it becomes a template record.
struct body_block {
  int level = 0;       // 1–4: heading 一、 （一） 1. （1）; 0: body paragraph
  std::string number;  // "一、", "（二）", "3.", "（4）"; empty for paragraphs
  std::string title;   // heading text without its number
  std::string text;    // paragraph text (level 0)
  friend bool operator==(const body_block&, const body_block&) = default;
};

// Chinese numeral for 1–99: 一 … 十 十一 … 二十 二十一 … 九十九 (empty outside that range).
std::string chinese_numeral(int n);
// Heading number of the `index`-th (1-based) heading at `level` (1–4): 一、 （一） 1. （1）.
// Levels 1 and 2 go up to 99.
std::string heading_number(int level, int index);

// The sections used when the data file gives none, and the content a canonical section gets
// when it is given with no title-independent content (no text, no generate, no parts).
std::vector<data::report_node> default_sections(const wording& w, report_kind kind);

// The body: headings numbered from the tree (contiguous at every level, whatever is added,
// removed or reordered), generated sentences, then the user's text exactly as typed.
// Problems in the section tree (unknown key or generate name, too deep, too many) are added to
// diags; the body is still built from what could be understood.
std::vector<body_block> report_body(report_kind kind, const data::model& m, const data::figures& f,
                                    const wording& w, base::diagnostics& diags);

// The report title, "{Y}年度{unit}整体支出绩效自评报告" (or the data file's override), and the
// same split into the lines printed on the cover and above the body.
std::string report_title(report_kind kind, const data::model& m);
std::vector<std::string> report_title_lines(report_kind kind, const data::model& m);

// Every field of the template:
//   title (text), title_lines (paragraphs), unit, date (text: "2024年5月8日", or
//   "　　　年　　月　　日" for hand filling when dates.report is absent),
//   body (list of records: flags h1 h2 h3 h4 p, texts number title text).
//   Cover fields (empty when not given): budget_code (unit.budget_code 预算编码), filler
//   (signature.filler 填表人 / 联系人), phone (signature.phone 联系电话), self_score and grade
//   (自评分 and 等次: 附件4 the overall ones; 附件5 the single evaluated project's, empty when
//   several projects are evaluated).
//   Every named value of the vocabulary (data/values.h) under its own name: the unit's as text
//   ({{budget.executed}}, {{overall.grade}}), each project's in the list `projects`
//   ({{#projects}}{{project.name}}{{/projects}}); "——" when unknown.
record report_fields(report_kind kind, const data::model& m, const data::figures& f,
                     const wording& w, base::diagnostics& diags);

// The field names a template may use (top level and inside body), for `selfeval template check`.
std::vector<std::string> report_field_names(report_kind kind);
// The fields a template may leave out without a warning: the cover fields (budget_code,
// filler, phone, self_score, grade) and the named values.
std::vector<std::string> report_cover_field_names();
// The named values' fields: "projects" and every unit- and project-scope name of data/values.h.
std::vector<std::string> value_field_names();

// "附件4-整体支出绩效自评报告.docx": the template's file name in docx-templates/.
std::string report_template_name(report_kind kind);
// "附件4-{Y}年度{unit}整体支出绩效自评报告.docx": the output file name.
std::string report_file_name(report_kind kind, const data::model& m);

}  // namespace selfeval::reports
