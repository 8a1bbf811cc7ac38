// Report templates may place any named value of the vocabulary: the unit's by name, each
// project's inside {{#projects}}…{{/projects}}; `template check` knows them all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "data/format.h"
#include "data/values.h"
#include "report_fixture.h"
#include "report_test_util.h"

namespace selfeval::reports {
namespace {

const std::string& text_of(const record& r, const std::string& name) {
  const auto it = r.find(name);
  EXPECT_NE(it, r.end()) << name;
  static const std::string none;
  if (it == r.end()) return none;
  const auto* text = std::get_if<std::string>(&it->second.v);
  EXPECT_NE(text, nullptr) << name << " is not a text";
  return text != nullptr ? *text : none;
}

TEST(ReportValueFields, EveryUnitValueIsAFieldWithTheFormsText) {
  const data::model m = testing::load_example("examples/yuanjiang-2023.toml");
  const data::figures f = data::derive(m);
  base::diagnostics diags;
  const record fields =
      report_fields(report_kind::overall, m, f, testing::shipped_wording(), diags);
  std::size_t checked = 0;
  for (const data::value_name& n : data::value_names()) {
    if (n.needs != data::value_scope_kind::unit) continue;
    EXPECT_EQ(text_of(fields, std::string(n.name)), data::value_of(n.name, m, f)->text) << n.name;
    ++checked;
  }
  EXPECT_GT(checked, 50u);
  // The typed 全年执行数, as the tables print it.
  EXPECT_EQ(text_of(fields, "budget.executed"), data::money_text(m.budget.executed));
  // The report's own fields keep their meaning: "unit" is the name, not a value table.
  EXPECT_EQ(text_of(fields, "unit"), m.unit.name.value);
}

TEST(ReportValueFields, EachProjectIsARecordOfItsValues) {
  const data::model m = testing::load_example("examples/yuanjiang-2023.toml");
  const data::figures f = data::derive(m);
  base::diagnostics diags;
  const record fields =
      report_fields(report_kind::project, m, f, testing::shipped_wording(), diags);
  const auto* projects = std::get_if<std::vector<record>>(&fields.at("projects").v);
  ASSERT_NE(projects, nullptr);
  ASSERT_EQ(projects->size(), m.projects.size());
  for (std::size_t i = 0; i < m.projects.size(); ++i) {
    EXPECT_EQ(text_of((*projects)[i], "project.name"), m.projects[i].name.value);
    data::value_scope scope;
    scope.project = i;
    scope.project_evaluation = true;
    EXPECT_EQ(text_of((*projects)[i], "project.funds.execution_rate"),
              data::value_of("project.funds.execution_rate", m, f, scope)->text);
  }
}

TEST(ReportValueFields, ScoredFormTotalsCanBeCited) {
  data::model m = testing::load_example("examples/yuanjiang-2023.toml");
  data::scored_entry e;
  e.form = "assessment";
  for (const char* score : {"9", "5", "7.5"}) {
    data::scored_row r;
    r.points.value = base::decimal::parse(score).value();
    r.points.given = true;
    e.rows.push_back(r);
  }
  data::scored_row na;
  na.not_applicable = true;
  e.rows.push_back(na);
  m.scored.push_back(e);
  const data::figures f = data::derive(m);
  base::diagnostics diags;
  record fields = report_fields(report_kind::overall, m, f, testing::shipped_wording(), diags);
  EXPECT_EQ(text_of(fields, "scored.assessment.score"), "21.50");
  m.scored[0].rows[1].points.given = false;  // an unscored row: the total is not known
  fields = report_fields(report_kind::overall, m, f, testing::shipped_wording(), diags);
  EXPECT_EQ(text_of(fields, "scored.assessment.score"), "——");
}

TEST(ReportValueFields, TemplateCheckKnowsThemAndDoesNotAskForThem) {
  const auto names = report_field_names(report_kind::overall);
  const auto optional = report_cover_field_names();
  for (const char* n : {"budget.executed", "projects", "project.name", "overall.total_score"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
    EXPECT_NE(std::find(optional.begin(), optional.end(), n), optional.end()) << n;
  }
}

}  // namespace
}  // namespace selfeval::reports
