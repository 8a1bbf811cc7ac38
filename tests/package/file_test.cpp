#include "package/file.h"

#include <gtest/gtest.h>

namespace selfeval::package {
namespace {

TEST(SafeFileName, KeepsOrdinaryChineseNames) {
  EXPECT_EQ(safe_file_name("业务工作经费"), "业务工作经费");
  EXPECT_EQ(safe_file_name("乡镇工会组织工作经费（2023）"), "乡镇工会组织工作经费（2023）");
}

TEST(SafeFileName, ReplacesSeparatorsAndTraversal) {
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
  EXPECT_EQ(safe_file_name(".."), "_");
  EXPECT_EQ(safe_file_name("."), "_");
  EXPECT_EQ(safe_file_name(""), "_");
  EXPECT_EQ(safe_file_name("a\\b"), "a_b");
  EXPECT_EQ(safe_file_name("C:x"), "C_x");
}

TEST(SafeFileName, ReplacesControlsBidiAndInvalidBytes) {
  EXPECT_EQ(safe_file_name("a\nb\tc\x7f"), "a_b_c_");
  EXPECT_EQ(safe_file_name("x\u202Efdp.exe"), "x_fdp.exe");
  EXPECT_EQ(safe_file_name(std::string("a\xff\xfe"
                                       "b")),
            "a__b");
  EXPECT_EQ(safe_file_name(std::string("a\0b", 3)), "a_b");
}

TEST(SafeFileName, TrimsDotsAndSpacesAndCutsAtCodePoints) {
  EXPECT_EQ(safe_file_name("  .hidden. "), "hidden");
  const std::string long_name(100, 'x');
  EXPECT_EQ(safe_file_name(long_name + "经费", 101), long_name);  // 3-byte char does not fit
  EXPECT_EQ(safe_file_name(long_name + "经费", 103), long_name + "经");
}

TEST(SafeFileName, ResultIsAlwaysSafe) {
  for (const std::string s : {"../x", "a/b/c", "\x01\x02", "...", "x:y|z", "名称\u3000"}) {
    EXPECT_TRUE(is_safe_file_name(safe_file_name(s))) << s;
  }
  EXPECT_FALSE(is_safe_file_name("a/b"));
  EXPECT_FALSE(is_safe_file_name(".."));
  EXPECT_FALSE(is_safe_file_name(""));
}

TEST(MakeNamesUnique, NumbersRepeatsBeforeTheExtension) {
  std::vector<file> files{{"a.pdf", ""}, {"a.pdf", ""}, {"b", ""}, {"a.pdf", ""}, {"b", ""}};
  make_names_unique(files);
  EXPECT_EQ(files[0].name, "a.pdf");
  EXPECT_EQ(files[1].name, "a（2）.pdf");
  EXPECT_EQ(files[2].name, "b");
  EXPECT_EQ(files[3].name, "a（3）.pdf");
  EXPECT_EQ(files[4].name, "b（2）");
}

TEST(UnitFolderName, YearThenSafeUnitName) {
  EXPECT_EQ(unit_folder_name(2023, "沅江市总工会"), "2023-沅江市总工会");
  EXPECT_EQ(unit_folder_name(2023, "a/../b"), "2023-a_.._b");
}

}  // namespace
}  // namespace selfeval::package
