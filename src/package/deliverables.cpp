#include "package/deliverables.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "base/error.h"
#include "base/utf8.h"
#include "data/settings.h"
#include "data/suggest.h"
#include "docx/template.h"
#include "forms/compose.h"
#include "forms/form.h"
#include "forms/scored.h"
#include "pdf/fonts.h"
#include "pdf/render.h"
#include "reports/report.h"
#include "reports/tree_check.h"
#include "reports/wording.h"
#include "workbook/workbook.h"

namespace selfeval::package {

namespace fs = std::filesystem;

// What a profile's text files give the renderers: its report wording and its form definitions
// (by the path its deliverables name them with), read once per profile and run.
struct profile_assets {
  reports::wording wording;
  std::map<std::string, forms::form_definition> forms;
};

struct render_resources {
  pdf::font_set fonts;
  std::string templates_dir;
  std::shared_ptr<const profile_set> profiles;
  // The default profile's report templates, named when one is missing.
  std::vector<std::string> template_names;
  // Report templates by file name, read when a profile first names them.
  mutable std::mutex templates_lock;
  mutable std::map<std::string, std::string> templates;

  const std::string& template_bytes(const std::string& name) const;
};

namespace {

// A missing template is named with the file names the templates folder must hold, so a
// template renamed in the folder is found again.
std::string read_template(const fs::path& path, const std::vector<std::string>& expected) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string names;
    for (const std::string& n : expected) names += (names.empty() ? "" : "、") + ("「" + n + "」");
    throw base::environment_error("cannot read report template " + path.string() +
                                  " (the templates folder must hold " + names + ")");
  }
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

void add_report(std::vector<file>& files, std::string name, reports::report_kind kind,
                const std::string& template_name, const unit_data& unit,
                const render_resources& res, const reports::wording& wording,
                base::diagnostics& diags) {
  const reports::record fields =
      reports::report_fields(kind, unit.model, unit.figures, wording, diags);
  std::string bytes = docx::fill(res.template_bytes(template_name), template_name, fields, diags);
  if (bytes.empty()) return;
  files.push_back({std::move(name), std::move(bytes)});
}

// A form deliverable drawn by the form engine from the profile's definition, with the
// profile's label, heading and signature line.
layout::document compose_deliverable(const profile::profile& p, const profile::deliverable& d,
                                     const profile_assets& assets, const data::model& m,
                                     const data::figures& f, std::optional<std::size_t> project,
                                     const pdf::font_measure& measure) {
  forms::compose_options o;
  o.date_label = p.signature.date_label();
  for (const std::string& key : p.signature.fields)
    o.signature_fields.emplace_back(key, p.signature.labels.at(key));
  o.label = d.label;
  profile::pattern_values values = profile::values_of(m);
  if (project) values.project = m.projects[*project].name.value;
  o.title = profile::expand(d.heading, values);
  data::value_scope scope;
  if (project) {
    scope.project = *project;
    scope.project_evaluation = true;
  }
  return forms::compose_form(assets.forms.at(d.form), m, f, scope, measure, o);
}

// Whether the data file has the table a `has_data` deliverable depends on (profile.cpp lists
// the names a profile may use).
bool has_data(const std::string& table, const data::model& m) {
  if (table == "overall") return m.overall.given;
  if (table == "projects") return !m.projects.empty();
  if (table == "expenditure")
    return m.expenditure.personnel.given || m.expenditure.public_use.given ||
           m.expenditure.project.given;
  if (table == "overall_report") return m.overall_report.given;
  if (table == "project_report") return m.project_report.given;
  return false;
}

// Why a deliverable is left out; empty when it is produced.
std::string reason_left_out(const profile::deliverable& d, const data::model& m,
                            const data::figures& f) {
  switch (d.when) {
    case profile::produced_when::always:
      return {};
    case profile::produced_when::each_evaluated_project:
      if (!forms::evaluated_projects(m).empty()) return {};
      return m.projects.empty() ? "本单位无项目支出（数据文件中没有 [[projects]]）"
                                : "没有一级项目填写 [projects.evaluation]";
    case profile::produced_when::has_projects:
      if (has_project_spending(m, f)) return {};
      return m.projects.empty() ? "本单位无项目支出（数据文件中没有 [[projects]]）"
                                : "项目支出金额均为空或 0，没有可评价的项目支出";
    case profile::produced_when::has_data:
      if (has_data(d.data, m)) return {};
      return "数据文件中没有 [" + d.data + "]";
  }
  return {};
}

}  // namespace

const std::string& render_resources::template_bytes(const std::string& name) const {
  std::lock_guard guard(templates_lock);
  auto it = templates.find(name);
  if (it == templates.end())
    it = templates.emplace(name, read_template(fs::path(templates_dir) / name, template_names))
             .first;
  return it->second;  // std::map nodes stay put while others are added
}

profile_set::profile_set(std::string config_dir, std::string forced)
    : config_dir_(std::move(config_dir)), forced_(std::move(forced)) {}

const profile_set::loaded& profile_set::load(const std::string& folder) const {
  std::lock_guard guard(lock_);
  auto it = cache_.find(folder);
  if (it != cache_.end()) return it->second;
  loaded l;
  auto p = std::make_shared<profile::profile>(profile::load_profile(folder, l.diags));
  if (!l.diags.has_errors()) {
    // Its wording and forms, so that a problem in any of its files stops the run at once.
    auto assets = std::make_shared<profile_assets>();
    assets->wording = reports::load_wording((fs::path(folder) / p->wording).string(), l.diags);
    for (const profile::deliverable& d : p->deliverables) {
      if (d.kind != profile::deliverable_kind::form || assets->forms.count(d.form) != 0) continue;
      assets->forms.emplace(d.form,
                            forms::load_form((fs::path(folder) / d.form).string(), l.diags));
    }
    if (!l.diags.has_errors()) {
      l.profile = std::move(p);
      l.assets = std::move(assets);
    }
  }
  return cache_.emplace(folder, std::move(l)).first->second;
}

std::shared_ptr<const profile_assets> profile_set::assets(const profile::profile& p) const {
  std::lock_guard guard(lock_);
  const auto it = cache_.find(p.folder);
  return it == cache_.end() ? nullptr : it->second.assets;
}

bool profile_set::preload(base::diagnostics& diags) const {
  const std::string wanted = forced_.empty() ? profile::default_profile_name : forced_;
  const auto folder = profile::find_profile(config_dir_, wanted);
  if (!folder) {
    std::string hint = "profiles are folders under " + config_dir_ + "/profiles:";
    for (const std::string& n : profile::profile_names(config_dir_)) hint += " " + n;
    diags.error("profile-not-found", {config_dir_, 0, 0}, "no profile \"" + wanted + "\"",
                hint + "; or give a profile's folder, e.g. --profile ./my-profile");
    return false;
  }
  const loaded& l = load(*folder);
  for (const base::diagnostic& d : l.diags.items()) diags.add(d);
  return l.profile != nullptr;
}

std::shared_ptr<const profile::profile> profile_set::choose(const data::model& m,
                                                            base::diagnostics& diags) const {
  std::string wanted = forced_;
  const bool from_data = wanted.empty() && m.profile.given && !m.profile.value.empty();
  if (from_data) wanted = m.profile.value;
  if (wanted.empty()) wanted = profile::default_profile_name;
  std::optional<std::string> folder;
  if (from_data && wanted.find('/') != std::string::npos && fs::path(wanted).is_relative()) {
    // A folder named in the data file is relative to the data file, like its images.
    folder = profile::find_profile(config_dir_, (fs::path(m.file).parent_path() / wanted).string());
  } else {
    folder = profile::find_profile(config_dir_, wanted);
  }
  if (!folder) {
    const std::vector<std::string> known = profile::profile_names(config_dir_);
    const std::vector<std::string_view> candidates(known.begin(), known.end());
    diags.error("profile-unknown", from_data ? m.profile.loc : base::source_loc{config_dir_, 0, 0},
                "no profile \"" + wanted + "\" in " + config_dir_ + "/profiles",
                data::did_you_mean(wanted, candidates) +
                    "; a profile may also be given as a folder, e.g. \"../profiles/my-city\"");
    return nullptr;
  }
  const loaded& l = load(*folder);
  for (const base::diagnostic& d : l.diags.items()) diags.add(d);
  return l.profile;
}

std::shared_ptr<const render_resources> load_resources(const std::string& config_dir,
                                                       const std::string& templates_dir,
                                                       base::diagnostics& diags,
                                                       const std::string& profile) {
  data::settings settings = data::load_settings(config_dir, diags);
  auto profiles = std::make_shared<const profile_set>(config_dir, profile);
  const bool usable = profiles->preload(diags);
  if (diags.has_errors() || !usable) return nullptr;
  auto res = std::make_shared<render_resources>();
  res->fonts = pdf::load_fonts(settings);
  res->templates_dir = templates_dir;
  res->profiles = std::move(profiles);
  // The templates of the profile every unit uses unless it names another: read now, so that a
  // missing one stops the run before any unit is built.
  base::diagnostics ignored;
  const data::model none;
  if (const auto p = res->profiles->choose(none, ignored)) {
    for (const profile::deliverable& d : p->deliverables)
      if (d.kind == profile::deliverable_kind::report)
        res->template_names.push_back(d.template_file);
    for (const std::string& name : res->template_names) (void)res->template_bytes(name);
  }
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

std::vector<planned_deliverable> plan_deliverables(const profile::profile& p, const data::model& m,
                                                   const data::figures& f) {
  std::vector<planned_deliverable> out;
  const profile::pattern_values values = profile::values_of(m);
  for (const profile::deliverable& d : p.deliverables) {
    const std::string title = profile::expand(d.title, values);
    std::string reason = reason_left_out(d, m, f);
    if (!reason.empty()) {
      out.push_back({d.label, title, false, std::move(reason)});
    } else if (d.when == profile::produced_when::each_evaluated_project) {
      for (const std::size_t i : forms::evaluated_projects(m))
        out.push_back({d.label, title + "（" + m.projects[i].name.value + "）", true, {}});
    } else {
      out.push_back({d.label, title, true, {}});
    }
  }
  return out;
}

namespace {
std::vector<file> render_files(const unit_data& unit, const render_resources& res,
                               base::diagnostics& diags);
}  // namespace

std::vector<file> render_unit(const unit_data& unit, const render_resources& res,
                              base::diagnostics& diags) {
  std::vector<file> files = render_files(unit, res, diags);
  if (unit.relocate) unit.relocate(diags);
  return files;
}

namespace {
std::vector<file> render_files(const unit_data& unit, const render_resources& res,
                               base::diagnostics& diags) {
  if (!unit.profile) throw base::environment_error("no profile to build " + unit.path + " by");
  const profile::profile& p = *unit.profile;
  std::vector<file> files;
  const pdf::font_measure measure(res.fonts);
  const data::model& m = unit.model;
  const data::figures& f = unit.figures;
  const auto assets = res.profiles ? res.profiles->assets(p) : nullptr;
  if (!assets) throw base::environment_error("profile " + p.folder + " was not loaded");
  // Scored forms: every criterion scored or 不适用, within its 分值 (also when the form is
  // left out, so check reports them); [scored.<id>] naming no form of the profile.
  std::vector<const forms::form_definition*> defs;
  for (const auto& [path, def] : assets->forms) {
    defs.push_back(&def);
    if (!def.criteria.empty()) forms::check_scored(def, m, diags);
  }
  forms::check_scored_forms(defs, m, diags);
  // The report section trees against the keys and blocks this profile's wording defines.
  reports::check_report_tree(m, assets->wording, diags);
  for (const profile::deliverable& d : p.deliverables) {
    if (!reason_left_out(d, m, f).empty()) continue;
    profile::pattern_values values = profile::values_of(m);
    if (d.kind == profile::deliverable_kind::report) {
      const auto kind =
          d.report == "project" ? reports::report_kind::project : reports::report_kind::overall;
      add_report(files, safe_file_name(profile::expand(d.file, values)), kind, d.template_file,
                 unit, res, assets->wording, diags);
      continue;
    }
    std::vector<std::optional<std::size_t>> targets = {std::nullopt};
    if (d.when == profile::produced_when::each_evaluated_project) {
      targets.clear();
      for (const std::size_t i : forms::evaluated_projects(m)) targets.emplace_back(i);
    }
    for (const auto& project : targets) {
      if (project) values.project = m.projects[*project].name.value;
      const layout::document doc = compose_deliverable(p, d, *assets, m, f, project, measure);
      if (doc.pages.empty()) continue;
      const std::string name = safe_file_name(profile::expand(d.file, values));
      add_pdf(files, name, doc, unit, res, diags);
      if (unit.xlsx_tables && name.ends_with(".pdf"))
        files.push_back(
            {name.substr(0, name.size() - 4) + ".xlsx",
             workbook::write_table(assets->forms.at(d.form), d.label, m, f, project, p)});
    }
  }
  make_names_unique(files);
  std::sort(files.begin(), files.end(),
            [](const file& a, const file& b) { return a.name < b.name; });
  return files;
}
}  // namespace

renderer make_renderer(std::shared_ptr<const render_resources> resources) {
  auto profiles = resources->profiles;
  return renderer(
      [resources](const unit_data& unit, base::diagnostics& diags) {
        return render_unit(unit, *resources, diags);
      },
      std::move(profiles));
}

}  // namespace selfeval::package
