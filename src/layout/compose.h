// Composition of 附件1–3 from the data model: the official table layouts of docs/domain.md §3
// (labels, merged cells, vertical labels, computed cells), the page chrome around them, and
// their pagination into documents the PDF backend draws.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "data/derive.h"
#include "data/model.h"
#include "layout/flow.h"
#include "layout/measure.h"
#include "layout/page.h"

namespace selfeval::layout {

// 附件1 has two known shapes: the provincial one of seed 000 (variant A) and the 益阳 city one
// with 支出总额 / 基本支出 / 其中：公用经费 / 项目支出 rows and a 说明 note (variant B).
enum class table1_variant { provincial, city };

struct table_options {
  table1_variant table1 = table1_variant::provincial;
  // GB/T 9704 margins (37/35/28/26 mm). The 9-column 附件2/3 grid fits the resulting 156 mm
  // type area at 10.5 pt (its narrowest columns hold "分值" and the stacked 绩/效/指/标), so
  // the margins need no tightening.
  page_setup page;
  double body_size = 10.5;              // 五号 table body
  bool unit_line = false;               // "单位：万元" right-aligned under the 附件1 title
  std::string date_label = "填表日期";  // the 益阳 variant writes 填报日期
  // The "附件N" label and the printed title from the profile; empty: the provincial ones.
  std::string label;
  std::string title;
  // The signature line's fields in order, as (key, label): keys "filler" 填表人, "date",
  // "phone" 联系电话, "head" 单位负责人签字. Empty: those four, the date worded date_label.
  std::vector<std::pair<std::string, std::string>> signature_fields;
};

// The blocks of each attachment before pagination (for tests and for other page setups).
std::vector<block> table1_blocks(const data::model& m, const data::figures& f, const measure& ms,
                                 const table_options& o = {});
std::vector<block> table2_blocks(const data::model& m, const data::figures& f, const measure& ms,
                                 const table_options& o = {});
std::vector<block> table3_blocks(const data::model& m, const data::figures& f, std::size_t project,
                                 const measure& ms, const table_options& o = {});

// The signature line is filled from model.signature; when signature.signature_image and
// signature.seal_image are given, image_items named "signature" and "seal" are placed on it
// (the caller loads those PNGs into the PDF backend's image table under these names).
inline constexpr const char* signature_image_name = "signature";
inline constexpr const char* seal_image_name = "seal";

// 附件1 部门整体支出绩效评价基础数据表.
document compose_table1(const data::model& m, const data::figures& f, const measure& ms,
                        const table_options& o = {});
// 附件2 部门整体支出绩效自评表.
document compose_table2(const data::model& m, const data::figures& f, const measure& ms,
                        const table_options& o = {});
// 附件3 项目支出绩效自评表 of model.projects[project] (which must have an evaluation).
document compose_table3(const data::model& m, const data::figures& f, std::size_t project,
                        const measure& ms, const table_options& o = {});

// Indexes of the projects that get a 附件3 (those with [projects.evaluation]).
std::vector<std::size_t> evaluated_projects(const data::model& m);

// 22 pt (二号) when the title fits on one line, else 18 pt (小二), which may then wrap.
double title_size(const measure& ms, font_role role, const std::string& title, double width);

}  // namespace selfeval::layout
