#include "package/deliverables.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "base/error.h"
#include "base/messages.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "data/settings.h"
#include "data/suggest.h"
#include "docx/template.h"
#include "forms/compose.h"
#include "forms/form.h"
#include "forms/scored.h"
#include "pdf/fonts.h"
#include "pdf/merge.h"
#include "pdf/render.h"
#include "report_pdf/report_pages.h"
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
  // Diagnostics-only mode embeds each font face once per process (embed_once): what libharu
  // said, by face; empty when it embedded.
  mutable std::mutex embedded_lock;
  mutable std::map<const pdf::font_face*, std::string> embedded;

  const std::string& template_bytes(const std::string& name) const;
};

namespace {

// A missing template is named with the file names the templates folder must hold, so a
// template renamed in the folder is found again.
std::string read_template(const fs::path& path, const std::vector<std::string>& expected) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string names;
    for (const std::string& n : expected)
      names += (names.empty() ? "" : base::tr("list-separator")) +
               base::tr("package.quoted-name", {{"name", n}});
    throw base::environment_error(
        base::tr("package.template-missing", {{"file", path.string()}, {"names", names}}));
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where a character first appears in the data file, so a missing glyph is reported at the
// place the user typed it (the whole file when it only comes from a default text).
// A workbook's place is in the data file made from it, which unit_data::relocate then turns
// into the cell.
base::source_loc place_of(const unit_data& unit, char32_t cp) {
  base::source_loc loc{unit.path, 0, 0};
  const std::string& text = unit.toml_text.empty() ? unit.bytes : unit.toml_text;
  const std::string needle = base::encode_utf8(cp);
  const auto at = text.find(needle);
  if (at != std::string::npos && !base::find_invalid_utf8(text)) {
    const auto lc = base::line_col_at(text, at);
    loc.line = static_cast<std::uint32_t>(lc.line);
    loc.column = static_cast<std::uint32_t>(lc.column);
  }
  return loc;
}

// Each character a document's fonts cannot draw (pdf::check_coverage) is a data error at the
// place the user typed it. Returns whether there is none.
bool report_missing_glyphs(const std::vector<pdf::missing_glyph>& missing, const unit_data& unit,
                           base::diagnostics& diags, bool report) {
  for (const pdf::missing_glyph& m : missing) {
    const base::source_loc at = place_of(unit, m.code_point);
    // The unit name is on every table: one report per place and character, not one per table.
    const bool seen = std::any_of(diags.items().begin(), diags.items().end(), [&](const auto& d) {
      return d.id == "glyph-missing" && d.loc == at &&
             d.message.find(base::encode_utf8(m.code_point)) != std::string::npos;
    });
    if (seen) continue;
    if (report)
      diags.error("glyph-missing", at,
                  base::msg("glyph-missing.report", {{"what", pdf::describe(m)}}));
    else
      diags.error("glyph-missing", at, base::msg{{"what", pdf::describe(m)}});
  }
  return missing.empty();
}

// Diagnostics-only mode (unit_data::diagnostics_only) skips pdf::render_pdf, the most of a
// package's time (font cutting and embedding, deflate). What only render_pdf can refuse, read
// from pdf/render.cpp and pdf/fonts.cpp, and how this mode still fails wherever build would:
// - a character no font draws (not in the font, above U+FFFF, a blank or damaged outline, text
//   that is not UTF-8): check_coverage, run on every document before either mode draws;
// - a damaged or oversized image: decoded by pdf::validate_image within default_image_limits
//   when the unit is loaded (load_images); render_pdf decodes the same bytes with the same
//   function and limits. An image the layout names but the unit lacks (`seal_image = ""`):
//   refused here as render_pdf refuses it (check_images);
// - libharu's range checks while drawing (font sizes, line widths, grays, character spacing,
//   page sizes, dates): program constants, or kept in range by the layout whatever the text;
//   the dates are TOML dates, checked when parsed;
// - the fonts: load_fonts checks each file once per process (the tables libharu and HarfBuzz
//   read, embedding allowed) and check_coverage each glyph drawn (its outline). Left are
//   HarfBuzz cutting the font and libharu reading the cut, which depend on the font file, not
//   on the characters (HarfBuzz rebuilds the tables it cuts from what it sanitized): each face
//   is embedded for real once per process, with one character (embed_once): a font from
//   config/fonts.toml that libharu refuses fails check as it fails build, with its message;
// - limits that grow with the data (render_pdf cuts the document information and bookmarks
//   below libharu's 65,535 bytes a string): libharu's 32,767 pages a document, render_pdf's
//   own 30,000 characters a font and document. A document
//   within a quarter of any of them is drawn in full and its bytes dropped, so the real limits
//   decide (a real package: about 1,000 characters and tens of pages);
// - running out of memory in libharu or libdeflate: the machine, not the input.
bool near_render_limits(const layout::document& doc) {
  constexpr std::size_t pages = 32767 / 4, characters = 30000 / 4;
  if (doc.pages.size() > pages) return true;
  std::vector<bool> seen(0x10000);  // all fonts together: at least as many as in any one
  std::size_t distinct = 0;
  for (const layout::page& page : doc.pages) {
    for (const layout::item& item : page.items) {
      const auto* t = std::get_if<layout::text_item>(&item);
      if (t == nullptr) continue;
      for (const char32_t cp : base::decode_utf8(t->text)) {
        if (cp >= seen.size() || seen[cp]) continue;  // above U+FFFF: check_coverage's error
        seen[cp] = true;
        if (++distinct > characters) return true;
      }
    }
  }
  return false;
}

// Every image the document places is one the unit has (render_pdf's own refusal).
void check_images(const layout::document& doc, const unit_data& unit) {
  for (const layout::page& page : doc.pages)
    for (const layout::item& item : page.items)
      if (const auto* i = std::get_if<layout::image_item>(&item); i && !unit.images.count(i->name))
        throw base::environment_error(base::tr("pdf.image-not-loaded", {{"name", i->name}}));
}

// Embeds each face `doc` draws with, once per process, in one small document of the first
// character drawn with each (a document per face only to tell which one failed); throws what
// render_pdf threw, at every later call too.
void embed_once(const layout::document& doc, const render_resources& res) {
  std::vector<const pdf::font_face*> faces;
  std::vector<layout::text_item> probes;  // faces[i] draws probes[i]
  for (const layout::page& page : doc.pages) {
    for (const layout::item& item : page.items) {
      const auto* t = std::get_if<layout::text_item>(&item);
      if (t == nullptr) continue;
      const pdf::font_face* face = &res.fonts.face(t->role);
      if (std::count(faces.begin(), faces.end(), face) != 0) continue;
      const std::vector<char32_t> cps = base::decode_utf8(t->text);
      if (cps.empty()) continue;
      faces.push_back(face);
      probes.push_back(*t);
      probes.back().text = base::encode_utf8(cps.front());
    }
  }
  const auto failure = [&](const std::vector<layout::text_item>& texts) {
    layout::document one;
    one.pages.emplace_back();
    for (const layout::text_item& t : texts) one.pages.back().items.emplace_back(t);
    try {
      (void)pdf::render_pdf(one, res.fonts);
    } catch (const base::environment_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::lock_guard guard(res.embedded_lock);
  std::vector<layout::text_item> untried;
  for (std::size_t i = 0; i < faces.size(); ++i)
    if (res.embedded.count(faces[i]) == 0) untried.push_back(probes[i]);
  if (!untried.empty()) {
    const bool all_embed = failure(untried).empty();
    for (std::size_t i = 0; i < faces.size(); ++i)
      if (res.embedded.count(faces[i]) == 0)
        res.embedded.emplace(faces[i], all_embed ? std::string() : failure({probes[i]}));
  }
  for (const pdf::font_face* face : faces)
    if (const std::string& why = res.embedded.at(face); !why.empty())
      throw base::environment_error(why);
}

// Draws a laid-out document. `diagnostics_only`: as unit_data::diagnostics_only (also when the
// data has errors: the files will not be written), only what drawing could refuse is checked
// and no bytes are kept.
std::string draw(const layout::document& doc, const unit_data& unit, const render_resources& res,
                 bool diagnostics_only) {
  pdf::render_options options;
  options.coverage_checked = true;
  if (diagnostics_only) {
    check_images(doc, unit);
    embed_once(doc, res);
    if (!near_render_limits(doc)) return {};
  }
  std::string bytes = pdf::render_pdf(doc, res.fonts, unit.images, options);
  if (diagnostics_only) bytes.clear();  // drawn only to learn whether it can be
  return bytes;
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
      return m.projects.empty() ? base::tr("package.left-out.no-projects")
                                : base::tr("package.left-out.no-evaluation");
    case profile::produced_when::has_projects:
      if (has_project_spending(m, f)) return {};
      return m.projects.empty() ? base::tr("package.left-out.no-projects")
                                : base::tr("package.left-out.no-project-spending");
    case profile::produced_when::has_data:
      if (has_data(d.data, m)) return {};
      return base::tr("package.left-out.no-table", {{"table", d.data}});
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
    const std::vector<std::string> names = profile::profile_names(config_dir_);
    diags.error(
        "profile-not-found", {config_dir_, 0, 0},
        base::msg{{"name", wanted}, {"config", config_dir_}, {"names", base::join(names, " ")}});
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
    const base::source_loc at = from_data ? m.profile.loc : base::source_loc{config_dir_, 0, 0};
    if (const auto best = data::closest_name(wanted, candidates)) {
      diags.error("profile-unknown", at,
                  base::msg{{"name", wanted}, {"config", config_dir_}, {"best", *best}});
    } else {
      diags.error("profile-unknown", at,
                  base::msg("profile-unknown.list", {{"name", wanted},
                                                     {"config", config_dir_},
                                                     {"names", base::join(known, " ")}}));
    }
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
                               base::diagnostics& diags, const pdf_choice& choice,
                               unsigned workers);
}  // namespace

std::vector<file> render_unit(const unit_data& unit, const render_resources& res,
                              base::diagnostics& diags, const pdf_choice& choice,
                              unsigned workers) {
  // A workbook's diagnostics move to its cells also when rendering throws after finding some.
  std::vector<file> files;
  try {
    files = render_files(unit, res, diags, choice, workers);
  } catch (...) {
    if (unit.relocate) unit.relocate(diags);
    throw;
  }
  if (unit.relocate) unit.relocate(diags);
  return files;
}

namespace {

// One deliverable of the unit, a report or a form (for one project), and what it becomes. The
// pieces are laid out, checked and drawn each on its own, on several threads when allowed
// (render_pieces), then joined in package order: every diagnostic, file and bookmark comes
// where making them one by one would put it.
struct piece {
  const profile::deliverable* d = nullptr;
  std::optional<std::size_t> project;  // a form made for each evaluated project
  std::string file_name;  // as the profile patterns it: "附件4-2023年度…报告.docx"
  std::string bookmark;   // "附件3 项目支出绩效自评表（业务工作经费）"
  // Laid out:
  base::diagnostics diags;
  std::vector<file> before;             // a report's DOCX
  std::optional<std::string> pdf_name;  // there are pages to draw; "": for the review file only
  bool report = false;                  // its glyph errors offer the DOCX alone (--pdf none)
  layout::document doc;
  std::vector<pdf::missing_glyph> missing;
  std::vector<file> after;            // a form's .xlsx table
  std::exception_ptr compose_failed;  // laying out or checking it threw
  std::exception_ptr table_failed;    // writing its .xlsx table threw (after its glyph check)
  // Drawn (when nothing is missing):
  std::string bytes;
  bool drawn_in_full = false;  // not as diagnostics-only mode draws
  std::exception_ptr draw_failed;
  // Joined: its PDF's place among the unit's files (none: drawn for the review file only).
  std::optional<std::size_t> pdf_file;
};

struct piece_context {
  const unit_data& unit;
  const render_resources& res;
  const profile_assets& assets;
  const pdf::font_measure& measure;
  bool reports_as_pdf;
  bool review;
  bool diagnostics_only;  // also when the data already has errors
};

// The DOCX from the template and, from the same fields, the report's pages: a PDF file when
// reports are drawn, pages for the review file when there is one.
void compose_report(piece& pc, const piece_context& c) {
  const profile::deliverable& d = *pc.d;
  const data::model& m = c.unit.model;
  const auto kind =
      d.report == "project" ? reports::report_kind::project : reports::report_kind::overall;
  const reports::record fields =
      reports::report_fields(kind, m, c.unit.figures, c.assets.wording, pc.diags);
  std::string bytes =
      docx::fill(c.res.template_bytes(d.template_file), d.template_file, fields, pc.diags);
  if (bytes.empty()) return;
  const std::string& name = pc.file_name;
  pc.before.push_back({safe_file_name(name), std::move(bytes)});
  if (!c.reports_as_pdf && !c.review) return;
  // The DOCX's name with .pdf: "附件4-2023年度…自评报告.pdf".
  pc.pdf_name =
      c.reports_as_pdf
          ? safe_file_name((name.ends_with(".docx") ? name.substr(0, name.size() - 5) : name) +
                           ".pdf")
          : std::string();
  pc.report = true;
  pc.doc = report_pdf::lay_out_report(d.label, fields, c.measure);
}

void compose_form_piece(piece& pc, const piece_context& c) {
  const profile::deliverable& d = *pc.d;
  const data::model& m = c.unit.model;
  pc.doc =
      compose_deliverable(*c.unit.profile, d, c.assets, m, c.unit.figures, pc.project, c.measure);
  if (!pc.doc.pages.empty()) pc.pdf_name = safe_file_name(pc.file_name);
}

// A form's table as .xlsx when asked for (`build --xlsx`), after its glyph check as before.
void write_form_table(piece& pc, const piece_context& c) {
  const std::string& name = *pc.pdf_name;
  if (!c.unit.xlsx_tables || c.unit.diagnostics_only || !name.ends_with(".pdf")) return;
  pc.after.push_back(
      {name.substr(0, name.size() - 4) + ".xlsx",
       workbook::write_table(c.assets.forms.at(pc.d->form), pc.d->label, c.unit.model,
                             c.unit.figures, pc.project, *c.unit.profile)});
}

// Lays out, checks and draws every piece on up to `workers` threads, the reports (the longest)
// first. Each reads only its own piece and what the unit shares read-only (the fonts, images,
// templates and profile, all safe to read from several threads as batches do). With a review
// file (`merger`), each piece drawn is added to its merge at once. With more than one worker, one
// more task, second in line, readies what the end of the build needs: qpdf loaded
// (merger::prepare) and OpenSSL's digest for the manifest (base::prepare_sha256). As a task, not
// a thread of its own: the dynamic linker's lock, held while qpdf loads, would hold up the start
// of the workers.
void render_pieces(std::vector<piece>& pieces, const piece_context& c, unsigned workers,
                   pdf::merger* merger) {
  constexpr std::size_t prepare_task = static_cast<std::size_t>(-1);
  std::vector<std::size_t> order(pieces.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_partition(order.begin(), order.end(), [&](std::size_t i) {
    return pieces[i].d->kind == profile::deliverable_kind::report;
  });
  if (workers > 1 && !c.diagnostics_only)
    order.insert(order.begin() + std::min<std::size_t>(1, order.size()), prepare_task);
  base::for_each_index(order.size(), workers, [&](std::size_t k) {
    if (order[k] == prepare_task) {
      if (merger != nullptr) merger->prepare();
      return base::prepare_sha256();
    }
    piece& pc = pieces[order[k]];
    try {
      if (pc.d->kind == profile::deliverable_kind::report)
        compose_report(pc, c);
      else
        compose_form_piece(pc, c);
      if (pc.pdf_name) pc.missing = pdf::check_coverage(pc.doc, c.res.fonts);
    } catch (...) {
      pc.compose_failed = std::current_exception();  // rethrown in package order
      return;
    }
    if (pc.pdf_name && pc.d->kind == profile::deliverable_kind::form) {
      try {
        write_form_table(pc, c);
      } catch (...) {
        pc.table_failed = std::current_exception();  // rethrown after its glyph errors
        return;
      }
    }
    if (!pc.pdf_name || !pc.missing.empty()) return;
    // Drawn in full unless this piece or the data already has errors; another piece's errors
    // found meanwhile drop the bytes (and redo a failed drawing as diagnostics-only mode would).
    pc.drawn_in_full = !c.diagnostics_only && !pc.diags.has_errors();
    try {
      pc.bytes = draw(pc.doc, c.unit, c.res, !pc.drawn_in_full);
    } catch (...) {
      pc.draw_failed = std::current_exception();
      return;
    }
    if (!pc.drawn_in_full) return;
    if (merger != nullptr) merger->add(order[k], pc.bytes, pc.bookmark);
    // What is left to read of the drawn pages is their number, sizes and bookmarks (the review
    // file's outline): their items are freed here, on the worker, not all at the end.
    for (layout::page& page : pc.doc.pages) std::vector<layout::item>().swap(page.items);
  });
}

// The review file: the PDFs of the drawn pieces merged in package order, a bookmark per
// deliverable and under each report its own section bookmarks, at their merged pages.
std::string review_file(pdf::merger& merger, const std::vector<piece*>& drawn,
                        const std::vector<piece>& pieces, const data::model& m, std::string title) {
  pdf::merge_metadata info;
  info.title = std::move(title);
  info.author = m.unit.name.value;
  std::vector<pdf::merger::part> bytes;
  std::vector<layout::outline_entry> outline;
  std::size_t first = 0;  // the part's first page in the merged file
  for (const piece* pc : drawn) {
    const layout::document& doc = pc->doc;
    if (info.year == 0) {
      info.year = doc.year;
      info.month = doc.month;
      info.day = doc.day;
    }
    // Keyed by its piece, as render_pieces added it.
    bytes.push_back({static_cast<std::size_t>(pc - pieces.data()), pc->bytes});
    outline.push_back({pc->bookmark, 0, first, doc.pages.empty() ? 0 : doc.pages.front().height});
    for (layout::outline_entry e : doc.outline) {
      e.level += 1;
      e.page += first;
      outline.push_back(std::move(e));
    }
    first += doc.pages.size();
  }
  return merger.finish(bytes, outline, info);
}

std::vector<file> render_files(const unit_data& unit, const render_resources& res,
                               base::diagnostics& diags, const pdf_choice& choice,
                               unsigned workers) {
  if (!unit.profile)
    throw base::environment_error(base::tr("package.no-profile", {{"file", unit.path}}));
  const profile::profile& p = *unit.profile;
  const pdf::font_measure measure(res.fonts);
  const data::model& m = unit.model;
  const data::figures& f = unit.figures;
  const auto assets = res.profiles ? res.profiles->assets(p) : nullptr;
  if (!assets)
    throw base::environment_error(base::tr("package.profile-not-loaded", {{"folder", p.folder}}));
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
  const bool reports_as_pdf = choice.reports.value_or(p.pdf.reports);
  const bool review = choice.review.value_or(p.pdf.review);
  std::vector<piece> pieces;
  for (const profile::deliverable& d : p.deliverables) {
    if (!reason_left_out(d, m, f).empty()) continue;
    profile::pattern_values values = profile::values_of(m);
    const std::string title = profile::expand(d.title, values);
    const auto add = [&](std::optional<std::size_t> project) {
      piece& pc = pieces.emplace_back();
      pc.d = &d;
      pc.project = project;
      if (project) values.project = m.projects[*project].name.value;
      pc.file_name = profile::expand(d.file, values);
      pc.bookmark = d.label + " " + title + (project ? "（" + values.project + "）" : "");
    };
    if (d.kind == profile::deliverable_kind::report ||
        d.when != profile::produced_when::each_evaluated_project) {
      add(std::nullopt);
      continue;
    }
    for (const std::size_t i : forms::evaluated_projects(m)) add(i);
  }
  const piece_context context{unit,
                              res,
                              *assets,
                              measure,
                              reports_as_pdf,
                              review,
                              unit.diagnostics_only || diags.has_errors()};
  // The review file's merge reads each PDF as soon as it is drawn (render_pieces).
  std::optional<pdf::merger> merger;
  if (review && !unit.diagnostics_only) merger.emplace();
  render_pieces(pieces, context, workers, merger ? &*merger : nullptr);

  std::vector<file> files;
  std::vector<piece*> drawn;  // the pieces whose PDF is part of the package, in its order
  for (piece& pc : pieces) {
    for (const base::diagnostic& d : pc.diags.items()) diags.add(d);
    if (pc.compose_failed) std::rethrow_exception(pc.compose_failed);
    for (file& x : pc.before) files.push_back(std::move(x));
    if (pc.pdf_name && report_missing_glyphs(pc.missing, unit, diags, pc.report)) {
      if (!pc.pdf_name->empty()) {
        pc.pdf_file = files.size();
        files.push_back({*pc.pdf_name, {}});  // its bytes below
      }
      drawn.push_back(&pc);
    }
    if (pc.table_failed) std::rethrow_exception(pc.table_failed);
    for (file& x : pc.after) files.push_back(std::move(x));
  }
  // Drawing failures in package order, as drawing every PDF after laying them all out would meet
  // them: with errors anywhere in the data, as diagnostics-only mode draws.
  const bool errors = unit.diagnostics_only || diags.has_errors();
  for (piece* pc : drawn) {
    if (errors && pc->drawn_in_full) {
      if (pc->draw_failed) (void)draw(pc->doc, unit, res, true);  // may throw
      pc->bytes.clear();
    } else if (pc->draw_failed) {
      std::rethrow_exception(pc->draw_failed);
    }
  }
  // The review file, once every deliverable could be drawn (its pages are theirs).
  if (review && !drawn.empty() && !diags.has_errors()) {
    const profile::pattern_values values = profile::values_of(m);
    const std::string name = profile::expand(p.pdf.review_file, values);
    // Diagnostics only: no bytes to merge (the merge of PDFs drawn by render_pdf refuses
    // nothing in the data).
    files.push_back({safe_file_name(name), unit.diagnostics_only
                                               ? std::string()
                                               : review_file(*merger, drawn, pieces, m,
                                                             name.substr(0, name.size() - 4))});
  }
  for (piece* pc : drawn)
    if (pc->pdf_file) files[*pc->pdf_file].bytes = std::move(pc->bytes);
  make_names_unique(files);
  std::sort(files.begin(), files.end(),
            [](const file& a, const file& b) { return a.name < b.name; });
  return files;
}
}  // namespace

renderer make_renderer(std::shared_ptr<const render_resources> resources, pdf_choice choice,
                       unsigned workers) {
  auto profiles = resources->profiles;
  return renderer(
      [resources, choice, workers](const unit_data& unit, base::diagnostics& diags) {
        return render_unit(unit, *resources, diags, choice, workers);
      },
      std::move(profiles));
}

}  // namespace selfeval::package
