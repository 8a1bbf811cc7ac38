#include "package/deliverables.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.h"
#include "base/utf8.h"
#include "data/settings.h"
#include "docx/template.h"
#include "forms/compose.h"
#include "pdf/fonts.h"
#include "pdf/render.h"
#include "reports/report.h"

namespace selfeval::package {

namespace fs = std::filesystem;

struct render_resources {
  pdf::font_set fonts;
  std::string overall_template;     // 附件4 .docx bytes
  std::string project_template;     // 附件5 .docx bytes
  reports::wording report_wording;  // the profile's wording.toml
  forms::table_options table_options;
};

namespace {

std::string read_template(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw base::environment_error("cannot read report template " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where a character first appears in the data file, so a missing glyph is reported at the
// place the user typed it (the whole file when it only comes from a default text).
base::source_loc place_of(const unit_data& unit, char32_t cp) {
  base::source_loc loc{unit.path, 0, 0};
  const std::string needle = base::encode_utf8(cp);
  const auto at = unit.bytes.find(needle);
  if (at != std::string::npos && !base::find_invalid_utf8(unit.bytes)) {
    const auto lc = base::line_col_at(unit.bytes, at);
    loc.line = static_cast<std::uint32_t>(lc.line);
    loc.column = static_cast<std::uint32_t>(lc.column);
  }
  return loc;
}

// A PDF deliverable: coverage is checked first so an undrawable character is a data error.
void add_pdf(std::vector<file>& files, std::string name, const layout::document& doc,
             const unit_data& unit, const render_resources& res, base::diagnostics& diags) {
  const auto missing = pdf::check_coverage(doc, res.fonts);
  for (const pdf::missing_glyph& m : missing) {
    const base::source_loc at = place_of(unit, m.code_point);
    // The unit name is on every table: one report per place and character, not one per table.
    const bool seen = std::any_of(diags.items().begin(), diags.items().end(), [&](const auto& d) {
      return d.id == "glyph-missing" && d.loc == at &&
             d.message.find(base::encode_utf8(m.code_point)) != std::string::npos;
    });
    if (seen) continue;
    diags.error("glyph-missing", at, pdf::describe(m),
                "the fonts in config/fonts.toml cannot draw this character; replace it or "
                "point the role at a font that has it");
  }
  if (!missing.empty()) return;
  pdf::render_options options;
  options.coverage_checked = true;
  files.push_back({std::move(name), pdf::render_pdf(doc, res.fonts, unit.images, options)});
}

void add_report(std::vector<file>& files, reports::report_kind kind, const std::string& tmpl,
                const unit_data& unit, const render_resources& res, base::diagnostics& diags) {
  const reports::record fields =
      reports::report_fields(kind, unit.model, unit.figures, res.report_wording, diags);
  std::string bytes = docx::fill(tmpl, reports::report_template_name(kind), fields, diags);
  if (bytes.empty()) return;
  files.push_back({safe_file_name(reports::report_file_name(kind, unit.model)), std::move(bytes)});
}

}  // namespace

std::shared_ptr<const render_resources> load_resources(const std::string& config_dir,
                                                       const std::string& templates_dir,
                                                       base::diagnostics& diags) {
  data::settings settings = data::load_settings(config_dir, diags);
  // Until profiles name their wording file, the Hunan one below the config folder.
  reports::wording wording =
      reports::load_wording(reports::default_wording_path(config_dir), diags);
  if (diags.has_errors()) return nullptr;
  auto res = std::make_shared<render_resources>();
  res->report_wording = std::move(wording);
  res->fonts = pdf::load_fonts(settings);
  res->table_options = forms::options_from(settings.layout);
  res->overall_template = read_template(
      fs::path(templates_dir) / reports::report_template_name(reports::report_kind::overall));
  res->project_template = read_template(
      fs::path(templates_dir) / reports::report_template_name(reports::report_kind::project));
  return res;
}

bool has_project_spending(const data::model& m, const data::figures& f) {
  for (std::size_t i = 0; i < m.projects.size(); ++i) {
    if (m.projects[i].evaluation.given) return true;
    if (i >= f.projects.size()) continue;
    for (const data::quantity& q : {f.projects[i].amounts.prior_final, f.projects[i].amounts.budget,
                                    f.projects[i].amounts.final}) {
      if (q.is_unknown() || (q.known() && !q.value().is_zero())) return true;
    }
  }
  return false;
}

std::vector<planned_deliverable> plan_deliverables(const data::model& m, const data::figures& f) {
  std::vector<planned_deliverable> out;
  out.push_back({"附件1", "部门整体支出绩效评价基础数据表", true, {}});
  out.push_back({"附件2", "部门整体支出绩效自评表", true, {}});
  const auto evaluated = forms::evaluated_projects(m);
  for (const std::size_t i : evaluated)
    out.push_back({"附件3", "项目支出绩效自评表（" + m.projects[i].name.value + "）", true, {}});
  if (evaluated.empty())
    out.push_back({"附件3", "项目支出绩效自评表", false,
                   m.projects.empty() ? "本单位无项目支出（数据文件中没有 [[projects]]）"
                                      : "没有一级项目填写 [projects.evaluation]"});
  out.push_back({"附件4", "整体支出绩效自评报告", true, {}});
  if (has_project_spending(m, f))
    out.push_back({"附件5", "项目支出绩效自评报告", true, {}});
  else
    out.push_back({"附件5", "项目支出绩效自评报告", false,
                   m.projects.empty() ? "本单位无项目支出（数据文件中没有 [[projects]]）"
                                      : "项目支出金额均为空或 0，没有可评价的项目支出"});
  return out;
}

std::vector<file> render_unit(const unit_data& unit, const render_resources& res,
                              base::diagnostics& diags) {
  std::vector<file> files;
  const pdf::font_measure measure(res.fonts);
  const data::model& m = unit.model;
  const data::figures& f = unit.figures;
  add_pdf(files, table1_file_name(), forms::compose_table1(m, f, measure, res.table_options), unit,
          res, diags);
  add_pdf(files, table2_file_name(), forms::compose_table2(m, f, measure, res.table_options), unit,
          res, diags);
  for (const std::size_t i : forms::evaluated_projects(m)) {
    add_pdf(files, table3_file_name(m.projects[i].name.value),
            forms::compose_table3(m, f, i, measure, res.table_options), unit, res, diags);
  }
  add_report(files, reports::report_kind::overall, res.overall_template, unit, res, diags);
  if (has_project_spending(m, f))
    add_report(files, reports::report_kind::project, res.project_template, unit, res, diags);
  make_names_unique(files);
  std::sort(files.begin(), files.end(),
            [](const file& a, const file& b) { return a.name < b.name; });
  return files;
}

render_function make_renderer(std::shared_ptr<const render_resources> resources) {
  return [resources](const unit_data& unit, base::diagnostics& diags) {
    return render_unit(unit, *resources, diags);
  };
}

}  // namespace selfeval::package
