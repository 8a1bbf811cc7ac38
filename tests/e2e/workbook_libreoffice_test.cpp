// A workbook re-saved by LibreOffice Calc (its own shared strings, styles and number texts, its
// recalculated formulas) imports as the same data file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "program.h"

namespace selfeval::e2e {
namespace {

TEST(WorkbookLibreOffice, ReSavedWorkbooksImportTheSame) {
  temp_dir s;
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
    EXPECT_EQ(d.out, "no differences\n") << example;
  }
}

}  // namespace
}  // namespace selfeval::e2e
