// The data file's report section trees against the wording (reports/tree_check.h): the keys and
// block names are the wording's, so a wording that adds a section lets a data file use it, and
// the shipped wording refuses it with a suggestion.
#include "reports/tree_check.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "data/validate.h"
#include "report_fixture.h"

namespace selfeval::reports {
namespace {

using testing::shipped_wording;

const std::string head =
    "schema = 1\nyear = 2023\n[unit]\nname = \"沅江市总工会\"\n[budget]\ninitial = 373.59\n"
    "full_year = 420.5\nexecuted = 419\n";
constexpr std::uint32_t head_lines = 8;

data::model model_of(const std::string& extra) {
  data::check_result r = data::check_text(head + extra, "t.toml");
  for (const auto& d : r.diags.items()) ADD_FAILURE() << base::format_diagnostic(d);
  return std::move(r.data);
}

std::string dump(const base::diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.sorted()) out += base::format_diagnostic(d) + "\n";
  return out;
}

const base::diagnostic* find(const base::diagnostics& d, std::string_view id) {
  for (const auto& x : d.items())
    if (x.id == id) return &x;
  return nullptr;
}

int count_at(const base::diagnostics& d, std::string_view id, std::uint32_t line) {
  int n = 0;
  for (const auto& x : d.items())
    if (x.id == id && x.loc.line == line) ++n;
  return n;
}

TEST(report_tree, unknown_key_and_block_get_the_closest_name_duplicates_are_refused) {
  const data::model m = model_of(
      "[overall_report]\n"
      "[[overall_report.sections]]\nkey = \"profil\"\ngenerate = \"staffing, spending_scal\"\n"
      "[[overall_report.sections]]\nkey = \"application\"\n"
      "[[overall_report.sections]]\nkey = \"application\"\n");
  base::diagnostics diags;
  check_report_tree(m, shipped_wording(), diags);
  const auto* key = find(diags, "unknown-section");
  ASSERT_NE(key, nullptr) << dump(diags);
  EXPECT_EQ(key->loc.line, head_lines + 3);
  EXPECT_EQ(key->message, "未知的部分键“profil”");
  EXPECT_NE(key->hint.find("profile"), std::string::npos) << key->hint;
  const auto* gen = find(diags, "unknown-generate");
  ASSERT_NE(gen, nullptr) << dump(diags);
  EXPECT_EQ(gen->loc.line, head_lines + 4);
  EXPECT_EQ(gen->message, "未知的生成段落“spending_scal”");
  EXPECT_NE(gen->hint.find("spending_scale"), std::string::npos) << gen->hint;
  // In English on request.
  const base::language saved = base::current_language();
  base::set_language(base::language::en);
  base::diagnostics en;
  check_report_tree(m, shipped_wording(), en);
  base::set_language(saved);
  const auto* en_key = find(en, "unknown-section");
  ASSERT_NE(en_key, nullptr) << dump(en);
  EXPECT_EQ(en_key->message, "unknown section key 'profil'");
  EXPECT_EQ(count_at(diags, "duplicate-section", head_lines + 8), 1) << dump(diags);
  EXPECT_EQ(diags.items().size(), 3u) << dump(diags);
}

TEST(report_tree, a_key_on_a_part_and_each_report_its_own_keys) {
  const data::model m = model_of(
      "[[overall_report.sections]]\nkey = \"application\"\n"
      "[[overall_report.sections.parts]]\nkey = \"other\"\n"
      // `overview` is a 附件5 section, `other` is in both: each report is checked by its own.
      "[[overall_report.sections]]\nkey = \"overview\"\n"
      "[[project_report.sections]]\nkey = \"overview\"\ngenerate = \"project_funds\"\n"
      "[[project_report.sections]]\nkey = \"other\"\n");
  base::diagnostics diags;
  check_report_tree(m, shipped_wording(), diags);
  EXPECT_EQ(count_at(diags, "unknown-section", head_lines + 4), 1) << dump(diags);
  EXPECT_EQ(count_at(diags, "unknown-section", head_lines + 6), 1) << dump(diags);
  EXPECT_EQ(diags.items().size(), 2u) << dump(diags);
}

// The wording is the one home of the keys: a key the wording adds is accepted, the same file
// against the shipped wording is refused.
TEST(report_tree, a_section_key_the_wording_adds_is_accepted) {
  std::string text;
  {
    std::ifstream in(std::string(SELFEVAL_SOURCE_DIR) + "/config/profiles/hunan/wording.toml",
                     std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  const std::string anchor = "[[overall_report.sections]]\nkey = \"other\"\n";
  const auto at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  text.insert(at,
              "[[overall_report.sections]]\nkey = \"assessment\"\nheading = "
              "\"绩效自评工作考核情况\"\noptional = true\n\n");
  base::diagnostics wording_diags;
  const wording own = parse_wording(text, "wording.toml", wording_diags);
  ASSERT_TRUE(wording_diags.empty()) << dump(wording_diags);

  const data::model m =
      model_of("[[overall_report.sections]]\nkey = \"assessment\"\ntext = \"考核得分95分。\"\n");
  base::diagnostics own_diags;
  check_report_tree(m, own, own_diags);
  EXPECT_TRUE(own_diags.empty()) << dump(own_diags);

  base::diagnostics shipped_diags;
  check_report_tree(m, shipped_wording(), shipped_diags);
  EXPECT_EQ(count_at(shipped_diags, "unknown-section", head_lines + 2), 1) << dump(shipped_diags);
}

}  // namespace
}  // namespace selfeval::reports
