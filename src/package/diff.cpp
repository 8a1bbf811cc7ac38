#include "package/diff.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "base/messages.h"
#include "base/utf8.h"
#include "data/format.h"
#include "data/schema.h"

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

// Where a typed value sits: its key as diff shows it ("projects[业务工作经费].funds"), the same
// key as the schema names it ("projects[].funds"), and what "附件3" means there: the 附件3 of this
// project, or every 附件3 for a key outside [[projects]].
struct scope {
  std::string shown;
  std::string path;
  targets table3;

  scope in(std::string_view name) const { return {join(shown, name), join(path, name), table3}; }
  // The element of an array of tables, named "[业务工作经费]" (element_keys).
  scope element(std::string_view array, const std::string& bracketed) const {
    return {join(shown, array) + bracketed, join(path, array) + "[]", table3};
  }
  static std::string join(const std::string& prefix, std::string_view name) {
    return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
  }
};

// The deliverables that print a key, by the schema.
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
  // A typed value: its key and the deliverables that print it come from the schema (a name
  // that is not a schema key throws: the walk and the schema disagree).
  void add(const scope& s, std::string_view name, std::optional<std::string> text) {
    const data::schema::key& k = data::schema::at(scope::join(s.path, name));
    add(scope::join(s.shown, name), std::move(text), printed_in(k, s.table3));
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

void add_evaluation(flat& out, const scope& at, const data::evaluation_info& e) {
  const scope goals = at.in("goals");
  out.add(goals, "expected", text_of(e.goals_expected));
  out.add(goals, "actual", text_of(e.goals_actual));
  const scope weights = at.in("weights");
  out.add(weights, "execution", text_of(e.weights.execution));
  out.add(weights, "output", text_of(e.weights.output));
  out.add(weights, "effect", text_of(e.weights.effect));
  out.add(weights, "satisfaction", text_of(e.weights.satisfaction));
  out.add(weights, "cost", text_of(e.weights.cost));
  const auto keys =
      element_keys(e.indicators, [](const data::indicator& i) { return i.name.value; });
  for (std::size_t i = 0; i < e.indicators.size(); ++i) {
    const data::indicator& ind = e.indicators[i];
    const scope row = at.element("indicators", keys[i]);
    out.add(row, "level1", text_of(ind.level1));
    out.add(row, "level2", text_of(ind.level2));
    out.add(row, "name", text_of(ind.name));
    out.add(row, "target", text_of(ind.target));
    out.add(row, "actual", text_of(ind.actual));
    out.add(row, "weight", text_of(ind.weight));
    out.add(row, "score",
            ind.auto_score ? std::optional<std::string>("auto") : text_of(ind.self_score));
    out.add(row, "deviation", text_of(ind.deviation));
  }
  out.add(at, "total_weight", text_of(e.total_weight));
  out.add(at, "total_score", text_of(e.total_score));
  out.add(at, "self_score", text_of(e.stated_score));
  out.add(at, "grade", text_of(e.grade));
}

// `array` is "sections" or, a level down, "parts" (the schema reads parts as sections).
void add_report_nodes(flat& out, const scope& at, std::string_view array,
                      const std::vector<data::report_node>& nodes) {
  const auto keys = element_keys(
      nodes, [](const data::report_node& n) { return n.key.given ? n.key.value : n.title.value; });
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const scope node = at.element(array, keys[i]);
    out.add(node, "key", text_of(nodes[i].key));
    out.add(node, "title", text_of(nodes[i].title));
    out.add(node, "generate", text_of(nodes[i].generate));
    out.add(node, "text", text_of(nodes[i].body));
    add_report_nodes(out, node, "parts", nodes[i].parts);
  }
}

// Every typed value with the deliverables that print it (data/schema.cpp).
flat typed_values(const data::model& m) {
  flat out;
  targets all3;
  for (const data::project& p : m.projects) {
    if (p.evaluation.given) all3.insert(t3(p.name.value));
  }
  const scope top{"", "", all3};
  out.add(top, "schema", text_of(m.schema));
  out.add(top, "year", text_of(m.year));
  out.add(top, "profile", text_of(m.profile));  // another region's package: all again
  const scope unit = top.in("unit");
  out.add(unit, "name", text_of(m.unit.name));
  out.add(unit, "self_name", text_of(m.unit.self_name));
  out.add(unit, "budget_code", text_of(m.unit.budget_code));
  out.add(unit, "evaluation_method", text_of(m.unit.evaluation_method));
  const scope sig = top.in("signature");
  out.add(sig, "filler", text_of(m.signature.filler));
  out.add(sig, "filled_on", text_of(m.signature.filled_on));
  out.add(sig, "phone", text_of(m.signature.phone));
  out.add(sig, "head", text_of(m.signature.head));
  out.add(sig, "signature_image", text_of(m.signature.signature_image));
  out.add(sig, "seal_image", text_of(m.signature.seal_image));
  const scope dates = top.in("dates");
  out.add(dates, "report", text_of(m.dates.report));
  out.add(dates, "publish_by", text_of(m.dates.publish_by));
  out.add(dates, "publish_site", text_of(m.dates.publish_site));
  out.add(top, "frugality", text_of(m.frugality));

  const auto& s = m.staff;
  const scope staff = top.in("staff");
  out.add(staff, "authorized", text_of(s.authorized));
  out.add(staff, "actual", text_of(s.actual));
  out.add(staff, "administrative", text_of(s.administrative));
  out.add(staff, "institutional", text_of(s.institutional));
  out.add(staff, "retired", text_of(s.retired));
  if (s.departments.given) {
    out.add(staff, "departments", base::join(s.departments.value, "、"));
  }
  out.add(staff, "control_rate", percent_of(s.control_rate));

  const auto& tp = m.three_public;
  const scope three = top.in("three_public");
  out.add(three, "car_purchase", text_of(tp.car_purchase));
  out.add(three, "car_maintenance", text_of(tp.car_maintenance));
  out.add(three, "cars", text_of(tp.cars));
  out.add(three, "overseas", text_of(tp.overseas));
  out.add(three, "reception", text_of(tp.reception));
  out.add(three, "total", text_of(tp.total));
  const auto& pf = m.public_funds;
  const scope funds = top.in("public_funds");
  out.add(funds, "total", text_of(pf.total));
  out.add(funds, "office", text_of(pf.office));
  out.add(funds, "utilities_travel", text_of(pf.utilities_travel));
  out.add(funds, "meetings_training", text_of(pf.meetings_training));
  const scope procurement = top.in("procurement");
  out.add(procurement, "budget", text_of(m.procurement.budget));
  out.add(procurement, "final", text_of(m.procurement.final));
  const auto& b = m.buildings;
  const scope buildings = top.in("buildings");
  out.add(buildings, "approved_area", text_of(b.approved_area));
  out.add(buildings, "actual_area", text_of(b.actual_area));
  out.add(buildings, "budget_investment", text_of(b.budget_investment));
  out.add(buildings, "actual_investment", text_of(b.actual_investment));
  out.add(buildings, "area_control_rate", percent_of(b.area_control_rate));
  out.add(buildings, "investment_control_rate", percent_of(b.investment_control_rate));

  const auto& bu = m.budget;
  const scope budget = top.in("budget");
  out.add(budget, "initial", text_of(bu.initial));
  out.add(budget, "full_year", text_of(bu.full_year));
  out.add(budget, "executed", text_of(bu.executed));
  const scope by_source = budget.in("by_source");
  out.add(by_source, "general_public", text_of(bu.general_public));
  out.add(by_source, "government_fund", text_of(bu.government_fund));
  out.add(by_source, "special_account", text_of(bu.special_account));
  out.add(by_source, "other", text_of(bu.other_income));
  const scope by_use = budget.in("by_use");
  out.add(by_use, "basic", text_of(bu.basic));
  out.add(by_use, "project", text_of(bu.project));
  out.add(budget, "adjustment", text_of(bu.adjustment));
  out.add(budget, "execution_rate", percent_of(bu.execution_rate));
  out.add(budget, "execution_score", text_of(bu.execution_score));
  const auto& be = m.basic_expenditure;
  const scope basic = top.in("basic_expenditure");
  out.add(basic, "wages", text_of(be.wages));
  out.add(basic, "goods_services", text_of(be.goods_services));
  out.add(basic, "household", text_of(be.household));
  out.add(basic, "total", text_of(be.total));
  const auto& ex = m.expenditure;
  const scope expenditure = top.in("expenditure");
  for (const auto& [name, line] :
       {std::pair{"personnel", &ex.personnel}, std::pair{"public", &ex.public_use},
        std::pair{"project", &ex.project}}) {
    const scope at = expenditure.in(name);
    out.add(at, "budget", text_of(line->budget));
    out.add(at, "final", text_of(line->final));
  }
  const scope other = top.in("other_budgets");
  out.add(other, "government_fund", text_of(m.other_budgets.government_fund));
  out.add(other, "state_capital", text_of(m.other_budgets.state_capital));
  out.add(other, "social_insurance", text_of(m.other_budgets.social_insurance));

  const auto project_keys =
      element_keys(m.projects, [](const data::project& p) { return p.name.value; });
  for (std::size_t i = 0; i < m.projects.size(); ++i) {
    const data::project& p = m.projects[i];
    scope project = top.element("projects", project_keys[i]);
    project.table3.clear();
    if (p.evaluation.given) project.table3.insert(t3(p.name.value));
    out.add(project, "name", text_of(p.name));
    out.add(project, "department", text_of(p.department));
    out.add(project, "implementer", text_of(p.implementer));
    const auto item_keys =
        element_keys(p.items, [](const data::project_item& it) { return it.name.value; });
    for (std::size_t j = 0; j < p.items.size(); ++j) {
      const scope item = project.element("items", item_keys[j]);
      out.add(item, "name", text_of(p.items[j].name));
      out.add(item, "amounts", text_of(p.items[j].amounts));
      out.add(item, "purpose", text_of(p.items[j].purpose));
    }
    out.add(project, "amounts", text_of(p.amounts));
    out.add(project, "items_partial", text_of(p.items_partial));
    const scope project_funds = project.in("funds");
    out.add(project_funds, "current_year", text_of(p.current_year));
    out.add(project_funds, "carried_over", text_of(p.carried_over));
    out.add(project_funds, "other", text_of(p.other));
    out.add(project_funds, "total", text_of(p.funds_total));
    out.add(project_funds, "execution_rate", percent_of(p.execution_rate));
    out.add(project_funds, "execution_score", text_of(p.execution_score));
    add_evaluation(out, project.in("evaluation"), p.evaluation);
  }
  add_evaluation(out, top.in("overall"), m.overall);
  const scope overall_report = top.in("overall_report");
  out.add(overall_report, "title", text_of(m.overall_report.title));
  add_report_nodes(out, overall_report, "sections", m.overall_report.sections);
  const scope project_report = top.in("project_report");
  out.add(project_report, "title", text_of(m.project_report.title));
  add_report_nodes(out, project_report, "sections", m.project_report.sections);
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
                                : base::join(d.deliverables, base::tr("package.list-separator"));
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
