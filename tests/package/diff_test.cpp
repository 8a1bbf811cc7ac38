#include "package/diff.h"

#include <gtest/gtest.h>

#include "../data/schema_document.h"
#include "data/schema.h"
#include "data/validate.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

using testing::read_bytes;

const std::string example = SELFEVAL_SOURCE_DIR "/examples/yuanjiang-2023.toml";

data::check_result checked(const std::vector<std::pair<std::string, std::string>>& edits = {}) {
  std::string text = read_bytes(example);
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  auto r = data::check_text(std::move(text), "v.toml");
  EXPECT_FALSE(r.diags.has_errors());
  return r;
}

diff_result diff_of(const data::check_result& a, const data::check_result& b) {
  return diff_models(a.data, a.computed, b.data, b.computed);
}

std::vector<std::string> keys(const std::vector<value_change>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.key);
  return out;
}

TEST(Diff, SameFileHasNoDifferences) {
  const auto a = checked();
  const diff_result d = diff_of(a, a);
  EXPECT_TRUE(d.empty());
  EXPECT_TRUE(d.deliverables.empty());
  EXPECT_EQ(to_text(d), "没有差异\n");
}

TEST(Diff, StaffFigureChangesControlRateAndTable1AndReport) {
  const auto a = checked();
  const auto b = checked({{"actual = 16 ", "actual = 15 "}});
  const diff_result d = diff_of(a, b);
  ASSERT_EQ(d.typed.size(), 1u);
  EXPECT_EQ(d.typed[0].key, "staff.actual");
  EXPECT_EQ(d.typed[0].old_text, "16");
  EXPECT_EQ(d.typed[0].new_text, "15");
  ASSERT_EQ(d.computed.size(), 1u);
  EXPECT_EQ(d.computed[0].key, "附件1 人员控制率");
  EXPECT_EQ(d.computed[0].old_text, "114.29%");  // 16 ÷ 14
  EXPECT_EQ(d.computed[0].new_text, "107.14%");  // 15 ÷ 14
  EXPECT_EQ(d.deliverables, (std::vector<std::string>{"附件1", "附件4"}));
}

TEST(Diff, IndicatorScoreChangesProjectTotalTable3AndReport5) {
  const auto a = checked();
  const auto b = checked({{"actual = \"≥2次\"\nweight = 15\nscore = 15",
                           "actual = \"≥2次\"\nweight = 15\nscore = 13"}});
  const diff_result d = diff_of(a, b);
  EXPECT_EQ(keys(d.typed), std::vector<std::string>{
                               "projects[业务工作经费].evaluation.indicators[困难职工帮扶].score"});
  EXPECT_EQ(keys(d.computed), std::vector<std::string>{"附件3-业务工作经费 总分·自评得分"});
  EXPECT_EQ(d.computed[0].old_text, "95.88");
  EXPECT_EQ(d.computed[0].new_text, "93.88");
  EXPECT_EQ(d.deliverables, (std::vector<std::string>{"附件3-业务工作经费", "附件5"}));
}

TEST(Diff, AChangeIsFoundWhenATypedNameLooksLikeAMadeLabel) {
  // Indicators named 帮扶, 帮扶, 帮扶#2: each compared with its own counterpart.
  std::string text = read_bytes(example);
  // The first three indicator rows of 业务工作经费 (after "[[projects.evaluation.indicators]]").
  std::vector<std::size_t> rows;
  for (auto at = text.find("[[projects.evaluation.indicators]]"); at != std::string::npos;
       at = text.find("[[projects.evaluation.indicators]]", at + 1))
    rows.push_back(at);
  ASSERT_GE(rows.size(), 3u);
  const char* renamed[] = {"帮扶", "帮扶", "帮扶#2"};
  for (int k = 2; k >= 0; --k) {
    const auto name = text.find("name = \"", rows[k]);
    const auto end = text.find('\n', name);
    text.replace(name, end - name, std::string("name = \"") + renamed[k] + "\"");
  }
  auto a = data::check_text(text, "a.toml");
  // Change the third row's score only.
  const auto score = text.find("score = ", rows[2]);
  const auto end = text.find('\n', score);
  const std::string old_score = text.substr(score, end - score);
  text.replace(score, end - score, "score = 1");
  ASSERT_NE(old_score, "score = 1");
  auto b = data::check_text(text, "b.toml");
  const diff_result d = diff_models(a.data, a.computed, b.data, b.computed);
  EXPECT_FALSE(d.empty());
  ASSERT_EQ(d.typed.size(), 1u) << to_text(d);
  EXPECT_NE(d.typed[0].key.find("indicators[帮扶#2#2].score"), std::string::npos) << d.typed[0].key;
}

TEST(Diff, AScoredFormsChangedScoreIsFound) {
  // The data file of the test profile with a 考核评分表 (tests/fixtures/profiles/scored).
  const std::string scores =
      read_bytes(SELFEVAL_SOURCE_DIR "/tests/fixtures/workbook/scored-assessment.toml");
  const std::string text = read_bytes(example) + "\n" + scores;
  std::string changed = text;
  const std::string c2 = "c2 = { score = 5 }";
  ASSERT_NE(changed.find(c2), std::string::npos);
  changed.replace(changed.find(c2), c2.size(), "c2 = { score = \"不适用\" }");
  auto a = data::check_text(text, "a.toml");
  auto b = data::check_text(changed, "b.toml");
  const diff_result d = diff_models(a.data, a.computed, b.data, b.computed);
  ASSERT_EQ(d.typed.size(), 1u) << to_text(d);
  EXPECT_EQ(d.typed[0].key, "scored.assessment.rows.c2.score");
  EXPECT_EQ(d.typed[0].old_text, "5");
  EXPECT_EQ(d.typed[0].new_text, "不适用");
  EXPECT_EQ(d.deliverables, std::vector<std::string>{"考核评分表 assessment"});
  EXPECT_TRUE(diff_models(a.data, a.computed, a.data, a.computed).empty());
}

TEST(Diff, ReportTextChangesOnlyItsReport) {
  const auto a = checked();
  const auto b =
      checked({{"publish_site = \"沅江市政府门户网站\"", "publish_site = \"沅江市总工会网站\""}});
  const diff_result d = diff_of(a, b);
  EXPECT_EQ(keys(d.typed), std::vector<std::string>{"dates.publish_site"});
  EXPECT_TRUE(d.computed.empty());
  EXPECT_EQ(d.deliverables, std::vector<std::string>{"附件4"});
}

TEST(Diff, JsonIsStableAndMarksAbsentSides) {
  const auto a = checked();
  const auto b = checked({{"publish_site = \"沅江市政府门户网站\"\n", ""}});
  const diff_result d = diff_of(a, b);
  const std::string j = to_json(d);
  EXPECT_EQ(j, to_json(diff_of(a, b)));
  EXPECT_NE(j.find("\"key\": \"dates.publish_site\""), std::string::npos);
  EXPECT_NE(j.find("\"new\": null"), std::string::npos);
  EXPECT_NE(j.find("\"deliverables\": [\n    \"附件4\"\n  ]"), std::string::npos);
}

// A value of another type's shape than every example of the schema, to change one key with.
std::string changed_literal(data::schema::value_type t) {
  using data::schema::value_type;
  switch (t) {
    case value_type::text:
    case value_type::paragraphs:
      return "\"改过\"";
    case value_type::text_list:
      return "[\"改过\"]";
    case value_type::date:
      return "2025-01-02";
    case value_type::boolean:
      return "true";
    case value_type::year_columns:
    case value_type::fund_columns:
      return "[7, 7, 7]";
    default:
      return "7";
  }
}

// "projects[业务工作经费].items[帮扶基金].name" → "projects[].items[].name" (the names in the
// schema document hold no brackets).
std::string schema_path(const std::string& key) {
  std::string out;
  int depth = 0;
  for (char c : key) {
    if (c == '[' && depth++ == 0) out += '[';
    if (depth == 0) out += c;
    if (c == ']' && --depth == 0) out += ']';
  }
  return out;
}

// Every value key of the schema is compared by diff, and its change asks for the deliverables
// the schema says print it: a key the diff walk forgets, or a schema row without its walk, fails.
TEST(Diff, EveryKeyOfTheSchemaIsComparedAndNamesItsDeliverables) {
  const auto before = data::check_text(data::testing::schema_document(), "a.toml");
  for (const data::schema::key& k : data::schema::keys()) {
    if (!data::schema::is_value(k)) continue;
    const std::string literal = changed_literal(k.type);
    ASSERT_NE(literal, k.example) << k.path;
    const auto after =
        data::check_text(data::testing::schema_document({{k.path, literal}}), "b.toml");
    const diff_result d = diff_of(before, after);
    bool compared = false;
    for (const value_change& c : d.typed)
      compared = compared || data::schema::find(schema_path(c.key)) == &k;
    EXPECT_TRUE(compared) << k.path << " changed, but diff lists:\n" << to_text(d);
    for (const data::schema::deliverable t : data::schema::deliverable_order) {
      if (!(k.prints & t)) continue;
      const std::string label(data::schema::label_of(t));
      bool listed = false;
      for (const std::string& s : d.deliverables) listed = listed || s.starts_with(label);
      EXPECT_TRUE(listed) << k.path << " is printed in " << label << ":\n" << to_text(d);
    }
  }
}

TEST(Diff, ProjectKeysAskForTheirOwnTable3) {
  const auto a = checked();
  const auto b = checked({{"current_year = [184, 184, 145]", "current_year = [183, 184, 145]"}});
  const diff_result d = diff_of(a, b);
  EXPECT_EQ(keys(d.typed), std::vector<std::string>{"projects[业务工作经费].funds.current_year"});
  EXPECT_EQ(d.deliverables, (std::vector<std::string>{"附件3-业务工作经费", "附件5"}));
}

}  // namespace
}  // namespace selfeval::package
