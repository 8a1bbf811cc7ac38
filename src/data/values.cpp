#include "data/values.h"

#include <functional>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>

#include "data/format.h"
#include "data/schema.h"
#include "data/typed_values.h"

namespace selfeval::data {
namespace {

// Everything a name may read, resolved once per lookup.
struct context {
  const model& m;
  const figures& f;
  const project* p = nullptr;
  const project_figures* pf = nullptr;  // none when derive() had no figures for the project
  std::size_t project_index = 0;
  const project_item* item = nullptr;
  const evaluation_info* evaluation = nullptr;  // of the indicator
  const evaluation_figures* evaluation_figures_ = nullptr;
  std::size_t indicator_index = 0;
  const indicator* ind = nullptr;
};

using getter = std::function<printed_value(const context&)>;

struct entry {
  std::string name;
  value_scope_kind needs;
  std::string doc;
  getter get;
};

printed_value known(std::string text) {
  return {std::move(text), value_state::known};
}
printed_value unknown() {
  return {std::string(unknown_mark), value_state::unknown};
}
printed_value blank() {
  return {};
}

printed_value of_quantity(const quantity& q) {
  if (q.known()) return known(money_text(q));
  return q.is_unknown() ? unknown() : blank();
}
printed_value of_amount(const amount& a) {
  return of_quantity(quantity::from(a));
}
printed_value of_plain(const amount& a) {
  if (a.given) return known(plain_text(a));
  return a.unknown ? unknown() : blank();
}
printed_value of_count(const count& c) {
  if (c.given) return known(count_text(c));
  return c.unknown ? unknown() : blank();
}
printed_value of_text(const text& t) {
  if (t.given) return known(t.value);
  return t.unknown ? unknown() : blank();
}
printed_value of_score(const score& s) {
  if (s.given) return known(score_text(s.value));
  return s.unknown ? unknown() : blank();
}
printed_value of_rate(const std::optional<fraction>& r) {
  return r ? known(percent_text(r)) : unknown();
}
printed_value of_score(const std::optional<fraction>& s) {
  return s ? known(score_text(s)) : unknown();
}
printed_value of_flag(bool b) {
  return b ? known("是") : blank();
}

// A typed value as the forms print it, by its schema row: an area (㎡) with its own decimals, a
// score as scores print, other numbers as money.
printed_value of_typed(const schema::key& k, const value_ref& v) {
  return std::visit(
      [&k](const auto& f) -> printed_value {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, const text*>) {
          return of_text(*f);
        } else if constexpr (std::is_same_v<T, const count*>) {
          return of_count(*f);
        } else if constexpr (std::is_same_v<T, const field<decimal>*>) {
          if (k.unit == "㎡") return of_plain(*f);
          return k.type == schema::value_type::score ? of_score(*f) : of_amount(*f);
        } else if constexpr (std::is_same_v<T, const field<date>*>) {
          return f->given ? known(date_text(f->value)) : blank();
        } else {
          return blank();  // no name prints a list, a flag, a column row or a score cell whole
        }
      },
      v);
}

const project_figures empty_project_figures;

class registry {
 public:
  registry() { build(); }
  const std::vector<entry>& entries() const { return entries_; }
  const std::vector<value_name>& names() const { return names_; }
  std::optional<std::size_t> find(std::string_view name) const {
    const auto it = index_.find(std::string(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::vector<entry> entries_;
  std::vector<value_name> names_;
  std::unordered_map<std::string, std::size_t> index_;

  void add(std::string name, value_scope_kind needs, std::string doc, getter get) {
    entries_.push_back({std::move(name), needs, std::move(doc), std::move(get)});
  }
  void unit(std::string name, std::string doc, getter get) {
    add(std::move(name), value_scope_kind::unit, std::move(doc), std::move(get));
  }
  // A key of the data file outside the arrays of tables, printed as typed: the field is the one
  // data/typed_values.h walks to.
  void typed(const std::string& name, std::string doc) {
    const schema::key& k = schema::at(name);
    (void)unit_value(model{}, name);  // a key the walk does not reach fails here, not when printed
    unit(name, std::move(doc),
         [&k, name](const context& c) { return of_typed(k, unit_value(c.m, name)); });
  }
  void in_project(std::string name, std::string doc, getter get) {
    add(std::move(name), value_scope_kind::project, std::move(doc), std::move(get));
  }

  // A 附件1 row over its three year-columns: NAME.prior_final, NAME.budget, NAME.final.
  template <class Row>
  void year_row(const std::string& name, value_scope_kind needs, const std::string& doc,
                std::function<Row(const context&)> row) {
    add(name + ".prior_final", needs, doc + "·上年决算数",
        [row](const context& c) { return cell(row(c).prior_final); });
    add(name + ".budget", needs, doc + "·本年预算数",
        [row](const context& c) { return cell(row(c).budget); });
    add(name + ".final", needs, doc + "·本年决算数",
        [row](const context& c) { return cell(row(c).final); });
  }
  static printed_value cell(const amount& a) { return of_amount(a); }
  static printed_value cell(const quantity& q) { return of_quantity(q); }

  // A 附件3 fund row: NAME.initial, NAME.full_year, NAME.executed.
  void fund_row(const std::string& name, const std::string& doc,
                std::function<const fund_columns&(const context&)> row) {
    in_project(name + ".initial", doc + "·年初预算数",
               [row](const context& c) { return of_amount(row(c).initial); });
    in_project(name + ".full_year", doc + "·全年预算数",
               [row](const context& c) { return of_amount(row(c).full_year); });
    in_project(name + ".executed", doc + "·全年执行数",
               [row](const context& c) { return of_amount(row(c).executed); });
  }

  // The scored part shared by 附件2 (PREFIX = "overall") and 附件3 ("project.evaluation").
  void evaluation(const std::string& prefix, value_scope_kind needs,
                  std::function<const evaluation_info&(const context&)> e,
                  std::function<const evaluation_figures&(const context&)> ef) {
    add(prefix + ".goals.expected", needs, "年度总体目标·预期目标",
        [e](const context& c) { return of_text(e(c).goals_expected); });
    add(prefix + ".goals.actual", needs, "年度总体目标·实际完成情况",
        [e](const context& c) { return of_text(e(c).goals_actual); });
    add(prefix + ".weights.execution", needs, "预算执行率·分值",
        [ef](const context& c) { return known(score_text(ef(c).execution_weight)); });
    add(prefix + ".execution_rate", needs, "执行率",
        [ef](const context& c) { return of_rate(ef(c).execution_rate); });
    add(prefix + ".execution_score", needs, "预算执行率·得分",
        [ef](const context& c) { return of_score(ef(c).execution_score); });
    add(prefix + ".total_weight", needs, "总分·分值",
        [ef](const context& c) { return known(score_text(ef(c).total_weight)); });
    add(prefix + ".total_score", needs, "总分·自评得分",
        [ef](const context& c) { return of_score(ef(c).total_score); });
    add(prefix + ".grade", needs, "等次", [ef](const context& c) {
      const auto& g = ef(c).total_grade;
      return g ? known(grade_text(*g)) : unknown();
    });
  }

  void build();
};

void registry::build() {
  using k = value_scope_kind;
  typed("year", "评价年度 {Y}");
  unit("year.previous", "上一年度 {Y-1}", [](const context& c) {
    return c.m.year.given ? known(std::to_string(c.m.year.value - 1)) : of_count(c.m.year);
  });
  typed("unit.name", "部门（单位）名称");
  typed("unit.self_name", "单位自称");
  typed("unit.budget_code", "预算编码");
  typed("unit.evaluation_method", "评价方式");

  typed("signature.filler", "填表人");
  typed("signature.filled_on", "填表日期");
  typed("signature.phone", "联系电话");
  typed("signature.head", "单位负责人");
  typed("dates.report", "成文日期");

  typed("staff.authorized", "编制数");
  typed("staff.actual", "实际在职人数");
  unit("staff.control_rate", "控制率",
       [](const context& c) { return of_rate(c.f.staff_control_rate); });

  for (const auto& [key, doc, member] :
       {std::tuple{"car_purchase", "公车购置", &three_public_info::car_purchase},
        std::tuple{"car_maintenance", "公车运行维护", &three_public_info::car_maintenance},
        std::tuple{"overseas", "出国经费", &three_public_info::overseas},
        std::tuple{"reception", "公务接待", &three_public_info::reception}}) {
    const auto mp = member;
    year_row<year_columns>(std::string("three_public.") + key, k::unit, doc,
                           [mp](const context& c) { return c.m.three_public.*mp; });
  }
  year_row<column_sums>("three_public.cars", k::unit, "公务用车购置和维护经费",
                        [](const context& c) { return c.f.cars; });
  year_row<column_sums>("three_public.total", k::unit, "三公经费",
                        [](const context& c) { return c.f.three_public; });
  for (const auto& [key, doc, member] :
       {std::tuple{"total", "公用经费", &public_funds_info::total},
        std::tuple{"office", "办公费", &public_funds_info::office},
        std::tuple{"utilities_travel", "水费、电费、差旅费", &public_funds_info::utilities_travel},
        std::tuple{"meetings_training", "会议费、培训费", &public_funds_info::meetings_training}}) {
    const auto mp = member;
    year_row<year_columns>(std::string("public_funds.") + key, k::unit, doc,
                           [mp](const context& c) { return c.m.public_funds.*mp; });
  }
  year_row<column_sums>("projects.total", k::unit, "项目支出（各一级项目之和）",
                        [](const context& c) { return c.f.projects_total; });
  typed("procurement.budget", "政府采购金额·预算数");
  typed("procurement.final", "政府采购金额·决算数");

  typed("buildings.approved_area", "批复规模（㎡）");
  typed("buildings.actual_area", "实际规模（㎡）");
  unit("buildings.area_control_rate", "规模控制率",
       [](const context& c) { return of_rate(c.f.area_control_rate); });
  typed("buildings.budget_investment", "预算投资（万元）");
  typed("buildings.actual_investment", "实际投资（万元）");
  unit("buildings.investment_control_rate", "投资概算控制率",
       [](const context& c) { return of_rate(c.f.investment_control_rate); });
  typed("frugality", "厉行节约保障措施");

  for (const auto& [key, doc] :
       {std::pair{"initial", "年初预算数"}, std::pair{"full_year", "全年预算数"},
        std::pair{"executed", "全年执行数"}, std::pair{"by_source.general_public", "一般公共预算"},
        std::pair{"by_source.government_fund", "政府性基金拨款"},
        std::pair{"by_source.special_account", "纳入专户管理的非税收入拨款"},
        std::pair{"by_source.other", "其他资金"}, std::pair{"by_use.basic", "基本支出"},
        std::pair{"by_use.project", "项目支出"}})
    typed(std::string("budget.") + key, doc);
  unit("budget.adjustment", "部门基本支出预算调整",
       [](const context& c) { return of_quantity(c.f.budget_adjustment); });
  unit("budget.execution_rate", "执行率",
       [](const context& c) { return of_rate(c.f.overall.execution_rate); });
  unit("budget.execution_score", "预算执行率·得分",
       [](const context& c) { return of_score(c.f.overall.execution_score); });
  evaluation(
      "overall", k::unit, [](const context& c) -> const evaluation_info& { return c.m.overall; },
      [](const context& c) -> const evaluation_figures& { return c.f.overall; });

  // One project ([[projects]]).
  in_project("project.number", "一级项目的序号（1、2、…）",
             [](const context& c) { return known(std::to_string(c.project_index + 1)); });
  in_project("project.name", "一级项目名称", [](const context& c) { return of_text(c.p->name); });
  in_project("project.full_name", "项目支出名称：一级项目（二级项目、…等）", [](const context& c) {
    // The 二级 items in brackets, but not an item named as the project itself; "等" after a
    // partial list.
    const project& p = *c.p;
    std::string items;
    for (const auto& item : p.items)
      if (item.name.value != p.name.value) items += (items.empty() ? "" : "、") + item.name.value;
    if (!items.empty() && p.items_partial.given && p.items_partial.value) items += "等";
    return known(items.empty() ? p.name.value : p.name.value + "（" + items + "）");
  });
  in_project("project.department", "主管部门（默认为本单位）", [](const context& c) {
    return c.p->department.given ? of_text(c.p->department) : of_text(c.m.unit.name);
  });
  in_project("project.implementer", "实施单位（默认为本单位）", [](const context& c) {
    return c.p->implementer.given ? of_text(c.p->implementer) : of_text(c.m.unit.name);
  });
  in_project("project.items_partial", "二级项目只列出一部分（“是”或空）", [](const context& c) {
    return of_flag(c.p->items_partial.given && c.p->items_partial.value);
  });
  in_project("project.items.listed", "二级项目逐行列出（除非只有一个与一级项目同名的）",
             [](const context& c) {
               const project& p = *c.p;
               return of_flag(!(p.items.size() == 1 && p.items.front().name.value == p.name.value));
             });
  // The group row: computed from its items (derive), or as typed when there are no figures.
  year_row<column_sums>("project.amounts", k::project, "一级项目金额", [](const context& c) {
    if (c.pf != nullptr) return c.pf->amounts;
    column_sums typed;
    add_columns(typed, c.p->amounts);
    return typed;
  });
  year_row<column_sums>("project.unlisted", k::project, "其他（未列明）",
                        [](const context& c) { return c.pf ? c.pf->unlisted : column_sums{}; });
  fund_row("project.funds.current_year", "当年财政拨款",
           [](const context& c) -> const fund_columns& { return c.p->current_year; });
  fund_row("project.funds.carried_over", "上年结转资金",
           [](const context& c) -> const fund_columns& { return c.p->carried_over; });
  fund_row("project.funds.other", "其他资金",
           [](const context& c) -> const fund_columns& { return c.p->other; });
  in_project("project.funds.total.initial", "年度资金总额·年初预算数", [](const context& c) {
    return of_quantity((c.pf ? *c.pf : empty_project_figures).funds_initial);
  });
  in_project("project.funds.total.full_year", "年度资金总额·全年预算数", [](const context& c) {
    return of_quantity((c.pf ? *c.pf : empty_project_figures).funds_full_year);
  });
  in_project("project.funds.total.executed", "年度资金总额·全年执行数", [](const context& c) {
    return of_quantity((c.pf ? *c.pf : empty_project_figures).funds_executed);
  });
  in_project("project.funds.execution_rate", "执行率", [](const context& c) {
    return of_rate((c.pf ? *c.pf : empty_project_figures).evaluation.execution_rate);
  });
  in_project("project.funds.execution_score", "预算执行率·得分", [](const context& c) {
    return of_score((c.pf ? *c.pf : empty_project_figures).evaluation.execution_score);
  });
  evaluation(
      "project.evaluation", k::project,
      [](const context& c) -> const evaluation_info& { return c.p->evaluation; },
      [](const context& c) -> const evaluation_figures& {
        return (c.pf ? *c.pf : empty_project_figures).evaluation;
      });

  // One item ([[projects.items]]).
  add("item.name", k::item, "二级项目（专项）名称",
      [](const context& c) { return of_text(c.item->name); });
  year_row<year_columns>("item.amounts", k::item, "二级项目金额",
                         [](const context& c) { return c.item->amounts; });

  // One indicator row of an evaluation.
  add("indicator.level1", k::indicator, "一级指标",
      [](const context& c) { return of_text(c.ind->level1); });
  add("indicator.level2", k::indicator, "二级指标",
      [](const context& c) { return of_text(c.ind->level2); });
  add("indicator.name", k::indicator, "三级指标",
      [](const context& c) { return of_text(c.ind->name); });
  add("indicator.target", k::indicator, "年度指标值",
      [](const context& c) { return of_text(c.ind->target); });
  add("indicator.actual", k::indicator, "实际完成值",
      [](const context& c) { return of_text(c.ind->actual); });
  add("indicator.weight", k::indicator, "分值",
      [](const context& c) { return of_score(c.ind->weight); });
  add("indicator.score", k::indicator, "自评得分（auto 为计算值）", [](const context& c) {
    const auto& figs = c.evaluation_figures_->indicators;
    if (c.indicator_index >= figs.size()) return blank();
    return of_score(figs[c.indicator_index].score);
  });
  add("indicator.deviation", k::indicator, "偏差原因分析及改进措施",
      [](const context& c) { return of_text(c.ind->deviation); });

  names_.reserve(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    names_.push_back({entries_[i].name, entries_[i].needs, entries_[i].doc});
    index_.emplace(entries_[i].name, i);
  }
}

const registry& the_registry() {
  static const registry r;
  return r;
}

}  // namespace

const std::vector<value_name>& value_names() {
  return the_registry().names();
}

std::optional<std::size_t> find_value(std::string_view name) {
  return the_registry().find(name);
}

printed_value value_at(std::size_t index, const model& m, const figures& f,
                       const value_scope& scope) {
  const entry& e = the_registry().entries().at(index);
  context c{m, f};
  if (scope.project && *scope.project < m.projects.size()) {
    c.project_index = *scope.project;
    c.p = &m.projects[c.project_index];
    if (c.project_index < f.projects.size()) c.pf = &f.projects[c.project_index];
    if (scope.item && *scope.item < c.p->items.size()) c.item = &c.p->items[*scope.item];
  }
  if (scope.project_evaluation) {
    if (c.p != nullptr) {
      c.evaluation = &c.p->evaluation;
      c.evaluation_figures_ = c.pf ? &c.pf->evaluation : &empty_project_figures.evaluation;
    }
  } else {
    c.evaluation = &m.overall;
    c.evaluation_figures_ = &f.overall;
  }
  if (c.evaluation != nullptr && scope.indicator &&
      *scope.indicator < c.evaluation->indicators.size()) {
    c.indicator_index = *scope.indicator;
    c.ind = &c.evaluation->indicators[c.indicator_index];
  }
  switch (e.needs) {
    case value_scope_kind::unit:
      break;
    case value_scope_kind::project:
      if (c.p == nullptr) return blank();
      break;
    case value_scope_kind::item:
      if (c.item == nullptr) return blank();
      break;
    case value_scope_kind::indicator:
      if (c.ind == nullptr) return blank();
      break;
  }
  return e.get(c);
}

std::optional<printed_value> value_of(std::string_view name, const model& m, const figures& f,
                                      const value_scope& scope) {
  const auto index = find_value(name);
  if (!index) return std::nullopt;
  return value_at(*index, m, f, scope);
}

}  // namespace selfeval::data
