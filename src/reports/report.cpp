#include "reports/report.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>

#include "base/utf8.h"
#include "data/format.h"
#include "data/validate.h"
#include "data/values.h"
#include "reports/figures.h"

namespace selfeval::reports {

namespace {

using data::money_text;
using data::report_node;

constexpr int max_level = 4;
constexpr int max_chinese = 99;

std::string_view report_table(report_kind kind) {
  return kind == report_kind::overall ? "overall_report" : "project_report";
}

const data::report_info& report_of(report_kind kind, const data::model& m) {
  return kind == report_kind::overall ? m.overall_report : m.project_report;
}

bool is_blank(const data::text& t) {
  return !t.given || base::split_paragraphs(t.value).empty();
}

// A section that says nothing of its own gets its canonical content.
bool is_empty_section(const report_node& n) {
  return is_blank(n.generate) && is_blank(n.body) && n.parts.empty();
}

std::vector<std::string_view> block_names(const report_wording& w) {
  std::vector<std::string_view> out;
  for (const block_def& b : w.blocks) out.push_back(b.name);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generated sentences: the wording's patterns filled with the unit's figures (reports/figures.h),
// so a sentence prints exactly what the tables print.

struct list_result {
  std::string text;
  std::size_t count = 0;
};

// Each list is expanded once per element it is expanded for (the report's own figures: no
// element), however often patterns name it: a wording file cannot make the expansion grow
// exponentially with lists naming lists.
using list_cache = std::map<std::pair<const list_def*, const std::vector<figure>*>, list_result>;
// The elements of each collection, computed once per report; the list cache keys on their
// addresses, which stay put while the report is built.
using element_cache = std::map<std::string, std::vector<std::vector<figure>>, std::less<>>;

struct context {
  report_kind kind;
  const data::model& m;
  const figure_source& figures;
  const wording& w;
  const report_wording& words;
  base::diagnostics& diags;
  list_cache& lists;
  element_cache& elements;
  base::source_loc at = {};  // the `generate` being expanded, for warnings
};

// Where a pattern's names are looked up: the element of a repetition, then the lists, then the
// figures of the report.
struct scope {
  const context& c;
  const collection_info* each = nullptr;
  const std::vector<figure>* element = nullptr;
};

using paragraphs = std::vector<std::string>;

list_result evaluate_list(const scope& s, const list_def& l);
std::optional<std::string> choose(const scope& s, const choice& c);

figure lookup(const scope& s, std::string_view name) {
  if (s.each != nullptr && s.element != nullptr) {
    for (std::size_t i = 0; i < s.each->fields.size() && i < s.element->size(); ++i)
      if (s.each->fields[i] == name) return (*s.element)[i];
  }
  if (const list_def* l = s.c.words.list(name)) {
    list_result r = evaluate_list(s, *l);
    return {std::move(r.text), r.count > 0, r.count == 0};
  }
  if (name.ends_with(".count")) {
    if (const list_def* l = s.c.words.list(name.substr(0, name.size() - 6))) {
      const std::size_t n = evaluate_list(s, *l).count;
      return {std::to_string(n), n > 0, n == 0};
    }
  }
  return s.c.figures.get(name);
}

// Appends the pattern's text; false when a name outside an optional part is not known.
bool render(const scope& s, const std::vector<pattern_part>& parts, std::string& out) {
  bool complete = true;
  for (const pattern_part& part : parts) {
    switch (part.what) {
      case pattern_part::kind::text:
        out += part.value;
        break;
      case pattern_part::kind::name: {
        const figure f = lookup(s, part.value);
        if (f.known)
          out += f.text;
        else
          complete = false;
        break;
      }
      case pattern_part::kind::optional: {
        std::string inner;
        if (render(s, part.parts, inner)) out += inner;
        break;
      }
    }
    if (!complete) return false;
  }
  return true;
}

std::optional<std::string> choose(const scope& s, const choice& c) {
  for (const variant& v : c) {
    if (!v.if_zero.empty() && !lookup(s, v.if_zero).zero) continue;
    std::string out;
    if (render(s, v.text.parts, out) && !out.empty()) return out;
  }
  return std::nullopt;
}

list_result expand_list(const scope& s, const list_def& l);

const std::vector<std::vector<figure>>& elements_of(const context& c, std::string_view name) {
  auto it = c.elements.find(name);
  if (it == c.elements.end())
    it = c.elements.emplace(std::string(name), c.figures.elements(name)).first;
  return it->second;
}

list_result evaluate_list(const scope& s, const list_def& l) {
  // A list over a collection does not depend on the element it is named in.
  const std::vector<figure>* element = l.each.empty() ? s.element : nullptr;
  const auto key = std::make_pair(&l, element);
  if (const auto it = s.c.lists.find(key); it != s.c.lists.end()) return it->second;
  list_result r = expand_list(s, l);
  s.c.lists.emplace(key, r);
  return r;
}

list_result expand_list(const scope& s, const list_def& l) {
  std::vector<std::string> items;
  if (!l.each.empty()) {
    const collection_info* info = find_collection(l.each);
    if (info == nullptr || l.items.empty()) return {};
    for (const std::vector<figure>& e : elements_of(s.c, l.each))
      if (auto text = choose(scope{s.c, info, &e}, l.items.front())) items.push_back(*text);
  } else {
    for (const choice& item : l.items)
      if (auto text = choose(s, item)) items.push_back(*text);
  }
  list_result out;
  out.count = items.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.text += l.separator;
    out.text += items[i];
  }
  return out;
}

void warn_empty(const context& c, const block_def& b) {
  if (b.warn_when_empty == "no-score")
    c.diags.warning("no-score", c.at, base::msg("no-score.block", {{"block", b.name}}));
  else if (b.warn_when_empty == "no-project-score")
    c.diags.warning("no-project-score", c.at, base::msg{{"block", b.name}});
}

paragraphs generate(const context& c, const block_def& b) {
  paragraphs out;
  const scope top{c};
  for (const paragraph_def& p : b.paragraphs) {
    if (p.each.empty()) {
      if (auto text = choose(top, p.text)) out.push_back(std::move(*text));
      continue;
    }
    const collection_info* info = find_collection(p.each);
    if (info == nullptr) continue;
    for (const std::vector<figure>& e : elements_of(c, p.each))
      if (auto text = choose(scope{c, info, &e}, p.text)) out.push_back(std::move(*text));
  }
  if (out.empty()) warn_empty(c, b);
  return out;
}

// Keys and names the wording does not define are reported by check_report_tree
// (reports/tree_check.h) and skipped here; depth is checked when the data file is loaded. Here
// only a block of the other report is refused.
paragraphs generated_paragraphs(const context& c, const report_node& n) {
  paragraphs out;
  if (!n.generate.given) return out;
  const report_kind other_kind =
      c.kind == report_kind::overall ? report_kind::project : report_kind::overall;
  const report_wording& other = c.w.of(other_kind);
  context at = c;
  // Default sections were not typed: their warnings point at the report's table, or the file.
  const data::report_info& r = report_of(c.kind, c.m);
  at.at = n.generate.loc.line > 0 ? n.generate.loc
          : r.given               ? r.loc
                                  : base::source_loc{c.m.file, 1, 1};
  for (const std::string& name : data::split_names(n.generate.value)) {
    if (const block_def* b = c.words.block(name)) {
      for (std::string& p : generate(at, *b)) out.push_back(std::move(p));
    } else if (other.block(name) != nullptr) {
      c.diags.error("generate-wrong-report", n.generate.loc,
                    base::msg{{"name", name},
                              {"other", report_table(other_kind)},
                              {"table", report_table(c.kind)},
                              {"blocks", base::join(block_names(c.words), ", ")}});
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The tree walk

std::string heading_for(const context& c, const report_node& n, int level) {
  if (n.title.given && !n.title.value.empty()) return n.title.value;
  if (level != 1 || !n.key.given) return {};
  const section_def* d = c.words.section(n.key.value);
  return d != nullptr ? d->heading : std::string();
}

void walk(const context& c, const report_node& n, int level, int index,
          std::vector<body_block>& out) {
  const report_node* content = &n;
  if (level == 1 && n.key.given && is_empty_section(n)) {
    if (const section_def* d = c.words.section(n.key.value)) content = &d->content;
  }

  std::string number = heading_number(level, index);
  std::string title = heading_for(c, n, level);
  paragraphs text = generated_paragraphs(c, *content);
  if (content->body.given) {
    // A generated paragraph the user also typed (e.g. the fixed definition of 基本支出) is
    // printed once, where the user put it.
    paragraphs typed = base::split_paragraphs(content->body.value);
    std::erase_if(text, [&](const std::string& g) {
      return std::find(typed.begin(), typed.end(), g) != typed.end();
    });
    for (std::string& p : typed) text.push_back(std::move(p));
  }

  if (!title.empty()) {
    out.push_back({level, number, title, {}});
  } else if (!text.empty()) {
    // An untitled part runs its number into its first paragraph: "（一）提高认识。加强…".
    text.front() = number + text.front();
  } else {
    c.diags.warning("empty-heading", n.loc, base::msg{{"number", number}});
    out.push_back({level, number, {}, {}});
  }
  for (std::string& p : text) out.push_back({0, {}, {}, std::move(p)});

  if (content->parts.empty()) return;
  if (level == max_level) {
    c.diags.error("heading-too-deep", content->parts.front().loc);
    return;
  }
  int i = 0;
  for (const report_node& child : content->parts) {
    if (level + 1 <= 2 && i >= max_chinese) {
      c.diags.error("too-many-sections", child.loc, base::msg("too-many-sections.parts"));
      return;
    }
    walk(c, child, level + 1, ++i, out);
  }
}

// The checker validates keys; what only the report knows is which canonical sections a data
// file left out (variants drop some on purpose, so this is a warning).
void check_missing(const context& c, const std::vector<report_node>& sections) {
  const data::report_info& r = report_of(c.kind, c.m);
  for (const section_def& d : c.words.sections) {
    if (d.optional) continue;
    bool found = std::any_of(sections.begin(), sections.end(), [&](const report_node& s) {
      return s.key.given && s.key.value == d.key;
    });
    if (found) continue;
    c.diags.warning(
        "missing-section", r.loc,
        base::msg{{"table", report_table(c.kind)}, {"key", d.key}, {"heading", d.heading}});
  }
}

std::string_view kind_words(report_kind kind) {
  return kind == report_kind::overall ? "整体支出" : "项目支出";
}

std::string_view attachment(report_kind kind) {
  return kind == report_kind::overall ? "附件4" : "附件5";
}

constexpr std::string_view title_tail = "绩效自评报告";

std::string text_of(const figure& f) {
  return f.known ? f.text : std::string();
}

// The cover's fields: empty when the data file does not give them, so a template prints a
// blank for hand filling.
void add_cover_fields(report_kind kind, const figure_source& figures, record& fields) {
  fields["budget_code"] = text_of(figures.get("unit.budget_code"));
  fields["filler"] = text_of(figures.get("signature.filler"));
  fields["phone"] = text_of(figures.get("signature.phone"));
  std::string score, grade;
  if (kind == report_kind::overall) {
    score = text_of(figures.get("overall.score"));
    grade = text_of(figures.get("overall.grade"));
  } else if (const auto scored = figures.elements("scored_projects"); scored.size() == 1) {
    // 附件5 covers one project when one is evaluated; with several, no single score applies.
    const collection_info& info = *find_collection("scored_projects");
    for (std::size_t i = 0; i < info.fields.size(); ++i) {
      if (info.fields[i] == "score") score = text_of(scored.front()[i]);
      if (info.fields[i] == "grade") grade = text_of(scored.front()[i]);
    }
  }
  fields["self_score"] = std::move(score);
  fields["grade"] = std::move(grade);
}

}  // namespace

// -----------------------------------------------------------------------------------------------

std::string chinese_numeral(int n) {
  static constexpr std::array<std::string_view, 10> digits{"",   "一", "二", "三", "四",
                                                           "五", "六", "七", "八", "九"};
  if (n < 1 || n > max_chinese) return {};
  int tens = n / 10, ones = n % 10;
  std::string out;
  if (tens > 1) out += digits[static_cast<std::size_t>(tens)];
  if (tens > 0) out += "十";
  out += digits[static_cast<std::size_t>(ones)];
  return out;
}

std::string heading_number(int level, int index) {
  switch (level) {
    case 1:
      return chinese_numeral(index) + "、";
    case 2:
      return "（" + chinese_numeral(index) + "）";
    case 3:
      return std::to_string(index) + ".";
    case 4:
      return "（" + std::to_string(index) + "）";
    default:
      return {};
  }
}

std::vector<report_node> default_sections(const wording& w, report_kind kind) {
  std::vector<report_node> out;
  for (const section_def& d : w.of(kind).sections)
    if (!d.optional) out.push_back(d.content);
  return out;
}

std::vector<body_block> report_body(report_kind kind, const data::model& m, const data::figures& f,
                                    const wording& w, base::diagnostics& diags) {
  const figure_source figures(m, f);
  list_cache lists;
  element_cache elements;
  context c{kind, m, figures, w, w.of(kind), diags, lists, elements};
  const data::report_info& r = report_of(kind, m);
  std::vector<report_node> defaults;
  const std::vector<report_node>* sections = &r.sections;
  if (r.sections.empty()) {
    defaults = default_sections(w, kind);
    sections = &defaults;
  } else {
    check_missing(c, r.sections);
  }
  std::vector<body_block> out;
  int i = 0;
  for (const report_node& s : *sections) {
    if (i >= max_chinese) {
      diags.error("too-many-sections", s.loc);
      break;
    }
    walk(c, s, 1, ++i, out);
  }
  return out;
}

std::string report_title(report_kind kind, const data::model& m) {
  const data::report_info& r = report_of(kind, m);
  if (r.title.given && !r.title.value.empty()) {
    std::string joined;
    for (const std::string& line : base::split_paragraphs(r.title.value)) joined += line;
    return joined;
  }
  return std::to_string(m.year.value) + "年度" + m.unit.name.value + std::string(kind_words(kind)) +
         std::string(title_tail);
}

std::vector<std::string> report_title_lines(report_kind kind, const data::model& m) {
  const data::report_info& r = report_of(kind, m);
  if (r.title.given) {
    std::vector<std::string> lines = base::split_paragraphs(r.title.value);
    if (lines.size() > 1) return lines;  // the user chose the line breaks
  }
  // Two balanced lines as on the seed covers: "…整体支出" / "绩效自评报告".
  std::string title = report_title(kind, m);
  if (title.size() > title_tail.size() && title.ends_with(title_tail))
    return {title.substr(0, title.size() - title_tail.size()), std::string(title_tail)};
  return {title};
}

namespace {

// Every named value of the vocabulary (data/values.h) as a template field: the unit's under
// their own names ({{budget.executed}}, {{overall.total_score}}), each project's in a list
// ({{#projects}}{{project.name}}：{{project.funds.execution_rate}}{{/projects}}), so a cover
// field or a small table is a template edit. Unknown figures print "——", blank ones nothing.
void add_value_fields(const data::model& m, const data::figures& f, record& fields) {
  const auto& names = data::value_names();
  std::vector<record> projects(m.projects.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const data::value_name& n = names[i];
    if (n.needs == data::value_scope_kind::unit) {
      fields.try_emplace(std::string(n.name), data::value_at(i, m, f, {}).text);
    } else if (n.needs == data::value_scope_kind::project) {
      for (std::size_t p = 0; p < projects.size(); ++p) {
        data::value_scope scope;
        scope.project = p;
        scope.project_evaluation = true;
        projects[p].try_emplace(std::string(n.name), data::value_at(i, m, f, scope).text);
      }
    }
  }
  fields.try_emplace("projects", std::move(projects));
  // The totals of the profile's scored forms, as typed in [scored.<form id>]: the sum of the
  // rows' scores ("——" while a row that applies is unscored or unknown), {{scored.<id>.score}}.
  for (const data::scored_entry& e : m.scored) {
    base::decimal sum;
    bool known = true;
    for (const data::scored_row& r : e.rows) {
      if (r.not_applicable) continue;
      if (!r.points.given) {
        known = false;
        break;
      }
      sum = sum + r.points.value;
    }
    fields.try_emplace("scored." + e.form + ".score",
                       known ? data::score_text(sum) : std::string(base::not_applicable));
  }
}

}  // namespace

std::vector<std::string> value_field_names() {
  std::vector<std::string> out{"projects"};
  for (const data::value_name& n : data::value_names()) {
    if (n.needs == data::value_scope_kind::unit || n.needs == data::value_scope_kind::project) {
      out.emplace_back(n.name);
    }
  }
  return out;
}

record report_fields(report_kind kind, const data::model& m, const data::figures& f,
                     const wording& w, base::diagnostics& diags) {
  record fields;
  fields["title"] = report_title(kind, m);
  fields["title_lines"] = report_title_lines(kind, m);
  fields["unit"] = m.unit.name.value;
  // Blank date for hand filling: room for the digits before 年, 月 and 日.
  fields["date"] = m.dates.report.given ? data::date_text(m.dates.report.value)
                                        : std::string("　　　年　　月　　日");
  // docProps/core.xml created/modified (W3CDTF); 31 December when no report date is given.
  const data::date d = m.dates.report.given ? m.dates.report.value
                                            : data::date{static_cast<int>(m.year.value), 12, 31};
  fields["date_iso"] = data::iso_date_text(d) + "T00:00:00Z";
  add_cover_fields(kind, figure_source(m, f), fields);
  std::vector<body_block> blocks = report_body(kind, m, f, w, diags);
  std::vector<record> body;
  body.reserve(blocks.size());
  for (body_block& b : blocks) {
    // In key order, each at the end: a long narrative makes one record per paragraph.
    static_assert(max_level == 4);
    static constexpr std::pair<const char*, int> headings[] = {
        {"h1", 1}, {"h2", 2}, {"h3", 3}, {"h4", 4}};
    record item;
    for (const auto& [key, level] : headings) item.emplace_hint(item.end(), key, b.level == level);
    item.emplace_hint(item.end(), "number", std::move(b.number));
    item.emplace_hint(item.end(), "p", b.level == 0);
    item.emplace_hint(item.end(), "text", std::move(b.text));
    item.emplace_hint(item.end(), "title", std::move(b.title));
    body.push_back(std::move(item));
  }
  fields["body"] = std::move(body);
  add_value_fields(m, f, fields);
  return fields;
}

std::vector<std::string> report_field_names(report_kind) {
  std::vector<std::string> out = {"title",       "title_lines", "unit",  "date",       "date_iso",
                                  "budget_code", "filler",      "phone", "self_score", "grade",
                                  "body",        "h1",          "h2",    "h3",         "h4",
                                  "p",           "number",      "text"};
  for (std::string& n : value_field_names()) out.push_back(std::move(n));
  return out;
}

std::vector<std::string> report_cover_field_names() {
  std::vector<std::string> out = {"budget_code", "filler", "phone", "self_score", "grade"};
  for (std::string& n : value_field_names()) out.push_back(std::move(n));
  return out;
}

std::string report_template_name(report_kind kind) {
  return std::string(attachment(kind)) + "-" + std::string(kind_words(kind)) +
         std::string(title_tail) + ".docx";
}

std::string report_file_name(report_kind kind, const data::model& m) {
  // Always the canonical title (a title override may hold line breaks). The package layer makes
  // it safe as a file name (package::safe_file_name), as it does every deliverable's name.
  return std::string(attachment(kind)) + "-" + std::to_string(m.year.value) + "年度" +
         m.unit.name.value + std::string(kind_words(kind)) + std::string(title_tail) + ".docx";
}

}  // namespace selfeval::reports
