#include "data/typed_values.h"

#include <map>
#include <set>
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

// The field reached from `owner` through a chain of members: field_at<&model::budget,
// &budget_info::initial> reads m.budget.initial.
template <auto First, auto... Rest>
const auto& member_of(const auto& owner) {
  if constexpr (sizeof...(Rest) == 0)
    return owner.*First;
  else
    return member_of<Rest...>(owner.*First);
}
template <auto... Members>
value_ref field_at(const auto& owner) {
  return &member_of<Members...>(owner);
}

// Keys outside every array of tables.
const std::vector<descriptor<model>>& unit_keys() {
  static const std::vector<descriptor<model>> keys = {
      {"schema", field_at<&model::schema>},
      {"year", field_at<&model::year>},
      {"profile", field_at<&model::profile>},
      {"unit.name", field_at<&model::unit, &unit_info::name>},
      {"unit.self_name", field_at<&model::unit, &unit_info::self_name>},
      {"unit.budget_code", field_at<&model::unit, &unit_info::budget_code>},
      {"unit.evaluation_method", field_at<&model::unit, &unit_info::evaluation_method>},
      {"signature.filler", field_at<&model::signature, &signature_info::filler>},
      {"signature.filled_on", field_at<&model::signature, &signature_info::filled_on>},
      {"signature.phone", field_at<&model::signature, &signature_info::phone>},
      {"signature.head", field_at<&model::signature, &signature_info::head>},
      {"signature.signature_image", field_at<&model::signature, &signature_info::signature_image>},
      {"signature.seal_image", field_at<&model::signature, &signature_info::seal_image>},
      {"dates.report", field_at<&model::dates, &dates_info::report>},
      {"dates.publish_by", field_at<&model::dates, &dates_info::publish_by>},
      {"dates.publish_site", field_at<&model::dates, &dates_info::publish_site>},
      {"frugality", field_at<&model::frugality>},
      {"staff.authorized", field_at<&model::staff, &staff_info::authorized>},
      {"staff.actual", field_at<&model::staff, &staff_info::actual>},
      {"staff.administrative", field_at<&model::staff, &staff_info::administrative>},
      {"staff.institutional", field_at<&model::staff, &staff_info::institutional>},
      {"staff.retired", field_at<&model::staff, &staff_info::retired>},
      {"staff.departments", field_at<&model::staff, &staff_info::departments>},
      {"staff.control_rate", field_at<&model::staff, &staff_info::control_rate>},
      {"three_public.car_purchase",
       field_at<&model::three_public, &three_public_info::car_purchase>},
      {"three_public.car_maintenance",
       field_at<&model::three_public, &three_public_info::car_maintenance>},
      {"three_public.cars", field_at<&model::three_public, &three_public_info::cars>},
      {"three_public.overseas", field_at<&model::three_public, &three_public_info::overseas>},
      {"three_public.reception", field_at<&model::three_public, &three_public_info::reception>},
      {"three_public.total", field_at<&model::three_public, &three_public_info::total>},
      {"public_funds.total", field_at<&model::public_funds, &public_funds_info::total>},
      {"public_funds.office", field_at<&model::public_funds, &public_funds_info::office>},
      {"public_funds.utilities_travel",
       field_at<&model::public_funds, &public_funds_info::utilities_travel>},
      {"public_funds.meetings_training",
       field_at<&model::public_funds, &public_funds_info::meetings_training>},
      {"procurement.budget", field_at<&model::procurement, &procurement_info::budget>},
      {"procurement.final", field_at<&model::procurement, &procurement_info::final>},
      {"buildings.approved_area", field_at<&model::buildings, &buildings_info::approved_area>},
      {"buildings.actual_area", field_at<&model::buildings, &buildings_info::actual_area>},
      {"buildings.budget_investment",
       field_at<&model::buildings, &buildings_info::budget_investment>},
      {"buildings.actual_investment",
       field_at<&model::buildings, &buildings_info::actual_investment>},
      {"buildings.area_control_rate",
       field_at<&model::buildings, &buildings_info::area_control_rate>},
      {"buildings.investment_control_rate",
       field_at<&model::buildings, &buildings_info::investment_control_rate>},
      {"budget.initial", field_at<&model::budget, &budget_info::initial>},
      {"budget.full_year", field_at<&model::budget, &budget_info::full_year>},
      {"budget.executed", field_at<&model::budget, &budget_info::executed>},
      {"budget.by_source.general_public", field_at<&model::budget, &budget_info::general_public>},
      {"budget.by_source.government_fund", field_at<&model::budget, &budget_info::government_fund>},
      {"budget.by_source.special_account", field_at<&model::budget, &budget_info::special_account>},
      {"budget.by_source.other", field_at<&model::budget, &budget_info::other_income>},
      {"budget.by_use.basic", field_at<&model::budget, &budget_info::basic>},
      {"budget.by_use.project", field_at<&model::budget, &budget_info::project>},
      {"budget.adjustment", field_at<&model::budget, &budget_info::adjustment>},
      {"budget.execution_rate", field_at<&model::budget, &budget_info::execution_rate>},
      {"budget.execution_score", field_at<&model::budget, &budget_info::execution_score>},
      {"basic_expenditure.wages",
       field_at<&model::basic_expenditure, &basic_expenditure_info::wages>},
      {"basic_expenditure.goods_services",
       field_at<&model::basic_expenditure, &basic_expenditure_info::goods_services>},
      {"basic_expenditure.household",
       field_at<&model::basic_expenditure, &basic_expenditure_info::household>},
      {"basic_expenditure.total",
       field_at<&model::basic_expenditure, &basic_expenditure_info::total>},
      {"expenditure.personnel.budget",
       field_at<&model::expenditure, &expenditure_info::personnel, &spending_line::budget>},
      {"expenditure.personnel.final",
       field_at<&model::expenditure, &expenditure_info::personnel, &spending_line::final>},
      {"expenditure.public.budget",
       field_at<&model::expenditure, &expenditure_info::public_use, &spending_line::budget>},
      {"expenditure.public.final",
       field_at<&model::expenditure, &expenditure_info::public_use, &spending_line::final>},
      {"expenditure.project.budget",
       field_at<&model::expenditure, &expenditure_info::project, &spending_line::budget>},
      {"expenditure.project.final",
       field_at<&model::expenditure, &expenditure_info::project, &spending_line::final>},
      {"other_budgets.government_fund",
       field_at<&model::other_budgets, &other_budgets_info::government_fund>},
      {"other_budgets.state_capital",
       field_at<&model::other_budgets, &other_budgets_info::state_capital>},
      {"other_budgets.social_insurance",
       field_at<&model::other_budgets, &other_budgets_info::social_insurance>},
  };
  return keys;
}

// [[projects.items]]
const std::vector<descriptor<project_item>> item_keys = {
    {"name", field_at<&project_item::name>},
    {"amounts", field_at<&project_item::amounts>},
    {"purpose", field_at<&project_item::purpose>},
};

// [[projects]]: these keys, its items between name/department/implementer and amounts, its
// evaluation last.
const std::vector<descriptor<project>> project_head_keys = {
    {"name", field_at<&project::name>},
    {"department", field_at<&project::department>},
    {"implementer", field_at<&project::implementer>},
};
const std::vector<descriptor<project>> project_tail_keys = {
    {"amounts", field_at<&project::amounts>},
    {"items_partial", field_at<&project::items_partial>},
    {"funds.current_year", field_at<&project::current_year>},
    {"funds.carried_over", field_at<&project::carried_over>},
    {"funds.other", field_at<&project::other>},
    {"funds.total", field_at<&project::funds_total>},
    {"funds.execution_rate", field_at<&project::execution_rate>},
    {"funds.execution_score", field_at<&project::execution_score>},
};

// One indicator row.
const std::vector<descriptor<indicator>> indicator_keys = {
    {"level1", field_at<&indicator::level1>},
    {"level2", field_at<&indicator::level2>},
    {"name", field_at<&indicator::name>},
    {"target", field_at<&indicator::target>},
    {"actual", field_at<&indicator::actual>},
    {"weight", field_at<&indicator::weight>},
    {"score",
     [](const indicator& i) -> value_ref {
       return indicator_score_ref{&i.self_score, i.auto_score};
     }},
    {"deviation", field_at<&indicator::deviation>},
};

// [overall] and [projects.evaluation]: these keys, the indicator rows between weights and totals.
const std::vector<descriptor<evaluation_info>> evaluation_head_keys = {
    {"goals.expected", field_at<&evaluation_info::goals_expected>},
    {"goals.actual", field_at<&evaluation_info::goals_actual>},
    {"weights.execution", field_at<&evaluation_info::weights, &weights_info::execution>},
    {"weights.output", field_at<&evaluation_info::weights, &weights_info::output>},
    {"weights.effect", field_at<&evaluation_info::weights, &weights_info::effect>},
    {"weights.satisfaction", field_at<&evaluation_info::weights, &weights_info::satisfaction>},
    {"weights.cost", field_at<&evaluation_info::weights, &weights_info::cost>},
};
const std::vector<descriptor<evaluation_info>> evaluation_tail_keys = {
    {"total_weight", field_at<&evaluation_info::total_weight>},
    {"total_score", field_at<&evaluation_info::total_score>},
    {"self_score", field_at<&evaluation_info::stated_score>},
    {"grade", field_at<&evaluation_info::grade>},
};

// A report node of any level; its parts follow.
const std::vector<descriptor<report_node>> node_keys = {
    {"key", field_at<&report_node::key>},
    {"title", field_at<&report_node::title>},
    {"generate", field_at<&report_node::generate>},
    {"text", field_at<&report_node::body>},
};

// An element's name; the second of a name "name#2", an unnamed one "#position". Labels are
// unique even when a typed name looks like a made one (甲, 甲, 甲#2 → 甲, 甲#2, 甲#2#2): diff
// pairs elements by label, and two alike would hide a change.
std::vector<std::string> labels_of(const std::vector<std::string>& names) {
  std::map<std::string, int> seen;
  std::set<std::string> used;
  std::vector<std::string> out;
  for (const std::string& name : names) {
    int n = ++seen[name];
    const std::string base = name.empty() ? "#" + std::to_string(out.size() + 1) : name;
    std::string label = n > 1 ? base + "#" + std::to_string(n) : base;
    while (!used.insert(label).second) label = base + "#" + std::to_string(++n);
    out.push_back(std::move(label));
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
