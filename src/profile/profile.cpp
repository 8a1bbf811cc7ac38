#include "profile/profile.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "base/utf8.h"
#include "data/suggest.h"

namespace selfeval::profile {

namespace fs = std::filesystem;

namespace {

using names = std::vector<std::string_view>;

const names top_keys = {"name",      "title",      "wording", "deliverables",
                        "signature", "indicators", "pdf"};
const names pdf_keys = {"reports", "review", "review_file"};
const names deliverable_keys = {"id",   "label",  "title",    "heading", "file", "kind",
                                "form", "report", "template", "when",    "data"};
const names kind_names = {"form", "report"};
const names report_names = {"overall", "project"};
const names when_names = {"always", "has_projects", "each_evaluated_project", "has_data"};
// The data file's tables a `has_data` deliverable may depend on (see package::has_data).
const names data_names = {"overall", "projects", "expenditure", "overall_report", "project_report"};
const names signature_keys = {"fields", "filler", "date", "phone", "head"};
const names signature_fields = {"filler", "date", "phone", "head"};
const names indicator_keys = {
    "level1", "level2", "cost", "weights", "grades", "deviation_percent", "score_caps"};
const names weight_keys = {"execution", "output", "effect", "satisfaction", "cost"};
const names grade_keys = {"优", "良", "中"};
const names cap_keys = {"below_percent", "cap"};

// Reads one profile.toml; every method appends its problems and goes on.
class reader {
 public:
  reader(std::string file, base::diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  base::source_loc loc(const toml::node& n) const {
    return {file_, n.source().begin.line, n.source().begin.column};
  }
  base::source_loc loc(const toml::key& k) const {
    return {file_, k.source().begin.line, k.source().begin.column};
  }

  void check_keys(const toml::table& t, const names& known, const std::string& where) {
    for (const auto& [key, node] : t) {
      const std::string_view name = key.str();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      diags_.error("profile-unknown-key", loc(key),
                   "unknown key `" + std::string(name) + "` in " + where,
                   data::did_you_mean(name, known));
    }
  }

  // A string value; reports a missing (when required) or non-string value.
  std::optional<std::string> text(const toml::table& t, std::string_view key,
                                  const base::source_loc& parent, const std::string& where,
                                  bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required)
        diags_.error("profile-key-missing", parent,
                     where + " needs `" + std::string(key) + " = \"…\"`",
                     "docs/profiles.md lists the keys of each table");
      return std::nullopt;
    }
    const auto* s = n->as_string();
    if (s == nullptr) {
      diags_.error("profile-wrong-type", loc(*n),
                   "`" + std::string(key) + "` in " + where + " must be a string",
                   "put the text in quotes");
      return std::nullopt;
    }
    if (base::find_invalid_utf8(s->get())) {
      diags_.error("profile-wrong-type", loc(*n),
                   "`" + std::string(key) + "` in " + where + " is not valid UTF-8",
                   "save profile.toml as UTF-8");
      return std::nullopt;
    }
    if (s->get().empty() && required) {
      diags_.error("profile-empty-value", loc(*n),
                   "`" + std::string(key) + "` in " + where + " is empty");
      return std::nullopt;
    }
    return s->get();
  }

  // One of `allowed`.
  std::optional<std::string> choice(const toml::table& t, std::string_view key,
                                    const base::source_loc& parent, const std::string& where,
                                    const names& allowed, bool required) {
    auto v = text(t, key, parent, where, required);
    if (!v) return std::nullopt;
    if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
      diags_.error("profile-invalid-value", loc(*t.get(key)),
                   "`" + std::string(key) + " = \"" + *v + "\"` in " + where + " is not known",
                   data::did_you_mean(*v, allowed));
      return std::nullopt;
    }
    return v;
  }

  // A number written as an integer or a decimal (12.5), kept exact.
  std::optional<base::decimal> number(const toml::node& n, const std::string& what) {
    if (const auto* i = n.as_integer()) {
      if (i->get() >= -1'000'000 && i->get() <= 1'000'000) return base::decimal::from_int(i->get());
    } else if (const auto* f = n.as_floating_point()) {
      // The shortest text that reads back as the same double is what the user typed (12.5).
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, f->get());
      if (r.ec == std::errc()) {
        if (auto d = base::decimal::parse(std::string_view(buf, r.ptr - buf))) return d;
      }
    }
    diags_.error("profile-wrong-type", loc(n),
                 what + " must be a number such as 10 or 12.5 (at most 4 decimals)");
    return std::nullopt;
  }

  // Checks the {names} of a pattern against `allowed`; locates each problem inside the string.
  void check_pattern(const toml::table& t, std::string_view key, const names& allowed,
                     const std::string& where) {
    const toml::node* n = t.get(key);
    if (n == nullptr || !n->is_string()) return;
    const std::string& s = n->as_string()->get();
    const base::source_loc at = loc(*n);
    auto at_offset = [&](std::size_t byte) {
      // The value starts with its quote; columns count code points, as toml++ does.
      base::source_loc l = at;
      l.column += 1 + static_cast<std::uint32_t>(base::decode_utf8(s.substr(0, byte)).size());
      return l;
    };
    std::string allowed_text;
    for (const std::string_view a : allowed) allowed_text += " {" + std::string(a) + "}";
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '}') {
        diags_.error("profile-pattern-brace", at_offset(i),
                     "`}` without `{` in the " + std::string(key) + " pattern of " + where,
                     "names are written {year}, {unit} or {project}");
        continue;
      }
      if (s[i] != '{') continue;
      const std::size_t close = s.find_first_of("{}", i + 1);
      if (close == std::string::npos || s[close] != '}') {
        diags_.error("profile-pattern-brace", at_offset(i),
                     "`{` without `}` in the " + std::string(key) + " pattern of " + where,
                     "names are written {year}, {unit} or {project}");
        if (close == std::string::npos) break;
        continue;
      }
      const std::string_view name = std::string_view(s).substr(i + 1, close - i - 1);
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        diags_.error("profile-pattern-unknown-name", at_offset(i),
                     "the " + std::string(key) + " pattern of " + where + " names {" +
                         std::string(name) + "}, which does not exist here",
                     data::closest_name(name, allowed) ? data::did_you_mean(name, allowed)
                                                       : "names available here:" + allowed_text);
      }
      i = close;
    }
  }

  void read_deliverable(const toml::table& t, std::size_t index, profile& p) {
    deliverable d;
    d.where = loc(t);
    std::string where = "[[deliverables]] #" + std::to_string(index + 1);
    check_keys(t, deliverable_keys, where);
    for (const auto& [key, node] : t) d.value_at[std::string(key.str())] = loc(node);
    if (auto v = text(t, "id", d.where, where, true)) {
      d.id = *v;
      where = "deliverable `" + d.id + "`";
    }
    if (auto v = text(t, "label", d.where, where, true)) d.label = *v;
    if (auto v = text(t, "title", d.where, where, true)) d.title = *v;
    if (auto v = text(t, "file", d.where, where, true)) d.file = *v;
    const auto kind = choice(t, "kind", d.where, where, kind_names, true);
    const auto when = choice(t, "when", d.where, where, when_names, true);
    if (when) {
      d.when = *when == "always"                   ? produced_when::always
               : *when == "has_projects"           ? produced_when::has_projects
               : *when == "each_evaluated_project" ? produced_when::each_evaluated_project
                                                   : produced_when::has_data;
    }
    if (when && d.when == produced_when::has_data) {
      if (auto v = choice(t, "data", d.where, where, data_names, true)) d.data = *v;
    } else if (const toml::node* n = t.get("data")) {
      diags_.error("profile-key-not-used", loc(*n),
                   "`data` in " + where + " is only read with when = \"has_data\"",
                   "remove it, or write when = \"has_data\"");
    }
    const bool per_project = d.when == produced_when::each_evaluated_project;
    auto not_for = [&](std::string_view key, const std::string& kind_name) {
      if (const toml::node* n = t.get(key))
        diags_.error("profile-key-not-used", loc(*n),
                     "`" + std::string(key) + "` in " + where + " is not read for kind = \"" +
                         kind_name + "\"",
                     "remove it, or change `kind`");
    };
    std::string extension;
    if (kind && *kind == "form") {
      d.kind = deliverable_kind::form;
      extension = ".pdf";
      if (auto v = text(t, "form", d.where, where, true)) d.form = *v;
      if (auto v = text(t, "heading", d.where, where, true)) d.heading = *v;
      not_for("report", "form");
      not_for("template", "form");
    } else if (kind) {
      d.kind = deliverable_kind::report;
      extension = ".docx";
      if (auto v = choice(t, "report", d.where, where, report_names, true)) d.report = *v;
      if (auto v = text(t, "template", d.where, where, true)) d.template_file = *v;
      not_for("form", "report");
      not_for("heading", "report");
      if (per_project)
        diags_.error("profile-invalid-value", loc(*t.get("when")),
                     "a report cannot be made once per project (" + where + ")",
                     "use when = \"always\" or \"has_projects\"");
    }
    const names common = {"year", "unit"};
    const names with_project = {"year", "unit", "project"};
    check_pattern(t, "title", common, where);
    check_pattern(t, "heading", per_project ? with_project : common, where);
    check_pattern(t, "file", per_project ? with_project : common, where);
    if (const toml::node* n = t.get("file"); n != nullptr && !d.file.empty()) {
      if (d.file.find_first_of("/\\") != std::string::npos)
        diags_.error("profile-file-name-invalid", loc(*n),
                     "the file name of " + where + " holds a `/` or `\\`",
                     "a deliverable is one file in the package folder: write a name, not a path");
      if (!extension.empty() && !d.file.ends_with(extension))
        diags_.error("profile-file-extension", loc(*n),
                     "the file name of " + where + " must end in " + extension,
                     "kind = \"" + std::string(kind ? *kind : "") + "\" writes a " +
                         extension.substr(1) + " file");
      if (per_project && d.file.find("{project}") == std::string::npos)
        diags_.error(
            "profile-pattern-project-missing", loc(*n),
            "the file name of " + where + " is made once per project but names no " + "{project}",
            "add {project}, e.g. \"附件3-项目支出绩效自评表-{project}.pdf\"");
    }
    for (const std::string_view key : {std::string_view("form"), std::string_view("template")}) {
      const toml::node* n = t.get(key);
      if (n == nullptr || !n->is_string()) continue;
      const fs::path path(n->as_string()->get());
      if (path.is_absolute() ||
          std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; }))
        diags_.error("profile-path-outside", loc(*n),
                     "`" + std::string(key) + "` of " + where + " points outside its folder",
                     key == "form" ? "keep form definitions in the profile folder, e.g. "
                                     "\"forms/table1.toml\""
                                   : "name a file of the templates folder");
    }
    p.deliverables.push_back(std::move(d));
  }

  void read_deliverables(const toml::table& root, profile& p) {
    const toml::node* n = root.get("deliverables");
    const base::source_loc top{file_, 1, 1};
    if (n == nullptr) {
      diags_.error("profile-no-deliverables", top, "the profile lists no [[deliverables]]",
                   "copy the [[deliverables]] of config/profiles/hunan/profile.toml");
      return;
    }
    const toml::array* list = n->as_array();
    if (list == nullptr || !list->is_array_of_tables() || list->empty()) {
      diags_.error("profile-wrong-type", loc(*n),
                   "`deliverables` must be a list of [[deliverables]] tables");
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i)
      read_deliverable(*list->get(i)->as_table(), i, p);
    // Ids, labels and file names name one deliverable each.
    auto unique = [&](const char* what, const char* key, auto get) {
      std::map<std::string, const deliverable*> seen;
      for (const deliverable& d : p.deliverables) {
        const std::string& v = get(d);
        if (v.empty()) continue;
        auto [it, fresh] = seen.emplace(v, &d);
        if (fresh) continue;
        const base::source_loc first = it->second->value_at.at(key);
        diags_.error(std::string("profile-duplicate-") + key, d.value_at.at(key),
                     std::string(what) + " \"" + v + "\" is used twice (first at line " +
                         std::to_string(first.line) + ")",
                     std::string("give each deliverable its own ") + what);
      }
    };
    unique("id", "id", [](const deliverable& d) -> const std::string& { return d.id; });
    unique("label", "label", [](const deliverable& d) -> const std::string& { return d.label; });
    unique("file name", "file", [](const deliverable& d) -> const std::string& { return d.file; });
  }

  void read_signature(const toml::table& root, profile& p) {
    const toml::node* n = root.get("signature");
    if (n == nullptr) return;
    const toml::table* t = n->as_table();
    if (t == nullptr) {
      diags_.error("profile-wrong-type", loc(*n), "`signature` must be a table");
      return;
    }
    check_keys(*t, signature_keys, "[signature]");
    for (const std::string_view key : signature_fields) {
      if (auto v = text(*t, key, loc(*t), "[signature]", false)) {
        if (v->empty())
          diags_.error("profile-empty-value", loc(*t->get(key)),
                       "the label `" + std::string(key) + "` in [signature] is empty");
        else
          p.signature.labels[std::string(key)] = *v;
      }
    }
    if (const toml::node* f = t->get("fields")) {
      const toml::array* list = f->as_array();
      if (list == nullptr) {
        diags_.error("profile-wrong-type", loc(*f),
                     "`fields` in [signature] must be a list such as [\"filler\", \"date\"]");
        return;
      }
      p.signature.fields.clear();
      for (const toml::node& item : *list) {
        const auto* s = item.as_string();
        if (s == nullptr || std::find(signature_fields.begin(), signature_fields.end(), s->get()) ==
                                signature_fields.end()) {
          diags_.error("profile-invalid-value", loc(item),
                       "`fields` in [signature] lists an unknown field",
                       data::did_you_mean(s ? s->get() : "", signature_fields));
        } else if (std::find(p.signature.fields.begin(), p.signature.fields.end(), s->get()) !=
                   p.signature.fields.end()) {
          diags_.error("profile-duplicate-field", loc(item),
                       "`fields` in [signature] lists \"" + s->get() + "\" twice");
        } else {
          p.signature.fields.push_back(s->get());
        }
      }
      if (list->empty())
        diags_.error("profile-invalid-value", loc(*f), "`fields` in [signature] lists no field",
                     "list at least one: [\"filler\", \"date\", \"phone\", \"head\"]");
    }
  }

  void read_weights(const toml::table& t, indicator_framework& f) {
    check_keys(t, weight_keys, "[indicators.weights]");
    // Read before read_indicators names the blocks: they are still the provincial three.
    base::decimal* targets[] = {&f.rules.execution, &f.rules.blocks[0].weight,
                                &f.rules.blocks[1].weight, &f.rules.blocks[2].weight,
                                &f.cost_weight};
    for (std::size_t i = 0; i < weight_keys.size(); ++i) {
      const toml::node* n = t.get(weight_keys[i]);
      if (n == nullptr) continue;
      if (auto v = number(*n, "`" + std::string(weight_keys[i]) + "` in [indicators.weights]")) {
        if (v->is_negative())
          diags_.error("profile-invalid-value", loc(*n), "a weight cannot be negative");
        *targets[i] = *v;
      }
    }
    if (const toml::node* n = t.get("cost"); n != nullptr && !f.cost)
      diags_.error("profile-key-not-used", loc(*n),
                   "a weight for 成本指标 is given, but [indicators] names no `cost`",
                   "add cost = \"成本指标\" to [indicators], or remove this weight");
    base::decimal sum = f.rules.execution;
    for (const data::indicator_block_rule& b : f.rules.blocks) sum += b.weight;
    if (f.cost) sum += f.cost_weight;
    if (sum != base::decimal::from_int(100))
      diags_.error(
          "profile-weights-sum", loc(t),
          "the default weights add up to " + sum.plain() + ", not 100",
          "预算执行率 + 产出 + 效益 + 满意度 (+ 成本) must make 100, e.g. 10 / 50 / 30 / 10");
  }

  void read_grades(const toml::table& t, indicator_framework& f) {
    check_keys(t, grade_keys, "[indicators.grades]");
    base::decimal* targets[] = {&f.rules.excellent, &f.rules.good, &f.rules.fair};
    bool complete = true;
    for (std::size_t i = 0; i < grade_keys.size(); ++i) {
      const toml::node* n = t.get(grade_keys[i]);
      if (n == nullptr) {
        diags_.error("profile-grade-bands", loc(t),
                     "[indicators.grades] has no lowest score for " + std::string(grade_keys[i]),
                     "write all three: \"优\" = 90, \"良\" = 80, \"中\" = 60 (below 中 is 差)");
        complete = false;
        continue;
      }
      if (auto v = number(*n, "the score of " + std::string(grade_keys[i])))
        *targets[i] = *v;
      else
        complete = false;
    }
    const base::decimal zero, hundred = base::decimal::from_int(100);
    if (complete && !(zero < f.rules.fair && f.rules.fair < f.rules.good &&
                      f.rules.good < f.rules.excellent && f.rules.excellent <= hundred))
      diags_.error("profile-grade-bands", loc(t),
                   "the grade bands must rise: 0 < 中 < 良 < 优 ≤ 100, but they are 中 " +
                       f.rules.fair.plain() + ", 良 " + f.rules.good.plain() + ", 优 " +
                       f.rules.excellent.plain(),
                   "e.g. \"优\" = 90, \"良\" = 80, \"中\" = 60");
  }

  void read_caps(const toml::array& list, indicator_framework& f) {
    f.rules.score_caps.clear();
    for (const toml::node& item : list) {
      const toml::table* t = item.as_table();
      if (t == nullptr) {
        diags_.error("profile-wrong-type", loc(item),
                     "each entry of `score_caps` must be a table { below_percent = 80, cap = 89 }");
        continue;
      }
      check_keys(*t, cap_keys, "[[indicators.score_caps]]");
      data::score_cap cap;
      const toml::node* below = t->get("below_percent");
      const toml::node* limit = t->get("cap");
      if (below == nullptr || limit == nullptr) {
        diags_.error(
            "profile-key-missing", loc(*t), "a score cap needs `below_percent` and `cap`",
            "e.g. { below_percent = 80, cap = 89 }: 执行率 under 80 % caps the score at 89");
        continue;
      }
      const auto b = number(*below, "`below_percent`");
      const auto c = number(*limit, "`cap`");
      if (!b || !c) continue;
      if (*b <= base::decimal{} || *b > base::decimal::from_int(100) || c->decimals_used() > 0 ||
          *c < base::decimal{} || *c > base::decimal::from_int(100)) {
        diags_.error("profile-score-caps", loc(*t),
                     "a score cap needs 0 < below_percent ≤ 100 and a whole cap 0–100");
        continue;
      }
      cap.below_percent = *b;
      cap.cap = static_cast<int>(c->units() / base::decimal::one);
      if (!f.rules.score_caps.empty() &&
          (f.rules.score_caps.back().below_percent >= cap.below_percent ||
           f.rules.score_caps.back().cap >= cap.cap))
        diags_.error(
            "profile-score-caps", loc(*t),
            "score caps must rise: each below_percent and cap above the previous one",
            "list them from the lowest 执行率 up, e.g. 50 → 59, 60 → 69, 70 → 79, 80 → 89");
      f.rules.score_caps.push_back(cap);
    }
  }

  void read_indicators(const toml::table& root, profile& p) {
    const toml::node* n = root.get("indicators");
    if (n == nullptr) return;
    const toml::table* t = n->as_table();
    if (t == nullptr) {
      diags_.error("profile-wrong-type", loc(*n), "`indicators` must be a table");
      return;
    }
    indicator_framework& f = p.indicators;
    check_keys(*t, indicator_keys, "[indicators]");
    if (const toml::node* l = t->get("level1")) {
      const toml::array* list = l->as_array();
      if (list == nullptr || list->size() != 3 || !list->is_homogeneous(toml::node_type::string)) {
        diags_.error(
            "profile-invalid-value", loc(*l),
            "`level1` must list the three 一级指标 names besides 预算执行率",
            "level1 = [\"产出指标\", \"效益指标\", \"满意度指标\"]; 成本指标 goes in `cost`");
      } else {
        f.level1.clear();
        for (const toml::node& item : *list) f.level1.push_back(item.as_string()->get());
      }
    }
    if (auto v = text(*t, "cost", loc(*t), "[indicators]", false)) f.cost = *v;
    const std::vector<std::string> provincial = indicator_framework{}.level1;
    std::vector<std::string> all = f.level1;
    if (f.cost) all.push_back(*f.cost);
    for (std::size_t i = 1; i < all.size(); ++i) {
      if (std::find(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(i), all[i]) ==
          all.begin() + static_cast<std::ptrdiff_t>(i))
        continue;
      const toml::node* at = i < f.level1.size() ? t->get("level1") : t->get("cost");
      diags_.error("profile-invalid-value", loc(*at),
                   "the 一级指标 name '" + all[i] + "' is given twice",
                   "each 一级指标 needs its own name, e.g. cost = \"成本指标\"");
    }
    if (const toml::node* w = t->get("weights")) {
      if (const toml::table* wt = w->as_table())
        read_weights(*wt, f);
      else
        diags_.error("profile-wrong-type", loc(*w), "`weights` must be a table");
    }
    if (const toml::node* g = t->get("grades")) {
      if (const toml::table* gt = g->as_table())
        read_grades(*gt, f);
      else
        diags_.error("profile-wrong-type", loc(*g), "`grades` must be a table");
    }
    if (const toml::node* d = t->get("deviation_percent")) {
      if (auto v = number(*d, "`deviation_percent`")) {
        if (*v <= base::decimal{} || *v >= base::decimal::from_int(100))
          diags_.error("profile-invalid-value", loc(*d),
                       "`deviation_percent` must be between 0 and 100, e.g. 30");
        else
          f.rules.deviation_percent = *v;
      }
    }
    if (const toml::node* c = t->get("score_caps")) {
      if (const toml::array* list = c->as_array())
        read_caps(*list, f);
      else
        diags_.error("profile-wrong-type", loc(*c), "`score_caps` must be a list of tables");
    }
    // The blocks that derive and validate group, check and print: the provincial three under
    // this profile's names (each keeps its 二级指标), then 成本指标, whose 二级指标 are
    // 财预〔2021〕 101号's; with it 成本指标 is no longer a 二级指标 of 产出指标.
    for (std::size_t i = 0; i < f.level1.size() && i < f.rules.blocks.size(); ++i)
      f.rules.blocks[i].level1 = f.level1[i];
    if (f.cost) {
      std::vector<std::string>& output = f.rules.blocks[0].level2;
      output.erase(std::remove(output.begin(), output.end(), "成本指标"), output.end());
      f.rules.blocks.push_back(data::cost_block(*f.cost, f.cost_weight));
    }
    if (const toml::node* l2 = t->get("level2")) read_level2(*l2, f);
  }

  // [indicators.level2] "产出指标" = ["数量指标", …]: a block's own 二级指标 names, replacing the
  // provincial ones (or 成本指标's) for that 一级指标.
  void read_level2(const toml::node& n, indicator_framework& f) {
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      diags_.error("profile-wrong-type", loc(n), "`level2` must be a table",
                   "[indicators.level2] with \"产出指标\" = [\"数量指标\", \"质量指标\"]");
      return;
    }
    for (auto&& [key, value] : *t) {
      const std::string name(key.str());
      auto block =
          std::find_if(f.rules.blocks.begin(), f.rules.blocks.end(),
                       [&](const data::indicator_block_rule& b) { return b.level1 == name; });
      if (block == f.rules.blocks.end()) {
        std::string known;
        for (const auto& b : f.rules.blocks) known += (known.empty() ? "" : "、") + b.level1;
        diags_.error("profile-invalid-value", loc(key),
                     "`level2` names '" + name + "', which is not a 一级指标 of this profile",
                     "the 一级指标 are " + known);
        continue;
      }
      const toml::array* list = value.as_array();
      if (list == nullptr || list->empty() || !list->is_homogeneous(toml::node_type::string)) {
        diags_.error("profile-invalid-value", loc(value),
                     "the 二级指标 of '" + name + "' must be a list of names",
                     "\"" + name + "\" = [\"数量指标\", \"质量指标\"]");
        continue;
      }
      block->level2.clear();
      for (const toml::node& item : *list) block->level2.push_back(item.as_string()->get());
    }
  }

  // [pdf]: which PDF renderings build writes, and the review file's name.
  void read_pdf(const toml::table& root, profile& p) {
    const toml::node* n = root.get("pdf");
    if (n == nullptr) return;
    const toml::table* t = n->as_table();
    if (t == nullptr) {
      diags_.error("profile-wrong-type", loc(*n), "`pdf` must be a table");
      return;
    }
    check_keys(*t, pdf_keys, "[pdf]");
    for (const auto& [key, target] :
         {std::pair{"reports", &p.pdf.reports}, std::pair{"review", &p.pdf.review}}) {
      const toml::node* v = t->get(key);
      if (v == nullptr) continue;
      if (const auto* b = v->as_boolean()) {
        *target = b->get();
      } else {
        diags_.error("profile-wrong-type", loc(*v),
                     "`" + std::string(key) + "` in [pdf] must be true or false");
      }
    }
    if (auto v = text(*t, "review_file", loc(*t), "[pdf]", false)) {
      const toml::node* at = t->get("review_file");
      check_pattern(*t, "review_file", {"year", "unit"}, "[pdf]");
      if (v->empty() || !v->ends_with(".pdf"))
        diags_.error("profile-file-extension", loc(*at), "the review file name must end in .pdf",
                     "e.g. review_file = \"{year}年度{unit}绩效自评材料（全部）.pdf\"");
      else if (v->find_first_of("/\\") != std::string::npos)
        diags_.error("profile-file-name-invalid", loc(*at),
                     "the review file name in [pdf] holds a `/` or `\\`",
                     "the review file is one file in the package folder: write a name, not a path");
      else
        p.pdf.review_file = *v;
    }
  }

  void read(const toml::table& root, profile& p) {
    check_keys(root, top_keys, "profile.toml");
    const base::source_loc top{file_, 1, 1};
    if (auto v = text(root, "name", top, "profile.toml", true)) p.name = *v;
    if (auto v = text(root, "title", top, "profile.toml", false)) p.title = *v;
    if (auto v = text(root, "wording", top, "profile.toml", true)) {
      p.wording = *v;
      p.wording_at = loc(*root.get("wording"));
    }
    read_deliverables(root, p);
    read_signature(root, p);
    read_indicators(root, p);
    read_pdf(root, p);
  }

 private:
  std::string file_;
  base::diagnostics& diags_;
};

// Bigger than any profile; a larger file is refused before it is parsed.
constexpr std::uintmax_t max_profile_bytes = 1 << 20;

}  // namespace

profile load_profile(const std::string& folder, base::diagnostics& diags) {
  profile p;
  p.folder = folder;
  p.file = (fs::path(folder) / profile_file_name).string();
  std::error_code ec;
  if (!fs::is_regular_file(p.file, ec)) {
    diags.error("profile-missing", {p.file, 0, 0}, "no profile.toml in " + folder,
                "a profile is a folder with profile.toml; copy config/profiles/hunan");
    return p;
  }
  if (fs::file_size(p.file, ec) > max_profile_bytes) {
    diags.error("profile-too-large", {p.file, 0, 0}, "profile.toml is larger than 1 MiB");
    return p;
  }
  std::ifstream in(p.file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) {
    diags.error("profile-unreadable", {p.file, 0, 0}, "cannot read " + p.file);
    return p;
  }
  return parse_profile(s.str(), folder, diags);
}

profile parse_profile(std::string text, const std::string& folder, base::diagnostics& diags) {
  profile p;
  p.folder = folder;
  p.file = (fs::path(folder) / profile_file_name).string();
  p.bytes = std::move(text);
  if (base::find_invalid_utf8(p.bytes)) {
    diags.error("profile-encoding", {p.file, 0, 0}, "profile.toml is not valid UTF-8",
                "save it as UTF-8");
    return p;
  }
  toml::table root;
  try {
    root = toml::parse(p.bytes, p.file);
  } catch (const toml::parse_error& e) {
    diags.error("profile-syntax", {p.file, e.source().begin.line, e.source().begin.column},
                std::string(e.description()));
    return p;
  }
  reader(p.file, diags).read(root, p);
  return p;
}

void check_files(const profile& p, const std::string& templates_dir, base::diagnostics& diags) {
  std::error_code ec;
  const fs::path folder(p.folder);
  if (!p.wording.empty() && !fs::is_regular_file(folder / p.wording, ec))
    diags.error("profile-file-missing", p.wording_at,
                "the wording file \"" + p.wording + "\" is not in the profile folder",
                "copy wording.toml from config/profiles/hunan");
  for (const deliverable& d : p.deliverables) {
    if (d.kind == deliverable_kind::form && !d.form.empty() &&
        !fs::is_regular_file(folder / d.form, ec))
      diags.error("profile-file-missing", d.value_at.at("form"),
                  "the form definition \"" + d.form + "\" of deliverable `" + d.id +
                      "` is not in the profile folder",
                  "copy it from config/profiles/hunan/forms, or correct the name");
    if (d.kind == deliverable_kind::report && !d.template_file.empty() && !templates_dir.empty() &&
        !fs::is_regular_file(fs::path(templates_dir) / d.template_file, ec))
      diags.error("profile-file-missing", d.value_at.at("template"),
                  "the report template \"" + d.template_file + "\" of deliverable `" + d.id +
                      "` is not in " + templates_dir,
                  "put the .docx there, or pass the folder holding it with --templates");
  }
}

std::optional<std::string> find_profile(const std::string& config_dir,
                                        const std::string& name_or_folder) {
  std::error_code ec;
  const bool path_like = name_or_folder.find('/') != std::string::npos || name_or_folder == "." ||
                         name_or_folder == "..";
  if (path_like) {
    if (fs::is_directory(name_or_folder, ec)) return name_or_folder;
    return std::nullopt;
  }
  const fs::path named = fs::path(config_dir) / "profiles" / name_or_folder;
  if (!name_or_folder.empty() && fs::is_directory(named, ec)) return named.string();
  return std::nullopt;
}

std::vector<std::string> profile_names(const std::string& config_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(config_dir) / "profiles", ec)) {
    if (e.is_directory(ec) && fs::is_regular_file(e.path() / profile_file_name, ec))
      out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string expand(std::string_view pattern, const pattern_values& values) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const std::size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(pattern.substr(i, open - i));
    const std::string_view name = pattern.substr(open + 1, close - open - 1);
    if (name == "year")
      out += values.year;
    else if (name == "unit")
      out += values.unit;
    else if (name == "project")
      out += values.project;
    else
      out.append(pattern.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(pattern.substr(i));
  return out;
}

pattern_values values_of(const data::model& m) {
  return {std::to_string(m.year.value), m.unit.name.value, {}};
}

}  // namespace selfeval::profile
