#include "package/diff.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "data/format.h"

namespace selfeval::package {

namespace {

using json = nlohmann::json;

// Deliverables as a small set of names; 附件3 carries the project name.
using targets = std::set<std::string>;
const std::string t1 = "附件1", t2 = "附件2", t4 = "附件4", t5 = "附件5";
std::string t3(const std::string& project) {
  return "附件3-" + project;
}

struct entry {
  std::string text;
  targets where;  // the deliverables that print this value (or a figure following from it)
};

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

std::optional<std::string> text_of(const data::text& t) {
  return t.given ? std::optional(t.value) : std::nullopt;
}
std::optional<std::string> text_of(const data::amount& a) {
  if (a.unknown) return std::string(data::unknown_mark);
  return a.given ? std::optional(a.value.plain()) : std::nullopt;
}
std::optional<std::string> text_of(const data::count& c) {
  if (c.unknown) return std::string(data::unknown_mark);
  return c.given ? std::optional(std::to_string(c.value)) : std::nullopt;
}
std::optional<std::string> text_of(const data::field<bool>& b) {
  if (!b.given) return std::nullopt;
  return std::string(b.value ? "true" : "false");
}
std::optional<std::string> percent_of(const data::percent& p) {
  return p.given ? std::optional(p.value.plain() + "%") : std::nullopt;
}
std::optional<std::string> text_of(const data::field<data::date>& d) {
  if (!d.given) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.value.year, d.value.month, d.value.day);
  return std::string(buf);
}
std::string cell(const data::amount& a) {
  if (a.unknown) return std::string(data::unknown_mark);
  return a.given ? a.value.plain() : "\"\"";
}
std::optional<std::string> text_of(const data::year_columns& c) {
  if (!c.given) return std::nullopt;
  return "[" + cell(c.prior_final) + ", " + cell(c.budget) + ", " + cell(c.final) + "]";
}
std::optional<std::string> text_of(const data::fund_columns& c) {
  if (!c.given) return std::nullopt;
  return "[" + cell(c.initial) + ", " + cell(c.full_year) + ", " + cell(c.executed) + "]";
}

// A stable name for the n-th element of a list: its name when it has one that is unique.
template <class T, class Name>
std::vector<std::string> element_keys(const std::vector<T>& items, Name name_of) {
  std::map<std::string, int> seen;
  std::vector<std::string> keys;
  for (const T& item : items) {
    std::string name = name_of(item);
    const int n = ++seen[name];
    if (name.empty()) name = "#" + std::to_string(keys.size() + 1);
    if (n > 1) name += "#" + std::to_string(n);
    keys.push_back("[" + name + "]");
  }
  return keys;
}

void add_evaluation(flat& out, const std::string& prefix, const data::evaluation_info& e,
                    const targets& where) {
  out.add(prefix + ".goals.expected", text_of(e.goals_expected), where);
  out.add(prefix + ".goals.actual", text_of(e.goals_actual), where);
  out.add(prefix + ".weights.execution", text_of(e.weights.execution), where);
  out.add(prefix + ".weights.output", text_of(e.weights.output), where);
  out.add(prefix + ".weights.effect", text_of(e.weights.effect), where);
  out.add(prefix + ".weights.satisfaction", text_of(e.weights.satisfaction), where);
  const auto keys =
      element_keys(e.indicators, [](const data::indicator& i) { return i.name.value; });
  for (std::size_t i = 0; i < e.indicators.size(); ++i) {
    const data::indicator& ind = e.indicators[i];
    const std::string k = prefix + ".indicators" + keys[i];
    out.add(k + ".level1", text_of(ind.level1), where);
    out.add(k + ".level2", text_of(ind.level2), where);
    out.add(k + ".name", text_of(ind.name), where);
    out.add(k + ".target", text_of(ind.target), where);
    out.add(k + ".actual", text_of(ind.actual), where);
    out.add(k + ".weight", text_of(ind.weight), where);
    out.add(k + ".score",
            ind.auto_score ? std::optional<std::string>("auto") : text_of(ind.self_score), where);
    out.add(k + ".deviation", text_of(ind.deviation), where);
  }
  out.add(prefix + ".total_weight", text_of(e.total_weight), where);
  out.add(prefix + ".total_score", text_of(e.total_score), where);
  out.add(prefix + ".self_score", text_of(e.stated_score), where);
  out.add(prefix + ".grade", text_of(e.grade), where);
}

void add_report_nodes(flat& out, const std::string& prefix,
                      const std::vector<data::report_node>& nodes, const targets& where) {
  const auto keys = element_keys(
      nodes, [](const data::report_node& n) { return n.key.given ? n.key.value : n.title.value; });
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string k = prefix + keys[i];
    out.add(k + ".key", text_of(nodes[i].key), where);
    out.add(k + ".title", text_of(nodes[i].title), where);
    out.add(k + ".generate", text_of(nodes[i].generate), where);
    out.add(k + ".text", text_of(nodes[i].body), where);
    add_report_nodes(out, k + ".parts", nodes[i].parts, where);
  }
}

// Every typed value with the deliverables that print it (docs/domain.md §3, §4).
flat typed_values(const data::model& m) {
  flat out;
  targets all3;
  for (const data::project& p : m.projects) {
    if (p.evaluation.given) all3.insert(t3(p.name.value));
  }
  targets tables = all3;
  tables.insert({t1, t2});
  targets everything = tables;
  everything.insert({t4, t5});
  targets not1 = everything;
  not1.erase(t1);

  out.add("schema", text_of(m.schema), {});
  out.add("year", text_of(m.year), everything);
  out.add("profile", text_of(m.profile), everything);  // another region's package: all again
  out.add("unit.name", text_of(m.unit.name), not1);
  out.add("unit.self_name", text_of(m.unit.self_name), {t4, t5});
  out.add("unit.budget_code", text_of(m.unit.budget_code), {t4, t5});
  out.add("signature.filler", text_of(m.signature.filler), tables);
  out.add("signature.filled_on", text_of(m.signature.filled_on), tables);
  out.add("signature.phone", text_of(m.signature.phone), tables);
  out.add("signature.head", text_of(m.signature.head), tables);
  out.add("signature.signature_image", text_of(m.signature.signature_image), tables);
  out.add("signature.seal_image", text_of(m.signature.seal_image), tables);
  out.add("dates.report", text_of(m.dates.report), {t4, t5});
  out.add("dates.publish_by", text_of(m.dates.publish_by), {t4});
  out.add("dates.publish_site", text_of(m.dates.publish_site), {t4});
  out.add("frugality", text_of(m.frugality), {t1});

  const auto& s = m.staff;
  out.add("staff.authorized", text_of(s.authorized), {t1, t4});
  out.add("staff.actual", text_of(s.actual), {t1, t4});
  out.add("staff.administrative", text_of(s.administrative), {t4});
  out.add("staff.institutional", text_of(s.institutional), {t4});
  out.add("staff.retired", text_of(s.retired), {t4});
  if (s.departments.given) {
    std::string joined;
    for (const std::string& d : s.departments.value) joined += (joined.empty() ? "" : "、") + d;
    out.add("staff.departments", joined, {t4});
  }
  out.add("staff.control_rate", percent_of(s.control_rate), {t1});

  const auto& tp = m.three_public;
  out.add("three_public.car_purchase", text_of(tp.car_purchase), {t1});
  out.add("three_public.car_maintenance", text_of(tp.car_maintenance), {t1});
  out.add("three_public.cars", text_of(tp.cars), {t1});
  out.add("three_public.overseas", text_of(tp.overseas), {t1});
  out.add("three_public.reception", text_of(tp.reception), {t1});
  out.add("three_public.total", text_of(tp.total), {t1});
  const auto& pf = m.public_funds;
  out.add("public_funds.total", text_of(pf.total), {t1});
  out.add("public_funds.office", text_of(pf.office), {t1});
  out.add("public_funds.utilities_travel", text_of(pf.utilities_travel), {t1});
  out.add("public_funds.meetings_training", text_of(pf.meetings_training), {t1});
  out.add("procurement.budget", text_of(m.procurement.budget), {t1});
  out.add("procurement.final", text_of(m.procurement.final), {t1});
  const auto& b = m.buildings;
  out.add("buildings.approved_area", text_of(b.approved_area), {t1});
  out.add("buildings.actual_area", text_of(b.actual_area), {t1});
  out.add("buildings.budget_investment", text_of(b.budget_investment), {t1});
  out.add("buildings.actual_investment", text_of(b.actual_investment), {t1});
  out.add("buildings.area_control_rate", percent_of(b.area_control_rate), {t1});
  out.add("buildings.investment_control_rate", percent_of(b.investment_control_rate), {t1});

  const auto& bu = m.budget;
  out.add("budget.initial", text_of(bu.initial), {t1, t2, t4});
  out.add("budget.full_year", text_of(bu.full_year), {t1, t2, t4});
  out.add("budget.executed", text_of(bu.executed), {t2, t4});
  out.add("budget.by_source.general_public", text_of(bu.general_public), {t2, t4});
  out.add("budget.by_source.government_fund", text_of(bu.government_fund), {t2, t4});
  out.add("budget.by_source.special_account", text_of(bu.special_account), {t2, t4});
  out.add("budget.by_source.other", text_of(bu.other_income), {t2, t4});
  out.add("budget.by_use.basic", text_of(bu.basic), {t2, t4});
  out.add("budget.by_use.project", text_of(bu.project), {t2, t4});
  out.add("budget.adjustment", text_of(bu.adjustment), {t1});
  out.add("budget.execution_rate", percent_of(bu.execution_rate), {t2});
  out.add("budget.execution_score", text_of(bu.execution_score), {t2});
  const auto& be = m.basic_expenditure;
  out.add("basic_expenditure.wages", text_of(be.wages), {t4});
  out.add("basic_expenditure.goods_services", text_of(be.goods_services), {t4});
  out.add("basic_expenditure.household", text_of(be.household), {t4});
  out.add("basic_expenditure.total", text_of(be.total), {t4});
  const auto& ex = m.expenditure;
  out.add("expenditure.personnel.budget", text_of(ex.personnel.budget), {t4});
  out.add("expenditure.personnel.final", text_of(ex.personnel.final), {t4});
  out.add("expenditure.public.budget", text_of(ex.public_use.budget), {t4});
  out.add("expenditure.public.final", text_of(ex.public_use.final), {t4});
  out.add("expenditure.project.budget", text_of(ex.project.budget), {t4});
  out.add("expenditure.project.final", text_of(ex.project.final), {t4});
  out.add("other_budgets.government_fund", text_of(m.other_budgets.government_fund), {t4});
  out.add("other_budgets.state_capital", text_of(m.other_budgets.state_capital), {t4});
  out.add("other_budgets.social_insurance", text_of(m.other_budgets.social_insurance), {t4});

  const auto project_keys =
      element_keys(m.projects, [](const data::project& p) { return p.name.value; });
  for (std::size_t i = 0; i < m.projects.size(); ++i) {
    const data::project& p = m.projects[i];
    const std::string k = "projects" + project_keys[i];
    targets own;
    if (p.evaluation.given) own.insert(t3(p.name.value));
    targets listed = own;  // 附件1 rows, 附件4 二(二), 附件5 一(一)
    listed.insert({t1, t4, t5});
    out.add(k + ".name", text_of(p.name), listed);
    targets own_and_5 = own;
    own_and_5.insert(t5);
    out.add(k + ".department", text_of(p.department), own);
    out.add(k + ".implementer", text_of(p.implementer), own);
    const auto item_keys =
        element_keys(p.items, [](const data::project_item& it) { return it.name.value; });
    for (std::size_t j = 0; j < p.items.size(); ++j) {
      const std::string ik = k + ".items" + item_keys[j];
      out.add(ik + ".name", text_of(p.items[j].name), listed);
      out.add(ik + ".amounts", text_of(p.items[j].amounts), {t1, t4, t5});
      out.add(ik + ".purpose", text_of(p.items[j].purpose), {t5});
    }
    out.add(k + ".amounts", text_of(p.amounts), {t1, t4});
    out.add(k + ".items_partial", text_of(p.items_partial), listed);
    out.add(k + ".funds.current_year", text_of(p.current_year), own_and_5);
    out.add(k + ".funds.carried_over", text_of(p.carried_over), own_and_5);
    out.add(k + ".funds.other", text_of(p.other), own_and_5);
    out.add(k + ".funds.total", text_of(p.funds_total), own);
    out.add(k + ".funds.execution_rate", percent_of(p.execution_rate), own);
    out.add(k + ".funds.execution_score", text_of(p.execution_score), own);
    add_evaluation(out, k + ".evaluation", p.evaluation, own);
  }
  add_evaluation(out, "overall", m.overall, {t2});
  out.add("overall_report.title", text_of(m.overall_report.title), {t4});
  add_report_nodes(out, "overall_report.sections", m.overall_report.sections, {t4});
  out.add("project_report.title", text_of(m.project_report.title), {t5});
  add_report_nodes(out, "project_report.sections", m.project_report.sections, {t5});
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
    return s ? shorten(cps, first) : std::string("(absent)");
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
  return d;
}

std::string to_text(const diff_result& d) {
  if (d.empty()) return "no differences\n";
  std::string out;
  out += "changed values (" + std::to_string(d.typed.size()) + "):\n";
  for (const value_change& c : d.typed) out += change_line(c);
  out += "computed figures that follow (" + std::to_string(d.computed.size()) + "):\n";
  for (const value_change& c : d.computed) out += change_line(c);
  out += "print and sign again:";
  if (d.deliverables.empty()) out += " nothing";
  for (std::size_t i = 0; i < d.deliverables.size(); ++i) {
    out += (i ? ", " : " ") + d.deliverables[i];
  }
  return out + "\n";
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
