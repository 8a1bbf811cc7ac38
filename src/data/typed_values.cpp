#include "data/typed_values.h"

#include <map>
#include <stdexcept>
#include <type_traits>

namespace selfeval::data {
namespace {

// A key of a table and the field that holds it. `path` is relative to the owner's table and may
// go through sub-tables ("funds.current_year").
template <class Owner>
struct descriptor {
  std::string_view path;
  value_ref (*get)(const Owner&);
};

// Keys outside every array of tables.
const std::vector<descriptor<model>>& unit_keys() {
  using M = const model&;
  static const std::vector<descriptor<model>> keys = {
      {"schema", [](M m) -> value_ref { return &m.schema; }},
      {"year", [](M m) -> value_ref { return &m.year; }},
      {"profile", [](M m) -> value_ref { return &m.profile; }},
      {"unit.name", [](M m) -> value_ref { return &m.unit.name; }},
      {"unit.self_name", [](M m) -> value_ref { return &m.unit.self_name; }},
      {"unit.budget_code", [](M m) -> value_ref { return &m.unit.budget_code; }},
      {"unit.evaluation_method", [](M m) -> value_ref { return &m.unit.evaluation_method; }},
      {"signature.filler", [](M m) -> value_ref { return &m.signature.filler; }},
      {"signature.filled_on", [](M m) -> value_ref { return &m.signature.filled_on; }},
      {"signature.phone", [](M m) -> value_ref { return &m.signature.phone; }},
      {"signature.head", [](M m) -> value_ref { return &m.signature.head; }},
      {"signature.signature_image", [](M m) -> value_ref { return &m.signature.signature_image; }},
      {"signature.seal_image", [](M m) -> value_ref { return &m.signature.seal_image; }},
      {"dates.report", [](M m) -> value_ref { return &m.dates.report; }},
      {"dates.publish_by", [](M m) -> value_ref { return &m.dates.publish_by; }},
      {"dates.publish_site", [](M m) -> value_ref { return &m.dates.publish_site; }},
      {"frugality", [](M m) -> value_ref { return &m.frugality; }},
      {"staff.authorized", [](M m) -> value_ref { return &m.staff.authorized; }},
      {"staff.actual", [](M m) -> value_ref { return &m.staff.actual; }},
      {"staff.administrative", [](M m) -> value_ref { return &m.staff.administrative; }},
      {"staff.institutional", [](M m) -> value_ref { return &m.staff.institutional; }},
      {"staff.retired", [](M m) -> value_ref { return &m.staff.retired; }},
      {"staff.departments", [](M m) -> value_ref { return &m.staff.departments; }},
      {"staff.control_rate", [](M m) -> value_ref { return &m.staff.control_rate; }},
      {"three_public.car_purchase", [](M m) -> value_ref { return &m.three_public.car_purchase; }},
      {"three_public.car_maintenance",
       [](M m) -> value_ref { return &m.three_public.car_maintenance; }},
      {"three_public.cars", [](M m) -> value_ref { return &m.three_public.cars; }},
      {"three_public.overseas", [](M m) -> value_ref { return &m.three_public.overseas; }},
      {"three_public.reception", [](M m) -> value_ref { return &m.three_public.reception; }},
      {"three_public.total", [](M m) -> value_ref { return &m.three_public.total; }},
      {"public_funds.total", [](M m) -> value_ref { return &m.public_funds.total; }},
      {"public_funds.office", [](M m) -> value_ref { return &m.public_funds.office; }},
      {"public_funds.utilities_travel",
       [](M m) -> value_ref { return &m.public_funds.utilities_travel; }},
      {"public_funds.meetings_training",
       [](M m) -> value_ref { return &m.public_funds.meetings_training; }},
      {"procurement.budget", [](M m) -> value_ref { return &m.procurement.budget; }},
      {"procurement.final", [](M m) -> value_ref { return &m.procurement.final; }},
      {"buildings.approved_area", [](M m) -> value_ref { return &m.buildings.approved_area; }},
      {"buildings.actual_area", [](M m) -> value_ref { return &m.buildings.actual_area; }},
      {"buildings.budget_investment",
       [](M m) -> value_ref { return &m.buildings.budget_investment; }},
      {"buildings.actual_investment",
       [](M m) -> value_ref { return &m.buildings.actual_investment; }},
      {"buildings.area_control_rate",
       [](M m) -> value_ref { return &m.buildings.area_control_rate; }},
      {"buildings.investment_control_rate",
       [](M m) -> value_ref { return &m.buildings.investment_control_rate; }},
      {"budget.initial", [](M m) -> value_ref { return &m.budget.initial; }},
      {"budget.full_year", [](M m) -> value_ref { return &m.budget.full_year; }},
      {"budget.executed", [](M m) -> value_ref { return &m.budget.executed; }},
      {"budget.by_source.general_public",
       [](M m) -> value_ref { return &m.budget.general_public; }},
      {"budget.by_source.government_fund",
       [](M m) -> value_ref { return &m.budget.government_fund; }},
      {"budget.by_source.special_account",
       [](M m) -> value_ref { return &m.budget.special_account; }},
      {"budget.by_source.other", [](M m) -> value_ref { return &m.budget.other_income; }},
      {"budget.by_use.basic", [](M m) -> value_ref { return &m.budget.basic; }},
      {"budget.by_use.project", [](M m) -> value_ref { return &m.budget.project; }},
      {"budget.adjustment", [](M m) -> value_ref { return &m.budget.adjustment; }},
      {"budget.execution_rate", [](M m) -> value_ref { return &m.budget.execution_rate; }},
      {"budget.execution_score", [](M m) -> value_ref { return &m.budget.execution_score; }},
      {"basic_expenditure.wages", [](M m) -> value_ref { return &m.basic_expenditure.wages; }},
      {"basic_expenditure.goods_services",
       [](M m) -> value_ref { return &m.basic_expenditure.goods_services; }},
      {"basic_expenditure.household",
       [](M m) -> value_ref { return &m.basic_expenditure.household; }},
      {"basic_expenditure.total", [](M m) -> value_ref { return &m.basic_expenditure.total; }},
      {"expenditure.personnel.budget",
       [](M m) -> value_ref { return &m.expenditure.personnel.budget; }},
      {"expenditure.personnel.final",
       [](M m) -> value_ref { return &m.expenditure.personnel.final; }},
      {"expenditure.public.budget",
       [](M m) -> value_ref { return &m.expenditure.public_use.budget; }},
      {"expenditure.public.final",
       [](M m) -> value_ref { return &m.expenditure.public_use.final; }},
      {"expenditure.project.budget",
       [](M m) -> value_ref { return &m.expenditure.project.budget; }},
      {"expenditure.project.final", [](M m) -> value_ref { return &m.expenditure.project.final; }},
      {"other_budgets.government_fund",
       [](M m) -> value_ref { return &m.other_budgets.government_fund; }},
      {"other_budgets.state_capital",
       [](M m) -> value_ref { return &m.other_budgets.state_capital; }},
      {"other_budgets.social_insurance",
       [](M m) -> value_ref { return &m.other_budgets.social_insurance; }},
  };
  return keys;
}

// [[projects.items]]
const std::vector<descriptor<project_item>> item_keys = {
    {"name", [](const project_item& i) -> value_ref { return &i.name; }},
    {"amounts", [](const project_item& i) -> value_ref { return &i.amounts; }},
    {"purpose", [](const project_item& i) -> value_ref { return &i.purpose; }},
};

// [[projects]]: these keys, its items between name/department/implementer and amounts, its
// evaluation last.
const std::vector<descriptor<project>> project_head_keys = {
    {"name", [](const project& p) -> value_ref { return &p.name; }},
    {"department", [](const project& p) -> value_ref { return &p.department; }},
    {"implementer", [](const project& p) -> value_ref { return &p.implementer; }},
};
const std::vector<descriptor<project>> project_tail_keys = {
    {"amounts", [](const project& p) -> value_ref { return &p.amounts; }},
    {"items_partial", [](const project& p) -> value_ref { return &p.items_partial; }},
    {"funds.current_year", [](const project& p) -> value_ref { return &p.current_year; }},
    {"funds.carried_over", [](const project& p) -> value_ref { return &p.carried_over; }},
    {"funds.other", [](const project& p) -> value_ref { return &p.other; }},
    {"funds.total", [](const project& p) -> value_ref { return &p.funds_total; }},
    {"funds.execution_rate", [](const project& p) -> value_ref { return &p.execution_rate; }},
    {"funds.execution_score", [](const project& p) -> value_ref { return &p.execution_score; }},
};

// One indicator row.
const std::vector<descriptor<indicator>> indicator_keys = {
    {"level1", [](const indicator& i) -> value_ref { return &i.level1; }},
    {"level2", [](const indicator& i) -> value_ref { return &i.level2; }},
    {"name", [](const indicator& i) -> value_ref { return &i.name; }},
    {"target", [](const indicator& i) -> value_ref { return &i.target; }},
    {"actual", [](const indicator& i) -> value_ref { return &i.actual; }},
    {"weight", [](const indicator& i) -> value_ref { return &i.weight; }},
    {"score",
     [](const indicator& i) -> value_ref {
       return indicator_score_ref{&i.self_score, i.auto_score};
     }},
    {"deviation", [](const indicator& i) -> value_ref { return &i.deviation; }},
};

// [overall] and [projects.evaluation]: these keys, the indicator rows between weights and totals.
const std::vector<descriptor<evaluation_info>> evaluation_head_keys = {
    {"goals.expected", [](const evaluation_info& e) -> value_ref { return &e.goals_expected; }},
    {"goals.actual", [](const evaluation_info& e) -> value_ref { return &e.goals_actual; }},
    {"weights.execution",
     [](const evaluation_info& e) -> value_ref { return &e.weights.execution; }},
    {"weights.output", [](const evaluation_info& e) -> value_ref { return &e.weights.output; }},
    {"weights.effect", [](const evaluation_info& e) -> value_ref { return &e.weights.effect; }},
    {"weights.satisfaction",
     [](const evaluation_info& e) -> value_ref { return &e.weights.satisfaction; }},
    {"weights.cost", [](const evaluation_info& e) -> value_ref { return &e.weights.cost; }},
};
const std::vector<descriptor<evaluation_info>> evaluation_tail_keys = {
    {"total_weight", [](const evaluation_info& e) -> value_ref { return &e.total_weight; }},
    {"total_score", [](const evaluation_info& e) -> value_ref { return &e.total_score; }},
    {"self_score", [](const evaluation_info& e) -> value_ref { return &e.stated_score; }},
    {"grade", [](const evaluation_info& e) -> value_ref { return &e.grade; }},
};

// A report node of any level; its parts follow.
const std::vector<descriptor<report_node>> node_keys = {
    {"key", [](const report_node& n) -> value_ref { return &n.key; }},
    {"title", [](const report_node& n) -> value_ref { return &n.title; }},
    {"generate", [](const report_node& n) -> value_ref { return &n.generate; }},
    {"text", [](const report_node& n) -> value_ref { return &n.body; }},
};

std::vector<std::string> labels_of(const std::vector<std::string>& names) {
  std::map<std::string, int> seen;
  std::vector<std::string> out;
  for (std::string name : names) {
    const int n = ++seen[name];
    if (name.empty()) name = "#" + std::to_string(out.size() + 1);
    if (n > 1) name += "#" + std::to_string(n);
    out.push_back(std::move(name));
  }
  return out;
}

template <class T, class Name>
std::vector<std::string> labels_of(const std::vector<T>& elements, Name name_of) {
  std::vector<std::string> names;
  for (const T& e : elements) names.push_back(name_of(e));
  return labels_of(names);
}

class walker {
 public:
  explicit walker(const std::function<void(const typed_value&)>& visit) : visit_(visit) {}

  void run(const model& m) {
    for (const auto& d : unit_keys()) value(d.path, d.get(m));
    const auto labels = labels_of(m.projects, [](const project& p) { return p.name.value; });
    for (std::size_t i = 0; i < m.projects.size(); ++i) {
      const project& p = m.projects[i];
      project_ = &p;
      enter("projects", i, labels[i]);
      for (const auto& d : project_head_keys) value(d.path, d.get(p));
      const auto item_labels =
          labels_of(p.items, [](const project_item& it) { return it.name.value; });
      for (std::size_t j = 0; j < p.items.size(); ++j) {
        enter("items", j, item_labels[j]);
        for (const auto& d : item_keys) value(d.path, d.get(p.items[j]));
        leave();
      }
      for (const auto& d : project_tail_keys) value(d.path, d.get(p));
      enter("evaluation");
      evaluation(p.evaluation);
      leave();
      leave();
    }
    project_ = nullptr;
    enter("overall");
    evaluation(m.overall);
    leave();
    report("overall_report", m.overall_report);
    report("project_report", m.project_report);
  }

 private:
  const std::function<void(const typed_value&)>& visit_;
  value_place place_;
  const project* project_ = nullptr;
  const evaluation_info* evaluation_ = nullptr;

  void enter(std::string_view key, std::optional<std::size_t> index = std::nullopt,
             std::string label = {}) {
    place_.steps.push_back({key, index, std::move(label)});
  }
  void leave() { place_.steps.pop_back(); }

  // `path` relative to the current place, through sub-tables.
  void value(std::string_view path, const value_ref& ref) {
    std::size_t added = 0;
    for (std::size_t dot; (dot = path.find('.')) != std::string_view::npos; ++added) {
      enter(path.substr(0, dot));
      path.remove_prefix(dot + 1);
    }
    enter(path);
    ++added;
    std::string schema_path;
    for (const place_step& s : place_.steps) {
      if (!schema_path.empty()) schema_path += '.';
      schema_path += s.key;
      if (s.index) schema_path += "[]";
    }
    visit_(typed_value{schema::at(schema_path), place_, ref, project_, evaluation_});
    for (; added > 0; --added) leave();
  }

  void evaluation(const evaluation_info& e) {
    evaluation_ = &e;
    for (const auto& d : evaluation_head_keys) value(d.path, d.get(e));
    const auto labels = labels_of(e.indicators, [](const indicator& i) { return i.name.value; });
    for (std::size_t i = 0; i < e.indicators.size(); ++i) {
      enter("indicators", i, labels[i]);
      for (const auto& d : indicator_keys) value(d.path, d.get(e.indicators[i]));
      leave();
    }
    for (const auto& d : evaluation_tail_keys) value(d.path, d.get(e));
    evaluation_ = nullptr;
  }

  void report(std::string_view key, const report_info& r) {
    enter(key);
    value("title", &r.title);
    nodes("sections", r.sections);
    leave();
  }

  void nodes(std::string_view array, const std::vector<report_node>& list) {
    const auto labels = labels_of(
        list, [](const report_node& n) { return n.key.given ? n.key.value : n.title.value; });
    for (std::size_t i = 0; i < list.size(); ++i) {
      enter(array, i, labels[i]);
      for (const auto& d : node_keys) value(d.path, d.get(list[i]));
      nodes("parts", list[i].parts);
      leave();
    }
  }
};

}  // namespace

bool typed(const value_ref& v) {
  return std::visit(
      [](const auto& f) {
        if constexpr (std::is_same_v<std::decay_t<decltype(f)>, indicator_score_ref>)
          return f.is_auto || f.typed->given || f.typed->unknown;
        else if constexpr (requires { f->unknown; })
          return f->given || f->unknown;
        else
          return f->given;
      },
      v);
}

std::vector<std::string> element_labels(const std::vector<std::string>& names) {
  return labels_of(names);
}

std::string value_place::indexed() const {
  std::string out;
  for (const place_step& s : steps) {
    if (!out.empty()) out += '.';
    out += s.key;
    if (s.index) out += "[" + std::to_string(*s.index) + "]";
  }
  return out;
}

std::string value_place::labelled() const {
  std::string out;
  for (const place_step& s : steps) {
    if (!out.empty()) out += '.';
    out += s.key;
    if (s.index) out += "[" + s.label + "]";
  }
  return out;
}

void for_each_typed_value(const model& m, const std::function<void(const typed_value&)>& visit) {
  walker(visit).run(m);
}

value_ref unit_value(const model& m, std::string_view schema_path) {
  for (const auto& d : unit_keys())
    if (d.path == schema_path) return d.get(m);
  throw std::logic_error("typed_values: no key " + std::string(schema_path) +
                         " outside the arrays of tables");
}

std::vector<std::string> walked_keys() {
  // A model with one element in each array of tables reaches every descriptor once.
  model m;
  m.projects.emplace_back();
  m.projects.back().items.emplace_back();
  m.projects.back().evaluation.indicators.emplace_back();
  m.overall.indicators.emplace_back();
  m.overall_report.sections.emplace_back();
  m.project_report.sections.emplace_back();
  std::vector<std::string> out;
  for_each_typed_value(m, [&](const typed_value& v) { out.push_back(v.key.path); });
  return out;
}

std::vector<std::size_t> evaluated_projects(const model& m) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m.projects.size(); ++i)
    if (m.projects[i].evaluation.given) out.push_back(i);
  return out;
}

}  // namespace selfeval::data
