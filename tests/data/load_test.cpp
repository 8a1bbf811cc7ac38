#include "data/load.h"

#include <gtest/gtest.h>

#include "base/utf8.h"
#include "test_util.h"

namespace selfeval::data {
namespace {

using testing::count_id;
using testing::dump;
using testing::minimal_file;

load_result load(const std::string& text) {
  return load_text(text, "t.toml");
}

const base::diagnostic* find(const base::diagnostics& d, std::string_view id) {
  for (const auto& x : d.items())
    if (x.id == id) return &x;
  return nullptr;
}

TEST(Load, MinimalFileIsCleanAndExact) {
  const auto r = load(minimal_file());
  EXPECT_TRUE(r.diags.empty()) << dump(r.diags);
  EXPECT_FALSE(r.io_failed);
  EXPECT_EQ(r.data.year.value, 2023);
  EXPECT_EQ(r.data.unit.name.value, "沅江市总工会");
  EXPECT_EQ(r.data.budget.initial.value.units(), 3735900);
  EXPECT_EQ(r.data.budget.full_year.value.units(), 4205000);
  EXPECT_EQ(r.data.budget.executed.value.units(), 4190000);
  EXPECT_EQ(r.data.budget.full_year.loc.line, 7u);
  EXPECT_EQ(r.data.budget.full_year.loc.column, 13u);
  EXPECT_EQ(r.data.unit.self_name.value, "我会");
}

TEST(Load, AmountsAreReadFromTheLiteralNotFromADouble) {
  // 0.1 and 4.0001 have no exact double; the literal text is what counts.
  const auto r = load(minimal_file() + "[procurement]\nbudget = 0.1\nfinal = 1_000.0001\n");
  EXPECT_TRUE(r.diags.empty()) << dump(r.diags);
  EXPECT_EQ(r.data.procurement.budget.value.units(), 1000);
  EXPECT_EQ(r.data.procurement.final.value.units(), 10000001);
}

TEST(Load, AmountProblemsAreLocated) {
  const auto r = load(minimal_file() +
                      "[procurement]\nbudget = 4.12345\nfinal = -3\n"
                      "[other_budgets]\ngovernment_fund = 100000001\nstate_capital = "
                      "\"12\"\nsocial_insurance = 1e3\n");
  const auto* precision = find(r.diags, "amount-precision");
  ASSERT_NE(precision, nullptr) << dump(r.diags);
  EXPECT_EQ(precision->loc.line, 10u);
  EXPECT_EQ(precision->loc.column, 10u);
  EXPECT_EQ(count_id(r.diags, "negative-amount", 11), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "amount-range", 13), 1) << dump(r.diags);
  const auto* type = find(r.diags, "wrong-type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->loc.line, 14u);
  EXPECT_NE(type->message.find("金额"), std::string::npos) << type->message;
  EXPECT_NE(type->message.find("字符串"), std::string::npos) << type->message;
  EXPECT_EQ(count_id(r.diags, "amount-format", 15), 1) << dump(r.diags);
  EXPECT_FALSE(r.data.procurement.budget.given);
}

TEST(Load, UnknownKeySuggestsTheClosestValidKey) {
  const auto r = load(minimal_file() + "excuted = 1\n");  // lands in [budget]
  const auto* d = find(r.diags, "unknown-key");
  ASSERT_NE(d, nullptr) << dump(r.diags);
  EXPECT_EQ(d->loc.line, 9u);
  EXPECT_EQ(d->loc.column, 1u);
  EXPECT_NE(d->hint.find("“executed”"), std::string::npos) << d->hint;
}

TEST(Load, MissingRequiredKeyPointsAtItsTable) {
  const auto r = load(
      "year = 2023\n[unit]\nself_name = \"我会\"\n[budget]\ninitial = 1\nfull_year = 1\nexecuted = "
      "1\n");
  const auto* d = find(r.diags, "missing-key");
  ASSERT_NE(d, nullptr) << dump(r.diags);
  EXPECT_EQ(d->loc.line, 2u);
  EXPECT_NE(d->message.find("unit.name"), std::string::npos);
  const auto r2 =
      load("[unit]\nname = \"x\"\n[budget]\ninitial = 1\nfull_year = 1\nexecuted = 1\n");
  EXPECT_EQ(count_id(r2.diags, "missing-key", 1), 1) << dump(r2.diags);  // year, at the top
}

TEST(Load, DuplicateKeyIsASyntaxErrorAtItsLine) {
  const auto r = load(minimal_file() + "executed = 2\n");
  const auto* d = find(r.diags, "toml-syntax");
  ASSERT_NE(d, nullptr) << dump(r.diags);
  EXPECT_EQ(d->loc.line, 9u);
  EXPECT_EQ(r.diags.size(), 1u);
}

TEST(Load, ByteOrderMarkIsIgnored) {
  const auto r = load(
      "\xEF\xBB\xBF"
      "budget_note = 1\n");
  ASSERT_EQ(count_id(r.diags, "unknown-key", 1), 1) << dump(r.diags);
  for (const auto& d : r.diags.items())
    if (d.id == "unknown-key") {
      EXPECT_EQ(d.loc.column, 1u);
    }
  const auto ok = load("\xEF\xBB\xBF" + minimal_file());
  EXPECT_TRUE(ok.diags.empty()) << dump(ok.diags);
}

TEST(Load, EmptyAndBlankFiles) {
  EXPECT_EQ(count_id(load("").diags, "empty-file"), 1);
  EXPECT_EQ(count_id(load(" \n\t\r\n").diags, "empty-file"), 1);
}

TEST(Load, InvalidUtf8IsReportedAtItsLineAndColumn) {
  const auto r = load("year = 2023\nname = \"沅江\xff\"\n");
  const auto* d = find(r.diags, "invalid-utf8");
  ASSERT_NE(d, nullptr) << dump(r.diags);
  EXPECT_EQ(d->loc.line, 2u);
  EXPECT_EQ(d->loc.column, 11u);  // code points: n a m e ␠ = ␠ " 沅 江 then the bad byte
}

TEST(Load, HugeInputIsRefusedWithoutParsing) {
  std::string big(max_file_bytes + 1, '#');
  const auto r = load(big);
  EXPECT_EQ(count_id(r.diags, "file-too-large"), 1);
  EXPECT_EQ(r.diags.size(), 1u);
}

TEST(Load, DeepNestingIsRefused) {
  EXPECT_EQ(count_id(load("a = " + std::string(100000, '[')).diags, "too-deep"), 1);
  EXPECT_EQ(count_id(load("a = " + std::string(100000, '{')).diags, "too-deep"), 1);
  std::string dotted = "a";
  for (int i = 0; i < 50000; ++i) dotted += ".a";
  EXPECT_EQ(count_id(load(dotted + " = 1\n").diags, "too-deep"), 1);
  // Brackets inside strings and comments do not count.
  const auto ok = load(minimal_file() + "# " + std::string(100, '[') +
                       "\n[dates]\npublish_site = \"" + std::string(100, '{') + "\"\n");
  EXPECT_TRUE(ok.diags.empty()) << dump(ok.diags);
}

TEST(Load, YearOutOfRange) {
  const auto r = load(
      "year = 20233\n[unit]\nname = \"x\"\n[budget]\ninitial = 1\nfull_year = 1\nexecuted = 1\n");
  EXPECT_EQ(count_id(r.diags, "year-range", 1), 1) << dump(r.diags);
}

TEST(Load, PercentAcceptsTextWithPercentSignOrANumber) {
  const auto r =
      load(minimal_file() + "execution_rate = \"99.64%\"\n[staff]\ncontrol_rate = 114.29\n");
  EXPECT_TRUE(r.diags.empty()) << dump(r.diags);
  EXPECT_EQ(r.data.budget.execution_rate.value.units(), 996400);
  EXPECT_EQ(r.data.staff.control_rate.value.units(), 1142900);
  const auto bad = load(minimal_file() + "execution_rate = \"高\"\n");
  EXPECT_EQ(count_id(bad.diags, "wrong-type", 9), 1) << dump(bad.diags);
}

TEST(Load, DatesAreTomlDates) {
  const auto r =
      load(minimal_file() + "[dates]\nreport = 2024-05-08\npublish_by = \"2024-06-30\"\n");
  EXPECT_TRUE(r.data.dates.report.given);
  EXPECT_EQ(r.data.dates.report.value, (date{2024, 5, 8}));
  const auto* d = find(r.diags, "wrong-type");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->loc.line, 11u);
  EXPECT_NE(d->message.find("应为日期"), std::string::npos) << d->message;
}

TEST(Load, MultiParagraphTextKeepsOneParagraphPerLine) {
  const auto r = load(minimal_file() +
                      "[overall]\ngoals.expected = \"\"\"\n第一。\n\n  第二。\n第三。\n\"\"\"\n");
  EXPECT_TRUE(r.diags.empty()) << dump(r.diags);
  const auto paragraphs = base::split_paragraphs(r.data.overall.goals_expected.value);
  ASSERT_EQ(paragraphs.size(), 3u);
  EXPECT_EQ(paragraphs[1], "第二。");
}

TEST(Load, IndicatorsProjectsAndAutoScores) {
  const auto r = load(minimal_file() +
                      "[[projects]]\nname = \"业务工作经费\"\n"
                      "[[projects.items]]\nname = \"帮扶基金\"\namounts = [6, \"\", 6.5]\n"
                      "[projects.evaluation]\n"
                      "[[projects.evaluation.indicators]]\nlevel1 = \"产出指标\"\nlevel2 = "
                      "\"数量指标\"\nname = \"活动\"\n"
                      "target = \"≥1次\"\nactual = \"2次\"\nweight = 50\nscore = \"auto\"\n");
  EXPECT_TRUE(r.diags.empty()) << dump(r.diags);
  ASSERT_EQ(r.data.projects.size(), 1u);
  const project& p = r.data.projects[0];
  EXPECT_EQ(p.department.value, "沅江市总工会");
  EXPECT_EQ(p.implementer.value, "沅江市总工会");
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_TRUE(p.items[0].amounts.prior_final.given);
  EXPECT_FALSE(p.items[0].amounts.budget.given);
  EXPECT_EQ(p.items[0].amounts.final.value.units(), 65000);
  ASSERT_TRUE(p.evaluation.given);
  ASSERT_EQ(p.evaluation.indicators.size(), 1u);
  EXPECT_TRUE(p.evaluation.indicators[0].auto_score);
  EXPECT_EQ(p.evaluation.indicators[0].weight.value, decimal::from_int(50));
}

TEST(Load, ThreeColumnRowsNeedThreeValues) {
  const auto r = load(minimal_file() + "[public_funds]\ntotal = [1, 2]\noffice = [1, \"x\", 3]\n");
  EXPECT_EQ(count_id(r.diags, "wrong-type", 10), 1) << dump(r.diags);
  EXPECT_EQ(count_id(r.diags, "wrong-type", 11), 1) << dump(r.diags);
}

TEST(Load, AllProblemsAtOnce) {
  const auto r =
      load("year = \"2023\"\n[unit]\nnam = 1\n[budget]\ninitial = -1\nfull_year = 1.23456\n");
  EXPECT_EQ(count_id(r.diags, "wrong-type", 1), 1);
  EXPECT_EQ(count_id(r.diags, "unknown-key", 3), 1);
  EXPECT_EQ(count_id(r.diags, "missing-key"), 2) << dump(r.diags);  // unit.name, budget.executed
  EXPECT_EQ(count_id(r.diags, "negative-amount", 5), 1);
  EXPECT_EQ(count_id(r.diags, "amount-precision", 6), 1);
}

TEST(LoadFile, MissingFileIsAnIoFailure) {
  const auto r = load_file("tests/fixtures/no-such-file.toml");
  EXPECT_TRUE(r.io_failed);
  EXPECT_EQ(count_id(r.diags, "io-error"), 1);
}

TEST(LoadFile, ReadsTheExample) {
  const auto r = load_file("examples/yuanjiang-2023.toml");
  EXPECT_FALSE(r.io_failed);
  EXPECT_FALSE(r.diags.has_errors()) << dump(r.diags);
  EXPECT_EQ(r.data.year.value, 2023);
  EXPECT_FALSE(r.data.projects.empty());
}

}  // namespace
}  // namespace selfeval::data

namespace selfeval::data {
namespace {

// A character that cannot be printed is reported where it was typed: inside a multi-line
// string, on its own line and column, whether typed raw or as an escape.
TEST(Load, ForbiddenCharactersAreLocatedAtTheCharacter) {
  const std::string text = minimal_file() +
                           "[overall.goals]\n"        // line 9
                           "expected = \"\"\"\n"      // 10
                           "第一段\n"                 // 11
                           "第二段\\u0007有响铃\n"    // 12: the escape at column 4
                           "第三段\n"                 // 13
                           "\"\"\"\n"                 // 14
                           "actual = \"甲\\t乙\"\n";  // 15: a tab reads as a space
  const auto r = load_text(text, "t.toml");
  const auto* d = find(r.diags, "control-character");
  ASSERT_NE(d, nullptr) << dump(r.diags);
  EXPECT_EQ(d->loc.line, 12u);
  EXPECT_EQ(d->loc.column, 4u);
  EXPECT_NE(d->message.find("U+0007 (BELL)"), std::string::npos) << d->message;
  EXPECT_EQ(count_id(r.diags, "control-character"), 1) << dump(r.diags);
  EXPECT_EQ(r.data.overall.goals_actual.value, "甲 乙");
}

TEST(Load, UnknownIsOneSpellingAcceptedWhereverANumberIs) {
  const auto r = load_text(
      "schema = 1\nyear = 2023\n[unit]\nname = \"x\"\n[budget]\ninitial = \"——\"\n"
      "full_year = \"——\"\nexecuted = 1\n[staff]\nactual = \"——\"\n"
      "[public_funds]\ntotal = [\"——\", \"\", 3]\n",
      "t.toml");
  EXPECT_FALSE(r.diags.has_errors()) << dump(r.diags);
  EXPECT_TRUE(r.data.budget.initial.unknown);
  EXPECT_FALSE(r.data.budget.initial.given);
  EXPECT_TRUE(r.data.staff.actual.unknown);
  EXPECT_TRUE(r.data.public_funds.total.prior_final.unknown);
  EXPECT_FALSE(r.data.public_funds.total.budget.unknown);  // "" is a blank cell, not unknown
  EXPECT_EQ(r.data.unknown_figures.size(), 4u);
  const auto bad = load_text(minimal_file() + "[staff]\nactual = \"--\"\n", "t.toml");
  EXPECT_EQ(count_id(bad.diags, "unknown-spelling"), 1) << dump(bad.diags);
}

}  // namespace
}  // namespace selfeval::data
