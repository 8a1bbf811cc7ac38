// Reading a form definition (form.h) from TOML, with every problem located.
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include "data/suggest.h"
#include "forms/form.h"

namespace selfeval::forms {
namespace {

// What the names of a cell may refer to where it stands.
struct name_context {
  bool project = false;    // a project-scope form, or inside each = "project"
  bool item = false;       // inside each = "item"
  bool indicator = false;  // an indicator row's cells
  bool block = false;      // an indicator group's 一级/二级 cell: block.name, block.weight
  bool group = false;      // its 二级 cell: group.name
  bool criterion = false;  // inside each = "criterion": criterion.*
  bool scored = false;     // a form with [[criteria]]: scored.points_total, scored.score_total
};

constexpr std::array<std::string_view, 17> form_keys = {
    "id",           "label",          "title",          "name",
    "scope",        "unit_line",      "notes",          "signature",
    "columns",      "content_widths", "last_page_rows", "min_row_height",
    "line_spacing", "cell_pad_y",     "rule_width",     "body",
    "criteria"};
constexpr std::array<std::string_view, 8> cell_keys = {
    "text", "first_text", "style", "format", "rows", "cols", "keep_together", "merge"};
constexpr std::array<std::string_view, 6> criterion_keys = {"id",       "level1",   "level2",
                                                            "standard", "evidence", "points"};

// Where a form's own names are allowed (said in form-value-scope).
enum class local_place { block_cells, group_cell, criterion_rows, scored_form };

std::string place_text(local_place p) {
  switch (p) {
    case local_place::block_cells:
      return base::tr("form.where.block-cells");
    case local_place::group_cell:
      return base::tr("form.where.group-cell");
    case local_place::criterion_rows:
      return base::tr("form.where.criterion-rows");
    case local_place::scored_form:
      return base::tr("form.where.scored-form");
  }
  return {};
}

// The names a form provides itself (form.h local_value), with where they are allowed.
struct local_name {
  std::string_view name;
  local_value value;
  bool name_context::*allowed;
  local_place where;
};
constexpr local_place in_criterion = local_place::criterion_rows;
constexpr local_name local_names[] = {
    {"block.name", local_value::block_name, &name_context::block, local_place::block_cells},
    {"block.weight", local_value::block_weight, &name_context::block, local_place::block_cells},
    {"group.name", local_value::group_name, &name_context::group, local_place::group_cell},
    {"criterion.id", local_value::criterion_id, &name_context::criterion, in_criterion},
    {"criterion.level1", local_value::criterion_level1, &name_context::criterion, in_criterion},
    {"criterion.level2", local_value::criterion_level2, &name_context::criterion, in_criterion},
    {"criterion.standard", local_value::criterion_standard, &name_context::criterion, in_criterion},
    {"criterion.evidence_required", local_value::criterion_evidence_required,
     &name_context::criterion, in_criterion},
    {"criterion.points", local_value::criterion_points, &name_context::criterion, in_criterion},
    {"criterion.score", local_value::criterion_score, &name_context::criterion, in_criterion},
    {"criterion.evidence", local_value::criterion_evidence, &name_context::criterion, in_criterion},
    {"scored.points_total", local_value::scored_points_total, &name_context::scored,
     local_place::scored_form},
    {"scored.score_total", local_value::scored_score_total, &name_context::scored,
     local_place::scored_form},
};
constexpr std::array<std::string_view, 5> row_keys = {"cells", "style", "keep_with_next", "repeat",
                                                      "when"};
constexpr std::array<std::string_view, 3> group_keys = {"each", "when", "body"};
constexpr std::array<std::string_view, 7> indicator_keys = {
    "each", "evaluation", "label", "heading", "level1", "level2", "cells"};
constexpr std::array<std::string_view, 4> column_keys = {"width", "share", "min", "max"};

class loader {
 public:
  loader(std::string file, base::diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  form_definition read(const toml::table& root) {
    form_definition def;
    def.file = file_;
    check_keys(root, form_keys, base::tr("form.where.definition"));
    name_context top;
    if (const toml::node* n = root.get("scope")) {
      const auto s = string_of(*n, "`scope`");
      if (s == "project") {
        def.project_scope = true;
      } else if (s && *s != "unit") {
        error("invalid-value", *n, base::msg("invalid-value.form-scope"));
      }
    }
    top.project = def.project_scope;
    if (const toml::node* n = root.get("id"))
      if (const auto s = string_of(*n, "`id`")) def.id = *s;
    if (const toml::node* n = root.get("criteria")) read_criteria(*n, def);
    top.scored = !def.criteria.empty();
    if (!def.criteria.empty() && def.id.empty())
      diags_.error("form-missing-key", loc_of(root), base::msg("form-missing-key.id"));
    if (const auto s = required_string(root, "label")) def.label = *s;
    if (const toml::node* n = required(root, "title")) def.title = pattern_of(*n, "`title`", top);
    if (const toml::node* n = root.get("name"))
      def.name = pattern_of(*n, "`name`", top);
    else
      def.name = {{def.label, {}, {}}};
    if (const toml::node* n = root.get("unit_line")) {
      const auto s = string_of(*n, "`unit_line`");
      if (s == "never") {
        def.unit_line = unit_line_rule::never;
      } else if (s == "always") {
        def.unit_line = unit_line_rule::always;
      } else if (s == "when_asked") {
        def.unit_line = unit_line_rule::when_asked;
      } else if (s) {
        error("invalid-value", *n, base::msg("invalid-value.form-unit-line"));
      }
    }
    if (const toml::node* n = root.get("notes")) {
      if (const toml::array* a = n->as_array()) {
        for (const toml::node& note : *a)
          def.notes.push_back(pattern_of(note, base::tr("form.what.note"), top));
      } else {
        error("wrong-type", *n, base::msg("wrong-type.form-notes"));
      }
    }
    def.signature = bool_of(root, "signature", true);
    def.content_widths = bool_of(root, "content_widths", false);
    def.last_page_rows = int_of(root, "last_page_rows", 0, 0, 1000);
    def.min_row_height = number_of(root, "min_row_height", 20, 0, 200);
    def.line_spacing = number_of(root, "line_spacing", 1.25, 0.5, 5);
    def.cell_pad_y = number_of(root, "cell_pad_y", 3, 0, 50);
    def.rule_width = number_of(root, "rule_width", 0.5, 0, 5);
    if (const toml::node* n = required(root, "columns")) read_columns(*n, def);
    columns_ = static_cast<int>(def.columns.size());
    if (const toml::node* n = required(root, "body")) def.body = read_body(*n, top, "body");
    return def;
  }

 private:
  std::string file_;
  base::diagnostics& diags_;
  int columns_ = 0;

  base::source_loc loc_of(const toml::node& n) const {
    return {file_, n.source().begin.line, n.source().begin.column};
  }
  void error(const char* id, const toml::node& n, base::msg m) {
    diags_.error(id, loc_of(n), std::move(m));
  }

  template <std::size_t N>
  void check_keys(const toml::table& t, const std::array<std::string_view, N>& known,
                  const std::string& where) {
    const std::vector<std::string_view> candidates(known.begin(), known.end());
    for (const auto& [key, node] : t) {
      const std::string_view name = key.str();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      diags_.error(
          "unknown-key", {file_, key.source().begin.line, key.source().begin.column},
          base::msg("unknown-key.form", {{"key", name},
                                         {"where", where},
                                         {"suggestion", data::did_you_mean(name, candidates)}}));
    }
  }

  const toml::node* required(const toml::table& t, const char* key) {
    const toml::node* n = t.get(key);
    if (n == nullptr)
      diags_.error("form-missing-key", {file_, t.source().begin.line, t.source().begin.column},
                   base::msg{{"key", key}});
    return n;
  }

  // `what` is how the message names the value: "`scope`", or a phrase ("a note").
  std::optional<std::string> string_of(const toml::node& n, const std::string& what) {
    if (const auto* s = n.as_string()) return s->get();
    error("wrong-type", n, base::msg("wrong-type.form-string", {{"what", what}}));
    return std::nullopt;
  }
  std::optional<std::string> required_string(const toml::table& t, const char* key) {
    const toml::node* n = required(t, key);
    return n ? string_of(*n, "`" + std::string(key) + "`") : std::nullopt;
  }
  bool bool_of(const toml::table& t, const char* key, bool fallback) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    if (const auto* b = n->as_boolean()) return b->get();
    error("wrong-type", *n, base::msg("wrong-type.form-bool", {{"key", key}}));
    return fallback;
  }
  double number_of(const toml::table& t, const char* key, double fallback, double lo, double hi) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    const std::optional<double> v = n->value<double>();
    if (!v || !(*v >= lo && *v <= hi)) {
      error("invalid-value", *n,
            base::msg("invalid-value.form-number",
                      {{"key", key}, {"lo", toml_number(lo)}, {"hi", toml_number(hi)}}));
      return fallback;
    }
    return *v;
  }
  int int_of(const toml::table& t, const char* key, int fallback, int lo, int hi) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    const auto* v = n->as_integer();
    if (v == nullptr || v->get() < lo || v->get() > hi) {
      error("invalid-value", *n,
            base::msg("invalid-value.form-whole-number", {{"key", key}, {"lo", lo}, {"hi", hi}}));
      return fallback;
    }
    return static_cast<int>(v->get());
  }
  static std::string toml_number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }

  // {name} holes: a named value the context provides, or a local value of an indicator group.
  pattern pattern_of(const toml::node& n, const std::string& what, const name_context& ctx) {
    pattern out;
    const auto text = string_of(n, what);
    if (!text) return out;
    const std::string& s = *text;
    std::size_t i = 0;
    std::string literal;
    while (i < s.size()) {
      const char ch = s[i];
      if (ch == '}') {
        error("form-bad-pattern", n, base::msg{{"what", what}, {"text", s}});
        return {};
      }
      if (ch != '{') {
        literal += ch;
        ++i;
        continue;
      }
      const std::size_t end = s.find('}', i + 1);
      if (end == std::string::npos || s.find('{', i + 1) < end) {
        error("form-bad-pattern", n,
              base::msg("form-bad-pattern.open", {{"what", what}, {"text", s}}));
        return {};
      }
      const std::string name = s.substr(i + 1, end - i - 1);
      i = end + 1;
      piece p;
      p.literal = std::move(literal);
      literal.clear();
      if (!resolve(name, n, ctx, p)) return {};
      out.push_back(std::move(p));
    }
    if (!literal.empty()) out.push_back({std::move(literal), {}, {}});
    return out;
  }

  bool resolve(const std::string& name, const toml::node& n, const name_context& ctx, piece& p) {
    for (const local_name& l : local_names) {
      if (l.name != name) continue;
      if (!(ctx.*l.allowed)) {
        error(
            "form-value-scope", n,
            base::msg("form-value-scope.local", {{"name", name}, {"where", place_text(l.where)}}));
        return false;
      }
      p.local = l.value;
      return true;
    }
    const auto index = data::find_value(name);
    if (!index) {
      std::vector<std::string_view> names;
      for (const auto& v : data::value_names()) names.push_back(v.name);
      const auto close = data::closest_name(name, names);
      if (close)
        error("form-unknown-value", n, base::msg{{"name", name}, {"close", *close}});
      else
        error("form-unknown-value", n, base::msg("form-unknown-value.far", {{"name", name}}));
      return false;
    }
    const data::value_name& v = data::value_names()[*index];
    std::string missing;
    switch (v.needs) {
      case data::value_scope_kind::unit:
        break;
      case data::value_scope_kind::project:
        if (!ctx.project) missing = base::tr("form.where.within-project");
        break;
      case data::value_scope_kind::item:
        if (!ctx.item) missing = base::tr("form.where.within-item");
        break;
      case data::value_scope_kind::indicator:
        if (!ctx.indicator) missing = base::tr("form.where.within-indicator");
        break;
    }
    if (!missing.empty()) {
      error("form-value-scope", n, base::msg{{"name", name}, {"where", missing}});
      return false;
    }
    p.value = *index;
    return true;
  }

  void read_columns(const toml::node& n, form_definition& def) {
    const toml::array* a = n.as_array();
    if (a == nullptr || a->empty()) {
      error("wrong-type", n, base::msg("wrong-type.form-columns"));
      return;
    }
    for (const toml::node& c : *a) {
      const toml::table* t = c.as_table();
      if (t == nullptr) {
        error("wrong-type", c, base::msg("wrong-type.form-column"));
        continue;
      }
      check_keys(*t, column_keys, base::tr("form.where.column"));
      column_def col;
      col.loc = loc_of(c);
      const bool fixed = t->contains("width");
      if (fixed == t->contains("share")) {
        error("invalid-value", c,
              fixed ? base::msg("invalid-value.form-column-both")
                    : base::msg("invalid-value.form-column-neither"));
        continue;
      }
      col.column.fixed = fixed;
      col.column.value = number_of(*t, fixed ? "width" : "share", 1, 0.001, 1000);
      col.column.min = number_of(*t, "min", 0, 0, 1000);
      col.column.max = number_of(*t, "max", 0, 0, 1000);
      def.columns.push_back(col);
    }
  }

  void read_criteria(const toml::node& n, form_definition& def) {
    const toml::array* a = n.as_array();
    if (a == nullptr) {
      error("wrong-type", n, base::msg("wrong-type.form-criteria"));
      return;
    }
    for (const toml::node& e : *a) {
      const toml::table* t = e.as_table();
      if (t == nullptr) {
        error("wrong-type", e, base::msg("wrong-type.form-criterion"));
        continue;
      }
      check_keys(*t, criterion_keys, base::tr("form.where.criterion"));
      criterion c;
      c.loc = loc_of(*t);
      const auto text = [&](const char* key, std::string& out) {
        if (const auto s = required_string(*t, key)) out = *s;
      };
      text("id", c.id);
      text("level1", c.level1);
      text("level2", c.level2);
      text("standard", c.standard);
      text("evidence", c.evidence_required);
      if (const toml::node* p = required(*t, "points")) {
        const auto* i = p->as_integer();
        const auto* str = p->as_string();
        const std::optional<base::decimal> v =
            i != nullptr     ? std::optional(base::decimal::from_int(i->get()))
            : str != nullptr ? base::decimal::parse(str->get())
                             : std::nullopt;
        if (!v || v->is_negative() || v->is_zero() || (i != nullptr && i->get() > 1000)) {
          error("invalid-value", *p, base::msg("invalid-value.form-points"));
        } else {
          c.points = *v;
        }
      }
      for (const criterion& other : def.criteria)
        if (!c.id.empty() && other.id == c.id)
          diags_.error("form-duplicate-id", c.loc,
                       base::msg{{"id", c.id}, {"line", other.loc.line}});
      def.criteria.push_back(std::move(c));
    }
  }

  std::optional<cell_style_name> style_of(const toml::node& n) {
    const auto s = string_of(n, "`style`");
    if (!s) return std::nullopt;
    if (*s == "head") return cell_style_name::head;
    if (*s == "label") return cell_style_name::label;
    if (*s == "center") return cell_style_name::center;
    if (*s == "text") return cell_style_name::text;
    if (*s == "vertical") return cell_style_name::vertical;
    error("form-unknown-style", n, base::msg{{"style", *s}});
    return std::nullopt;
  }

  cell_def read_cell(const toml::node& n, cell_style_name fallback, const name_context& ctx) {
    cell_def c;
    c.style = fallback;
    c.loc = loc_of(n);
    if (n.is_string()) {
      c.text = pattern_of(n, base::tr("form.what.cell"), ctx);
      return c;
    }
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      error("wrong-type", n, base::msg("wrong-type.form-cell"));
      return c;
    }
    check_keys(*t, cell_keys, base::tr("form.where.cell"));
    if (const toml::node* x = t->get("text")) c.text = pattern_of(*x, "`text`", ctx);
    if (const toml::node* x = t->get("first_text"))
      c.first_text = pattern_of(*x, "`first_text`", ctx);
    if (const toml::node* x = t->get("style"))
      if (const auto s = style_of(*x)) c.style = *s;
    if (const toml::node* x = t->get("format")) {
      const auto s = string_of(*x, "`format`");
      if (s == "plain") {
        c.format = cell_format::plain;
      } else if (s == "paragraphs") {
        c.format = cell_format::paragraphs;
      } else if (s == "numbered") {
        c.format = cell_format::numbered;
      } else if (s) {
        error("invalid-value", *x, base::msg("invalid-value.form-format"));
      }
    }
    c.keep_together = bool_of(*t, "keep_together", true);
    c.merge = bool_of(*t, "merge", false);
    c.rows = span_of(*t, "rows");
    c.cols = span_of(*t, "cols");
    return c;
  }

  int span_of(const toml::table& t, const char* key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return 1;
    const auto* v = n->as_integer();
    if (v == nullptr || v->get() < 1 || v->get() > 1000) {
      error("form-bad-span", *n, base::msg{{"key", key}});
      return 1;
    }
    return static_cast<int>(v->get());
  }

  row_def read_row(const toml::table& t, const name_context& ctx) {
    row_def r;
    r.loc = loc_of(t);
    cell_style_name style = cell_style_name::center;
    if (const toml::node* x = t.get("style"))
      if (const auto s = style_of(*x)) style = *s;
    r.keep_with_next = bool_of(t, "keep_with_next", false);
    r.repeat = bool_of(t, "repeat", false);
    const toml::node* cells = t.get("cells");
    if (cells == nullptr) {
      diags_.error("form-missing-key", r.loc, base::msg("form-missing-key.cells"));
      return r;
    }
    const toml::array* a = cells->as_array();
    if (a == nullptr) {
      error("wrong-type", *cells, base::msg("wrong-type.form-cells"));
      return r;
    }
    for (const toml::node& c : *a) r.cells.push_back(read_cell(c, style, ctx));
    return r;
  }

  std::optional<std::size_t> when_of(const toml::table& t, const name_context& ctx) {
    const toml::node* n = t.get("when");
    if (n == nullptr) return std::nullopt;
    // `when` names one value, without braces.
    const auto s = string_of(*n, "`when`");
    piece one;
    if (s && resolve(*s, *n, ctx, one) && one.value) return one.value;
    return std::nullopt;
  }

  // A body: runs of rows (each run placed on its own grid) and repeated groups.
  std::vector<section> read_body(const toml::node& n, const name_context& ctx,
                                 const std::string& where) {
    std::vector<section> out;
    const toml::array* a = n.as_array();
    if (a == nullptr) {
      error("wrong-type", n, base::msg("wrong-type.form-body", {{"where", where}}));
      return out;
    }
    for (const toml::node& e : *a) {
      const toml::table* t = e.as_table();
      if (t == nullptr) {
        error("wrong-type", e, base::msg("wrong-type.form-body-element", {{"where", where}}));
        continue;
      }
      if (!t->contains("each")) {
        check_keys(*t, row_keys, base::tr("form.where.row"));
        const auto when = t->contains("when") ? when_of(*t, ctx) : std::nullopt;
        const bool new_run = out.empty() || out.back().kind != group_kind::rows ||
                             out.back().when || t->contains("when");
        if (new_run) {
          section s;
          s.loc = loc_of(*t);
          s.when = when;
          out.push_back(std::move(s));
        }
        out.back().rows.push_back(read_row(*t, ctx));
        continue;
      }
      out.push_back(read_group(*t, ctx, where));
    }
    for (section& s : out)
      if (s.kind == group_kind::rows) place_run(s.rows);
    return out;
  }

  section read_group(const toml::table& t, const name_context& ctx, const std::string& where) {
    section s;
    s.loc = loc_of(t);
    const toml::node* each = t.get("each");
    const auto kind = string_of(*each, "`each`");
    if (kind == "indicator") {
      s.kind = group_kind::indicators;
      check_keys(t, indicator_keys, base::tr("form.where.indicator-group"));
      read_indicators(t, ctx, s.indicators);
      return s;
    }
    check_keys(t, group_keys, base::tr("form.where.group"));
    name_context inner = ctx;
    if (kind == "project") {
      s.kind = group_kind::projects;
      inner.project = true;
      if (ctx.project)
        error("invalid-value", *each, base::msg("invalid-value.form-nested-projects"));
    } else if (kind == "criterion") {
      s.kind = group_kind::criteria;
      inner.criterion = true;
      if (!ctx.scored) error("form-value-scope", *each, base::msg("form-value-scope.criterion"));
    } else if (kind == "item") {
      s.kind = group_kind::items;
      inner.item = true;
      if (!ctx.project) error("form-value-scope", *each, base::msg("form-value-scope.item"));
    } else if (kind) {
      error("form-unknown-group", *each, base::msg{{"kind", *kind}});
      return s;
    } else {
      return s;
    }
    s.when = when_of(t, ctx);
    if (const toml::node* body = t.get("body"))
      s.body = read_body(*body, inner, where + ".body");
    else
      diags_.error("form-missing-key", s.loc, base::msg("form-missing-key.body"));
    return s;
  }

  void read_indicators(const toml::table& t, const name_context& ctx, indicator_def& d) {
    name_context c = ctx;
    if (const toml::node* e = t.get("evaluation")) {
      const auto s = string_of(*e, "`evaluation`");
      if (s == "project.evaluation") {
        d.project_evaluation = true;
        if (!ctx.project) error("form-value-scope", *e, base::msg("form-value-scope.evaluation"));
      } else if (s && *s != "overall") {
        error("invalid-value", *e, base::msg("invalid-value.form-evaluation"));
      }
    }
    const toml::node* label = t.get("label");
    const toml::node* heading = t.get("heading");
    const toml::node* level1 = t.get("level1");
    const toml::node* level2 = t.get("level2");
    const toml::node* cells = t.get("cells");
    if (!label || !heading || !level1 || !level2 || !cells) {
      diags_.error("form-missing-key", loc_of(t), base::msg("form-missing-key.indicators"));
      return;
    }
    d.label = read_cell(*label, cell_style_name::vertical, c);
    if (const toml::table* h = heading->as_table()) {
      check_keys(*h, row_keys, base::tr("form.where.heading-row"));
      d.heading = read_row(*h, c);
    } else {
      error("wrong-type", *heading, base::msg("wrong-type.form-heading"));
    }
    name_context block = c;
    block.block = true;
    d.level1 = read_cell(*level1, cell_style_name::center, block);
    block.group = true;
    d.level2 = read_cell(*level2, cell_style_name::center, block);
    name_context row = c;
    row.indicator = true;
    if (const toml::array* a = cells->as_array()) {
      for (const toml::node& x : *a) d.cells.push_back(read_cell(x, cell_style_name::center, row));
    } else {
      error("wrong-type", *cells, base::msg("wrong-type.form-cells"));
    }
    for (const cell_def* x : {&d.label, &d.level1, &d.level2})
      if (x->rows != 1)
        diags_.error("form-bad-span", x->loc, base::msg("form-bad-span.indicator-cells"));
    // label | heading cells; label | level1 | level2 | row cells: each fills the columns.
    int col = d.label.cols;
    for (cell_def& h : d.heading.cells) {
      h.col = col;
      col += h.cols;
    }
    fills(col, d.heading.loc, base::tr("form.what.heading-row"));
    d.level1.col = d.label.cols;
    d.level2.col = d.level1.col + d.level1.cols;
    col = d.level2.col + d.level2.cols;
    for (cell_def& x : d.cells) {
      x.col = col;
      col += x.cols;
    }
    fills(col, loc_of(*cells), base::tr("form.what.indicator-row"));
  }

  void fills(int used, const base::source_loc& at, const std::string& what) {
    if (used == columns_ || columns_ == 0) return;
    diags_.error("form-columns-mismatch", at,
                 base::msg{{"what", what}, {"used", used}, {"columns", columns_}});
  }

  // Places the cells of a run of rows left to right, skipping slots that a cell above spans
  // into; checks that every row fills the columns and no span leaves the run.
  void place_run(std::vector<row_def>& rows) {
    if (columns_ == 0) return;
    const int n = static_cast<int>(rows.size());
    std::vector<std::vector<char>> taken(static_cast<std::size_t>(n),
                                         std::vector<char>(static_cast<std::size_t>(columns_)));
    for (int r = 0; r < n; ++r) {
      auto& row = taken[static_cast<std::size_t>(r)];
      int col = 0;
      bool ok = true;
      for (cell_def& c : rows[static_cast<std::size_t>(r)].cells) {
        while (col < columns_ && row[static_cast<std::size_t>(col)]) ++col;
        if (col + c.cols > columns_) {
          diags_.error("form-columns-mismatch", c.loc,
                       base::msg("form-columns-mismatch.cell", {{"columns", columns_}}));
          ok = false;
          break;
        }
        if (r + c.rows > n) {
          diags_.error("form-bad-span", c.loc,
                       base::msg("form-bad-span.rows", {{"rows", c.rows}, {"left", n - r}}));
          ok = false;
          break;
        }
        c.col = col;
        for (int rr = r; rr < r + c.rows; ++rr)
          for (int cc = col; cc < col + c.cols; ++cc) {
            char& slot = taken[static_cast<std::size_t>(rr)][static_cast<std::size_t>(cc)];
            if (slot != 0) ok = false;
            slot = 1;
          }
        col += c.cols;
      }
      if (!ok) continue;
      int filled = 0;
      for (const char b : row) filled += b != 0 ? 1 : 0;
      if (filled != columns_)
        diags_.error(
            "form-columns-mismatch", rows[static_cast<std::size_t>(r)].loc,
            base::msg("form-columns-mismatch.row", {{"filled", filled}, {"columns", columns_}}));
    }
  }
};

}  // namespace

form_definition parse_form(const std::string& text, const std::string& file,
                           base::diagnostics& diags) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    diags.error("toml-syntax", {file, e.source().begin.line, e.source().begin.column},
                base::msg("toml-syntax.form", {{"detail", e.description()}}));
    return {};
  }
  return loader(file, diags).read(root);
}

form_definition load_form(const std::string& path, base::diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error("form-missing", {path, 0, 0});
    return {};
  }
  std::stringstream s;
  s << in.rdbuf();
  return parse_form(s.str(), path, diags);
}

}  // namespace selfeval::forms
