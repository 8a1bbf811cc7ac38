#include "package/diff.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/messages.h"
#include "base/utf8.h"
#include "data/format.h"
#include "data/schema.h"
#include "data/typed_values.h"

namespace selfeval::package {

namespace {

using json = nlohmann::json;

// Deliverables as a small set of names; 附件3 carries the project name.
using targets = std::set<std::string>;
const std::string t1(data::schema::label_of(data::schema::table1));
const std::string t2(data::schema::label_of(data::schema::table2));
const std::string t4(data::schema::label_of(data::schema::overall_report));
const std::string t5(data::schema::label_of(data::schema::project_report));
std::string t3(const std::string& project) {
  return std::string(data::schema::label_of(data::schema::table3)) + "-" + project;
}

struct entry {
  std::string text;
  targets where;  // the deliverables that print this value (or a figure following from it)
};

// The deliverables that print a key, by the schema; "附件3" in a key of a project is that
// project's 附件3 (`table3`), elsewhere every 附件3.
targets printed_in(const data::schema::key& k, const targets& table3) {
  targets out;
  for (const data::schema::deliverable d : data::schema::deliverable_order) {
    if (!(k.prints & d)) continue;
    if (d == data::schema::table3)
      out.insert(table3.begin(), table3.end());
    else
      out.insert(std::string(data::schema::label_of(d)));
  }
  return out;
}

// The flattened values of one side, in walk order.
class flat {
 public:
  void add(const std::string& key, std::optional<std::string> text, const targets& where) {
    if (!text) return;
    if (!values_.contains(key)) order_.push_back(key);
    values_[key] = entry{std::move(*text), where};
  }
  const std::vector<std::string>& order() const { return order_; }
  const entry* find(const std::string& key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  std::vector<std::string> order_;
  std::map<std::string, entry> values_;
};

std::string cell(const data::amount& a) {
  if (a.unknown) return std::string(data::unknown_mark);
  return a.given ? a.value.plain() : "\"\"";
}
// A number as typed: "——" for a number typed so.
std::optional<std::string> number_text(const data::field<data::decimal>& n) {
  if (n.unknown) return std::string(data::unknown_mark);
  return n.given ? std::optional(n.value.plain()) : std::nullopt;
}

// A typed value as diff shows it: as typed in TOML, "——" for a number typed so; none when absent.
std::optional<std::string> text_of(const data::typed_value& v) {
  using data::schema::value_type;
  const auto none = std::optional<std::string>();
  return std::visit(
      [&](const auto& f) -> std::optional<std::string> {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, data::indicator_score_ref>) {
          return f.is_auto ? std::string("auto") : number_text(*f.typed);
        } else if constexpr (std::is_same_v<T, const data::text*>) {
          return f->given ? std::optional(f->value) : none;
        } else if constexpr (std::is_same_v<T, const data::field<data::decimal>*>) {
          // A percent typed "——" is left out (it is computed anyway).
          if (v.key.type == value_type::percent)
            return f->given ? std::optional(f->value.plain() + "%") : none;
          return number_text(*f);
        } else if constexpr (std::is_same_v<T, const data::count*>) {
          if (f->unknown) return std::string(data::unknown_mark);
          return f->given ? std::optional(std::to_string(f->value)) : none;
        } else if constexpr (std::is_same_v<T, const data::field<bool>*>) {
          return f->given ? std::optional<std::string>(f->value ? "true" : "false") : none;
        } else if constexpr (std::is_same_v<T, const data::field<data::date>*>) {
          return f->given ? std::optional(data::iso_date_text(f->value)) : none;
        } else if constexpr (std::is_same_v<T, const data::field<std::vector<std::string>>*>) {
          return f->given ? std::optional(base::join(f->value, "、")) : none;
        } else if constexpr (std::is_same_v<T, const data::year_columns*>) {
          if (!f->given) return none;
          return "[" + cell(f->prior_final) + ", " + cell(f->budget) + ", " + cell(f->final) + "]";
        } else {
          static_assert(std::is_same_v<T, const data::fund_columns*>);
          if (!f->given) return none;
          return "[" + cell(f->initial) + ", " + cell(f->full_year) + ", " + cell(f->executed) +
                 "]";
        }
      },
      v.ref);
}

// "[业务工作经费]", "[#2]", "[帮扶基金#2]" for the elements of a list, by their names.
template <class T, class Name>
std::vector<std::string> element_keys(const std::vector<T>& items, Name name_of) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(name_of(item));
  std::vector<std::string> keys = data::element_labels(names);
  for (std::string& k : keys) k = "[" + k + "]";
  return keys;
}

// Every typed value with the deliverables that print it (data/schema.cpp), by the one walk of
// the data file's keys (data/typed_values.h).
flat typed_values(const data::model& m) {
  flat out;
  targets every_table3;
  for (const std::size_t i : data::evaluated_projects(m))
    every_table3.insert(t3(m.projects[i].name.value));
  data::for_each_typed_value(m, [&](const data::typed_value& v) {
    targets table3;
    if (v.in_project != nullptr && v.in_project->evaluation.given)
      table3.insert(t3(v.in_project->name.value));
    out.add(v.place.labelled(), text_of(v),
            printed_in(v.key, v.in_project != nullptr ? table3 : every_table3));
  });
  // A profile's scored forms ([scored.<id>]): their rows are the profile's, not the schema's,
  // so the walk does not know them; each is printed on its own form.
  for (const data::scored_entry& e : m.scored) {
    const targets form{base::tr("package.diff.scored-form", {{"form", e.form}})};
    for (const data::scored_row& r : e.rows) {
      const std::string key = "scored." + e.form + ".rows." + r.id;
      out.add(key + ".score",
              r.not_applicable ? std::optional<std::string>("不适用") : number_text(r.points),
              form);
      out.add(key + ".evidence",
              r.evidence.given ? std::optional(r.evidence.value) : std::optional<std::string>(),
              form);
    }
  }
  return out;
}

std::string sum_cell(const data::quantity& v) {
  return v.is_blank() ? std::string("\"\"") : data::money_text(v);
}
std::string sums_text(const data::column_sums& c) {
  return "[" + sum_cell(c.prior_final) + ", " + sum_cell(c.budget) + ", " + sum_cell(c.final) + "]";
}

void add_evaluation_figures(flat& out, const std::string& label, const data::evaluation_figures& e,
                            const data::evaluation_info& info, const targets& where,
                            const targets& summary_where) {
  out.add(label + " 执行率", data::percent_text(e.execution_rate), where);
  out.add(label + " 预算执行得分", data::score_text(e.execution_score), where);
  const auto keys =
      element_keys(info.indicators, [](const data::indicator& i) { return i.name.value; });
  for (std::size_t i = 0; i < e.indicators.size() && i < keys.size(); ++i) {
    if (e.indicators[i].computed) {
      out.add(label + " 自评得分" + keys[i], data::score_text(e.indicators[i].score), where);
    }
  }
  for (const data::indicator_block_figures& b : e.blocks) {
    out.add(label + " " + b.level1 + " 分值", data::score_text(b.row_weights), where);
  }
  out.add(label + " 总分·分值", data::score_text(e.total_weight), where);
  out.add(label + " 总分·自评得分", data::score_text(e.total_score), summary_where);
  out.add(label + " 等次",
          e.total_grade ? std::string(data::grade_text(*e.total_grade))
                        : std::string(data::unknown_mark),
          summary_where);
}

// Every computed figure with the deliverables that print it.
flat computed_values(const data::model& m, const data::figures& f) {
  flat out;
  out.add("附件1 人员控制率", data::percent_text(f.staff_control_rate), {t1});
  out.add("附件1 公务用车购置和维护经费", sums_text(f.cars), {t1});
  out.add("附件1 三公经费", sums_text(f.three_public), {t1});
  out.add("附件1 项目支出", sums_text(f.projects_total), {t1, t4});
  for (std::size_t i = 0; i < f.projects.size() && i < m.projects.size(); ++i) {
    out.add("附件1 项目支出[" + m.projects[i].name.value + "]", sums_text(f.projects[i].amounts),
            {t1, t4, t5});
  }
  out.add("附件1 部门基本支出预算调整", data::money_text(f.budget_adjustment), {t1});
  out.add("附件1 规模控制率", data::percent_text(f.area_control_rate), {t1});
  out.add("附件1 投资概算控制率", data::percent_text(f.investment_control_rate), {t1});
  out.add("附件2 按收入性质分合计", data::money_text(f.income_total), {t2});
  out.add("附件2 按支出性质分合计", data::money_text(f.use_total), {t2, t4});
  add_evaluation_figures(out, "附件2", f.overall, m.overall, {t2}, {t2, t4});
  for (std::size_t i = 0; i < f.projects.size() && i < m.projects.size(); ++i) {
    const data::project& p = m.projects[i];
    if (!p.evaluation.given) continue;
    const std::string label = t3(p.name.value);
    const data::project_figures& pf = f.projects[i];
    out.add(label + " 年度资金总额",
            "[" + data::money_text(pf.funds_initial) + ", " + data::money_text(pf.funds_full_year) +
                ", " + data::money_text(pf.funds_executed) + "]",
            {label, t5});
    add_evaluation_figures(out, label, pf.evaluation, p.evaluation, {label}, {label, t5});
  }
  out.add("附件4 基本支出合计", data::money_text(f.basic_total), {t4});
  out.add("附件4 工资福利支出占比", data::percent_text(f.wages_share), {t4});
  out.add("附件4 商品和服务支出占比", data::percent_text(f.goods_services_share), {t4});
  out.add("附件4 对个人和家庭的补助占比", data::percent_text(f.household_share), {t4});
  return out;
}

// Changes between two flattened sides; `where` collects the deliverables they touch.
std::vector<value_change> compare(const flat& a, const flat& b, targets& where) {
  std::vector<value_change> out;
  std::vector<std::string> keys = a.order();
  for (const std::string& k : b.order()) {
    if (!a.find(k)) keys.push_back(k);
  }
  for (const std::string& k : keys) {
    const entry* x = a.find(k);
    const entry* y = b.find(k);
    if (x && y && x->text == y->text) continue;
    value_change c{k, std::nullopt, std::nullopt};
    if (x) {
      c.old_text = x->text;
      where.insert(x->where.begin(), x->where.end());
    }
    if (y) {
      c.new_text = y->text;
      where.insert(y->where.begin(), y->where.end());
    }
    out.push_back(std::move(c));
  }
  return out;
}

// A long text for one terminal line: from a little before `from` (the first code point that
// differs from the other side), at most `width` code points, "…" marking what is left out.
std::string shorten(const std::vector<char32_t>& cps, std::size_t from, std::size_t width = 60) {
  const std::size_t start = from > 20 ? from - 20 : 0;
  std::vector<char32_t> part(
      cps.begin() + static_cast<std::ptrdiff_t>(std::min(start, cps.size())),
      cps.begin() + static_cast<std::ptrdiff_t>(std::min(start + width, cps.size())));
  for (char32_t& c : part) {
    if (c == '\n') c = ' ';
  }
  return (start > 0 ? "…" : "") + base::encode_utf8(part) + (start + width < cps.size() ? "…" : "");
}

std::vector<char32_t> code_points(const std::optional<std::string>& s) {
  if (!s || base::find_invalid_utf8(*s)) return {};
  return base::decode_utf8(*s);
}

std::string change_line(const value_change& c) {
  const auto a = code_points(c.old_text);
  const auto b = code_points(c.new_text);
  std::size_t first = 0;
  while (first < a.size() && first < b.size() && a[first] == b[first]) ++first;
  if (!c.old_text || !c.new_text) first = 0;
  auto side = [&](const std::optional<std::string>& s, const std::vector<char32_t>& cps) {
    return s ? shorten(cps, first) : base::tr("package.diff.absent");
  };
  return "  " + c.key + ": " + side(c.old_text, a) + " → " + side(c.new_text, b) + "\n";
}

}  // namespace

diff_result diff_models(const data::model& old_model, const data::figures& old_figures,
                        const data::model& new_model, const data::figures& new_figures) {
  diff_result d;
  targets where;
  d.typed = compare(typed_values(old_model), typed_values(new_model), where);
  d.computed = compare(computed_values(old_model, old_figures),
                       computed_values(new_model, new_figures), where);
  // 附件1, 附件2, then the 附件3s by name, then 附件4, 附件5.
  std::vector<std::string> threes;
  for (const std::string& t : where) {
    if (t.starts_with("附件3-")) threes.push_back(t);
  }
  if (where.contains(t1)) d.deliverables.push_back(t1);
  if (where.contains(t2)) d.deliverables.push_back(t2);
  d.deliverables.insert(d.deliverables.end(), threes.begin(), threes.end());
  if (where.contains(t4)) d.deliverables.push_back(t4);
  if (where.contains(t5)) d.deliverables.push_back(t5);
  for (const std::string& t : where)  // the profile's own forms (scored forms), by name
    if (t != t1 && t != t2 && t != t4 && t != t5 && !t.starts_with("附件3-"))
      d.deliverables.push_back(t);
  return d;
}

std::string to_text(const diff_result& d) {
  if (d.empty()) return base::tr("package.diff.none") + "\n";
  std::string out;
  out += base::tr("package.diff.typed", {{"n", d.typed.size()}}) + "\n";
  for (const value_change& c : d.typed) out += change_line(c);
  out += base::tr("package.diff.computed", {{"n", d.computed.size()}}) + "\n";
  for (const value_change& c : d.computed) out += change_line(c);
  const std::string again = d.deliverables.empty()
                                ? base::tr("package.diff.nothing")
                                : base::join(d.deliverables, base::tr("list-separator"));
  return out + base::tr("package.diff.again", {{"list", again}}) + "\n";
}

std::string to_json(const diff_result& d) {
  auto changes = [](const std::vector<value_change>& list) {
    json a = json::array();
    for (const value_change& c : list) {
      a.push_back(json{{"key", c.key},
                       {"old", c.old_text ? json(*c.old_text) : json(nullptr)},
                       {"new", c.new_text ? json(*c.new_text) : json(nullptr)}});
    }
    return a;
  };
  json j;
  j["typed"] = changes(d.typed);
  j["computed"] = changes(d.computed);
  j["deliverables"] = d.deliverables;
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace selfeval::package
