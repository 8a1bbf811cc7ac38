// Loading form definitions: every problem is located at FILE:LINE:COL with its id, all at once.
#include <gtest/gtest.h>

#include <string>

#include "forms/compose.h"
#include "forms/form.h"

namespace selfeval::forms {
namespace {

// A small valid form: two columns, a heading row and a row bound to a value.
const std::string minimal = R"(label = "附件9"
title = "{year}年度测试表"
columns = [{ width = 100 }, { share = 1 }]

[[body]]
cells = [{ text = "单位", style = "head" }, "{unit.name}"]
)";

struct located {
  std::string id;
  std::uint32_t line;
  std::uint32_t column;
  friend bool operator==(const located&, const located&) = default;
};

std::vector<located> problems(const std::string& text, form_definition* out = nullptr) {
  base::diagnostics diags;
  form_definition def = parse_form(text, "form.toml", diags);
  std::vector<located> r;
  for (const auto& d : diags.sorted()) {
    EXPECT_EQ(d.loc.file, "form.toml");
    r.push_back({d.id, d.loc.line, d.loc.column});
  }
  if (out != nullptr) *out = std::move(def);
  return r;
}

void PrintTo(const located& l, std::ostream* os) {
  *os << l.id << "@" << l.line << ":" << l.column;
}

TEST(FormLoad, MinimalFormLoads) {
  form_definition def;
  EXPECT_TRUE(problems(minimal, &def).empty());
  EXPECT_EQ(def.label, "附件9");
  ASSERT_EQ(def.columns.size(), 2u);
  EXPECT_TRUE(def.columns[0].column.fixed);
  EXPECT_EQ(def.columns[0].column.value, 100);
  ASSERT_EQ(def.body.size(), 1u);
  ASSERT_EQ(def.body[0].rows.size(), 1u);
  EXPECT_EQ(def.body[0].rows[0].cells[1].col, 1);
  EXPECT_EQ(def.name.size(), 1u);  // defaults to the label
}

TEST(FormLoad, SyntaxErrorIsLocated) {
  const auto p = problems("label = \"附件9\"\ntitle = \n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].id, "toml-syntax");
  EXPECT_EQ(p[0].line, 2u);
}

TEST(FormLoad, EveryErrorAtOnceWithItsPlace) {
  const std::string text = R"(label = "附件9"
title = "{year}年度测试表"
colour = "red"
columns = [{ width = 100 }, { share = 1 }]

[[body]]
cells = [{ text = "单位", style = "bold" }, "{unit.nmae}"]

[[body]]
cells = ["{project.name}", { text = "x", rows = 0 }]

[[body]]
cells = ["a", "b", "c"]

[[body]]
cells = ["a"]

[[body]]
cells = [{ text = "{year", cols = 2 }]

[[body]]
each = "department"
)";
  const std::vector<located> expected = {
      {"unknown-key", 3, 1},              // colour
      {"form-unknown-style", 7, 33},      // "bold"
      {"form-unknown-value", 7, 43},      // unit.nmae
      {"form-value-scope", 10, 10},       // project.name in a unit form
      {"form-bad-span", 10, 49},          // rows = 0
      {"form-columns-mismatch", 13, 20},  // a third cell
      {"form-columns-mismatch", 15, 1},   // one of two columns: the row
      {"form-bad-pattern", 19, 19},       // "{year"
      {"form-unknown-group", 22, 8},      // department
  };
  EXPECT_EQ(problems(text), expected);
}

TEST(FormLoad, WrongTypesAreLocated) {
  const std::string text = R"(label = "x"
title = "t"
columns = [{ share = 1 }]
signature = "yes"
notes = "说明"
[[body]]
cells = [3]
)";
  const std::vector<located> expected = {
      {"wrong-type", 4, 13},  // signature
      {"wrong-type", 5, 9},   // notes
      {"wrong-type", 7, 10},  // a cell
  };
  EXPECT_EQ(problems(text), expected);
}

TEST(FormLoad, UnknownValueSuggestsTheClosestName) {
  base::diagnostics diags;
  parse_form(R"(label = "x"
title = "t"
columns = [{ share = 1 }]
[[body]]
cells = ["{budget.intial}"]
)",
             "f.toml", diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "form-unknown-value");
  EXPECT_NE(diags.items()[0].hint.find("budget.initial"), std::string::npos);
}

// Messages come from the catalogue: Chinese by default, English when the language is English.
TEST(FormLoad, MessagesSpeakChineseByDefaultAndEnglishOnRequest) {
  const std::string text = R"(label = "x"
title = "t"
columns = [{ share = 1 }]
[[body]]
cells = ["{budget.intial}"]
)";
  base::diagnostics zh;
  parse_form(text, "f.toml", zh);
  ASSERT_EQ(zh.size(), 1u);
  EXPECT_EQ(zh.items()[0].message, "没有名为 `budget.intial` 的数值");
  EXPECT_EQ(zh.items()[0].hint, "是否应为 `budget.initial`？");
  const base::language saved = base::current_language();
  base::set_language(base::language::en);
  base::diagnostics en;
  parse_form(text, "f.toml", en);
  base::set_language(saved);
  ASSERT_EQ(en.size(), 1u);
  EXPECT_EQ(en.items()[0].message, "no value is called `budget.intial`");
  EXPECT_EQ(en.items()[0].hint, "did you mean `budget.initial`?");
}

TEST(FormLoad, MissingKeysAndBadColumns) {
  const std::string text = R"(label = "x"
columns = [{ width = 10, share = 1 }, { }, { share = -1 }]
)";
  const std::vector<located> expected = {
      {"form-missing-key", 1, 1},  // title
      {"form-missing-key", 1, 1},  // body
      {"invalid-value", 2, 12},    // width and share
      {"invalid-value", 2, 39},    // neither
      {"invalid-value", 2, 54},    // share = -1
  };
  EXPECT_EQ(problems(text), expected);
}

TEST(FormLoad, RowSpanMayNotLeaveItsRun) {
  const std::string text = R"(label = "x"
title = "t"
columns = [{ share = 1 }, { share = 1 }]
[[body]]
cells = [{ text = "a", rows = 2 }, "b"]
[[body]]
when = "unit.budget_code"
cells = ["c", "d"]
)";
  const std::vector<located> expected = {{"form-bad-span", 5, 10}};
  EXPECT_EQ(problems(text), expected);
}

TEST(FormLoad, RowSpansTakeTheirColumnsBelow) {
  form_definition def;
  EXPECT_TRUE(problems(R"(label = "x"
title = "t"
columns = [{ share = 1 }, { share = 1 }, { share = 1 }]
[[body]]
cells = [{ text = "a", rows = 2 }, { text = "b", cols = 2 }]
[[body]]
cells = ["c", "d"]
)",
                       &def)
                  .empty());
  const auto& second = def.body[0].rows[1].cells;
  EXPECT_EQ(second[0].col, 1);
  EXPECT_EQ(second[1].col, 2);
}

TEST(FormLoad, IndicatorGroupChecksItsColumnsAndNames) {
  const std::string text = R"(label = "x"
title = "t"
columns = [{ share = 1 }, { share = 1 }, { share = 1 }, { share = 1 }]
[[body]]
each = "indicator"
evaluation = "project.evaluation"
label = "绩效指标"
heading = { cells = ["一级", "二级"] }
level1 = "{group.name}"
level2 = "{group.name}"
cells = ["{indicator.name}", "{indicator.score}"]
)";
  const std::vector<located> expected = {
      {"form-value-scope", 6, 14},       // project.evaluation in a unit form
      {"form-columns-mismatch", 8, 11},  // label + 2 heading cells = 3 of 4
      {"form-value-scope", 9, 10},       // group.name in level1
      {"form-columns-mismatch", 11, 9},  // 1 + 1 + 1 + 2 = 5 of 4
  };
  EXPECT_EQ(problems(text), expected);
}

TEST(FormLoad, ItemsNeedAProject) {
  const std::string text = R"(label = "x"
title = "t"
columns = [{ share = 1 }]
[[body]]
each = "item"
[[body.body]]
cells = ["{item.name}"]
)";
  const std::vector<located> expected = {{"form-value-scope", 5, 8}};
  EXPECT_EQ(problems(text), expected);
}

TEST(FormLoad, MissingFileIsReported) {
  base::diagnostics diags;
  load_form("tests/fixtures/no-such-form.toml", diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "form-missing");
}

// The shipped definitions load from their files too, without a problem.
TEST(FormLoad, ShippedFormsLoadFromTheirFiles) {
  ASSERT_EQ(shipped_form_names().size(), 4u);
  for (const auto name : shipped_form_names()) {
    base::diagnostics diags;
    const form_definition def = load_form("config/profiles/" + std::string(name), diags);
    EXPECT_TRUE(diags.empty()) << name << ": " << base::format_diagnostic(diags.items().front());
    EXPECT_FALSE(def.body.empty()) << name;
    EXPECT_EQ(def.label, shipped_form(name).label);
  }
}

}  // namespace
}  // namespace selfeval::forms
