// The wording of the 附件4 / 附件5 reports, read from a profile's wording.toml: the default section
// tree and headings of each report, and every generated sentence as a pattern over named figures
// ("{year}年全年支出{budget.executed}万元[，其中：{spending_parts}]。"). The C++ supplies the
// figures (reports/figures.h); the file says what is written with them.
//
// Pattern syntax:
//   {name}      a figure, a list of the same report, a list's count ({list.count}), or inside a
//               repetition a field of the element ({name} {amount} {index} …)
//   [ … ]       an optional part: left out when a name inside it is not known
//   {{ }} [[ ]] a literal brace or bracket
// A pattern naming a figure that is not known (not given, typed "——", an empty list) is not
// used: the next variant is tried, and when none applies the sentence is left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/source_loc.h"
#include "data/model.h"

namespace selfeval::reports {

enum class report_kind {
  overall,  // 附件4 部门整体支出绩效自评报告 ([overall_report])
  project,  // 附件5 项目支出绩效自评报告 ([project_report])
};

// One parsed pattern: literal text, names and optional groups.
struct pattern_part {
  enum class kind { text, name, optional };
  kind what = kind::text;
  std::string value;                // the text, or the name
  std::vector<pattern_part> parts;  // the content of an optional group
};

struct pattern {
  std::vector<pattern_part> parts;
  base::source_loc loc;  // the string in wording.toml
};

// A variant applies when `if_zero` is empty or names a figure that is zero (a list or count with
// no items); it is used when every name outside its optional parts is known.
struct variant {
  std::string if_zero;
  pattern text;
};

// The first variant that applies and resolves is printed; none: nothing.
using choice = std::vector<variant>;

// One paragraph of a generated block, or one per element of a collection (`each`).
struct paragraph_def {
  std::string each;
  choice text;
};

// A named list: its items joined with `separator`; fixed items, or one per element of a
// collection. A list with no item printed is not known.
struct list_def {
  std::string name;
  std::string each;           // collection, or empty for fixed items
  std::vector<choice> items;  // fixed items; with `each`, the one item pattern
  std::string separator;
  base::source_loc loc;
};

// A generated block (a `generate` name): its paragraphs, and the warning given when it prints
// nothing (one of generated_block_warnings()).
struct block_def {
  std::string name;
  std::vector<paragraph_def> paragraphs;
  std::string warn_when_empty;
  base::source_loc loc;
};

// A canonical section: its key, its default heading and its default content (used when the
// data file gives no sections, or gives the key with no content of its own).
struct section_def {
  std::string key;
  std::string heading;
  data::report_node content;
  bool optional = false;  // left out of the default tree, and not missed when left out
};

struct report_wording {
  std::vector<section_def> sections;  // in print order
  std::vector<block_def> blocks;
  std::vector<list_def> lists;

  const section_def* section(std::string_view key) const;
  const block_def* block(std::string_view name) const;
  const list_def* list(std::string_view name) const;
};

struct wording {
  std::string file;  // where it was read from (diagnostics)
  report_wording overall;
  report_wording project;

  const report_wording& of(report_kind kind) const {
    return kind == report_kind::overall ? overall : project;
  }
};

// The warnings a block may give when it prints nothing ("no-score", "no-project-score").
const std::vector<std::string_view>& generated_block_warnings();

// Reads and checks a wording file. Every problem goes to `diags` at FILE:LINE:COL with a stable
// id (wording-unknown-name, wording-pattern, wording-unknown-block, unknown-key, …), all at
// once; the result must not be used when there are errors.
wording load_wording(const std::string& path, base::diagnostics& diags);
// The same from text (tests); `file_name` is used in locations.
wording parse_wording(std::string_view text, const std::string& file_name,
                      base::diagnostics& diags);

// config/profiles/hunan/wording.toml below a config folder: the default wording until the
// profile names its own.
std::string default_wording_path(const std::string& config_dir);

}  // namespace selfeval::reports
