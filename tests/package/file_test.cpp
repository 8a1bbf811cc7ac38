#include "package/file.h"

#include <gtest/gtest.h>

#include "base/sha256.h"

namespace selfeval::package {
namespace {

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

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
  EXPECT_EQ(safe_file_name(long_name + "经费", 106), long_name + "经费");  // fits exactly
  // Too long: cut, then "…" and 8 hex digits of the whole text's SHA-256 (11 bytes).
  const std::string mark = "…" + base::sha256_hex(long_name + "经费").substr(0, 8);
  EXPECT_EQ(safe_file_name(long_name + "经费", 105), std::string(94, 'x') + mark);
  const std::string cjk = "经费经费";  // 12 bytes; a 3-byte character is never split
  EXPECT_EQ(safe_file_name(cjk + cjk, 11 + 8),
            "经费" + ("…" + base::sha256_hex(cjk + cjk).substr(0, 8)));
}

// Findings 60–62 and 91: a long unit or project name cost the file its ".pdf"/".docx", and two
// long names that differ only at the end came out the same.
TEST(SafeFileName, LongNamesKeepTheirExtensionAndStayApart) {
  const std::string projects = "附件3-项目支出绩效自评表-" + repeat("项", 90);
  const std::string a = safe_file_name(projects + "甲.pdf");
  const std::string b = safe_file_name(projects + "乙.pdf");
  EXPECT_NE(a, b);
  for (const std::string& name : {a, b}) {
    EXPECT_TRUE(name.ends_with(".pdf")) << name;
    EXPECT_LE(name.size(), 200u) << name;
    EXPECT_TRUE(is_safe_file_name(name)) << name;
    EXPECT_NE(name.find("…"), std::string::npos) << name;
  }
  const std::string report =
      safe_file_name("附件4-2023年度" + repeat("益", 100) + "整体支出绩效自评报告.docx");
  EXPECT_TRUE(report.ends_with(".docx")) << report;
  EXPECT_TRUE(report.starts_with("附件4-2023年度益益")) << report;
  const std::string ascii = safe_file_name("附件4-2023年度" + std::string(300, 'Y') + "报告.docx");
  EXPECT_TRUE(ascii.ends_with(".docx")) << ascii;
  EXPECT_LE(ascii.size(), 200u);
  // table3_file_name goes the same way.
  EXPECT_TRUE(table3_file_name(repeat("项", 100)).ends_with(".pdf"));
  // A made-unique long name still fits the 255 bytes of a file system.
  std::vector<file> files{{a, ""}, {a, ""}};
  make_names_unique(files);
  EXPECT_TRUE(files[1].name.ends_with("（2）.pdf")) << files[1].name;
  EXPECT_TRUE(is_safe_file_name(files[1].name));
  // No extension (a unit's folder name): cut and marked all the same.
  const std::string folder = unit_folder_name(2023, repeat("益", 100));
  EXPECT_LE(folder.size(), 200u);
  EXPECT_TRUE(folder.starts_with("2023-益")) << folder;
  EXPECT_NE(folder, unit_folder_name(2023, repeat("益", 99) + "阳"));
}

TEST(SafeFileName, NamesLongerThan255BytesAreNeverSafe) {
  EXPECT_TRUE(is_safe_file_name(std::string(255, 'a')));
  EXPECT_FALSE(is_safe_file_name(std::string(256, 'a')));
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
