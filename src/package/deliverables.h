// One unit's deliverables rendered in memory, as its profile lists them (config/profiles/<name>/
// profile.toml): the seam between the renderers (layout + pdf, docx) and the package writer.
#pragma once

#include <concepts>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "data/derive.h"
#include "data/model.h"
#include "forms/compose.h"
#include "package/file.h"
#include "profile/profile.h"

namespace selfeval::package {

// Everything a renderer needs about one unit, already loaded and checked.
struct unit_data {
  std::string path;   // the data file as given (diagnostics, manifest)
  std::string bytes;  // its contents, hashed into the manifest
  // For a workbook: the data file made from its cells (bytes is the zip); empty otherwise.
  std::string toml_text;
  data::model model;
  data::figures figures;
  // PNG bytes by image name ("signature", "seal"), read and checked before rendering.
  std::map<std::string, std::string> images;
  // The region's package this unit is built by; null when no profiles were given (tests).
  std::shared_ptr<const profile::profile> profile;
  bool xlsx_tables = false;  // each table also as .xlsx (build --xlsx)
  // Diagnostics only (`check`, and `build` on data with errors): everything that can find a
  // problem runs, nothing whose only product is bytes: the PDFs (review file included) come
  // back named but empty, no .xlsx tables. deliverables.cpp (the comment above
  // near_render_limits) says why nothing build would report is lost.
  bool diagnostics_only = false;
  // A workbook's problems are placed at its cells (book.xlsx[附件2!D7]); set for a workbook.
  std::function<void(base::diagnostics&)> relocate;
};

// Image names the layout's image_item refers to.
using forms::seal_image_name;
using forms::signature_image_name;

// Renders one unit's deliverables; must be safe to call from several threads at once. Problems
// of the data that only rendering finds (a character no font can draw, a report section it
// cannot place) go to `diags`; the files are then not to be written. Throws
// base::environment_error on failures of fonts, templates or libraries.
using render_function =
    std::function<std::vector<file>(const unit_data&, base::diagnostics& diags)>;

// The profiles of a run, each loaded once and shared by the units (and threads) that use it. A
// unit's profile is `--profile` when given, else the data file's `profile = "…"`, else hunan.
struct profile_assets;

class profile_set {
 public:
  // `forced`: the --profile argument (a name under config_dir/profiles/ or a folder), or "".
  profile_set(std::string config_dir, std::string forced);

  // Loads the --profile (or, without one, the default) profile now, so that its problems stop
  // the run before any unit is read. False (problems in `diags`) when it cannot be used.
  bool preload(base::diagnostics& diags) const;

  // The profile of a unit; null with errors in `diags` (at the data file's `profile` key, or in
  // the profile's own files) when it cannot be used.
  std::shared_ptr<const profile::profile> choose(const data::model& m,
                                                 base::diagnostics& diags) const;

 private:
  struct loaded {
    std::shared_ptr<const profile::profile> profile;  // null when it has errors
    std::shared_ptr<const profile_assets> assets;     // its wording and forms (with profile)
    base::diagnostics diags;
  };
  const loaded& load(const std::string& folder) const;

 public:
  // The wording and form definitions of a profile this set loaded; null for another profile.
  std::shared_ptr<const profile_assets> assets(const profile::profile& p) const;

 private:
  std::string config_dir_;
  std::string forced_;
  mutable std::mutex lock_;
  mutable std::map<std::string, loaded> cache_;  // by folder
};

// A renderer and the profiles its units are built by. Converts from any render function, so a
// test may pass a plain function (its units then get no profile and no deliverable plan).
struct renderer {
  render_function render;
  std::shared_ptr<const profile_set> profiles;

  renderer() = default;
  template <class F>
  requires std::constructible_from<render_function, F> renderer(
      F f)  // NOLINT(google-explicit-constructor): a render function is a renderer
      : render(std::move(f)) {}
  renderer(render_function f, std::shared_ptr<const profile_set> p)
      : render(std::move(f)), profiles(std::move(p)) {}

  explicit operator bool() const { return static_cast<bool>(render); }
  std::vector<file> operator()(const unit_data& unit, base::diagnostics& diags) const {
    return render(unit, diags);
  }
};

// What is loaded once per process (fonts, profiles, templates) and shared by every unit.
struct render_resources;

// Loads the resources from `config_dir` (fonts.toml, profiles/) and the report templates in
// `templates_dir`; `profile` is the --profile argument or "". Problems in the config files go to
// `diags` (then the result is null); environment failures (unreadable fonts) throw.
std::shared_ptr<const render_resources> load_resources(const std::string& config_dir,
                                                       const std::string& templates_dir,
                                                       base::diagnostics& diags,
                                                       const std::string& profile = {});

// Which deliverables the data supports, in the profile's order: a deliverable with no data
// behind it is not produced, and the user is told why (in Chinese, as `build` prints it).
struct planned_deliverable {
  std::string label;  // "附件3"
  std::string title;  // "项目支出绩效自评表（业务工作经费）"
  bool produced = true;
  std::string reason;  // why it is left out (empty when produced)
};
std::vector<planned_deliverable> plan_deliverables(const profile::profile& p, const data::model& m,
                                                   const data::figures& f);
// True when the unit has 项目支出 to evaluate: a project with an evaluation, or with a known,
// non-zero amount.
bool has_project_spending(const data::model& m, const data::figures& f);

// The PDF renderings asked for on the command line (build --pdf); unset: the profile's [pdf]
// decides (default: both).
struct pdf_choice {
  std::optional<bool> reports;  // 附件4/5 as PDF next to their DOCX
  std::optional<bool> review;   // the review file: every deliverable in one PDF with bookmarks
};

// Renders the deliverables of the unit's profile that its data supports, and the PDF renderings
// chosen (the reports as PDF, the review file), sorted by name, names unique and safe. The PDFs
// are drawn on up to `workers` threads (the same bytes and diagnostics as on one): more than one
// only when this unit is all the run builds, as a batch already runs its units on threads.
std::vector<file> render_unit(const unit_data& unit, const render_resources& resources,
                              base::diagnostics& diags, const pdf_choice& choice = {},
                              unsigned workers = 1);

// render_unit bound to loaded resources, with their profiles.
renderer make_renderer(std::shared_ptr<const render_resources> resources, pdf_choice choice = {},
                       unsigned workers = 1);

}  // namespace selfeval::package
