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

#include <cstddef>
#include <cstdint>
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

// What a template may hold (docs/templates.md). A Word report template is a few hundred KB
// with parts nested a few dozen elements deep; these bounds stop zip bombs, forged sizes and
// pathological nesting before they cost memory or stack.
struct template_limits {
  std::size_t max_entries = 65535;                  // files in the zip
  std::uint64_t max_unpacked_bytes = 256ull << 20;  // sum of the declared sizes of all entries
  std::uint64_t max_xml_part_bytes = 64ull << 20;   // one XML part, inflated
  std::uint64_t max_compression_ratio = 100;        // inflated / compressed, for an entry...
  std::uint64_t ratio_applies_above = 16ull << 20;  // ...larger than this when inflated
                                                    // (repetitive XML compresses 500 times)
  std::size_t max_xml_depth = 1000;                 // nesting of elements in an XML part
};
inline constexpr template_limits default_template_limits{};

// Fills a template (.docx bytes) with fields; returns the new .docx bytes.
// Template and data problems are added to diags with stable ids (bad-placeholder, unclosed-tag,
// unopened-tag, mismatched-tag, loop-position-invalid, unknown-field, wrong-value-kind,
// invalid-character, bad-xml, and for the package: missing-part, duplicate-entry,
// unsafe-entry-name, template-too-large, compression-ratio, damaged-entry) at
// "TEMPLATE[part]:LINE:COL", all of them at once; the result is empty when there were errors.
// Every XML part of the template is checked strictly (xml_check.h), and every part written is
// checked again: a part that is not well-formed would be an engine bug, thrown as
// base::environment_error ("internal error"), never written.
// Output is deterministic: same template and fields -> same bytes (fixed zip dates and order).
// Throws base::environment_error when the bytes are not a readable zip.
std::string fill(std::string_view template_bytes, const std::string& template_name,
                 const record& fields, base::diagnostics& diags,
                 const template_limits& limits = default_template_limits);

// Lists the placeholders of a template in part and document order (closers included), and adds
// template errors (not data errors: there is no data) to diags, the package checks included.
std::vector<placeholder_info> scan(std::string_view template_bytes,
                                   const std::string& template_name, base::diagnostics& diags,
                                   const template_limits& limits = default_template_limits);

}  // namespace selfeval::docx
