// The clerk's language (issue 12): Chinese by default, English with --lang en or an English LANG,
// for diagnostics, summaries, progress lines, --help and usage errors alike.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "program.h"

namespace {

namespace fs = std::filesystem;

using selfeval::e2e::outcome;
using selfeval::e2e::run_program;
using selfeval::e2e::temp_dir;

const std::string example = SELFEVAL_SOURCE_DIR "/examples/yuanjiang-2023.toml";
// An example without warnings: `check` prints only its summary line.
const std::string clean = SELFEVAL_SOURCE_DIR "/examples/shili-archives-2023.toml";
const std::string as_printed = SELFEVAL_SOURCE_DIR "/tests/fixtures/yuanjiang-2023-as-printed.toml";
const std::string english_locale = "LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8";

bool has(const outcome& o, const std::string& text) {
  return o.out.find(text) != std::string::npos;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

TEST(LanguageE2E, ACleanCheckSaysSoInChineseByDefault) {
  const outcome o = run_program("check " + clean);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(o.out, "没有发现问题\n");
}

TEST(LanguageE2E, LangEnAndAnEnglishLocaleGiveEnglish) {
  const outcome option = run_program("--lang en check " + clean);
  EXPECT_EQ(option.exit_code, 0) << option.out;
  EXPECT_EQ(option.out, "no problems found\n");
  const outcome after = run_program("check --lang en " + clean);  // after the command too
  EXPECT_EQ(after.out, "no problems found\n");
  const outcome locale = run_program("check " + clean, english_locale);
  EXPECT_EQ(locale.out, "no problems found\n");
  // --lang wins over the locale.
  const outcome zh = run_program("check --lang zh " + clean, english_locale);
  EXPECT_EQ(zh.out, "没有发现问题\n");
}

TEST(LanguageE2E, DiagnosticsAndTheirSummaryFollowTheLanguage) {
  const outcome zh = run_program("check " + as_printed);
  EXPECT_EQ(zh.exit_code, 1) << zh.out;
  EXPECT_TRUE(has(zh, ": 错误[")) << zh.out;
  EXPECT_TRUE(has(zh, "\n  提示：")) << zh.out;
  EXPECT_TRUE(has(zh, "\n发现 ")) << zh.out;
  EXPECT_FALSE(has(zh, "error[")) << zh.out;

  const outcome en = run_program("--lang en check " + as_printed);
  EXPECT_EQ(en.exit_code, 1) << en.out;
  EXPECT_TRUE(has(en, ": error[")) << en.out;
  EXPECT_TRUE(has(en, "\n  hint: ")) << en.out;
  EXPECT_TRUE(has(en, "\nfound ")) << en.out;
  EXPECT_FALSE(has(en, "错误[")) << en.out;
}

TEST(LanguageE2E, HelpIsInTheLanguage) {
  const outcome zh = run_program("--help");
  EXPECT_EQ(zh.exit_code, 0) << zh.out;
  EXPECT_TRUE(has(zh, "用法：") || has(zh, "用法:")) << zh.out;
  EXPECT_TRUE(has(zh, "选项")) << zh.out;
  EXPECT_TRUE(has(zh, "检查数据文件并写出材料包")) << zh.out;
  EXPECT_FALSE(has(zh, "Usage")) << zh.out;

  const outcome build = run_program("build --help");
  EXPECT_EQ(build.exit_code, 0) << build.out;
  EXPECT_TRUE(has(build, "必填")) << build.out;
  EXPECT_TRUE(has(build, "同时生成的单位数")) << build.out;

  const outcome en = run_program("--lang en build --help");
  EXPECT_EQ(en.exit_code, 0) << en.out;
  EXPECT_TRUE(has(en, "Usage")) << en.out;
  EXPECT_TRUE(has(en, "units built at once")) << en.out;
}

TEST(LanguageE2E, CommonUsageErrorsAreExplainedInTheLanguage) {
  const outcome unknown = run_program("check --bogus " + example);
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_TRUE(has(unknown, "没有这个选项：--bogus")) << unknown.out;
  EXPECT_TRUE(has(unknown, "selfeval --help")) << unknown.out;

  const outcome missing = run_program("build " + example);
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_TRUE(has(missing, "缺少必填的 --out")) << missing.out;

  const outcome no_value = run_program("build " + example + " -o");
  EXPECT_EQ(no_value.exit_code, 2) << no_value.out;
  EXPECT_TRUE(has(no_value, "后面缺少值")) << no_value.out;

  const outcome extra = run_program("check " + example + " another.toml");
  EXPECT_EQ(extra.exit_code, 2) << extra.out;
  EXPECT_TRUE(has(extra, "多余的参数：another.toml")) << extra.out;

  const outcome en = run_program("--lang en check --bogus " + example);
  EXPECT_EQ(en.exit_code, 2) << en.out;
  EXPECT_TRUE(has(en, "unknown option: --bogus")) << en.out;
}

TEST(LanguageE2E, BuildSaysWhatItWroteInTheLanguage) {
  temp_dir tmp;
  const outcome zh = run_program("build " + example + " -o " + quoted(tmp.path() / "zh"));
  EXPECT_EQ(zh.exit_code, 0) << zh.out;
  EXPECT_TRUE(has(zh, "已写出 ")) << zh.out;
  EXPECT_TRUE(has(zh, " 个文件到 ")) << zh.out;
  const outcome en = run_program("--lang en build " + example + " -o " + quoted(tmp.path() / "en"));
  EXPECT_EQ(en.exit_code, 0) << en.out;
  EXPECT_TRUE(has(en, "wrote ")) << en.out;
  EXPECT_TRUE(has(en, " files to ")) << en.out;
}

}  // namespace
