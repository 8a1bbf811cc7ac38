// The Excel route through the program: a workbook written from each example reads back the same
// (diff finds nothing); a blank workbook filled in with openpyxl, as a clerk fills one in, checks
// clean and builds the package; errors in a workbook are printed at their cells.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "program.h"

namespace selfeval::e2e {
namespace {

namespace fs = std::filesystem;

TEST(WorkbookCommand, EveryExampleWritesAWorkbookThatDiffsEqualToItsDataFile) {
  temp_dir s;
  for (const char* example : {"yuanjiang-2023", "yuanjiang-2022", "yiyang-2023",
                              "shili-county-2023", "shili-district-2023", "shili-archives-2023"}) {
    const std::string toml = std::string("examples/") + example + ".toml";
    const std::string book = (s.path() / (std::string(example) + ".xlsx")).string();
    const outcome w = run_program("workbook " + toml + " -o '" + book + "'");
    ASSERT_EQ(w.exit_code, 0) << example << "\n" << w.out;
    const outcome d = run_program("diff " + toml + " '" + book + "'");
    EXPECT_EQ(d.exit_code, 0) << d.out;
    EXPECT_EQ(d.out, "没有差异\n") << example;
    // import gives a data file that diffs equal too.
    const std::string back = (s.path() / (std::string(example) + ".toml")).string();
    const outcome i = run_program("import '" + book + "' -o '" + back + "'");
    ASSERT_EQ(i.exit_code, 0) << i.out;
    EXPECT_EQ(run_program("diff " + toml + " '" + back + "'").out, "没有差异\n");
  }
}

// Every example's workbook, and a blank one: the data validations as Excel applies them (openpyxl,
// tests/e2e/check_validations.py): only input cells, none twice, each formula naming the first
// cell of its range (cells of one kind down a column share one validation).
TEST(WorkbookCommand, DataValidationsCoverInputCellsOnly) {
  temp_dir s;
  const std::string blank = (s.path() / "blank.xlsx").string();
  ASSERT_EQ(run_program("workbook --profile hunan -o '" + blank + "'").exit_code, 0);
  std::vector<std::string> books{blank};
  for (const char* example : {"yuanjiang-2023", "yiyang-2023", "shili-county-2023"}) {
    books.push_back((s.path() / (std::string(example) + ".xlsx")).string());
    ASSERT_EQ(
        run_program(std::string("workbook examples/") + example + ".toml -o '" + books.back() + "'")
            .exit_code,
        0);
  }
  for (const std::string& book : books) {
    const outcome r =
        run_shell("/usr/bin/python3 tests/e2e/check_validations.py '" + book + "' 2>&1");
    const std::string& said = r.out;
    EXPECT_EQ(r.exit_code, 0) << book << "\n" << said;
    EXPECT_NE(said.find("problems 0"), std::string::npos) << said;
    EXPECT_EQ(said.find("validations 0 "), std::string::npos) << said;  // there are some
  }
}

// Excel holds a dropdown's options as the validation's own text only up to 255 characters: a
// region's longer list of 二级指标 goes on a hidden sheet the validation names, never dropped.
TEST(WorkbookCommand, ALongListOfIndicatorNamesIsOfferedFromAHiddenSheet) {
  temp_dir s;
  const fs::path profile = s.path() / "long-names";
  fs::copy("config/profiles/hunan", profile, fs::copy_options::recursive);
  std::string names = "\"数量指标\", \"质量指标\", \"时效指标\", \"成本指标\"";
  for (int i = 1; i <= 24; ++i)
    names += ", \"第" + std::to_string(i) + "项产出指标（按本地区考核办法）\"";
  std::ofstream(profile / "profile.toml", std::ios::app)
      << "\n[indicators.level2]\n\"产出指标\" = [" << names << "]\n";
  const std::string option = " --profile '" + profile.string() + "'";
  const std::string blank = (s.path() / "blank.xlsx").string();
  const outcome w = run_program("workbook -o '" + blank + "'" + option);
  ASSERT_EQ(w.exit_code, 0) << w.out;
  EXPECT_EQ(w.out.find("WARNING"), std::string::npos) << w.out;  // libxlsxwriter's own refusal
  const std::string book = (s.path() / "yuanjiang.xlsx").string();
  ASSERT_EQ(
      run_program("workbook examples/yuanjiang-2023.toml -o '" + book + "'" + option).exit_code, 0);
  // The workbook read back is the data file again.
  EXPECT_EQ(run_program("diff examples/yuanjiang-2023.toml '" + book + "'" + option).out,
            "没有差异\n");
  for (const std::string& b : {blank, book}) {
    const std::string command =
        "/usr/bin/python3 tests/e2e/check_validations.py '" + b +
        "' && /usr/bin/python3 -c \"import openpyxl, sys\n"
        "book = openpyxl.load_workbook(sys.argv[1])\n"
        "lists = book['_selfeval_lists']\n"
        "print('state', lists.sheet_state)\n"
        "for ws in book.worksheets:\n"
        "  for dv in ws.data_validations.dataValidation:\n"
        "    if dv.type == 'list' and 'lists' in (dv.formula1 or ''):\n"
        "      cells = dv.formula1.split('!')[1].replace('$', '')\n"
        "      print(ws.title, dv.sqref, '|'.join(c.value for row in lists[cells] for c in row))\n"
        "\" '" +
        b + "' 2>&1";
    const outcome r = run_shell(command);
    const std::string& said = r.out;
    EXPECT_EQ(r.exit_code, 0) << b << "\n" << said;
    EXPECT_NE(said.find("problems 0"), std::string::npos) << said;
    EXPECT_NE(said.find("state hidden"), std::string::npos) << said;
    // The 二级指标 column of 附件2 offers every name, in the profile's order.
    EXPECT_NE(said.find("附件2 "), std::string::npos) << said;
    EXPECT_NE(said.find("数量指标|质量指标|时效指标|成本指标|第1项产出指标（按本地区考核办法）|"),
              std::string::npos)
        << said;
    EXPECT_NE(said.find("|第24项产出指标（按本地区考核办法）|"), std::string::npos) << said;
  }
}

// A profile with a scored form (tests/fixtures/profiles/scored: 附件6 考核评分表) gives its own
// workbook: the scores go through it into the package and back into a data file.
TEST(WorkbookCommand, AScoredFormOfTheProfileGoesThroughTheWorkbook) {
  temp_dir s;
  const std::string profile = "--profile tests/fixtures/profiles/scored";
  const std::string data = (s.path() / "unit.toml").string();
  std::ofstream(data, std::ios::binary)
      << read_file("examples/yuanjiang-2023.toml")
      << read_file("tests/fixtures/workbook/scored-assessment.toml");
  const std::string book = (s.path() / "unit.xlsx").string();
  const outcome w = run_program("workbook '" + data + "' " + profile + " -o '" + book + "'");
  ASSERT_EQ(w.exit_code, 0) << w.out;
  const std::string out = (s.path() / "out").string();
  const outcome b = run_program("build '" + book + "' " + profile + " -o '" + out + "'",
                                "SOURCE_DATE_EPOCH=1700000000");
  ASSERT_EQ(b.exit_code, 0) << b.out;
  EXPECT_TRUE(std::filesystem::exists(s.path() / "out" / "附件6-绩效自评工作考核评分表.pdf"));
  const std::string back = (s.path() / "back.toml").string();
  ASSERT_EQ(run_program("import '" + book + "' -o '" + back + "'").exit_code, 0);
  const std::string text = read_file(back);
  EXPECT_NE(text.find("[scored.assessment.rows.c4]\nscore = \"不适用\"\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("evidence = \"整改台账\\n整改报告\""), std::string::npos) << text;
  // A blank workbook of the profile has the form's sheet; left unscored, check says so.
  const std::string blank = (s.path() / "blank.xlsx").string();
  ASSERT_EQ(run_program("workbook " + profile + " -o '" + blank + "'").exit_code, 0);
  const outcome c = run_program("check '" + blank + "' " + profile);
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.out.find("blank.xlsx[附件6!F5]: 错误[scored-form-missing]"), std::string::npos)
      << c.out;
  // A score the workbook has no cell for is refused, not dropped.
  std::ofstream(data, std::ios::binary) << read_file("examples/yuanjiang-2023.toml")
                                        << "\n[scored.assessment]\nrows = { c9 = { score = 1 } }\n";
  const std::string refused = (s.path() / "refused.xlsx").string();
  const outcome r = run_program("workbook '" + data + "' " + profile + " -o '" + refused + "'");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[scored-row-unknown]"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(refused));
}

TEST(WorkbookCommand, NeverOverwritesAnExistingWorkbook) {
  temp_dir s;
  const std::string book = (s.path() / "book.xlsx").string();
  ASSERT_EQ(run_program("workbook --profile hunan -o '" + book + "'").exit_code, 0);
  const std::string first = read_file(book);
  const outcome again = run_program("workbook examples/yuanjiang-2023.toml -o '" + book + "'");
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_EQ(read_file(book), first);
}

TEST(WorkbookCommand, ABlankWorkbookFilledWithOpenpyxlBuildsThePackage) {
  temp_dir s;
  const std::string blank = (s.path() / "blank.xlsx").string();
  const std::string filled = (s.path() / "example.xlsx").string();
  const std::string typed = (s.path() / "typed.xlsx").string();
  ASSERT_EQ(run_program("workbook --profile hunan -o '" + blank + "'").exit_code, 0);
  ASSERT_EQ(run_program("workbook examples/shili-county-2023.toml -o '" + filled + "'").exit_code,
            0);
  const std::string fill = "/usr/bin/python3 tests/e2e/fill_workbook.py '" + filled + "' '" +
                           blank + "' '" + typed + "' 2>&1";
  FILE* pipe = popen(fill.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[512];
  std::string said;
  while (fgets(buf, sizeof buf, pipe) != nullptr) said += buf;
  ASSERT_EQ(pclose(pipe), 0) << said;
  EXPECT_NE(said.find("typed"), std::string::npos) << said;

  const outcome check = run_program("check '" + typed + "'");
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_EQ(run_program("diff examples/shili-county-2023.toml '" + typed + "'").out, "没有差异\n");
  const auto out = s.path() / "package";
  const outcome build = run_program("build '" + typed + "' -o '" + out.string() + "'");
  ASSERT_EQ(build.exit_code, 0) << build.out;
  const auto files = names_in(out);
  EXPECT_NE(std::find(files.begin(), files.end(), "manifest.json"), files.end());
  EXPECT_NE(std::find(files.begin(), files.end(), "附件2-部门整体支出绩效自评表.pdf"), files.end());
  EXPECT_NE(read_file(out / "manifest.json").find("typed.xlsx"), std::string::npos);
}

TEST(WorkbookCommand, BuildXlsxAddsTheTablesAsWorkbooksListedInTheManifestByteForByte) {
  temp_dir s;
  const auto first = s.path() / "first";
  const auto second = s.path() / "second";
  const outcome a =
      run_program("build examples/yuanjiang-2023.toml --xlsx -o '" + first.string() + "'");
  ASSERT_EQ(a.exit_code, 0) << a.out;
  const outcome b =
      run_program("build examples/yuanjiang-2023.toml --xlsx -o '" + second.string() + "'");
  ASSERT_EQ(b.exit_code, 0) << b.out;
  const std::string manifest = read_file(first / "manifest.json");
  int tables = 0;
  for (const std::string& name : names_in(first)) {
    if (!name.ends_with(".xlsx")) continue;
    ++tables;
    EXPECT_NE(manifest.find(name), std::string::npos) << name;
    EXPECT_EQ(read_file(first / name), read_file(second / name)) << name;
    EXPECT_TRUE(std::filesystem::exists(first / (name.substr(0, name.size() - 5) + ".pdf")));
  }
  EXPECT_EQ(tables, 3);  // 附件1, 附件2, one 附件3
  // Without --xlsx the package is as before.
  const auto plain = s.path() / "plain";
  ASSERT_EQ(run_program("build examples/yuanjiang-2023.toml -o '" + plain.string() + "'").exit_code,
            0);
  for (const std::string& name : names_in(plain)) EXPECT_FALSE(name.ends_with(".xlsx")) << name;
}

TEST(WorkbookCommand, BuildXlsxOfABatchAddsTheTablesToEveryUnitsPackage) {
  temp_dir s;
  const auto units = s.path() / "units";
  std::filesystem::create_directories(units);
  for (const char* name : {"yuanjiang-2023.toml", "yiyang-2023.toml"})
    std::filesystem::copy_file(std::filesystem::path("examples") / name, units / name);
  const auto out = s.path() / "out";
  const outcome r = run_program("build '" + units.string() + "' --xlsx -j 2 -o '" + out.string() +
                                "' --pdf none");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  int packages = 0;
  for (const auto& unit : std::filesystem::directory_iterator(out)) {
    if (!unit.is_directory()) continue;
    ++packages;
    int tables = 0;
    for (const std::string& name : names_in(unit.path())) tables += name.ends_with(".xlsx");
    EXPECT_GE(tables, 3) << unit.path().filename();
  }
  EXPECT_EQ(packages, 2);
}

TEST(WorkbookCommand, ACharacterNoFontHasIsReportedAtItsCell) {
  temp_dir s;
  std::string text = read_file("examples/yuanjiang-2023.toml");
  const std::string name = "name = \"沅江市总工会\"";
  text.replace(text.find(name), name.size(), "name = \"沅江市총工会\"");
  std::ofstream(s.path() / "unit.toml") << text;
  const auto book = s.path() / "book.xlsx";
  ASSERT_EQ(
      run_program("workbook '" + (s.path() / "unit.toml").string() + "' -o '" + book.string() + "'")
          .exit_code,
      0);
  for (const std::string& command :
       {std::string("check"), "build -o '" + (s.path() / "out").string() + "'"}) {
    const outcome r = run_program(command + " '" + book.string() + "'");
    SCOPED_TRACE(command);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    // book.xlsx[附件…!C3]: 错误[glyph-missing]: at the cell, not the whole workbook.
    EXPECT_NE(r.out.find("book.xlsx["), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("]: 错误[glyph-missing]"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("book.xlsx: 错误[glyph-missing]"), std::string::npos) << r.out;
  }
}

TEST(WorkbookCommand, ATextOverExcelsCellLimitIsRefusedNotDropped) {
  // Excel holds 32,767 characters a cell; libxlsxwriter writes nothing for a longer text, and
  // the workbook would read back without the unit's name.
  temp_dir s;
  std::string text = read_file("examples/yuanjiang-2023.toml");
  const std::string name = "name = \"沅江市总工会\"";
  text.replace(text.find(name), name.size(), "name = \"" + std::string(40000, 'x') + "\"");
  std::ofstream(s.path() / "unit.toml") << text;
  const auto book = s.path() / "book.xlsx";
  const outcome r = run_program("workbook '" + (s.path() / "unit.toml").string() + "' -o '" +
                                book.string() + "'");
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.signal, 0) << r.out;
  EXPECT_NE(r.out.find("32767"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(book));
}

TEST(WorkbookCommand, AWorkbookThatIsNotOursIsALocatedErrorAndWritesNothing) {
  temp_dir s;
  const auto not_a_book = s.path() / "notes.xlsx";
  std::ofstream(not_a_book) << "just text";
  const outcome check = run_program("check '" + not_a_book.string() + "'");
  EXPECT_EQ(check.exit_code, 1) << check.out;
  EXPECT_NE(check.out.find("错误[workbook-not-xlsx]"), std::string::npos) << check.out;
  const auto out = s.path() / "unit.toml";
  const outcome import =
      run_program("import '" + not_a_book.string() + "' -o '" + out.string() + "'");
  EXPECT_EQ(import.exit_code, 1) << import.out;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(WorkbookCommand, AnOverLimitWorkbookIsALocatedErrorForEveryCommandThatReadsOne) {
  temp_dir s;
  // A sparse file one MB past the data file's limit (8 MB): costs no disk, reads as zeros.
  const auto big = s.path() / "big.xlsx";
  std::ofstream(big) << "PK";
  std::filesystem::resize_file(big, (9u << 20));
  const std::string located = big.string() + ": 错误[workbook-too-large]";
  const auto out = s.path() / "unit.toml";
  for (const std::string& args :
       {"import '" + big.string() + "' -o '" + out.string() + "'",
        "diff examples/yuanjiang-2023.toml '" + big.string() + "'", "check '" + big.string() + "'",
        "build '" + big.string() + "' -o '" + (s.path() / "package").string() + "'"}) {
    const outcome o = run_program(args);
    EXPECT_EQ(o.signal, 0) << args << "\n" << o.out;
    EXPECT_EQ(o.exit_code, 1) << args << "\n" << o.out;
    EXPECT_NE(o.out.find(located), std::string::npos) << args << "\n" << o.out;
    EXPECT_NE(o.out.find("9437184"), std::string::npos) << args << "\n" << o.out;
  }
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(s.path() / "package"));
}

}  // namespace
}  // namespace selfeval::e2e
