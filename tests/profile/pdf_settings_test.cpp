// The [pdf] table of profile.toml (issue 14): which PDF renderings build writes and the review
// file's name; defaults when it is left out; every mistake a located diagnostic, all at once.
#include <gtest/gtest.h>

#include <string>

#include "profile/profile.h"

namespace {

using selfeval::base::diagnostics;
namespace profile = selfeval::profile;

// A one-report profile.toml with `table` appended.
std::string with_pdf(const std::string& table) {
  return R"(name = "t"
wording = "wording.toml"
[[deliverables]]
id = "report4"
label = "附件4"
title = "整体支出绩效自评报告"
file = "附件4-{year}年度{unit}整体支出绩效自评报告.docx"
kind = "report"
report = "overall"
template = "附件4-整体支出绩效自评报告.docx"
when = "always"
)" + table;
}

bool has(const diagnostics& d, const std::string& id, std::uint32_t line) {
  for (const auto& x : d.items())
    if (x.id == id && x.loc.line == line) return true;
  return false;
}

TEST(pdf_settings, both_renderings_by_default) {
  diagnostics diags;
  const profile::profile p = profile::parse_profile(with_pdf(""), "x", diags);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_TRUE(p.pdf.reports);
  EXPECT_TRUE(p.pdf.review);
  EXPECT_EQ(p.pdf.review_file, "{year}年度{unit}绩效自评材料（全部）.pdf");
}

TEST(pdf_settings, a_profile_turns_them_off_and_names_the_review_file) {
  diagnostics diags;
  const profile::profile p = profile::parse_profile(
      with_pdf("[pdf]\nreports = false\nreview = false\nreview_file = \"{unit}全部.pdf\"\n"), "x",
      diags);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_FALSE(p.pdf.reports);
  EXPECT_FALSE(p.pdf.review);
  EXPECT_EQ(p.pdf.review_file, "{unit}全部.pdf");
}

TEST(pdf_settings, every_mistake_is_located) {
  diagnostics diags;
  const profile::profile p = profile::parse_profile(
      with_pdf("[pdf]\nreports = \"yes\"\nreveiw = true\nreview_file = \"{units}.docx\"\n"), "x",
      diags);
  EXPECT_TRUE(has(diags, "profile-wrong-type", 13));
  EXPECT_TRUE(has(diags, "profile-unknown-key", 14));
  EXPECT_TRUE(has(diags, "profile-pattern-unknown-name", 15));
  EXPECT_TRUE(has(diags, "profile-file-extension", 15));
  EXPECT_EQ(p.pdf.review_file, "{year}年度{unit}绩效自评材料（全部）.pdf");  // not taken
  diagnostics slash;
  profile::parse_profile(with_pdf("[pdf]\nreview_file = \"a/b.pdf\"\n"), "x", slash);
  EXPECT_TRUE(has(slash, "profile-file-name-invalid", 13));
  diagnostics table;
  profile::parse_profile("pdf = true\n" + with_pdf(""), "x", table);
  EXPECT_TRUE(has(table, "profile-wrong-type", 1));
}

}  // namespace
