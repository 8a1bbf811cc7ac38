// A region's package as data: config/profiles/<name>/profile.toml lists the deliverables (label,
// title, file name, how each is made and when), the indicator framework, the signature line and
// the files the profile brings along (form definitions, wording). Loading reports every problem
// of the file at FILE:LINE:COL with a stable id, all at once (docs/profiles.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/source_loc.h"
#include "data/model.h"
#include "data/rules.h"

namespace selfeval::profile {

// The profile used when neither the data file nor --profile names one.
inline constexpr const char* default_profile_name = "hunan";
inline constexpr const char* profile_file_name = "profile.toml";

enum class deliverable_kind { form, report };

// When a deliverable is produced.
enum class produced_when {
  always,
  has_projects,            // the unit has 项目支出 (package::has_project_spending)
  each_evaluated_project,  // one per 一级项目 with [projects.evaluation]
  has_data,                // the data file has the table named by `data`
};

// One entry of [[deliverables]]. Patterns may name {year}, {unit} and, in the file name and
// heading of a per-project deliverable, {project}.
struct deliverable {
  std::string id;       // unique within the profile: "table1"
  std::string label;    // "附件1", printed above the title
  std::string title;    // pattern: the name in build's and check's lists
  std::string heading;  // pattern: the title printed on a form (empty for reports)
  std::string file;     // pattern: the file name in the package
  deliverable_kind kind = deliverable_kind::form;
  std::string form;           // kind = form: the definition file, relative to the profile folder
  std::string report;         // kind = report: "overall" (附件4) or "project" (附件5)
  std::string template_file;  // kind = report: a file name in the templates folder
  produced_when when = produced_when::always;
  std::string data;        // when = has_data: the data file's table, e.g. "overall"
  base::source_loc where;  // the [[deliverables]] entry
  // Where each key's value is, for diagnostics found after loading (missing files).
  std::map<std::string, base::source_loc, std::less<>> value_at;
};

// The signature line under the forms: which fields in which order, and their printed wording.
struct signature_line {
  // Field keys in print order: "filler" 填表人, "date" 填表日期, "phone" 联系电话,
  // "head" 单位负责人签字.
  std::vector<std::string> fields = {"filler", "date", "phone", "head"};
  std::map<std::string, std::string, std::less<>> labels = {{"filler", "填表人"},
                                                            {"date", "填表日期"},
                                                            {"phone", "联系电话"},
                                                            {"head", "单位负责人签字"}};
  std::string date_label() const { return labels.at("date"); }
};

// The 一级指标 of the evaluation tables and the numbers the checks use.
struct indicator_framework {
  std::vector<std::string> level1 = {"产出指标", "效益指标", "满意度指标"};
  // 财预〔2021〕101号 adds 成本指标 as a fourth 一级指标; a profile names it to use it.
  std::optional<std::string> cost;
  base::decimal cost_weight;  // its default 分值 when `cost` is set
  data::indicator_rules rules;
};

// The PDF renderings `build` writes besides the deliverables ([pdf] in profile.toml): 附件4/5 as
// PDF next to their DOCX, and one review file of the whole package with bookmarks.
struct pdf_renderings {
  bool reports = true;
  bool review = true;
  std::string review_file = "{year}年度{unit}绩效自评材料（全部）.pdf";  // pattern
};

struct profile {
  std::string name;    // `name` in profile.toml
  std::string folder;  // the profile's folder as found
  std::string file;    // folder/profile.toml
  std::string bytes;   // its text (hashed into the manifest)
  std::string title;
  std::string wording;  // file name of the wording, relative to the folder
  base::source_loc wording_at;
  std::vector<deliverable> deliverables;
  signature_line signature;
  indicator_framework indicators;
  pdf_renderings pdf;
};

// Reads folder/profile.toml. Every problem goes to `diags`; when it has errors the result must
// not be used. Files the profile names (forms, wording) are checked by check_files.
profile load_profile(const std::string& folder, base::diagnostics& diags);

// The same for the text of a profile.toml that is (or would be) in `folder`.
profile parse_profile(std::string text, const std::string& folder, base::diagnostics& diags);

// Checks that the files the profile names exist: form definitions and wording in the profile's
// folder, report templates in `templates_dir` (skipped when empty).
void check_files(const profile& p, const std::string& templates_dir, base::diagnostics& diags);

// The profile folder for `name_or_folder`: a folder path (it holds a '/' or is an existing
// folder with a profile.toml) or a name under config_dir/profiles/. nullopt when not found.
std::optional<std::string> find_profile(const std::string& config_dir,
                                        const std::string& name_or_folder);

// The profiles shipped in config_dir/profiles/ (folder names, sorted), for hints.
std::vector<std::string> profile_names(const std::string& config_dir);

// The names a pattern may use, and expanding one. Unknown names stay as typed (load_profile has
// reported them).
struct pattern_values {
  std::string year;
  std::string unit;
  std::string project;
};
std::string expand(std::string_view pattern, const pattern_values& values);
pattern_values values_of(const data::model& m);

}  // namespace selfeval::profile
