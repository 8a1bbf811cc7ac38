#include "reports/figures.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/utf8.h"
#include "data/format.h"
#include "data/typed_values.h"

namespace selfeval::reports {

namespace {

using data::quantity;

figure of(const quantity& q) {
  if (!q.known()) return {};
  return {data::money_text(q), true, q.value().is_zero()};
}

figure of(const data::amount& a) {
  return of(quantity::from(a));
}

figure of(const data::count& c) {
  if (!c) return {};
  return {data::count_text(c), true, c.value == 0};
}

figure of_text(const data::text& t) {
  if (!t.given || t.value.empty()) return {};
  return {t.value, true, false};
}

figure of_rate(const std::optional<base::fraction>& r) {
  if (!r) return {};
  return {data::percent_text(r), true, r->is_zero()};
}

figure plain(std::string text) {
  return {std::move(text), true, false};
}

// A rate printed whenever both of its figures are known ("——" when the base is zero), as the
// execution sentences always have.
figure rate_of(const quantity& num, const quantity& den, const std::optional<base::fraction>& r) {
  if (!num.known() || !den.known()) return {};
  return {data::percent_text(r), true, r && r->is_zero()};
}

std::string strip_end_punctuation(std::string s) {
  for (std::string_view mark : {"。", "，", "；", "、", ".", ",", ";"}) {
    while (s.ends_with(mark)) s.resize(s.size() - mark.size());
  }
  return s;
}

bool partial(const data::project& p) {
  return p.items_partial.given && p.items_partial.value;
}

// A 二级 item of the project list: its name, purpose and {Y}年决算数.
struct spent_item {
  std::string name;
  std::string purpose;
  quantity amount;
};

// A 一级 project without 二级 items (or with a partial list) is listed by its own name, unless
// its row is blank (a placeholder row of 附件1 such as an unused 运行维护经费).
std::vector<spent_item> items_of(const data::model& m, const data::figures& f, std::size_t index) {
  const data::project& p = m.projects[index];
  std::vector<spent_item> out;
  if (p.items.empty() || partial(p)) {
    quantity amount = quantity::from(p.amounts.final);
    if (index < f.projects.size()) amount = f.projects[index].amounts.final;
    if (amount.is_blank()) return out;
    std::string name = p.name.value;
    if (!p.items.empty()) {
      std::vector<std::string> named;
      for (const data::project_item& item : p.items) named.push_back(item.name.value);
      name += "（其中包括：" + base::join(named, "、") + "等）";
    }
    out.push_back({name, {}, amount});
    return out;
  }
  for (const data::project_item& item : p.items)
    out.push_back({item.name.value, item.purpose.value, quantity::from(item.amounts.final)});
  return out;
}

std::vector<std::size_t> all_projects(const data::model& m) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m.projects.size(); ++i) out.push_back(i);
  return out;
}

// 参与绩效评价的项目: those with a 附件3 ([projects.evaluation]); all of them when none has one.
std::vector<std::size_t> evaluated_or_all_projects(const data::model& m) {
  std::vector<std::size_t> out = data::evaluated_projects(m);
  return out.empty() ? all_projects(m) : out;
}

struct evaluated_funds {
  quantity full_year, executed;
};

evaluated_funds funds_of(const data::model& m, const data::figures& f) {
  evaluated_funds out;
  for (std::size_t i : evaluated_or_all_projects(m)) {
    if (i >= f.projects.size()) continue;
    out.full_year += f.projects[i].funds_full_year;
    out.executed += f.projects[i].funds_executed;
  }
  return out;
}

using getter = std::function<figure(const data::model&, const data::figures&)>;

// A typed value as a sentence uses it (data/typed_values.h reads it from the model).
figure of_typed(const data::value_ref& v) {
  return std::visit(
      [](const auto& f) -> figure {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, const data::text*>) {
          return of_text(*f);
        } else if constexpr (std::is_same_v<T, const data::field<data::decimal>*> ||
                             std::is_same_v<T, const data::count*>) {
          return of(*f);
        } else if constexpr (std::is_same_v<T, const data::field<data::date>*>) {
          return f->given ? plain(data::date_text(f->value)) : figure{};
        } else {
          // No sentence names a list, a flag, a column row or an indicator's score.
          return figure{};
        }
      },
      v);
}

// The figure of a key outside the arrays of tables ("budget.by_use.basic"); a path that is not
// such a key fails when the table is built.
getter typed(std::string_view schema_path) {
  (void)data::unit_value(data::model{}, schema_path);
  return [schema_path](const data::model& m, const data::figures&) {
    return of_typed(data::unit_value(m, schema_path));
  };
}

struct figure_def {
  std::string_view name;
  getter get;
};

figure spending(const data::spending_figures& s, int which) {
  if (which == 0) return of(s.budget);
  if (which == 1) return of(s.final);
  return of_rate(s.execution_rate);
}

const std::vector<figure_def>& figure_table() {
  using M = const data::model&;
  using F = const data::figures&;
  static const std::vector<figure_def> table = [] {
    std::vector<figure_def> t = {
        {"year", [](M m, F) { return plain(std::to_string(m.year.value)); }},
        {"self",
         [](M m, F) {
           return plain(m.unit.self_name.given && !m.unit.self_name.value.empty()
                            ? m.unit.self_name.value
                            : std::string("我会"));
         }},
        {"unit.name", typed("unit.name")},
        {"unit.budget_code", typed("unit.budget_code")},
        {"signature.filler", typed("signature.filler")},
        {"signature.phone", typed("signature.phone")},
        {"budget.full_year", typed("budget.full_year")},
        {"budget.executed", typed("budget.executed")},
        {"budget.basic", typed("budget.by_use.basic")},
        {"budget.project", typed("budget.by_use.project")},
        {"overall.execution_rate",
         [](M m, F f) {
           return rate_of(quantity::from(m.budget.executed), quantity::from(m.budget.full_year),
                          f.overall.execution_rate);
         }},
        {"overall.score",
         [](M, F f) {
           if (!f.overall.total_score || !f.overall.total_grade) return figure{};
           return plain(data::score_text(f.overall.total_score));
         }},
        {"overall.grade",
         [](M, F f) {
           if (!f.overall.total_score || !f.overall.total_grade) return figure{};
           return plain(data::grade_text(*f.overall.total_grade));
         }},
        {"other_budgets.government_fund", typed("other_budgets.government_fund")},
        {"other_budgets.state_capital", typed("other_budgets.state_capital")},
        {"other_budgets.social_insurance", typed("other_budgets.social_insurance")},
        {"staff.authorized", typed("staff.authorized")},
        {"staff.actual", typed("staff.actual")},
        {"staff.administrative", typed("staff.administrative")},
        {"staff.institutional", typed("staff.institutional")},
        {"staff.retired", typed("staff.retired")},
        {"basic_expenditure.total", [](M, F f) { return of(f.basic_total); }},
        {"basic_expenditure.wages", typed("basic_expenditure.wages")},
        {"basic_expenditure.goods_services", typed("basic_expenditure.goods_services")},
        {"basic_expenditure.household", typed("basic_expenditure.household")},
        // A share is stated only when the 基本支出 total it is a share of is known.
        {"basic_expenditure.wages_share",
         [](M, F f) { return f.basic_total.known() ? of_rate(f.wages_share) : figure{}; }},
        {"basic_expenditure.goods_services_share",
         [](M, F f) { return f.basic_total.known() ? of_rate(f.goods_services_share) : figure{}; }},
        {"basic_expenditure.household_share",
         [](M, F f) { return f.basic_total.known() ? of_rate(f.household_share) : figure{}; }},
        {"projects.count",
         [](M m, F) {
           return figure{std::to_string(m.projects.size()), true, m.projects.empty()};
         }},
        {"projects.final_total", [](M, F f) { return of(f.projects_total.final); }},
        {"evaluated.final_total",
         [](M m, F f) {
           quantity sum;
           for (std::size_t i : evaluated_or_all_projects(m))
             for (const spent_item& item : items_of(m, f, i)) sum += item.amount;
           return of(sum);
         }},
        {"evaluated.funds_full_year", [](M m, F f) { return of(funds_of(m, f).full_year); }},
        {"evaluated.funds_executed", [](M m, F f) { return of(funds_of(m, f).executed); }},
        {"evaluated.funds_execution_rate",
         [](M m, F f) {
           const evaluated_funds funds = funds_of(m, f);
           if (!funds.full_year.known() || !funds.executed.known()) return figure{};
           return rate_of(funds.executed, funds.full_year,
                          base::divide(funds.executed.value(), funds.full_year.value()));
         }},
        {"dates.publish_by", typed("dates.publish_by")},
        {"dates.publish_site", typed("dates.publish_site")},
    };
    const std::pair<std::string_view, const data::spending_figures data::figures::*> lines[] = {
        {"personnel", &data::figures::personnel},
        {"public_use", &data::figures::public_use},
        {"project_spending", &data::figures::project_spending}};
    static const std::vector<std::string> names = [&] {
      std::vector<std::string> n;
      for (const auto& [line, member] : lines)
        for (std::string_view what : {".budget", ".final", ".execution_rate"})
          n.push_back(std::string(line) + std::string(what));
      return n;
    }();
    std::size_t k = 0;
    for (const auto& [line, member] : lines) {
      for (int which = 0; which < 3; ++which) {
        const auto field = member;
        t.push_back({names[k++], [field, which](M, F f) { return spending(f.*field, which); }});
      }
    }
    return t;
  }();
  return table;
}

figure index_figure(std::size_t i) {
  return plain(std::to_string(i + 1));
}

std::vector<std::vector<figure>> item_elements(const data::model& m, const data::figures& f,
                                               const std::vector<std::size_t>& projects) {
  std::vector<std::vector<figure>> out;
  for (std::size_t i : projects) {
    for (spent_item& item : items_of(m, f, i)) {
      std::string purpose = strip_end_punctuation(std::move(item.purpose));
      figure purpose_figure = purpose.empty() ? figure{} : plain(std::move(purpose));
      out.push_back({plain(std::move(item.name)), std::move(purpose_figure), of(item.amount),
                     index_figure(out.size())});
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& figure_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const figure_def& d : figure_table()) out.push_back(d.name);
    return out;
  }();
  return names;
}

const std::vector<collection_info>& collections() {
  static const std::vector<collection_info> list = {
      {"departments", {"name", "index"}},
      {"project_items", {"name", "purpose", "amount", "index"}},
      {"evaluated_items", {"name", "purpose", "amount", "index"}},
      {"scored_projects", {"name", "score", "grade", "index"}},
  };
  return list;
}

const collection_info* find_collection(std::string_view name) {
  for (const collection_info& c : collections())
    if (c.name == name) return &c;
  return nullptr;
}

figure_source::figure_source(const data::model& m, const data::figures& f) : m_(m), f_(f) {}

figure figure_source::get(std::string_view name) const {
  for (const figure_def& d : figure_table())
    if (d.name == name) return d.get(m_, f_);
  return {};
}

std::vector<std::vector<figure>> figure_source::elements(std::string_view collection) const {
  std::vector<std::vector<figure>> out;
  if (collection == "departments") {
    if (!m_.staff.departments.given) return out;
    for (const std::string& d : m_.staff.departments.value)
      out.push_back({plain(d), index_figure(out.size())});
  } else if (collection == "project_items") {
    out = item_elements(m_, f_, all_projects(m_));
  } else if (collection == "evaluated_items") {
    out = item_elements(m_, f_, evaluated_or_all_projects(m_));
  } else if (collection == "scored_projects") {
    for (std::size_t i = 0; i < m_.projects.size(); ++i) {
      if (!m_.projects[i].evaluation.given || i >= f_.projects.size()) continue;
      const data::evaluation_figures& e = f_.projects[i].evaluation;
      if (!e.total_score || !e.total_grade) continue;
      out.push_back({plain(m_.projects[i].name.value), plain(data::score_text(e.total_score)),
                     plain(data::grade_text(*e.total_grade)), index_figure(out.size())});
    }
  }
  return out;
}

}  // namespace selfeval::reports
