// DOCX template engine: fills {{placeholders}}, sections and loops in a .docx with field values.
//
// Template syntax (mustache-like), found across Word's run splits:
//   {{name}}             text ("\n" becomes a line break in the run); or, for a paragraph list
//                        alone in its paragraph, one paragraph per element (pPr of that
//                        paragraph, rPr of the placeholder's first run)
//   {{#name}}…{{/name}}  repeat for each record of a list (names resolve in the item first, then
//                        in outer scopes); show once when a flag is true or a text is non-empty
//   {{^name}}…{{/name}}  show when the flag is false / the list or text is empty
// Where a section's markers sit decides what repeats (like docxtemplater's traits):
//   each marker alone in its own paragraph, same parent  -> the paragraphs/tables between them
//   both markers in one table row (same or other cells)  -> that w:tr
//   both markers in one paragraph                         -> the runs between them
//   anything else                                         -> error loop-position-invalid
// Parts processed: word/document.xml, word/header*.xml, word/footer*.xml; every other part is
// copied unchanged (its compressed bytes, see zip_package.h).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/diagnostics.h"
#include "base/source_loc.h"

namespace selfeval::docx {

struct value;
// Field name -> value. std::less<> allows lookup by string_view.
using record = std::map<std::string, value, std::less<>>;

// One field value: text, paragraphs, flag, or a list of records.
struct value {
  std::variant<std::string, std::vector<std::string>, bool, std::vector<record>> v;

  value() = default;
  value(std::string text) : v(std::move(text)) {}
  value(const char* text) : v(std::string(text)) {}  // not bool
  value(std::vector<std::string> paragraphs) : v(std::move(paragraphs)) {}
  value(bool flag) : v(flag) {}
  value(std::vector<record> list) : v(std::move(list)) {}
};

enum class placeholder_kind {
  text,      // {{name}}
  section,   // {{#name}}
  inverted,  // {{^name}}
  close,     // {{/name}}
};

// What a section repeats or keeps; `none` for text placeholders and closers.
enum class section_structure { none, inline_runs, paragraphs, table_row };

// One placeholder as found in a template (for `selfeval template check`).
struct placeholder_info {
  std::string name;
  placeholder_kind kind = placeholder_kind::text;
  section_structure structure = section_structure::none;
  std::string part;      // e.g. "word/document.xml"
  base::source_loc loc;  // file "TEMPLATE[part]", line:column of "{{" in the part's XML text
};

// "text", "section", "inverted", "close" / "inline", "paragraphs", "table-row", "".
std::string_view to_string(placeholder_kind k);
std::string_view to_string(section_structure s);

// Fills a template (.docx bytes) with fields; returns the new .docx bytes.
// Template and data problems are added to diags with stable ids (bad-placeholder, unclosed-tag,
// unopened-tag, mismatched-tag, loop-position-invalid, unknown-field, wrong-value-kind, bad-xml)
// at "TEMPLATE[part]:LINE:COL", all of them at once; the result is empty when there were errors.
// Output is deterministic: same template and fields -> same bytes (fixed zip dates and order).
// Throws base::environment_error when the bytes are not a readable zip.
std::string fill(std::string_view template_bytes, const std::string& template_name,
                 const record& fields, base::diagnostics& diags);

// Lists the placeholders of a template in part and document order (closers included), and adds
// template errors (not data errors: there is no data) to diags.
std::vector<placeholder_info> scan(std::string_view template_bytes,
                                   const std::string& template_name, base::diagnostics& diags);

}  // namespace selfeval::docx
