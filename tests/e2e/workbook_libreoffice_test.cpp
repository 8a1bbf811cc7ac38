// A workbook re-saved by LibreOffice Calc (its own shared strings, styles and number texts)
// imports as the same data file; with every formula recalculated on load, each computed cell
// shows the program's own figure (no workbook-figure-differs warning).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "program.h"

namespace selfeval::e2e {
namespace {

TEST(WorkbookLibreOffice, ReSavedWorkbooksImportTheSame) {
  temp_dir s;
  // A LibreOffice profile that recalculates every formula of an .xlsx on load.
  const auto user = s.path() / ".config/libreoffice/4/user";
  std::filesystem::create_directories(user);
  std::ofstream(user / "registrymodifications.xcu") << R"(<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
)";
  for (const char* example : {"yuanjiang-2023", "yiyang-2023", "shili-district-2023"}) {
    const std::string toml = std::string("examples/") + example + ".toml";
    const auto book = s.path() / (std::string(example) + ".xlsx");
    ASSERT_EQ(run_program("workbook " + toml + " -o '" + book.string() + "'").exit_code, 0);
    const auto resaved = s.path() / "resaved";
    const std::string convert = "HOME='" + s.path().string() +
                                "' soffice --headless --convert-to xlsx --outdir '" +
                                resaved.string() + "' '" + book.string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(convert.c_str()), 0) << example;
    const auto again = resaved / book.filename();
    ASSERT_TRUE(std::filesystem::exists(again)) << example;
    EXPECT_NE(read_file(again), read_file(book));  // really written by LibreOffice
    const outcome d = run_program("diff " + toml + " '" + again.string() + "'");
    EXPECT_EQ(d.out, "没有差异\n") << example;
    const outcome check = run_program("check '" + again.string() + "'");
    EXPECT_EQ(check.out.find("workbook-figure-differs"), std::string::npos) << check.out;
    EXPECT_LT(check.exit_code, 2) << check.out;
  }
}

}  // namespace
}  // namespace selfeval::e2e
