// The Excel route in process: every example written as a workbook and read back gives the same
// model and the same printed figures; the bytes do not depend on the time; a damaged, foreign
// or mistyped workbook is a located error, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>

#include "../data/schema_document.h"
#include "../layout/fake_measure.h"
#include "../package/test_dir.h"
#include "data/format.h"
#include "data/schema.h"
#include "data/validate.h"
#include "data/values.h"
#include "docx/zip_package.h"
#include "forms/compose.h"
#include "forms/scored.h"
#include "profile/profile.h"
#include "workbook/workbook.h"

#include <xlsxwriter.h>

namespace selfeval::workbook {
namespace {

using layout::testing::fake_measure;

struct loaded {
  data::check_result data;
  profile::profile profile;
  profile_forms forms;
};

loaded load(const std::string& example) {
  loaded l;
  l.data = data::check_file("examples/" + example + ".toml");
  EXPECT_FALSE(l.data.diags.has_errors()) << example;
  base::diagnostics diags;
  const std::string name = l.data.data.profile.given ? l.data.data.profile.value : "hunan";
  l.profile = profile::load_profile("config/profiles/" + name, diags);
  l.forms = forms_of(l.profile, diags);
  EXPECT_FALSE(diags.has_errors());
  if (!(l.profile.indicators.rules == data::default_rules()))
    l.data = data::check_file("examples/" + example + ".toml", l.profile.indicators.rules);
  return l;
}

std::string write(const loaded& l) {
  book_request r;
  r.model = &l.data.data;
  r.figures = &l.data.computed;
  r.profile = &l.profile;
  r.forms = l.forms.sheets;
  return write_workbook(r);
}

// Every printed figure of the unit, each project and each indicator row, by name.
std::map<std::string, std::string> printed(const data::model& m, const data::figures& f) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < data::value_names().size(); ++i) {
    const auto& v = data::value_names()[i];
    if (v.needs == data::value_scope_kind::unit) {
      out[std::string(v.name)] = data::value_at(i, m, f, {}).text;
    } else if (v.needs == data::value_scope_kind::project) {
      for (std::size_t p = 0; p < m.projects.size(); ++p) {
        data::value_scope s;
        s.project = p;
        out[std::string(v.name) + "#" + std::to_string(p)] = data::value_at(i, m, f, s).text;
      }
    }
  }
  return out;
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, TomlToWorkbookToTomlGivesTheSameModelAndFigures) {
  const loaded l = load(GetParam());
  const std::string bytes = write(l);
  base::diagnostics diags;
  const imported book = read_workbook(bytes, "book.xlsx", diags);
  ASSERT_FALSE(diags.has_errors()) << (diags.empty() ? "" : format_diagnostic(diags.items()[0]));
  const data::check_result back =
      data::check_text(book.toml.text, "book.xlsx", l.profile.indicators.rules);
  EXPECT_EQ(back.diags.error_count(), 0U) << book.toml.text;
  EXPECT_EQ(back.diags.warning_count(), l.data.diags.warning_count());
  EXPECT_EQ(flatten(back.data), flatten(l.data.data));
  EXPECT_GT(flatten(back.data).size(), 40U);
  EXPECT_EQ(printed(back.data, back.computed), printed(l.data.data, l.data.computed));
}

INSTANTIATE_TEST_SUITE_P(Examples, RoundTrip,
                         ::testing::Values("yuanjiang-2023", "yuanjiang-2022", "yiyang-2023",
                                           "shili-county-2023", "shili-district-2023",
                                           "shili-archives-2023"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(Workbook, SameDataGivesTheSameBytesAtAnotherTime) {
  const loaded l = load("yuanjiang-2023");
  const std::string first = write(l);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // zip times count 2 s
  EXPECT_EQ(write(l), first);
}

// libxlsxwriter writes into memory (workbook/xlsxwriter_io.cpp): no file appears in the
// temporary folder, not even for a moment (the folder is watched from another thread), and
// two threads writing workbooks at once each get their own bytes.
TEST(Workbook, WritingTouchesNoFile) {
  const loaded l = load("yuanjiang-2023");
  const std::string alone = write(l);
  package::testing::temp_dir tmp;
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", tmp.path().c_str(), 1);
  std::atomic<bool> done{false};
  std::atomic<int> seen{0};
  std::thread watcher([&] {
    while (!done) {
      if (!std::filesystem::is_empty(tmp.path())) ++seen;
    }
  });
  std::string a, b;
  std::thread other([&] { b = write(l); });
  a = write(l);
  other.join();
  done = true;
  watcher.join();
  if (old != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_EQ(seen, 0);
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
  EXPECT_EQ(a, alone);
  EXPECT_EQ(b, alone);
  EXPECT_EQ(alone.rfind("PK", 0), 0U);
}

// A part's temporary file is memory: a stdio stream without a file descriptor, read back
// after being written, as libxlsxwriter's packager does (fflush, rewind, fread).
TEST(Workbook, PartsAreWrittenToMemoryStreams) {
  FILE* part = lxw_tmpfile(nullptr);
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(fileno(part), -1);
  const std::string text = "<sheetData>" + std::string(10000, 'x') + "</sheetData>";
  ASSERT_EQ(std::fprintf(part, "%s", text.c_str()), static_cast<int>(text.size()));
  std::fflush(part);
  std::rewind(part);
  std::string back(text.size() + 10, '\0');
  back.resize(std::fread(back.data(), 1, back.size(), part));
  EXPECT_EQ(back, text);
  EXPECT_EQ(std::fseek(part, -12, SEEK_END), 0);
  char tail[13] = {};
  EXPECT_EQ(std::fread(tail, 1, 12, part), 12U);
  EXPECT_STREQ(tail, "</sheetData>");
  EXPECT_EQ(std::fclose(part), 0);
}

// The deflate level minizip recorded in a zip's first local header (general purpose flag bits
// 1–2): 0 normal (zlib's default), 3 super fast (level 1).
int first_entry_speed(const std::string& zip) {
  return zip.size() > 8 && zip.rfind("PK\x03\x04", 0) == 0 ? (zip[6] >> 1) & 3 : -1;
}

// A workbook libxlsxwriter is given any other name goes to minizip's own zipOpen: a file, as
// libxlsxwriter writes it, at zlib's default level (the fastest level is for ours only).
TEST(Workbook, OtherWorkbookNamesStillGoToFiles) {
  package::testing::temp_dir tmp;
  const std::string path = (tmp.path() / "plain.xlsx").string();
  lxw_workbook* wb = workbook_new(path.c_str());
  ASSERT_NE(wb, nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  worksheet_write_string(ws, 0, 0, "沅江市总工会", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const docx::zip_reader zip(bytes);
  const auto strings = zip.find("xl/sharedStrings.xml");
  ASSERT_TRUE(strings.has_value());
  EXPECT_NE(zip.read(*strings).find("沅江市总工会"), std::string::npos);
  EXPECT_EQ(first_entry_speed(bytes), 0);
  EXPECT_EQ(first_entry_speed(write(load("yuanjiang-2023"))), 3);
}

TEST(Workbook, BlankWorkbookReadsBackAsAnEmptyDataFile) {
  base::diagnostics diags;
  const profile::profile p = profile::load_profile("config/profiles/hunan", diags);
  const profile_forms forms = forms_of(p, diags);
  book_request r;
  r.profile = &p;
  r.forms = forms.sheets;
  const std::string bytes = write_workbook(r);
  const imported book = read_workbook(bytes, "blank.xlsx", diags);
  ASSERT_FALSE(diags.has_errors());
  // The prefilled 一级/二级指标 of empty rows are no indicator rows.
  EXPECT_EQ(book.toml.text.find("indicators"), std::string::npos) << book.toml.text;
  data::check_result back = data::check_text(book.toml.text, "blank.xlsx");
  relocate(back.diags, book.toml, "blank.xlsx");
  // Each missing key is placed at the cell where it is typed.
  std::set<std::string> missing;
  for (const auto& d : back.diags.items())
    if (d.id == "missing-key") missing.insert(d.place);
  EXPECT_TRUE(missing.contains("blank.xlsx[说明!B2]")) << *missing.begin();   // year
  EXPECT_TRUE(missing.contains("blank.xlsx[附件2!C3]")) << *missing.begin();  // unit.name
}

// The workbook's parts with one part's text changed.
std::string edited(const std::string& bytes, const std::string& part, const std::string& from,
                   const std::string& to) {
  docx::zip_reader in(bytes);
  docx::zip_writer out;
  bool changed = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::string text = in.read(i);
    if (in.name(i) == part) {
      const auto at = text.find(from);
      EXPECT_NE(at, std::string::npos) << part << " has no " << from;
      if (at != std::string::npos) text.replace(at, from.size(), to);
      changed = true;
    }
    out.add(in.name(i), text);
  }
  EXPECT_TRUE(changed) << part;
  return out.finish();
}

std::vector<base::diagnostic> problems(const std::string& bytes) {
  base::diagnostics diags;
  const imported book = read_workbook(bytes, "book.xlsx", diags);
  if (!diags.has_errors()) {
    data::check_result checked = data::check_text(book.toml.text, "book.xlsx");
    for (const auto& d : checked.diags.items()) diags.add(d);
    check_figures(book, checked.data, checked.computed, "book.xlsx", diags);
    relocate(diags, book.toml, "book.xlsx");
  }
  return diags.sorted();
}

bool has(const std::vector<base::diagnostic>& list, const std::string& id,
         const std::string& place = {}) {
  for (const auto& d : list)
    if (d.id == id && (place.empty() || d.place == place)) return true;
  return false;
}

std::string listing(const std::vector<base::diagnostic>& list) {
  std::string out;
  for (const auto& d : list) out += base::format_diagnostic(d) + "\n";
  return out;
}

TEST(Workbook, TextInANumberCellIsLocatedAtItsCell) {
  const loaded l = load("yuanjiang-2023");
  // 附件2 年初预算数 373.59 (a number) becomes the text "三百七十" in an inline string.
  const std::string fixed = edited(write(l), "xl/worksheets/sheet3.xml", "><v>373.59</v>",
                                   R"( t="inlineStr"><is><t>三百七十</t></is>)");
  const auto list = problems(fixed);
  EXPECT_TRUE(has(list, "workbook-not-a-number", "book.xlsx[附件2!D5]")) << listing(list);
}

TEST(Workbook, ADataCheckIsLocatedAtTheCellItComesFrom) {
  const loaded l = load("yuanjiang-2023");
  // 全年执行数 419 -> 500: more than 全年预算数, and the by_source split no longer adds up.
  const std::string bytes =
      edited(write(l), "xl/worksheets/sheet3.xml", "<v>419</v>", "<v>500</v>");
  const auto list = problems(bytes);
  ASSERT_FALSE(list.empty());
  bool located = false;
  for (const auto& d : list) located = located || d.place.starts_with("book.xlsx[附件2!");
  EXPECT_TRUE(located) << listing(list);
  EXPECT_NE(base::format_diagnostic(list.front()).find("book.xlsx["), std::string::npos);
  // The 执行率 formula's cached 99.64% was not recalculated: the cell is named.
  EXPECT_TRUE(has(list, "workbook-figure-differs", "book.xlsx[附件2!H5]")) << listing(list);
}

TEST(Workbook, AChangedMergeIsAnError) {
  const loaded l = load("yuanjiang-2023");
  const std::string bytes = write(l);
  docx::zip_reader zip(bytes);
  const std::string sheet = zip.read(*zip.find("xl/worksheets/sheet3.xml"));
  // Widen the merge of 单位名称 (C3:I3 -> C3:I4) over the row below.
  ASSERT_NE(sheet.find(R"(<mergeCell ref="C3:I3"/>)"), std::string::npos);
  const auto list = problems(edited(bytes, "xl/worksheets/sheet3.xml",
                                    R"(<mergeCell ref="C3:I3"/>)", R"(<mergeCell ref="C3:I4"/>)"));
  EXPECT_TRUE(has(list, "workbook-merge-changed")) << listing(list);
}

// A merged range of a sheet or a spanning cell of a PDF table: row, column, rows, columns.
using span = std::tuple<int, int, int, int>;

// The merged ranges of a worksheet's XML.
std::vector<span> merges_of(const std::string& sheet_xml) {
  std::vector<span> out;
  const auto cell = [](const std::string& ref) {
    int col = 0;
    std::size_t i = 0;
    for (; i < ref.size() && std::isupper(static_cast<unsigned char>(ref[i])); ++i)
      col = col * 26 + (ref[i] - 'A' + 1);
    return std::pair{std::stoi(ref.substr(i)) - 1, col - 1};
  };
  const std::regex merge(R"re(<mergeCell ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"/>)re");
  for (std::sregex_iterator it(sheet_xml.begin(), sheet_xml.end(), merge), end; it != end; ++it) {
    const auto [r1, c1] = cell((*it)[1]);
    const auto [r2, c2] = cell((*it)[2]);
    out.emplace_back(r1, c1, r2 - r1 + 1, c2 - c1 + 1);
  }
  return out;
}

// The spans of the indicator block (below its label cell, in the 一级/二级指标 columns), rows
// counted from the block's label.
std::set<span> indicator_spans(const std::vector<span>& spans, const forms::indicator_def& d) {
  // The label cell is the tallest span of the first column.
  span label{0, 0, 0, 0};
  for (const span& x : spans)
    if (std::get<1>(x) == 0 && std::get<2>(x) > std::get<2>(label)) label = x;
  const int top = std::get<0>(label);
  std::set<span> out;
  for (const auto& [row, col, rows, cols] : spans) {
    if (row <= top || row >= top + std::get<2>(label)) continue;
    if (col == d.level1.col || col == d.level2.col) out.emplace(row - top, col, rows, cols);
  }
  return out;
}

const forms::indicator_def* indicator_block(const forms::form_definition& def) {
  for (const forms::section& s : def.body)
    if (s.kind == forms::group_kind::indicators) return &s.indicators;
  return nullptr;
}

TEST(Workbook, TableIndicatorLevelsAreMergedAsThePdfSpansThem) {
  const loaded l = load("yuanjiang-2023");
  int checked = 0;
  for (const form_sheet& fs : l.forms.sheets) {
    const forms::indicator_def* d = indicator_block(*fs.form);
    if (d == nullptr) continue;
    data::value_scope scope;
    if (fs.per_project) scope.project = forms::evaluated_projects(l.data.data).front();
    const std::string bytes =
        write_table(*fs.form, fs.label, l.data.data, l.data.computed, scope.project, l.profile);
    docx::zip_reader zip(bytes);
    const auto xlsx =
        indicator_spans(merges_of(zip.read(*zip.find("xl/worksheets/sheet1.xml"))), *d);
    std::vector<span> pdf_spans;
    for (const auto& b :
         forms::form_blocks(*fs.form, l.data.data, l.data.computed, scope, fake_measure{}))
      if (const auto* t = std::get_if<layout::table>(&b))
        for (const layout::cell& c : t->cells)
          if (c.row_span > 1 || c.col_span > 1)
            pdf_spans.emplace_back(c.row, c.col, c.row_span, c.col_span);
    const auto pdf = indicator_spans(pdf_spans, *d);
    // Several 一级指标 over several rows each: the block is really merged, not row by row.
    EXPECT_GE(std::count_if(xlsx.begin(), xlsx.end(),
                            [&](const span& x) { return std::get<1>(x) == d->level1.col; }),
              3)
        << fs.label;
    EXPECT_EQ(xlsx, pdf) << fs.label;
    ++checked;
  }
  EXPECT_EQ(checked, 2);  // 附件2 and 附件3
}

TEST(Workbook, ARowInsertedIntoAFormIsAnErrorNotAShiftedValue) {
  const loaded l = load("yuanjiang-2023");
  // 附件2's label 年初预算数 (D4) replaced by another text, as if a row had pushed it down.
  const std::string bytes = write(l);
  docx::zip_reader zip(bytes);
  const std::string sheet = zip.read(*zip.find("xl/worksheets/sheet3.xml"));
  const auto cell = sheet.find("<c r=\"D4\"");
  ASSERT_NE(cell, std::string::npos);
  const auto v = sheet.find("<v>", cell);
  const std::string old_cell = sheet.substr(cell, sheet.find("</c>", cell) - cell);
  const std::string index = sheet.substr(v + 3, sheet.find("</v>", v) - v - 3);
  std::string new_cell = old_cell;
  new_cell.replace(new_cell.find("<v>" + index), index.size() + 3,
                   "<v>" + std::to_string(std::stoi(index) + 1));
  const auto list = problems(edited(bytes, "xl/worksheets/sheet3.xml", old_cell, new_cell));
  EXPECT_TRUE(has(list, "workbook-layout-changed")) << listing(list);
}

TEST(Workbook, NotOursEncryptedOrNotAZipAreLocatedErrors) {
  EXPECT_TRUE(has(problems("hello"), "workbook-not-xlsx"));
  EXPECT_TRUE(has(problems(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest"),
                  "workbook-encrypted"));
  docx::zip_writer foreign;
  foreign.add(
      "xl/workbook.xml",
      R"(<workbook xmlns:r="r"><sheets><sheet name="Sheet1" r:id="rId1"/></sheets></workbook>)");
  foreign.add(
      "xl/_rels/workbook.xml.rels",
      R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)");
  foreign.add("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>");
  EXPECT_TRUE(has(problems(foreign.finish()), "workbook-foreign"));
  docx::zip_writer broken;
  broken.add("xl/workbook.xml", "<workbook><sheets>");
  EXPECT_TRUE(has(problems(broken.finish()), "workbook-bad-xml"));
}

// The workbook's input cells come from the one walk of the data file's keys: a cell for every
// key a clerk types, none for a computed one, but a project's group row is typed data when the
// project has no items.
TEST(WorkbookEntries, EveryTypedKeyOfTheSchemaHasACellAndNoComputedKeyHasOne) {
  namespace schema = data::schema;
  const auto all = data::check_text(data::testing::schema_document(), "all.toml");
  std::set<std::string> keys;
  for (const auto& [path, value] : flatten(all.data)) keys.insert(schema_path(path));
  for (const schema::key& k : schema::keys()) {
    if (!schema::is_value(k)) continue;
    EXPECT_EQ(keys.contains(k.path), k.need != schema::presence::computed) << k.path;
  }
  const auto no_items =
      data::check_text(data::testing::schema_document({}, {"projects[].items[]"}), "t.toml");
  const auto cells = flatten(no_items.data);
  ASSERT_TRUE(cells.contains("projects[0].amounts#2"));
  EXPECT_EQ(cells.at("projects[0].amounts#2"), (cell_value{cell_value::kind::number, "6"}));
}

// A profile with a scored form (考核评分表): the provincial package with
// tests/fixtures/forms/assessment.toml added as 附件6.
constexpr const char* scored_profile = "tests/fixtures/profiles/scored";

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// examples/yuanjiang-2023.toml with the scores of the assessment form.
loaded load_scored() {
  loaded l;
  base::diagnostics diags;
  l.profile = profile::load_profile(scored_profile, diags);
  l.forms = forms_of(l.profile, diags);
  EXPECT_FALSE(diags.has_errors()) << (diags.empty() ? "" : format_diagnostic(diags.items()[0]));
  l.data = data::check_text(file_text("examples/yuanjiang-2023.toml") +
                                file_text("tests/fixtures/workbook/scored-assessment.toml"),
                            "scored.toml", l.profile.indicators.rules);
  EXPECT_FALSE(l.data.diags.has_errors());
  return l;
}

const forms::form_definition& assessment(const loaded& l) {
  for (const form_sheet& fs : l.forms.sheets)
    if (!fs.form->criteria.empty()) return *fs.form;
  throw std::logic_error("the scored profile has no scored form");
}

// The part of a sheet by the sheet's name ("xl/worksheets/sheet7.xml"), or empty.
std::string sheet_part(const std::string& bytes, const std::string& name) {
  docx::zip_reader zip(bytes);
  const std::string book = zip.read(*zip.find("xl/workbook.xml"));
  const std::regex sheet("<sheet name=\"" + name + "\" sheetId=\"([0-9]+)\"");
  std::smatch m;
  if (!std::regex_search(book, m, sheet)) return {};
  return "xl/worksheets/sheet" + m[1].str() + ".xml";
}

std::string sheet_xml(const std::string& bytes, const std::string& name) {
  const std::string part = sheet_part(bytes, name);
  if (part.empty()) return {};
  docx::zip_reader zip(bytes);
  return zip.read(*zip.find(part));
}

// The scored checks of the build (package/deliverables.cpp) after the data file's own.
std::vector<base::diagnostic> scored_problems(const std::string& bytes, const loaded& l) {
  base::diagnostics diags;
  const imported book = read_workbook(bytes, "book.xlsx", diags);
  if (!diags.has_errors()) {
    data::check_result checked =
        data::check_text(book.toml.text, "book.xlsx", l.profile.indicators.rules);
    for (const auto& d : checked.diags.items()) diags.add(d);
    check_figures(book, checked.data, checked.computed, "book.xlsx", diags, &l.profile);
    forms::check_scored(assessment(l), checked.data, diags);
    relocate(diags, book.toml, "book.xlsx");
  }
  return diags.sorted();
}

TEST(ScoredForm, TomlToWorkbookToTomlGivesTheSameScoresAndTotals) {
  const loaded l = load_scored();
  const std::string bytes = write(l);
  base::diagnostics diags;
  const imported book = read_workbook(bytes, "book.xlsx", diags);
  ASSERT_FALSE(diags.has_errors()) << (diags.empty() ? "" : format_diagnostic(diags.items()[0]));
  const data::check_result back =
      data::check_text(book.toml.text, "book.xlsx", l.profile.indicators.rules);
  EXPECT_EQ(back.diags.error_count(), 0U) << book.toml.text;
  const auto cells = flatten(back.data);
  EXPECT_EQ(cells, flatten(l.data.data));
  EXPECT_EQ(cells.at("scored.assessment.rows.c4.score"),
            (cell_value{cell_value::kind::text, "不适用"}));
  EXPECT_EQ(cells.at("scored.assessment.rows.c5.evidence"),
            (cell_value{cell_value::kind::text, "整改台账\n整改报告"}));
  EXPECT_EQ(printed(back.data, back.computed), printed(l.data.data, l.data.computed));
  const auto sums = forms::scored_totals(assessment(l), back.data);
  EXPECT_EQ(data::score_text(sums.points), "37.50");  // c4 does not apply
  ASSERT_TRUE(sums.score.has_value());
  EXPECT_EQ(data::score_text(*sums.score), "33.50");
  base::diagnostics scored;
  forms::check_scored(assessment(l), back.data, scored);
  EXPECT_TRUE(scored.empty());

  const std::string sheet = sheet_xml(bytes, "附件6");
  ASSERT_FALSE(sheet.empty());
  // 合计: formulas over the 得分 cells whose cached values are the program's figures.
  EXPECT_NE(sheet.find("<f>IF(F5=\"不适用\",0,10)+IF(F6=\"不适用\",0,5)"), std::string::npos)
      << sheet;
  EXPECT_NE(sheet.find("IF(F9=\"不适用\",0,7.5)</f><v>37.5</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("SUM(F5,F6,F7,F8,F9))</f><v>33.5</v>"), std::string::npos) << sheet;
  // 一级/二级指标 merged as the PDF merges them: 组织管理·工作部署 over c1 and c2.
  EXPECT_NE(sheet.find(R"(<mergeCell ref="A5:A6"/>)"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find(R"(<mergeCell ref="B5:B6"/>)"), std::string::npos) << sheet;
  // 得分 within 0–分值 or 不适用.
  EXPECT_NE(sheet.find("AND(ISNUMBER(F9),F9&gt;=0,F9&lt;=7.5),F9=\"不适用\""), std::string::npos)
      << sheet;
}

TEST(ScoredForm, ABlankWorkbookOfTheProfileHasTheScoredSheet) {
  loaded l;
  base::diagnostics diags;
  l.profile = profile::load_profile(scored_profile, diags);
  l.forms = forms_of(l.profile, diags);
  book_request r;
  r.profile = &l.profile;
  r.forms = l.forms.sheets;
  const std::string bytes = write_workbook(r);
  const std::string sheet = sheet_xml(bytes, "附件6");
  ASSERT_FALSE(sheet.empty());
  // Nothing scored: 分值 of every criterion, 得分 "——" as the PDF prints them.
  EXPECT_NE(sheet.find("<v>47.5</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>——</v>"), std::string::npos) << sheet;
  docx::zip_reader zip(bytes);
  const std::string strings = zip.read(*zip.find("xl/sharedStrings.xml"));
  EXPECT_NE(strings.find("成立自评工作小组并制定工作方案的得满分；未制定方案的扣5分。"),
            std::string::npos);
  // A score typed into its blank cell (c1's 得分, F5) is read as the data file has it.
  const auto c1 = sheet.find("<c r=\"F5\"");
  ASSERT_NE(c1, std::string::npos);
  const std::string blank = sheet.substr(c1, sheet.find("/>", c1) + 2 - c1);
  const std::string typed = blank.substr(0, blank.size() - 2) + "><v>8</v></c>";
  const imported book =
      read_workbook(edited(bytes, sheet_part(bytes, "附件6"), blank, typed), "blank.xlsx", diags);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_NE(book.toml.text.find("[scored.assessment.rows.c1]\nscore = 8\n"), std::string::npos)
      << book.toml.text;
}

TEST(ScoredForm, AScoreAboveItsPointsIsLocatedAtItsCell) {
  const loaded l = load_scored();
  const std::string bytes = write(l);
  const std::string sheet = sheet_xml(bytes, "附件6");
  const auto c1 = sheet.find("<c r=\"F5\"");
  ASSERT_NE(c1, std::string::npos);
  const std::string cell = sheet.substr(c1, sheet.find("</c>", c1) + 4 - c1);
  ASSERT_NE(cell.find("<v>9</v>"), std::string::npos) << cell;
  std::string over = cell;
  over.replace(over.find("<v>9</v>"), 8, "<v>12</v>");  // c1's 分值 is 10
  const std::string name = sheet_part(bytes, "附件6");
  auto list = scored_problems(edited(bytes, name, cell, over), l);
  EXPECT_TRUE(has(list, "scored-over-points", "book.xlsx[附件6!F5]")) << listing(list);
  std::string text = cell;
  text.replace(text.find("><v>9</v>"), 9, R"( t="inlineStr"><is><t>九分</t></is>)");
  list = scored_problems(edited(bytes, name, cell, text), l);
  EXPECT_TRUE(has(list, "workbook-not-a-number", "book.xlsx[附件6!F5]")) << listing(list);
  // c2's 得分 (F6) left blank: the row is not scored, at its own cell.
  const auto c2 = sheet.find("<c r=\"F6\"");
  ASSERT_NE(c2, std::string::npos);
  const std::string scored_cell = sheet.substr(c2, sheet.find("</c>", c2) + 4 - c2);
  const std::string blank_cell = scored_cell.substr(0, scored_cell.find('>')) + "/>";
  list = scored_problems(edited(bytes, name, scored_cell, blank_cell), l);
  EXPECT_TRUE(has(list, "scored-row-missing", "book.xlsx[附件6!F6]")) << listing(list);
  EXPECT_EQ(std::count_if(list.begin(), list.end(),
                          [](const auto& d) { return d.level == base::severity::error; }),
            1)
      << listing(list);
}

std::string blank_workbook(const loaded& l) {
  book_request r;
  r.profile = &l.profile;
  r.forms = l.forms.sheets;
  return write_workbook(r);
}

TEST(ScoredForm, AFormLeftUnscoredIsReportedAtItsFirstScoreCell) {
  loaded l;
  base::diagnostics diags;
  l.profile = profile::load_profile(scored_profile, diags);
  l.forms = forms_of(l.profile, diags);
  ASSERT_FALSE(diags.has_errors());
  const std::string bytes = blank_workbook(l);
  // Every 得分 empty: the form's sheet and its first 得分 cell (c1's, F5), in either language
  // (the form is found by the [scored.<id>] its hint names).
  const base::language saved = base::current_language();
  for (const base::language language : {base::language::zh, base::language::en}) {
    base::set_language(language);
    const auto list = scored_problems(bytes, l);
    EXPECT_TRUE(has(list, "scored-form-missing", "book.xlsx[附件6!F5]")) << listing(list);
    EXPECT_EQ(std::count_if(list.begin(), list.end(),
                            [](const auto& d) { return d.id == "scored-form-missing"; }),
              1)
        << listing(list);
    // 合计 as written (分值 47.5, 得分 "——"): the program's figures, no warning.
    EXPECT_FALSE(has(list, "workbook-figure-differs")) << listing(list);
  }
  base::set_language(saved);
  // A form the workbook has no sheet for stays at the file.
  base::diagnostics other;
  other.error("scored-form-missing", {"book.xlsx", 0, 0},
              base::msg{{"label", "附件7"}, {"id", "other"}, {"first", "c1"}});
  const imported book = read_workbook(bytes, "book.xlsx", diags);
  relocate(other, book.toml, "book.xlsx");
  EXPECT_EQ(other.items().at(0).place, "");
}

TEST(ScoredForm, TheTotalsCachedValuesAreComparedWithTheProgramsFigures) {
  const loaded l = load_scored();
  const std::string bytes = write(l);
  const std::string name = sheet_part(bytes, "附件6");
  const std::string points = "IF(F9=\"不适用\",0,7.5)</f><v>37.5</v>";
  const std::string score = "SUM(F5,F6,F7,F8,F9))</f><v>33.5</v>";
  // As written: the program's own figures.
  auto list = scored_problems(bytes, l);
  EXPECT_FALSE(has(list, "workbook-figure-differs")) << listing(list);
  // Cached values a recalculation would not give, at the 合计 cells (E10 分值, F10 得分).
  list = scored_problems(edited(bytes, name, points, "IF(F9=\"不适用\",0,7.5)</f><v>40</v>"), l);
  EXPECT_TRUE(has(list, "workbook-figure-differs", "book.xlsx[附件6!E10]")) << listing(list);
  EXPECT_FALSE(has(list, "workbook-figure-differs", "book.xlsx[附件6!F10]")) << listing(list);
  list = scored_problems(edited(bytes, name, score, "SUM(F5,F6,F7,F8,F9))</f><v>30</v>"), l);
  EXPECT_TRUE(has(list, "workbook-figure-differs", "book.xlsx[附件6!F10]")) << listing(list);
  // Without a profile (import), a scored form's 合计 is not compared.
  base::diagnostics diags;
  const imported book = read_workbook(
      edited(bytes, name, points, "IF(F9=\"不适用\",0,7.5)</f><v>40</v>"), "book.xlsx", diags);
  const data::check_result back =
      data::check_text(book.toml.text, "book.xlsx", l.profile.indicators.rules);
  check_figures(book, back.data, back.computed, "book.xlsx", diags);
  EXPECT_TRUE(diags.empty()) << format_diagnostic(diags.items().at(0));
  // Formulas never calculated (openpyxl writes no cached value): nothing to compare.
  const std::string uncalculated =
      edited(edited(bytes, name, points, "IF(F9=\"不适用\",0,7.5)</f>"), name, score,
             "SUM(F5,F6,F7,F8,F9))</f><v></v>");
  list = scored_problems(uncalculated, l);
  EXPECT_FALSE(has(list, "workbook-figure-differs")) << listing(list);
  EXPECT_FALSE(std::any_of(list.begin(), list.end(), [](const auto& d) {
    return d.level == base::severity::error;
  })) << listing(list);
}

TEST(WorkbookEntries, AnIdIsOnePathSegmentReadBackExactly) {
  for (const std::string id : {"a.b", "%41", "x#1[2]@y", "\t\n\x7f", "", "考核 2023", "c1"}) {
    const std::string segment = path_segment(id);
    EXPECT_EQ(segment.find_first_of(".#[]@\t\n\x7f"), std::string::npos) << segment;
    EXPECT_EQ(segment_id(segment), id);
    const data::schema::key* k = key_of(scored_path(id, id, "score"));
    ASSERT_NE(k, nullptr) << id;
    EXPECT_TRUE(is_scored_score(*k));
  }
  EXPECT_EQ(path_segment("c1"), "c1");  // a plain id is its own segment
  EXPECT_EQ(path_segment("1.1"), "1%2E1");
  EXPECT_EQ(scored_total_path("a.b", true), "scored.a%2Eb.points_total");
}

// A form's and its criteria's ids are any text, as the data file's quoted keys are
// ([scored."考核.2023#1".rows."1.1"]): dots and the path's other marks go through the map.
TEST(ScoredForm, AnyFormOrCriterionIdGoesThroughTheWorkbook) {
  package::testing::temp_dir dir;
  const auto folder = dir.path() / "odd-ids";
  std::filesystem::copy(scored_profile, folder, std::filesystem::copy_options::recursive);
  const auto form_file = folder / "forms" / "assessment.toml";
  std::string form = file_text(form_file.string());
  const std::vector<std::pair<std::string, std::string>> ids = {
      {"id = \"assessment\"", R"(id = "考核.2023#1")"},
      {"id = \"c1\"", R"(id = "1.1")"},
      {"id = \"c2\"", R"(id = "1.2[a]@b")"},
      {"id = \"c3\"", R"(id = "50% %41")"},
      {"id = \"c4\"", R"(id = "tab\there")"},
      {"id = \"c5\"", R"(id = "")"}};
  for (const auto& [from, to] : ids) {
    const auto at = form.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    form.replace(at, from.size(), to);
  }
  std::ofstream(form_file, std::ios::binary) << form;
  loaded l;
  base::diagnostics diags;
  l.profile = profile::load_profile(folder.string(), diags);
  l.forms = forms_of(l.profile, diags);
  ASSERT_FALSE(diags.has_errors()) << format_diagnostic(diags.items().at(0));
  ASSERT_EQ(assessment(l).criteria.at(3).id, "tab\there");
  l.data = data::check_text(file_text("examples/yuanjiang-2023.toml") +
                                "\n[scored.\"考核.2023#1\"]\nrows = { \"1.1\" = { score = 9, "
                                "evidence = \"工作方案\" }, \"1.2[a]@b\" = { score = 5 }, "
                                "\"50% %41\" = { score = 12 }, \"tab\\there\" = { score = "
                                "\"不适用\" }, \"\" = { score = 7.5, evidence = \"整改台账\" } }\n",
                            "odd.toml", l.profile.indicators.rules);
  ASSERT_FALSE(l.data.diags.has_errors()) << format_diagnostic(l.data.diags.items().at(0));
  ASSERT_EQ(l.data.data.scored.at(0).rows.size(), 5U);
  base::diagnostics scored;
  forms::check_scored(assessment(l), l.data.data, scored);
  ASSERT_TRUE(scored.empty()) << format_diagnostic(scored.items().at(0));

  const std::string bytes = write(l);
  const imported book = read_workbook(bytes, "book.xlsx", diags);
  ASSERT_FALSE(diags.has_errors()) << format_diagnostic(diags.items().at(0));
  EXPECT_NE(book.toml.text.find("[scored.\"考核.2023#1\".rows.\"1.1\"]\nscore = 9\n"),
            std::string::npos)
      << book.toml.text;
  const data::check_result back =
      data::check_text(book.toml.text, "book.xlsx", l.profile.indicators.rules);
  ASSERT_FALSE(back.diags.has_errors()) << format_diagnostic(back.diags.items().at(0));
  // The same scores under the same ids, and so the same 合计.
  EXPECT_EQ(flatten(back.data), flatten(l.data.data));
  ASSERT_EQ(back.data.scored.size(), 1U);
  EXPECT_EQ(back.data.scored[0].form, "考核.2023#1");
  std::set<std::string> row_ids;
  for (const data::scored_row& r : back.data.scored[0].rows) row_ids.insert(r.id);
  EXPECT_EQ(row_ids, (std::set<std::string>{"1.1", "1.2[a]@b", "50% %41", "tab\there", ""}));
  const auto sums = forms::scored_totals(assessment(l), back.data);
  EXPECT_EQ(data::score_text(sums.points), "37.50");
  ASSERT_TRUE(sums.score.has_value());
  EXPECT_EQ(data::score_text(*sums.score), "33.50");
  forms::check_scored(assessment(l), back.data, scored);
  EXPECT_TRUE(scored.empty()) << format_diagnostic(scored.items().at(0));
  // The 合计 cells are found under the form's id: compared, and equal.
  auto list = scored_problems(bytes, l);
  EXPECT_FALSE(has(list, "workbook-figure-differs")) << listing(list);
  const std::string name = sheet_part(bytes, "附件6");
  list = scored_problems(edited(bytes, name, "</f><v>37.5</v>", "</f><v>40</v>"), l);
  EXPECT_TRUE(has(list, "workbook-figure-differs", "book.xlsx[附件6!E10]")) << listing(list);
  // Left unscored, the form is named at its first 得分 cell.
  list = scored_problems(blank_workbook(l), l);
  EXPECT_TRUE(has(list, "scored-form-missing", "book.xlsx[附件6!F5]")) << listing(list);
}

TEST(Workbook, StoredNumberTextsAreExactDecimals) {
  EXPECT_EQ(decimal_text("420.5"), "420.5");
  EXPECT_EQ(decimal_text("4.2E-3"), "0.0042");
  EXPECT_EQ(decimal_text("1.5E+2"), "150");
  EXPECT_EQ(decimal_text("0.30000000000000004"), "0.3");
  EXPECT_EQ(decimal_text("373.58999999999997"), "373.59");
  EXPECT_EQ(decimal_text("-0"), "0");
  EXPECT_EQ(decimal_text("-12.50"), "-12.5");
  EXPECT_EQ(decimal_text("12a"), "");
  EXPECT_EQ(decimal_text(""), "");
  EXPECT_EQ(decimal_text("1e999"), "");
}

TEST(Workbook, SerialDaysAreExcelDates) {
  EXPECT_EQ(serial_of({2024, 5, 8}), 45420);
  EXPECT_EQ(serial_of({1900, 3, 1}), 61);
  EXPECT_EQ(serial_of({1900, 1, 1}), 1);
  for (const long s : {1L, 59L, 61L, 45420L, 73050L}) EXPECT_EQ(serial_of(date_of_serial(s)), s);
  EXPECT_EQ(date_of_serial(45420), (data::date{2024, 5, 8}));
}

}  // namespace
}  // namespace selfeval::workbook
