// Loading and checking a region's profile (profile/profile.h): the shipped ones load cleanly and
// say what today's package is; every kind of mistake is one located diagnostic with a stable id,
// all reported at once.
#include "profile/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../package/test_dir.h"

namespace {

namespace fs = std::filesystem;
using selfeval::base::diagnostic;
using selfeval::base::diagnostics;
using selfeval::package::testing::read_bytes;
using selfeval::package::testing::temp_dir;
namespace profile = selfeval::profile;

std::string dump(const diagnostics& d) {
  std::string s;
  for (const diagnostic& x : d.items()) s += selfeval::base::format_diagnostic(x) + "\n";
  return s;
}

const diagnostic* find(const diagnostics& d, const std::string& id, std::uint32_t line) {
  for (const diagnostic& x : d.items())
    if (x.id == id && x.loc.line == line) return &x;
  return nullptr;
}

// A copy of the shipped hunan profile with `from` replaced by `to` in its profile.toml.
fs::path edited_hunan(const temp_dir& tmp,
                      const std::vector<std::pair<std::string, std::string>>& edits) {
  const fs::path dir = tmp.path() / "edited";
  fs::create_directories(dir);
  std::string text = read_bytes("config/profiles/hunan/profile.toml");
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("not in hunan's profile.toml: " + from);
    text.replace(at, from.size(), to);
  }
  std::ofstream(dir / "profile.toml", std::ios::binary) << text;
  return dir;
}

TEST(Profile, HunanIsTodaysProvincialPackage) {
  diagnostics d;
  const profile::profile p = profile::load_profile("config/profiles/hunan", d);
  EXPECT_TRUE(d.empty()) << dump(d);
  EXPECT_EQ(p.name, "hunan");
  EXPECT_EQ(p.wording, "wording.toml");
  ASSERT_EQ(p.deliverables.size(), 5u);
  const char* labels[] = {"附件1", "附件2", "附件3", "附件4", "附件5"};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(p.deliverables[i].label, labels[i]);
  EXPECT_EQ(p.deliverables[2].when, profile::produced_when::each_evaluated_project);
  EXPECT_EQ(p.deliverables[3].kind, profile::deliverable_kind::report);
  EXPECT_EQ(p.deliverables[3].template_file, "附件4-整体支出绩效自评报告.docx");
  EXPECT_EQ(p.deliverables[4].when, profile::produced_when::has_projects);
  EXPECT_EQ(p.signature.date_label(), "填表日期");
  // The numbers the checks used before profiles existed.
  EXPECT_EQ(p.indicators.rules, selfeval::data::indicator_rules{});
  EXPECT_FALSE(p.indicators.cost);
}

TEST(Profile, YiyangDiffersInTheSignatureWording) {
  diagnostics d;
  const profile::profile p = profile::load_profile("config/profiles/yiyang", d);
  EXPECT_TRUE(d.empty()) << dump(d);
  EXPECT_EQ(p.name, "yiyang");
  EXPECT_EQ(p.signature.date_label(), "填报日期");
  EXPECT_EQ(p.deliverables.size(), 5u);
}

TEST(Profile, PatternsExpandYearUnitAndProject) {
  selfeval::data::model m;
  m.year.value = 2023;
  m.unit.name.value = "沅江市总工会";
  profile::pattern_values v = profile::values_of(m);
  v.project = "业务工作经费";
  EXPECT_EQ(profile::expand("附件4-{year}年度{unit}整体支出绩效自评报告.docx", v),
            "附件4-2023年度沅江市总工会整体支出绩效自评报告.docx");
  EXPECT_EQ(profile::expand("附件3-{project}.pdf", v), "附件3-业务工作经费.pdf");
  EXPECT_EQ(profile::expand("{nothing}{", v), "{nothing}{");
}

TEST(Profile, EveryMistakeIsLocatedAndReportedAtOnce) {
  temp_dir tmp;
  const fs::path dir = edited_hunan(
      tmp,
      {{"name = \"hunan\"", "name = \"hunan\"\nwordng = \"x\""},  // line 5
       {"id = \"table2\"", "id = \"table1\""},                    // duplicate id
       {"label = \"附件3\"", "label = \"附件2\""},                // duplicate label
       {"heading = \"{year}年度项目支出绩效自评表\"", "heading = \"{yeer}年度项目支出绩效自评表\""},
       {"file = \"附件4-{year}年度{unit}整体支出绩效自评报告.docx\"",
        "file = \"附件4-{year}年度{unit}整体支出绩效自评报告.pdf\""},
       {"when = \"has_projects\"", "when = \"has_project\""},
       {"output = 50", "output = 55"},
       {"\"良\" = 80", "\"良\" = 95"}});
  diagnostics d;
  (void)profile::load_profile(dir.string(), d);
  const std::string file = (dir / "profile.toml").string();
  for (const diagnostic& x : d.items()) EXPECT_EQ(x.loc.file, file) << x.id;
  const diagnostic* unknown = find(d, "profile-unknown-key", 5);
  ASSERT_NE(unknown, nullptr) << dump(d);
  EXPECT_EQ(unknown->loc.column, 1u);
  EXPECT_NE(unknown->hint.find("wording"), std::string::npos) << unknown->hint;
  const diagnostic* id = find(d, "profile-duplicate-id", 31);
  ASSERT_NE(id, nullptr) << dump(d);
  EXPECT_NE(id->message.find("第 21 行"), std::string::npos) << id->message;
  EXPECT_NE(find(d, "profile-duplicate-label", 42), nullptr) << dump(d);
  // The {yeer} sits after `heading = "`: column 12 of its line.
  const diagnostic* pattern = find(d, "profile-pattern-unknown-name", 44);
  ASSERT_NE(pattern, nullptr) << dump(d);
  EXPECT_EQ(pattern->loc.column, 12u);
  EXPECT_NE(pattern->hint.find("year"), std::string::npos) << pattern->hint;
  EXPECT_NE(find(d, "profile-file-extension", 54), nullptr) << dump(d);
  const diagnostic* when = find(d, "profile-invalid-value", 68);
  ASSERT_NE(when, nullptr) << dump(d);
  EXPECT_NE(when->hint.find("has_projects"), std::string::npos) << when->hint;
  const diagnostic* weights = nullptr;
  for (const diagnostic& x : d.items())
    if (x.id == "profile-weights-sum") weights = &x;
  ASSERT_NE(weights, nullptr) << dump(d);
  EXPECT_NE(weights->message.find("105"), std::string::npos);
  bool grades = false;
  for (const diagnostic& x : d.items()) grades |= x.id == "profile-grade-bands";
  EXPECT_TRUE(grades) << dump(d);
  EXPECT_EQ(d.error_count(), 8u) << dump(d);
}

TEST(Profile, APerProjectFileMustNameTheProjectAndPathsStayInside) {
  temp_dir tmp;
  const fs::path dir = edited_hunan(
      tmp,
      {{"file = \"附件3-项目支出绩效自评表-{project}.pdf\"",
        "file = \"附件3-项目支出绩效自评表.pdf\""},
       {"form = \"forms/table2.toml\"", "form = \"../forms/table2.toml\""},
       {"file = \"附件1-部门整体支出绩效评价基础数据表.pdf\"", "file = \"附件1-{project}.pdf\""}});
  diagnostics d;
  (void)profile::load_profile(dir.string(), d);
  EXPECT_NE(find(d, "profile-pattern-project-missing", 44), nullptr) << dump(d);
  EXPECT_NE(find(d, "profile-path-outside", 36), nullptr) << dump(d);
  // {project} exists only where a deliverable is made once per project.
  EXPECT_NE(find(d, "profile-pattern-unknown-name", 24), nullptr) << dump(d);
  EXPECT_EQ(d.error_count(), 3u) << dump(d);
}

TEST(Profile, SyntaxErrorsAndMissingTablesAreLocated) {
  temp_dir tmp;
  fs::create_directories(tmp.path() / "p");
  std::ofstream(tmp.path() / "p" / "profile.toml") << "name = \"x\"\nwording = \"w.toml\"\n[x\n";
  diagnostics d;
  (void)profile::load_profile((tmp.path() / "p").string(), d);
  ASSERT_EQ(d.size(), 1u) << dump(d);
  EXPECT_EQ(d.items()[0].id, "profile-syntax");
  EXPECT_EQ(d.items()[0].loc.line, 3u);

  std::ofstream(tmp.path() / "p" / "profile.toml") << "name = \"x\"\nwording = \"w.toml\"\n";
  diagnostics empty;
  (void)profile::load_profile((tmp.path() / "p").string(), empty);
  ASSERT_EQ(empty.size(), 1u) << dump(empty);
  EXPECT_EQ(empty.items()[0].id, "profile-no-deliverables");

  diagnostics none;
  (void)profile::load_profile((tmp.path() / "absent").string(), none);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none.items()[0].id, "profile-missing");
}

TEST(Profile, AFirstLevelNameGivenTwiceIsAnError) {
  temp_dir tmp;
  const fs::path dir = edited_hunan(
      tmp, {{"# cost = \"成本指标\"   (then give it a weight below)", "cost = \"满意度指标\""},
            {"output = 50", "output = 40\ncost = 10"}});
  diagnostics d;
  profile::load_profile(dir.string(), d);
  ASSERT_EQ(d.error_count(), 1u) << dump(d);
  EXPECT_EQ(d.items()[0].id, "profile-invalid-value");
  EXPECT_NE(d.items()[0].message.find("满意度指标"), std::string::npos) << dump(d);
}

TEST(Profile, IndicatorNumbersAreRead) {
  temp_dir tmp;
  const fs::path dir = edited_hunan(
      tmp, {{"# cost = \"成本指标\"   (then give it a weight below)", "cost = \"成本指标\""},
            {"output = 50", "output = 40\ncost = 10"},
            {"\"优\" = 90", "\"优\" = 92.5"},
            {"deviation_percent = 30", "deviation_percent = 20"}});
  diagnostics d;
  const profile::profile p = profile::load_profile(dir.string(), d);
  EXPECT_EQ(d.size(), 0u) << dump(d);
  ASSERT_TRUE(p.indicators.cost);
  EXPECT_EQ(*p.indicators.cost, "成本指标");
  EXPECT_EQ(p.indicators.cost_weight, selfeval::base::decimal::from_int(10));
  // The rules derive and validate use: 成本指标 a fourth block, no longer a 二级 of 产出指标.
  const auto& blocks = p.indicators.rules.blocks;
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].weight, selfeval::base::decimal::from_int(40));
  EXPECT_EQ(std::count(blocks[0].level2.begin(), blocks[0].level2.end(), "成本指标"), 0);
  EXPECT_EQ(blocks[3].block, selfeval::data::indicator_block::cost);
  EXPECT_EQ(blocks[3].level1, "成本指标");
  EXPECT_EQ(blocks[3].weight, selfeval::base::decimal::from_int(10));
  EXPECT_EQ(blocks[3].level2,
            (std::vector<std::string>{"经济成本指标", "社会成本指标", "生态环境成本指标"}));
  EXPECT_EQ(p.indicators.rules.excellent.plain(), "92.5");
  EXPECT_EQ(p.indicators.rules.deviation_percent, selfeval::base::decimal::from_int(20));
  ASSERT_EQ(p.indicators.rules.score_caps.size(), 4u);
  EXPECT_EQ(p.indicators.rules.score_caps.back().cap, 89);
}

TEST(Profile, ABlockMayHaveItsOwnSecondLevelNames) {
  temp_dir tmp;
  const fs::path dir = edited_hunan(tmp, {});
  std::string text = read_bytes((dir / "profile.toml").string());
  const auto lines_before = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
  text +=
      "\n[indicators.level2]\n\"效益指标\" = [\"社会效益指标\", \"可持续影响指标\"]\n"
      "\"创新指标\" = [\"新技术指标\"]\n\"满意度指标\" = []\n";
  std::ofstream(dir / "profile.toml", std::ios::binary) << text;
  diagnostics d;
  const profile::profile p = profile::load_profile(dir.string(), d);
  EXPECT_EQ(p.indicators.rules.blocks[1].level2,
            (std::vector<std::string>{"社会效益指标", "可持续影响指标"}));
  // Not a 一级指标 of the profile, and an empty list: both located, the rest kept.
  ASSERT_EQ(d.error_count(), 2u) << dump(d);
  EXPECT_NE(find(d, "profile-invalid-value", lines_before + 4), nullptr) << dump(d);
  EXPECT_NE(find(d, "profile-invalid-value", lines_before + 5), nullptr) << dump(d);
  EXPECT_FALSE(p.indicators.rules.blocks[2].level2.empty());
}

TEST(Profile, ScoreCapsMustRise) {
  temp_dir tmp;
  const fs::path dir =
      edited_hunan(tmp, {{"below_percent = 60\ncap = 69", "below_percent = 40\ncap = 69"}});
  diagnostics d;
  (void)profile::load_profile(dir.string(), d);
  ASSERT_EQ(d.error_count(), 1u) << dump(d);
  EXPECT_EQ(d.items()[0].id, "profile-score-caps");
}

// Messages come from the catalogue: Chinese by default, English when the language is English.
TEST(Profile, MessagesSpeakChineseByDefaultAndEnglishOnRequest) {
  namespace base = selfeval::base;
  temp_dir tmp;
  const fs::path dir = edited_hunan(tmp, {{"output = 50", "output = 55"}});
  diagnostics zh;
  (void)profile::load_profile(dir.string(), zh);
  ASSERT_EQ(zh.error_count(), 1u) << dump(zh);
  EXPECT_NE(zh.items()[0].message.find("默认权重合计为 105"), std::string::npos) << dump(zh);
  EXPECT_NE(zh.items()[0].hint.find("应合计 100"), std::string::npos) << dump(zh);
  const base::language saved = base::current_language();
  base::set_language(base::language::en);
  diagnostics en;
  (void)profile::load_profile(dir.string(), en);
  base::set_language(saved);
  ASSERT_EQ(en.error_count(), 1u) << dump(en);
  EXPECT_EQ(en.items()[0].message, "the default weights add up to 105, not 100");
}

TEST(Profile, MissingFilesAreLocatedAtTheirKey) {
  temp_dir tmp;
  const fs::path dir = edited_hunan(tmp, {{"template = \"附件5-项目支出绩效自评报告.docx\"",
                                           "template = \"附件5-新模板.docx\""}});
  // The forms and wording the profile names, except table2's definition.
  fs::create_directories(dir / "forms");
  for (const char* f : {"forms/table1.toml", "forms/table3.toml", "wording.toml"})
    std::ofstream(dir / f) << "# test\n";
  diagnostics d;
  const profile::profile p = profile::load_profile(dir.string(), d);
  ASSERT_TRUE(d.empty()) << dump(d);
  profile::check_files(p, "docx-templates", d);
  EXPECT_EQ(d.error_count(), 2u) << dump(d);
  EXPECT_NE(find(d, "profile-file-missing", 36), nullptr) << dump(d);  // form of table2
  EXPECT_NE(find(d, "profile-file-missing", 66), nullptr) << dump(d);  // template of report5
}

TEST(Profile, FoundByNameOrFolder) {
  EXPECT_EQ(profile::find_profile("config", "hunan"), "config/profiles/hunan");
  EXPECT_EQ(profile::find_profile("config", "config/profiles/yiyang"), "config/profiles/yiyang");
  EXPECT_FALSE(profile::find_profile("config", "hunann"));
  EXPECT_FALSE(profile::find_profile("config", "./nowhere"));
  const auto names = profile::profile_names("config");
  EXPECT_EQ(names, (std::vector<std::string>{"hunan", "yiyang"}));
}

}  // namespace
