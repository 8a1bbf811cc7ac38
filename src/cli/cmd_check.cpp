// selfeval check FILE.toml [--summary]: every problem of a data file, and optionally the computed
// figures.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "data/format.h"
#include "data/validate.h"

namespace selfeval::cli {
namespace {

using row = std::pair<std::string, std::string>;

std::size_t width_of(const std::string& s) {
  // CJK characters take two terminal columns.
  std::size_t w = 0;
  for (char32_t cp : base::decode_utf8(s)) w += cp >= 0x1100 ? 2 : 1;
  return w;
}

void print_table(std::ostream& out, const std::string& title, const std::vector<row>& rows) {
  if (rows.empty()) return;
  out << title << '\n';
  std::size_t label_width = 0;
  for (const auto& [label, value] : rows) label_width = std::max(label_width, width_of(label));
  for (const auto& [label, value] : rows)
    out << "  " << label << std::string(label_width - width_of(label) + 2, ' ') << value << '\n';
}

std::string columns_text(const data::column_sums& c) {
  return data::money_text(c.prior_final) + " | " + data::money_text(c.budget) + " | " +
         data::money_text(c.final);
}

void add_evaluation(std::vector<row>& rows, const data::evaluation_figures& e) {
  rows.emplace_back("执行率", data::percent_text(e.execution_rate));
  rows.emplace_back("预算执行得分", data::score_text(e.execution_score));
  for (const auto& b : e.blocks)
    rows.emplace_back(b.level1 + " 分值",
                      data::score_text(b.row_weights) + " / " + data::score_text(b.label_weight));
  rows.emplace_back("总分 分值", data::score_text(e.total_weight));
  rows.emplace_back("总分 自评", data::score_text(e.total_score));
  rows.emplace_back("等次", data::grade_text(e.total_grade));
}

void print_summary(std::ostream& out, const data::check_result& r) {
  const data::figures& f = r.computed;
  std::vector<row> unit;
  unit.emplace_back("人员控制率", data::percent_text(f.staff_control_rate));
  unit.emplace_back("规模控制率", data::percent_text(f.area_control_rate));
  unit.emplace_back("投资概算控制率", data::percent_text(f.investment_control_rate));
  unit.emplace_back("部门基本支出预算调整", data::money_text(f.budget_adjustment));
  unit.emplace_back("公务用车 (上年决算 | 本年预算 | 本年决算)", columns_text(f.cars));
  unit.emplace_back("三公经费", columns_text(f.three_public));
  unit.emplace_back("项目支出", columns_text(f.projects_total));
  unit.emplace_back("基本支出合计 (经济分类)", data::money_text(f.basic_total));
  unit.emplace_back("  工资福利支出 占比", data::percent_text(f.wages_share));
  unit.emplace_back("  商品和服务支出 占比", data::percent_text(f.goods_services_share));
  unit.emplace_back("  对个人和家庭的补助 占比", data::percent_text(f.household_share));
  unit.emplace_back("按收入性质分 合计", data::money_text(f.income_total));
  unit.emplace_back("按支出性质分 合计", data::money_text(f.use_total));
  print_table(out, "附件1 / 附件4", unit);
  if (r.data.overall.given) {
    std::vector<row> overall;
    add_evaluation(overall, f.overall);
    print_table(out, "附件2 " + r.data.unit.name.value, overall);
  }
  for (std::size_t i = 0; i < r.data.projects.size() && i < f.projects.size(); ++i) {
    const auto& p = r.data.projects[i];
    const auto& pf = f.projects[i];
    std::vector<row> rows;
    rows.emplace_back("附件1 小计", columns_text(pf.amounts));
    rows.emplace_back("年度资金总额 (年初 | 全年 | 执行)",
                      data::money_text(pf.funds_initial) + " | " +
                          data::money_text(pf.funds_full_year) + " | " +
                          data::money_text(pf.funds_executed));
    if (p.evaluation.given) add_evaluation(rows, pf.evaluation);
    print_table(out, "项目 " + p.name.value, rows);
  }
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("check", "Check a data file: every problem with its line:column");
  auto file = std::make_shared<std::string>();
  auto summary = std::make_shared<bool>(false);
  cmd->add_option("file", *file, "the unit's TOML data file")->required();
  cmd->add_flag("--summary", *summary, "also print the computed figures");
  cmd->callback([file, summary, &exit_code] {
    const data::check_result r = data::check_file(*file);
    base::print_diagnostics(std::cerr, r.diags);
    if (r.io_failed) {
      exit_code = exit_usage;
      return;
    }
    if (*summary && r.parsed) {
      if (r.diags.has_errors()) std::cerr << "(the figures below come from a file with errors)\n";
      print_summary(std::cout, r);
    }
    exit_code = r.diags.has_errors() ? exit_input_errors : exit_ok;
  });
}

}  // namespace selfeval::cli
