// Composing a form definition (form.h) into layout blocks: the general rules stay here (cell
// styles, the chrome around the table, the signature line, unknown figures as "——"), the forms
// themselves are data.
#include <map>
#include <string>
#include <utility>

#include "base/utf8.h"
#include "data/format.h"
#include "forms/form.h"
#include "forms/scored.h"

// GCC 12 at -O2 reports a false -Wmaybe-uninitialized when std::vector<block> relocates a
// field_line alternative (every member has an initializer); clang and GCC 13 do not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace selfeval::forms {
namespace {

using layout::block;
using layout::cell_style;
using layout::font_role;
using layout::h_align;
using layout::paragraph;
using layout::v_align;

// GB/T 9704 places the attachment title on the third line of a 28.95 pt grid.
constexpr double grid_line = 28.95;

struct styles {
  // Headings are the body face in synthetic bold rather than 黑体: the same glyphs serve both,
  // which keeps a one-page 附件2 near 50 KB (a second CJK face costs about 8 KB of glyphs).
  cell_style head;      // column headings and section labels: bold 宋体, centred
  cell_style label;     // row labels: 宋体, left
  cell_style center;    // values and short labels: 宋体, centred
  cell_style text;      // free text: 宋体, left, top
  cell_style vertical;  // stacked labels: bold 宋体

  styles(double size, double pad_y) {
    head.bold = true;
    head.size = size;
    label.size = size;
    label.halign = h_align::left;
    label.hang = true;
    center.size = size;
    text.size = size;
    text.halign = h_align::left;
    text.valign = v_align::top;
    vertical = head;
    vertical.vertical = true;
    for (cell_style* s : {&head, &label, &center, &text, &vertical}) s->pad_y = pad_y;
  }

  const cell_style& of(cell_style_name n) const {
    switch (n) {
      case cell_style_name::head:
        return head;
      case cell_style_name::label:
        return label;
      case cell_style_name::text:
        return text;
      case cell_style_name::vertical:
        return vertical;
      case cell_style_name::center:
        break;
    }
    return center;
  }
};

// Indicator level names break before a final "指标" when longer than four characters, as the
// seeds print them ("满意度\n指标"), instead of wherever the column edge falls.
std::string level_label(const std::string& name) {
  const auto cps = base::decode_utf8(name);
  if (cps.size() > 4 && name.ends_with("指标")) return name.substr(0, name.size() - 6) + "\n指标";
  return name;
}

// Multi-paragraph input as cell text, each paragraph indented two characters.
std::string indented_paragraphs(const std::string& s) {
  std::string out;
  for (const auto& p : base::split_paragraphs(s)) {
    if (!out.empty()) out += "\n";
    out += "　　" + p;
  }
  return out;
}

// Goals as a numbered list "1. … 2. …" unless the user numbered them already.
std::string numbered_goals(const std::string& s) {
  const auto paras = base::split_paragraphs(s);
  bool numbered = false;
  for (const auto& p : paras) numbered = numbered || (!p.empty() && p[0] >= '0' && p[0] <= '9');
  std::string out;
  for (std::size_t i = 0; i < paras.size(); ++i) {
    if (i > 0) out += "\n";
    out += numbered ? paras[i] : std::to_string(i + 1) + ". " + paras[i];
  }
  return out;
}

// The labels an indicator group's level cells print.
struct level_values {
  std::string block_name;
  std::string block_weight;
  std::string group_name;
};

const data::project_figures no_project_figures;

class composer {
 public:
  composer(const form_definition& def, const data::model& m, const data::figures& f,
           const compose_options& o)
      : def_(def), m_(m), f_(f), st_(o.body_size, def.cell_pad_y), scores_(find_scores(def, m)) {}

  std::string text(const pattern& p, const data::value_scope& scope,
                   const level_values* levels = nullptr) const {
    std::string out;
    for (const piece& x : p) {
      out += x.literal;
      if (x.value) {
        out += data::value_at(*x.value, m_, f_, scope).text;
      } else if (x.local) {
        out += local(*x.local, levels);
      }
    }
    return out;
  }

  layout::table table(const data::value_scope& scope) {
    t_.name = text(def_.name, scope);
    for (const column_def& c : def_.columns) t_.columns.push_back(c.column);
    t_.content_widths = def_.content_widths;
    t_.last_page_rows = def_.last_page_rows;
    t_.min_row_height = def_.min_row_height;
    t_.line_spacing = def_.line_spacing;
    t_.rule_width = def_.rule_width;
    body(def_.body, scope);
    return std::move(t_);
  }

 private:
  const form_definition& def_;
  const data::model& m_;
  const data::figures& f_;
  styles st_;
  layout::table t_;
  int r_ = 0;
  const data::scored_entry* scores_ = nullptr;  // [scored.<form id>] of the data file
  const criterion* criterion_ = nullptr;        // the member of each = "criterion"
  // Per column, the last cell a merge cell added (index into t_.cells).
  std::map<int, std::size_t> merged_;

  std::string local(local_value v, const level_values* levels) const {
    switch (v) {
      case local_value::block_name:
        return levels ? levels->block_name : "";
      case local_value::block_weight:
        return levels ? levels->block_weight : "";
      case local_value::group_name:
        return levels ? levels->group_name : "";
      default:
        return scored_value_text(v, def_, m_, criterion_, scores_);
    }
  }

  void add(const cell_def& c, int row, int col, int rows, const data::value_scope& scope,
           bool first, const level_values* levels = nullptr, bool blank = false) {
    std::string s;
    if (!blank) {
      s = text(first && c.first_text ? *c.first_text : c.text, scope, levels);
      if (c.format == cell_format::paragraphs) s = indented_paragraphs(s);
      if (c.format == cell_format::numbered) s = numbered_goals(s);
    }
    if (c.merge) {
      // Extends the cell above when its text is the same and the merge cells to its left did
      // the same in this row (a 二级指标 repeated under another 一级指标 starts anew).
      const auto above = merged_.find(col);
      if (merging_ && above != merged_.end()) {
        layout::cell& prev = t_.cells[above->second];
        if (prev.row + prev.row_span == row && prev.text == s && prev.col_span == c.cols) {
          prev.row_span += rows;
          return;
        }
      }
      merging_ = false;
      merged_[col] = t_.cells.size();
    }
    t_.add(row, col, std::move(s), st_.of(c.style), rows, c.cols).keep_together = c.keep_together;
  }
  bool merging_ = true;  // every merge cell so far in this row extended the one above

  void mark(const row_def& row, int r) {
    if (row.keep_with_next) t_.keep_with_next.insert(r);
    if (row.repeat) t_.repeat_rows.insert(r);
  }

  bool shown(const section& s, const data::value_scope& scope) const {
    return !s.when || data::value_at(*s.when, m_, f_, scope).state == data::value_state::known;
  }

  void body(const std::vector<section>& sections, const data::value_scope& scope,
            bool first = false) {
    for (const section& s : sections) {
      if (!shown(s, scope)) continue;
      switch (s.kind) {
        case group_kind::rows:
          for (std::size_t i = 0; i < s.rows.size(); ++i) {
            const int row = r_ + static_cast<int>(i);
            merging_ = true;
            mark(s.rows[i], row);
            for (const cell_def& c : s.rows[i].cells) add(c, row, c.col, c.rows, scope, first);
          }
          r_ += static_cast<int>(s.rows.size());
          break;
        case group_kind::projects:
          for (std::size_t i = 0; i < m_.projects.size(); ++i) {
            data::value_scope inner = scope;
            inner.project = i;
            body(s.body, inner, i == 0);
          }
          break;
        case group_kind::items:
          if (!scope.project || *scope.project >= m_.projects.size()) break;
          for (std::size_t i = 0; i < m_.projects[*scope.project].items.size(); ++i) {
            data::value_scope inner = scope;
            inner.item = i;
            body(s.body, inner, i == 0);
          }
          break;
        case group_kind::indicators:
          indicators(s.indicators, scope);
          break;
        case group_kind::criteria:
          for (std::size_t i = 0; i < def_.criteria.size(); ++i) {
            criterion_ = &def_.criteria[i];
            body(s.body, scope, i == 0);
          }
          criterion_ = nullptr;
          merged_.clear();
          break;
      }
    }
  }

  // The label over the heading and `rows` rows, then the heading row.
  void indicator_heading(const indicator_def& d, int rows, const data::value_scope& scope) {
    add(d.label, r_, 0, rows + 1, scope, false);
    mark(d.heading, r_);
    for (const cell_def& c : d.heading.cells) add(c, r_, c.col, 1, scope, false);
    ++r_;
  }

  void indicators(const indicator_def& d, const data::value_scope& scope) {
    const data::evaluation_figures* ef = &f_.overall;
    data::value_scope inner = scope;
    inner.project_evaluation = d.project_evaluation;
    if (d.project_evaluation) {
      if (!scope.project || *scope.project >= m_.projects.size()) return;
      ef = *scope.project < f_.projects.size() ? &f_.projects[*scope.project].evaluation
                                               : &no_project_figures.evaluation;
    }
    if (!ef->has_indicators) {
      // The official form's block left blank: one empty row under each 二级指标 of the
      // profile's framework — never a total made from an empty table.
      int n = 0;
      for (const auto& b : ef->framework) n += static_cast<int>(b.groups.size());
      indicator_heading(d, n, scope);
      for (const auto& b : ef->framework) {
        level_values lv{level_label(b.level1), data::score_text(b.label_weight), {}};
        add(d.level1, r_, d.level1.col, static_cast<int>(b.groups.size()), scope, false, &lv);
        for (const auto& g : b.groups) {
          lv.group_name = level_label(g.level2);
          add(d.level2, r_, d.level2.col, 1, scope, false, &lv);
          for (const cell_def& c : d.cells) add(c, r_, c.col, 1, scope, false, nullptr, true);
          ++r_;
        }
      }
      return;
    }
    int n = 0;
    for (const auto& b : ef->blocks)
      for (const auto& g : b.groups) n += static_cast<int>(g.rows.size());
    indicator_heading(d, n, scope);
    for (const auto& b : ef->blocks) {
      int rows = 0;
      for (const auto& g : b.groups) rows += static_cast<int>(g.rows.size());
      if (rows == 0) continue;
      level_values lv{level_label(b.level1), data::score_text(b.label_weight), {}};
      add(d.level1, r_, d.level1.col, rows, scope, false, &lv);
      for (const auto& g : b.groups) {
        if (g.rows.empty()) continue;
        lv.group_name = level_label(g.level2);
        add(d.level2, r_, d.level2.col, static_cast<int>(g.rows.size()), scope, false, &lv);
        for (const std::size_t i : g.rows) {
          inner.indicator = i;
          for (const cell_def& c : d.cells) add(c, r_, c.col, 1, inner, false);
          ++r_;
        }
      }
    }
  }
};

// "附件N", the title and (optionally) the unit line.
void add_chrome(std::vector<block>& blocks, const std::string& label, const std::string& title,
                const layout::measure& ms, const compose_options& o, bool unit_line) {
  paragraph l{label, font_role::hei, 16, h_align::left};
  l.line_spacing = grid_line / 16;
  blocks.push_back(l);
  const double size = title_size(ms, font_role::xiaobiaosong, title, o.page.body_width());
  paragraph t{title, font_role::xiaobiaosong, size, h_align::center};
  t.space_before = grid_line - 4;
  t.line_spacing = 1.4;
  t.space_after = unit_line ? 0 : 8;
  blocks.push_back(t);
  if (unit_line) {
    paragraph u{"单位：万元", font_role::song, o.body_size, h_align::right};
    u.space_after = 4;
    blocks.push_back(u);
  }
}

void add_signature(std::vector<block>& blocks, const data::model& m, const compose_options& o) {
  const auto& s = m.signature;
  layout::field_line f;
  std::vector<std::pair<std::string, std::string>> fields = o.signature_fields;
  if (fields.empty())
    fields = {{"filler", "填表人"},
              {"date", o.date_label},
              {"phone", "联系电话"},
              {"head", "单位负责人签字"}};
  for (const auto& [key, label] : fields) {
    // Room to write by hand: 35 mm after 填表人 and 联系电话, 45 mm after 单位负责人签字.
    if (key == "filler") {
      f.fields.emplace_back(label + "：", s.filler.given ? s.filler.value : "");
      f.blanks.push_back(35 * layout::points_per_mm);
    } else if (key == "date") {
      f.fields.emplace_back(label + "：",
                            s.filled_on.given ? data::date_text(s.filled_on.value) : "");
      f.blanks.push_back(0);
    } else if (key == "phone") {
      f.fields.emplace_back(label + "：", s.phone.given ? s.phone.value : "");
      f.blanks.push_back(35 * layout::points_per_mm);
    } else if (key == "head") {
      f.fields.emplace_back(label + "：", s.head.given ? s.head.value : "");
      f.blanks.push_back(45 * layout::points_per_mm);
    }
  }
  f.space_before = 10;
  // The body face, not 仿宋: a further embedded font for a dozen characters would cost every
  // table a few kilobytes.
  f.role = font_role::song;
  // An empty file name (`seal_image = ""`) is no image, as package/build.cpp's loader reads it.
  if (s.signature_image.given && !s.signature_image.value.empty())
    f.signature_image = signature_image_name;
  if (s.seal_image.given && !s.seal_image.value.empty()) f.seal_image = seal_image_name;
  blocks.push_back(std::move(f));
}

paragraph note(const std::string& text, const compose_options& o) {
  paragraph p{text, font_role::song, o.body_size, h_align::left};
  p.space_before = 6;
  p.keep_with_previous = true;
  return p;
}

}  // namespace

double title_size(const layout::measure& ms, font_role role, const std::string& title,
                  double width) {
  return ms.width(role, 22, title) <= width ? 22 : 18;
}

std::vector<block> form_blocks(const form_definition& def, const data::model& m,
                               const data::figures& f, const data::value_scope& scope,
                               const layout::measure& ms, const compose_options& o) {
  composer c(def, m, f, o);
  std::vector<block> blocks;
  const bool unit_line = def.unit_line == unit_line_rule::always ||
                         (def.unit_line == unit_line_rule::when_asked && o.unit_line);
  add_chrome(blocks, o.label.empty() ? def.label : o.label,
             o.title.empty() ? c.text(def.title, scope) : o.title, ms, o, unit_line);
  blocks.push_back(c.table(scope));
  for (const pattern& n : def.notes) blocks.push_back(note(c.text(n, scope), o));
  if (def.signature) add_signature(blocks, m, o);
  return blocks;
}

layout::document compose_form(const form_definition& def, const data::model& m,
                              const data::figures& f, const data::value_scope& scope,
                              const layout::measure& ms, const compose_options& o) {
  layout::document d = layout::lay_out(form_blocks(def, m, f, scope, ms, o), ms, o.page).doc;
  const composer c(def, m, f, o);
  d.title = o.title.empty() ? c.text(def.title, scope) : o.title;
  d.author = m.unit.name.value;
  d.subject = c.text(def.name, scope);
  // The subject names the form by its label ("附件3 业务工作经费"): the profile's, when it
  // renumbers the form.
  if (!o.label.empty() && d.subject.starts_with(def.label))
    d.subject = o.label + d.subject.substr(def.label.size());
  data::date when{static_cast<int>(m.year.value), 12, 31};
  if (m.signature.filled_on.given)
    when = m.signature.filled_on.value;
  else if (m.dates.report.given)
    when = m.dates.report.value;
  d.year = when.year;
  d.month = when.month;
  d.day = when.day;
  return d;
}

}  // namespace selfeval::forms
