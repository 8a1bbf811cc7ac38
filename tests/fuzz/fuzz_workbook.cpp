// libFuzzer target for the workbook reader (selfeval import / check / build of an .xlsx). Input
// starting with "PK" is a whole workbook; anything else is the XML of a sheet placed in a small
// workbook of ours (its _selfeval map binds a few cells of it), so the cell and merge parsing is
// reached without the fuzzer having to build a zip. It must never crash; a workbook it accepts
// goes on through the data file's loader and checks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/diagnostics.h"
#include "data/validate.h"
#include "docx/zip_package.h"
#include "workbook/workbook.h"

namespace {

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

std::string map_row(int row, const std::string& ref, const std::string& path,
                    const std::string& role, const std::string& merge = {}) {
  const std::string r = std::to_string(row);
  return "<row r=\"" + r + "\">" + inline_cell("A" + r, "附件2") + inline_cell("B" + r, ref) +
         inline_cell("C" + r, path) + inline_cell("D" + r, role) +
         (merge.empty() ? "" : inline_cell("E" + r, merge)) + "</row>";
}

std::string workbook_around(const std::string& sheet_xml) {
  const std::string map =
      "<worksheet><sheetData><row r=\"1\">" + inline_cell("A1", "selfeval workbook") +
      inline_cell("B1", "1") + "</row>" + map_row(2, "B2", "year", "input") +
      map_row(3, "C3", "unit.name", "input", "C3:I3") +
      map_row(4, "D5", "budget.initial", "input") +
      map_row(5, "B6", "three_public.cars#0", "input") +
      map_row(6, "B7", "overall.indicators[0].level1", "prefill") +
      map_row(7, "C7", "overall.indicators[0].weight", "input") +
      map_row(8, "A4", "overall_report", "report") +
      map_row(9, "", "overall_report.sections[0].text", "line-break") + "</sheetData></worksheet>";
  selfeval::docx::zip_writer zip(1);
  zip.add("xl/workbook.xml",
          "<workbook xmlns:r=\"r\"><sheets><sheet name=\"附件2\" r:id=\"rId1\"/>"
          "<sheet name=\"_selfeval\" r:id=\"rId2\"/></sheets></workbook>");
  zip.add("xl/_rels/workbook.xml.rels",
          "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
          "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>");
  zip.add("xl/sharedStrings.xml",
          "<sst><si><t>沅江市总工会</t></si><si><r><t>a</t></r></si></sst>");
  zip.add("xl/worksheets/sheet1.xml", sheet_xml);
  zip.add("xl/worksheets/sheet2.xml", map);
  return zip.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (!bytes.starts_with("PK")) bytes = workbook_around(bytes);
  selfeval::base::diagnostics diags;
  const selfeval::workbook::imported book =
      selfeval::workbook::read_workbook(bytes, "fuzz.xlsx", diags);
  if (!diags.has_errors()) {
    selfeval::data::check_result checked = selfeval::data::check_text(book.toml.text, "fuzz.xlsx");
    for (const auto& d : checked.diags.items()) diags.add(d);
    selfeval::workbook::relocate(diags, book.toml, "fuzz.xlsx");
  }
  for (const auto& d : diags.sorted()) (void)selfeval::base::format_diagnostic(d);
  return 0;
}
