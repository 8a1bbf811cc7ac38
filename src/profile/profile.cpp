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
      diags_.error(
          "profile-unknown-key", loc(key),
          base::msg{
              {"key", name}, {"where", where}, {"suggestion", data::did_you_mean(name, known)}});
    }
  }

  // A string value; reports a missing (when required) or non-string value.
  std::optional<std::string> text(const toml::table& t, std::string_view key,
                                  const base::source_loc& parent, const std::string& where,
                                  bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required)
        diags_.error("profile-key-missing", parent, base::msg{{"where", where}, {"key", key}});
      return std::nullopt;
    }
    const auto* s = n->as_string();
    if (s == nullptr) {
      diags_.error("profile-wrong-type", loc(*n), base::msg{{"key", key}, {"where", where}});
      return std::nullopt;
    }
    if (base::find_invalid_utf8(s->get())) {
      diags_.error("profile-wrong-type", loc(*n),
                   base::msg("profile-wrong-type.utf8", {{"key", key}, {"where", where}}));
      return std::nullopt;
    }
    if (s->get().empty() && required) {
      diags_.error("profile-empty-value", loc(*n), base::msg{{"key", key}, {"where", where}});
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
                   base::msg{{"key", key},
                             {"value", *v},
                             {"where", where},
                             {"suggestion", data::did_you_mean(*v, allowed)}});
      return std::nullopt;
    }
    return v;
  }

  // A number written as an integer or a decimal (12.5), kept exact; `problem` says which number
  // when it is not one.
  std::optional<base::decimal> number(const toml::node& n, const base::msg& problem) {
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
    diags_.error("profile-wrong-type", loc(n), problem);
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
                     base::msg{{"key", key}, {"where", where}});
        continue;
      }
      if (s[i] != '{') continue;
      const std::size_t close = s.find_first_of("{}", i + 1);
      if (close == std::string::npos || s[close] != '}') {
        diags_.error("profile-pattern-brace", at_offset(i),
                     base::msg("profile-pattern-brace.open", {{"key", key}, {"where", where}}));
        if (close == std::string::npos) break;
        continue;
      }
      const std::string_view name = std::string_view(s).substr(i + 1, close - i - 1);
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        if (data::closest_name(name, allowed))
          diags_.error("profile-pattern-unknown-name", at_offset(i),
                       base::msg{{"key", key},
                                 {"where", where},
                                 {"name", name},
                                 {"suggestion", data::did_you_mean(name, allowed)}});
        else
          diags_.error(
              "profile-pattern-unknown-name", at_offset(i),
              base::msg("profile-pattern-unknown-name.list",
                        {{"key", key}, {"where", where}, {"name", name}, {"names", allowed_text}}));
      }
      i = close;
    }
  }

  void read_deliverable(const toml::table& t, std::size_t index, profile& p) {
    deliverable d;
    d.where = loc(t);
    std::string where = base::tr("profile.where.deliverable-number", {{"n", index + 1}});
    check_keys(t, deliverable_keys, where);
    for (const auto& [key, node] : t) d.value_at[std::string(key.str())] = loc(node);
    if (auto v = text(t, "id", d.where, where, true)) {
      d.id = *v;
      where = base::tr("profile.where.deliverable", {{"id", d.id}});
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
      diags_.error("profile-key-not-used", loc(*n), base::msg{{"where", where}});
    }
    const bool per_project = d.when == produced_when::each_evaluated_project;
    auto not_for = [&](std::string_view key, const std::string& kind_name) {
      if (const toml::node* n = t.get(key))
        diags_.error("profile-key-not-used", loc(*n),
                     base::msg("profile-key-not-used.kind",
                               {{"key", key}, {"where", where}, {"kind", kind_name}}));
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
                     base::msg("profile-invalid-value.per-project-report", {{"where", where}}));
    }
    const names common = {"year", "unit"};
    const names with_project = {"year", "unit", "project"};
    check_pattern(t, "title", common, where);
    check_pattern(t, "heading", per_project ? with_project : common, where);
    check_pattern(t, "file", per_project ? with_project : common, where);
    if (const toml::node* n = t.get("file"); n != nullptr && !d.file.empty()) {
      if (d.file.find_first_of("/\\") != std::string::npos)
        diags_.error("profile-file-name-invalid", loc(*n), base::msg{{"where", where}});
      if (!extension.empty() && !d.file.ends_with(extension))
        diags_.error("profile-file-extension", loc(*n),
                     base::msg{{"where", where},
                               {"extension", extension},
                               {"kind", kind ? *kind : std::string()},
                               {"type", extension.substr(1)}});
      if (per_project && d.file.find("{project}") == std::string::npos)
        diags_.error("profile-pattern-project-missing", loc(*n), base::msg{{"where", where}});
    }
    for (const std::string_view key : {std::string_view("form"), std::string_view("template")}) {
      const toml::node* n = t.get(key);
      if (n == nullptr || !n->is_string()) continue;
      const fs::path path(n->as_string()->get());
      if (path.is_absolute() ||
          std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == ".."; }))
        diags_.error("profile-path-outside", loc(*n),
                     key == "form"
                         ? base::msg{{"where", where}}
                         : base::msg("profile-path-outside.template", {{"where", where}}));
    }
    p.deliverables.push_back(std::move(d));
  }

  void read_deliverables(const toml::table& root, profile& p) {
    const toml::node* n = root.get("deliverables");
    const base::source_loc top{file_, 1, 1};
    if (n == nullptr) {
      diags_.error("profile-no-deliverables", top);
      return;
    }
    const toml::array* list = n->as_array();
    if (list == nullptr || !list->is_array_of_tables() || list->empty()) {
      diags_.error("profile-wrong-type", loc(*n), base::msg("profile-wrong-type.deliverables"));
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i)
      read_deliverable(*list->get(i)->as_table(), i, p);
    // Ids, labels and file names name one deliverable each.
    // `id` is the diagnostic's id and its catalogue key.
    auto unique = [&](const char* id, const char* key, auto get) {
      std::map<std::string, const deliverable*> seen;
      for (const deliverable& d : p.deliverables) {
        const std::string& v = get(d);
        if (v.empty()) continue;
        auto [it, fresh] = seen.emplace(v, &d);
        if (fresh) continue;
        const base::source_loc first = it->second->value_at.at(key);
        diags_.error(id, d.value_at.at(key), base::msg{{"value", v}, {"line", first.line}});
      }
    };
    unique("profile-duplicate-id", "id",
           [](const deliverable& d) -> const std::string& { return d.id; });
    unique("profile-duplicate-label", "label",
           [](const deliverable& d) -> const std::string& { return d.label; });
    unique("profile-duplicate-file", "file",
           [](const deliverable& d) -> const std::string& { return d.file; });
  }

  void read_signature(const toml::table& root, profile& p) {
    const toml::node* n = root.get("signature");
    if (n == nullptr) return;
    const toml::table* t = n->as_table();
    if (t == nullptr) {
      diags_.error("profile-wrong-type", loc(*n),
                   base::msg("profile-wrong-type.table", {{"key", "signature"}}));
      return;
    }
    check_keys(*t, signature_keys, "[signature]");
    for (const std::string_view key : signature_fields) {
      if (auto v = text(*t, key, loc(*t), "[signature]", false)) {
        if (v->empty())
          diags_.error("profile-empty-value", loc(*t->get(key)),
                       base::msg("profile-empty-value.label", {{"key", key}}));
        else
          p.signature.labels[std::string(key)] = *v;
      }
    }
    if (const toml::node* f = t->get("fields")) {
      const toml::array* list = f->as_array();
      if (list == nullptr) {
        diags_.error("profile-wrong-type", loc(*f), base::msg("profile-wrong-type.fields"));
        return;
      }
      p.signature.fields.clear();
      for (const toml::node& item : *list) {
        const auto* s = item.as_string();
        if (s == nullptr || std::find(signature_fields.begin(), signature_fields.end(), s->get()) ==
                                signature_fields.end()) {
          diags_.error(
              "profile-invalid-value", loc(item),
              base::msg("profile-invalid-value.field",
                        {{"suggestion", data::did_you_mean(s ? s->get() : "", signature_fields)}}));
        } else if (std::find(p.signature.fields.begin(), p.signature.fields.end(), s->get()) !=
                   p.signature.fields.end()) {
          diags_.error("profile-duplicate-field", loc(item), base::msg{{"field", s->get()}});
        } else {
          p.signature.fields.push_back(s->get());
        }
      }
      if (list->empty())
        diags_.error("profile-invalid-value", loc(*f), base::msg("profile-invalid-value.no-field"));
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
      if (auto v = number(*n, base::msg("profile-wrong-type.weight", {{"key", weight_keys[i]}}))) {
        if (v->is_negative())
          diags_.error("profile-invalid-value", loc(*n),
                       base::msg("profile-invalid-value.negative-weight"));
        *targets[i] = *v;
      }
    }
    if (const toml::node* n = t.get("cost"); n != nullptr && !f.cost)
      diags_.error("profile-key-not-used", loc(*n), base::msg("profile-key-not-used.cost-weight"));
    base::decimal sum = f.rules.execution;
    for (const data::indicator_block_rule& b : f.rules.blocks) sum += b.weight;
    if (f.cost) sum += f.cost_weight;
    if (sum != base::decimal::from_int(100))
      diags_.error("profile-weights-sum", loc(t), base::msg{{"sum", sum.plain()}});
  }

  void read_grades(const toml::table& t, indicator_framework& f) {
    check_keys(t, grade_keys, "[indicators.grades]");
    base::decimal* targets[] = {&f.rules.excellent, &f.rules.good, &f.rules.fair};
    bool complete = true;
    for (std::size_t i = 0; i < grade_keys.size(); ++i) {
      const toml::node* n = t.get(grade_keys[i]);
      if (n == nullptr) {
        diags_.error("profile-grade-bands", loc(t),
                     base::msg("profile-grade-bands.missing", {{"grade", grade_keys[i]}}));
        complete = false;
        continue;
      }
      if (auto v = number(*n, base::msg("profile-wrong-type.grade", {{"grade", grade_keys[i]}})))
        *targets[i] = *v;
      else
        complete = false;
    }
    const base::decimal zero, hundred = base::decimal::from_int(100);
    if (complete && !(zero < f.rules.fair && f.rules.fair < f.rules.good &&
                      f.rules.good < f.rules.excellent && f.rules.excellent <= hundred))
      diags_.error("profile-grade-bands", loc(t),
                   base::msg{{"fair", f.rules.fair.plain()},
                             {"good", f.rules.good.plain()},
                             {"excellent", f.rules.excellent.plain()}});
  }

  void read_caps(const toml::array& list, indicator_framework& f) {
    f.rules.score_caps.clear();
    for (const toml::node& item : list) {
      const toml::table* t = item.as_table();
      if (t == nullptr) {
        diags_.error("profile-wrong-type", loc(item), base::msg("profile-wrong-type.score-cap"));
        continue;
      }
      check_keys(*t, cap_keys, "[[indicators.score_caps]]");
      data::score_cap cap;
      const toml::node* below = t->get("below_percent");
      const toml::node* limit = t->get("cap");
      if (below == nullptr || limit == nullptr) {
        diags_.error("profile-key-missing", loc(*t), base::msg("profile-key-missing.score-cap"));
        continue;
      }
      const auto b =
          number(*below, base::msg("profile-wrong-type.number", {{"key", "below_percent"}}));
      const auto c = number(*limit, base::msg("profile-wrong-type.number", {{"key", "cap"}}));
      if (!b || !c) continue;
      if (*b <= base::decimal{} || *b > base::decimal::from_int(100) || c->decimals_used() > 0 ||
          *c < base::decimal{} || *c > base::decimal::from_int(100)) {
        diags_.error("profile-score-caps", loc(*t));
        continue;
      }
      cap.below_percent = *b;
      cap.cap = static_cast<int>(c->units() / base::decimal::one);
      if (!f.rules.score_caps.empty() &&
          (f.rules.score_caps.back().below_percent >= cap.below_percent ||
           f.rules.score_caps.back().cap >= cap.cap))
        diags_.error("profile-score-caps", loc(*t), base::msg("profile-score-caps.order"));
      f.rules.score_caps.push_back(cap);
    }
  }

  void read_indicators(const toml::table& root, profile& p) {
    const toml::node* n = root.get("indicators");
    if (n == nullptr) return;
    const toml::table* t = n->as_table();
    if (t == nullptr) {
      diags_.error("profile-wrong-type", loc(*n),
                   base::msg("profile-wrong-type.table", {{"key", "indicators"}}));
      return;
    }
    indicator_framework& f = p.indicators;
    check_keys(*t, indicator_keys, "[indicators]");
    if (const toml::node* l = t->get("level1")) {
      const toml::array* list = l->as_array();
      if (list == nullptr || list->size() != 3 || !list->is_homogeneous(toml::node_type::string)) {
        diags_.error("profile-invalid-value", loc(*l), base::msg("profile-invalid-value.level1"));
      } else {
        f.level1.clear();
        for (const toml::node& item : *list) f.level1.push_back(item.as_string()->get());
      }
    }
    if (auto v = text(*t, "cost", loc(*t), "[indicators]", false)) f.cost = *v;
    std::vector<std::string> all = f.level1;
    if (f.cost) all.push_back(*f.cost);
    for (std::size_t i = 1; i < all.size(); ++i) {
      if (std::find(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(i), all[i]) ==
          all.begin() + static_cast<std::ptrdiff_t>(i))
        continue;
      const toml::node* at = i < f.level1.size() ? t->get("level1") : t->get("cost");
      diags_.error("profile-invalid-value", loc(*at),
                   base::msg("profile-invalid-value.level1-twice", {{"name", all[i]}}));
    }
    if (const toml::node* w = t->get("weights")) {
      if (const toml::table* wt = w->as_table())
        read_weights(*wt, f);
      else
        diags_.error("profile-wrong-type", loc(*w),
                     base::msg("profile-wrong-type.table", {{"key", "weights"}}));
    }
    if (const toml::node* g = t->get("grades")) {
      if (const toml::table* gt = g->as_table())
        read_grades(*gt, f);
      else
        diags_.error("profile-wrong-type", loc(*g),
                     base::msg("profile-wrong-type.table", {{"key", "grades"}}));
    }
    if (const toml::node* d = t->get("deviation_percent")) {
      if (auto v =
              number(*d, base::msg("profile-wrong-type.number", {{"key", "deviation_percent"}}))) {
        if (*v <= base::decimal{} || *v >= base::decimal::from_int(100))
          diags_.error("profile-invalid-value", loc(*d),
                       base::msg("profile-invalid-value.deviation"));
        else
          f.rules.deviation_percent = *v;
      }
    }
    if (const toml::node* c = t->get("score_caps")) {
      if (const toml::array* list = c->as_array())
        read_caps(*list, f);
      else
        diags_.error("profile-wrong-type", loc(*c), base::msg("profile-wrong-type.score-caps"));
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
      diags_.error("profile-wrong-type", loc(n), base::msg("profile-wrong-type.level2"));
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
        diags_.error(
            "profile-invalid-value", loc(key),
            base::msg("profile-invalid-value.level2-block", {{"name", name}, {"known", known}}));
        continue;
      }
      const toml::array* list = value.as_array();
      if (list == nullptr || list->empty() || !list->is_homogeneous(toml::node_type::string)) {
        diags_.error("profile-invalid-value", loc(value),
                     base::msg("profile-invalid-value.level2-list", {{"name", name}}));
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
      diags_.error("profile-wrong-type", loc(*n),
                   base::msg("profile-wrong-type.table", {{"key", "pdf"}}));
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
                     base::msg("profile-wrong-type.pdf-switch", {{"key", key}}));
      }
    }
    if (auto v = text(*t, "review_file", loc(*t), "[pdf]", false)) {
      const toml::node* at = t->get("review_file");
      check_pattern(*t, "review_file", {"year", "unit"}, "[pdf]");
      if (v->empty() || !v->ends_with(".pdf"))
        diags_.error("profile-file-extension", loc(*at),
                     base::msg("profile-file-extension.review"));
      else if (v->find_first_of("/\\") != std::string::npos)
        diags_.error("profile-file-name-invalid", loc(*at),
                     base::msg("profile-file-name-invalid.review"));
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
    diags.error("profile-missing", {p.file, 0, 0}, base::msg{{"folder", folder}});
    return p;
  }
  if (fs::file_size(p.file, ec) > max_profile_bytes) {
    diags.error("profile-too-large", {p.file, 0, 0});
    return p;
  }
  std::ifstream in(p.file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) {
    diags.error("profile-unreadable", {p.file, 0, 0}, base::msg{{"file", p.file}});
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
    diags.error("profile-encoding", {p.file, 0, 0});
    return p;
  }
  toml::table root;
  try {
    root = toml::parse(p.bytes, p.file);
  } catch (const toml::parse_error& e) {
    diags.error("profile-syntax", {p.file, e.source().begin.line, e.source().begin.column},
                base::msg{{"detail", e.description()}});
    return p;
  }
  reader(p.file, diags).read(root, p);
  return p;
}

void check_files(const profile& p, const std::string& templates_dir, base::diagnostics& diags) {
  std::error_code ec;
  const fs::path folder(p.folder);
  if (!p.wording.empty() && !fs::is_regular_file(folder / p.wording, ec))
    diags.error("profile-file-missing", p.wording_at, base::msg{{"file", p.wording}});
  for (const deliverable& d : p.deliverables) {
    if (d.kind == deliverable_kind::form && !d.form.empty() &&
        !fs::is_regular_file(folder / d.form, ec))
      diags.error("profile-file-missing", d.value_at.at("form"),
                  base::msg("profile-file-missing.form", {{"file", d.form}, {"id", d.id}}));
    if (d.kind == deliverable_kind::report && !d.template_file.empty() && !templates_dir.empty() &&
        !fs::is_regular_file(fs::path(templates_dir) / d.template_file, ec))
      diags.error("profile-file-missing", d.value_at.at("template"),
                  base::msg("profile-file-missing.template",
                            {{"file", d.template_file}, {"id", d.id}, {"dir", templates_dir}}));
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
