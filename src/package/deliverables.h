// One unit's deliverables (附件1–5) rendered in memory: the seam between the renderers (layout
// + pdf, docx) and the package writer.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "data/derive.h"
#include "data/model.h"
#include "forms/compose.h"
#include "package/file.h"

namespace selfeval::package {

// Everything a renderer needs about one unit, already loaded and checked.
struct unit_data {
  std::string path;   // the data file as given (diagnostics, manifest)
  std::string bytes;  // its contents, hashed into the manifest
  data::model model;
  data::figures figures;
  // PNG bytes by image name ("signature", "seal"), read and checked before rendering.
  std::map<std::string, std::string> images;
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

// What is loaded once per process (settings, fonts, templates) and shared by every unit.
struct render_resources;

// Loads the resources from `config_dir` (fonts.toml, layout.toml) and the report templates in
// `templates_dir`. Problems in the config files go to `diags` (then the result is null);
// environment failures (unreadable fonts or templates) throw.
std::shared_ptr<const render_resources> load_resources(const std::string& config_dir,
                                                       const std::string& templates_dir,
                                                       base::diagnostics& diags);

// Which deliverables the data supports: a deliverable with no data behind it is not produced,
// and the user is told why (in Chinese, as `build` prints it).
struct planned_deliverable {
  std::string label;  // "附件3"
  std::string title;  // "项目支出绩效自评表（业务工作经费）"
  bool produced = true;
  std::string reason;  // why it is left out (empty when produced)
};
std::vector<planned_deliverable> plan_deliverables(const data::model& m, const data::figures& f);
// True when the unit has 项目支出 to evaluate: a project with an evaluation, or with a known,
// non-zero amount.
bool has_project_spending(const data::model& m, const data::figures& f);

// Renders 附件1, 附件2, one 附件3 per evaluated 一级项目, 附件4 and (when the unit has 项目支出)
// 附件5, sorted by name, names unique and safe.
std::vector<file> render_unit(const unit_data& unit, const render_resources& resources,
                              base::diagnostics& diags);

// render_unit bound to loaded resources.
render_function make_renderer(std::shared_ptr<const render_resources> resources);

}  // namespace selfeval::package
