// 附件1–3 of the Hunan package, composed by the form engine (form.h) from the shipped form
// definitions (config/profiles/hunan/forms/*.toml, and yiyang's 附件1), which are compiled into
// the program. These wrappers keep the callers that ask for a table by number working until
// profiles name their forms.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/derive.h"
#include "data/model.h"
#include "data/typed_values.h"
#include "forms/form.h"
#include "layout/flow.h"
#include "layout/measure.h"
#include "layout/page.h"

namespace selfeval::forms {

// 附件1 has two known shapes: the provincial one of seed 000 (variant A, hunan/forms/table1.toml)
// and the 益阳 city one with 支出总额 / 基本支出 / 其中：公用经费 / 项目支出 rows and a 说明 note
// (variant B, yiyang/forms/table1.toml).
enum class table1_variant { provincial, city };

struct table_options : compose_options {
  table1_variant table1 = table1_variant::provincial;
};

// A shipped form definition by its path under config/profiles, e.g. "hunan/forms/table2.toml";
// throws std::out_of_range for another name. Read once, on first use.
const form_definition& shipped_form(std::string_view name);
// The names shipped_form() knows.
std::vector<std::string_view> shipped_form_names();

// The blocks of each attachment before pagination (for tests and for other page setups).
std::vector<layout::block> table1_blocks(const data::model& m, const data::figures& f,
                                         const layout::measure& ms, const table_options& o = {});
std::vector<layout::block> table2_blocks(const data::model& m, const data::figures& f,
                                         const layout::measure& ms, const table_options& o = {});
std::vector<layout::block> table3_blocks(const data::model& m, const data::figures& f,
                                         std::size_t project, const layout::measure& ms,
                                         const table_options& o = {});

// 附件1 部门整体支出绩效评价基础数据表.
layout::document compose_table1(const data::model& m, const data::figures& f,
                                const layout::measure& ms, const table_options& o = {});
// 附件2 部门整体支出绩效自评表.
layout::document compose_table2(const data::model& m, const data::figures& f,
                                const layout::measure& ms, const table_options& o = {});
// 附件3 项目支出绩效自评表 of model.projects[project] (which must have an evaluation).
layout::document compose_table3(const data::model& m, const data::figures& f, std::size_t project,
                                const layout::measure& ms, const table_options& o = {});

// Indexes of the projects that get a 附件3 (those with [projects.evaluation]): the data layer's
// rule, which the reports use too.
using data::evaluated_projects;

}  // namespace selfeval::forms
