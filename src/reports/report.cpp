#include "docx/report.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "base/utf8.h"
#include "data/format.h"
#include "data/validate.h"

namespace selfeval::docx {

namespace {

using data::money_text;
using data::report_node;

constexpr int max_level = 4;
constexpr int max_chinese = 99;

// ---------------------------------------------------------------------------------------------
// Canonical sections

struct section_def {
  const char* key;
  const char* heading;
};

constexpr std::array overall_sections{
    section_def{"profile", "部门（单位）基本情况"},
    section_def{"general_budget", "一般公共预算支出情况"},
    section_def{"government_fund", "政府性基金预算支出情况"},
    section_def{"state_capital", "国有资本经营预算支出情况"},
    section_def{"social_insurance", "社会保险基金预算支出情况"},
    section_def{"performance", "部门整体支出绩效情况"},
    section_def{"problems", "存在的问题及原因分析"},
    section_def{"measures", "下一步改进措施"},
    section_def{"application", "部门整体支出绩效自评结果拟应用和公开情况"},
    section_def{"other", "其他需要说明的情况"},
};

// indicator_analysis (绩效评价指标分析) is the national outline's fourth part; the Hunan seeds
// leave it out, so the default tree does too, but a data file may add it.
constexpr std::array project_sections{
    section_def{"overview", "项目支出基本情况"},
    section_def{"evaluation_work", "绩效评价工作开展情况"},
    section_def{"results", "项目支出主要绩效及评价结论"},
    section_def{"indicator_analysis", "绩效评价指标分析"},
    section_def{"experience", "主要经验及做法、存在的问题及原因分析"},
    section_def{"suggestions", "有关建议"},
    section_def{"other", "其他需要说明的问题"},
};

constexpr std::array<const char*, 11> overall_generated{
    "staffing",        "spending_scale", "basic_expenditure", "project_expenditure",
    "government_fund", "state_capital",  "social_insurance",  "execution",
    "spending_split",  "score",          "publication"};
constexpr std::array<const char*, 3> project_generated{"project_overview", "project_funds",
                                                       "project_score"};

std::string_view report_table(report_kind kind) {
  return kind == report_kind::overall ? "overall_report" : "project_report";
}

const data::report_info& report_of(report_kind kind, const data::model& m) {
  return kind == report_kind::overall ? m.overall_report : m.project_report;
}

data::text given_text(std::string value) {
  data::text t;
  t.value = std::move(value);
  t.given = true;
  return t;
}

report_node node(std::string title, std::string generate = {}, std::string body = {},
                 std::vector<report_node> parts = {}) {
  report_node n;
  if (!title.empty()) n.title = given_text(std::move(title));
  if (!generate.empty()) n.generate = given_text(std::move(generate));
  if (!body.empty()) n.body = given_text(std::move(body));
  n.parts = std::move(parts);
  return n;
}

report_node keyed(std::string key, std::string generate = {}, std::string body = {},
                  std::vector<report_node> parts = {}) {
  report_node n = node({}, std::move(generate), std::move(body), std::move(parts));
  n.key = given_text(std::move(key));
  return n;
}

bool is_blank(const data::text& t) {
  return !t.given || base::split_paragraphs(t.value).empty();
}

// A section that says nothing of its own gets its canonical content.
bool is_empty_section(const report_node& n) {
  return is_blank(n.generate) && is_blank(n.body) && n.parts.empty();
}

// ---------------------------------------------------------------------------------------------
// Generated sentences. Every figure comes from data::figures or the model through data/format.h,
// so a sentence prints exactly what the tables print.

struct context {
  report_kind kind;
  const data::model& m;
  const data::figures& f;
  const report_options& options;
  base::diagnostics& diags;
  std::string self;          // "我会"
  std::string year;          // "2023"
  base::source_loc at = {};  // the `generate` being expanded, for warnings
};

// A figure goes into a sentence only when it is known: a sentence is never built on a figure
// that was not given or was typed "——" (it is left out, or a shorter variant is used).
std::optional<std::string> known(const data::quantity& q) {
  if (!q.known()) return std::nullopt;
  return money_text(q);
}
std::optional<std::string> known(const data::amount& a) {
  return known(data::quantity::from(a));
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// A 二级 item of the project list: its name and {Y}年决算数.
struct spent_item {
  std::string name;
  std::string purpose;
  data::quantity amount;
};

bool partial(const data::project& p) {
  return p.items_partial.given && p.items_partial.value;
}

// A 一级 project without 二级 items (or with a partial list) is listed by its own name, unless
// its row is blank (a placeholder row of 附件1 such as an unused 运行维护经费).
std::vector<spent_item> items_of(const context& c, std::size_t project_index) {
  const data::project& p = c.m.projects[project_index];
  std::vector<spent_item> out;
  if (p.items.empty() || partial(p)) {
    data::quantity amount = data::quantity::from(p.amounts.final);
    if (project_index < c.f.projects.size()) amount = c.f.projects[project_index].amounts.final;
    if (amount.is_blank()) return out;
    std::string name = p.name.value;
    if (!p.items.empty()) {
      std::vector<std::string> named;
      for (const data::project_item& item : p.items) named.push_back(item.name.value);
      name += "（其中包括：" + join(named, "、") + "等）";
    }
    out.push_back({name, {}, amount});
    return out;
  }
  for (const data::project_item& item : p.items)
    out.push_back({item.name.value, item.purpose.value, data::quantity::from(item.amounts.final)});
  return out;
}

std::vector<std::size_t> all_projects(const context& c) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < c.m.projects.size(); ++i) out.push_back(i);
  return out;
}

// 参与绩效评价的项目: those with a 附件3 ([projects.evaluation]); all of them when none has one.
std::vector<std::size_t> evaluated_projects(const context& c) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < c.m.projects.size(); ++i)
    if (c.m.projects[i].evaluation.given) out.push_back(i);
  return out.empty() ? all_projects(c) : out;
}

data::quantity final_total(const context& c, const std::vector<std::size_t>& projects) {
  data::quantity sum;
  for (std::size_t i : projects)
    for (const spent_item& item : items_of(c, i)) sum += item.amount;
  return sum;
}

// "A万元" for a known item, the bare name when its amount is not known.
std::string item_text(const spent_item& item) {
  const auto amount = known(item.amount);
  return amount ? item.name + *amount + "万元" : item.name;
}

std::string strip_end_punctuation(std::string s) {
  for (std::string_view mark : {"。", "，", "；", "、", ".", ",", ";"}) {
    while (s.ends_with(mark)) s.resize(s.size() - mark.size());
  }
  return s;
}

using paragraphs = std::vector<std::string>;

paragraphs no_projects(const context& c) {
  return {c.self + "无项目支出。"};
}

paragraphs gen_staffing(const context& c) {
  const data::staff_info& s = c.m.staff;
  paragraphs out;
  std::string text;
  if (s.departments.given && !s.departments.value.empty()) {
    text += c.self + "机关内设" + join(s.departments.value, "、") + "共" +
            std::to_string(s.departments.value.size()) + "个部门。";
  }
  std::vector<std::string> clauses;
  if (s.authorized) clauses.push_back("核定编制" + data::count_text(s.authorized) + "人");
  if (s.actual) {
    std::string actual = c.year + "年实际在职" + data::count_text(s.actual) + "人";
    std::vector<std::string> kinds;
    if (s.administrative) kinds.push_back("行政编" + data::count_text(s.administrative) + "人");
    if (s.institutional) kinds.push_back("事业编" + data::count_text(s.institutional) + "人");
    if (!kinds.empty()) actual += "（" + join(kinds, "，") + "）";
    clauses.push_back(actual);
  }
  if (s.retired) clauses.push_back("退休人员" + data::count_text(s.retired) + "人");
  if (!clauses.empty()) text += join(clauses, "，") + "。";
  if (!text.empty()) out.push_back(text);
  return out;
}

constexpr std::string_view basic_definition =
    "基本支出系保障本单位机构正常运转、完成日常工作任务而发生的各项支出，用于在职人员基本工资、"
    "津贴补贴等人员经费以及办公费、印刷费、水电费、差旅费、维修（护）费、其他交通费、办公设备购置等"
    "日常公用经费。";

paragraphs gen_spending_scale(const context& c) {
  const data::budget_info& b = c.m.budget;
  std::vector<std::string> parts;
  if (const auto v = known(b.basic)) parts.push_back("基本支出" + *v + "万元");
  if (const auto v = known(b.project)) parts.push_back("项目支出" + *v + "万元");
  std::string text;
  if (const auto total = known(b.executed)) {
    text = c.year + "年全年支出" + *total + "万元";
    if (!parts.empty()) text += "，其中：" + join(parts, "，");
    text += "。";
  } else if (!parts.empty()) {
    text = c.year + "年" + join(parts, "，") + "。";
  }
  paragraphs out;
  if (!text.empty()) out.push_back(text);
  out.emplace_back(basic_definition);
  return out;
}

paragraphs gen_basic_expenditure(const context& c) {
  const data::basic_expenditure_info& e = c.m.basic_expenditure;
  const bool total_known = c.f.basic_total.known();
  std::vector<std::string> parts;
  auto part = [&](const data::amount& a, std::string_view label,
                  const std::optional<base::fraction>& share) {
    const auto v = known(a);
    if (!v) return;
    std::string p = std::string(label) + *v + "万元";
    if (total_known && share) p += "，占基本支出的" + data::percent_text(share);
    parts.push_back(p);
  };
  part(e.wages, "工资福利支出", c.f.wages_share);
  part(e.goods_services, "商品和服务支出", c.f.goods_services_share);
  part(e.household, "对个人和家庭的补助", c.f.household_share);
  if (parts.empty()) return {};
  std::string text = total_known ? c.year + "年基本支出" + money_text(c.f.basic_total) + "万元，"
                                 : c.year + "年基本支出";
  return {text + "按支出经济分类，其中：" + join(parts, "；") + "。"};
}

paragraphs gen_project_expenditure(const context& c) {
  if (c.m.projects.empty()) return no_projects(c);
  std::vector<std::string> listed;
  std::size_t count = 0;
  for (std::size_t i : all_projects(c))
    for (const spent_item& item : items_of(c, i)) {
      listed.push_back(item_text(item));
      ++count;
    }
  if (listed.empty()) return no_projects(c);
  std::string text =
      c.year + "年" + c.self + "有专项项目" + std::to_string(count) + "个：" + join(listed, "；");
  if (const auto total = known(c.f.projects_total.final)) text += "，共计" + *total + "万元";
  return {text + "。"};
}

paragraphs gen_other_budget(const context& c, const data::amount& a, std::string_view name) {
  if (!a.given) return {};  // not given or "——": nothing is said rather than a guess
  if (a.value.is_zero()) return {c.self + "无" + std::string(name) + "预算收支。"};
  return {c.year + "年" + std::string(name) + "预算支出" + money_text(a) + "万元。"};
}

paragraphs gen_execution(const context& c) {
  const data::budget_info& b = c.m.budget;
  const auto full_year = known(b.full_year);
  const auto executed = known(b.executed);
  if (full_year && executed)
    return {c.year + "年全年预算" + *full_year + "万元，执行" + *executed + "万元，预算执行率" +
            data::percent_text(c.f.overall.execution_rate) + "。"};
  if (executed) return {c.year + "年全年执行" + *executed + "万元。"};
  if (full_year) return {c.year + "年全年预算" + *full_year + "万元。"};
  return {};
}

// "人员类支出全年预算…万元，决算…万元，执行率…%": each [expenditure] line that was given.
paragraphs gen_spending_split(const context& c) {
  std::vector<std::string> lines;
  auto line = [&](const data::spending_figures& s, std::string_view label) {
    const auto budget = known(s.budget);
    const auto final = known(s.final);
    if (!budget && !final) return;
    std::string t(label);
    if (budget) t += "全年预算" + *budget + "万元";
    if (final) t += std::string(budget ? "，" : "") + "决算" + *final + "万元";
    if (s.execution_rate) t += "，执行率" + data::percent_text(s.execution_rate);
    lines.push_back(t);
  };
  line(c.f.personnel, "人员类支出");
  line(c.f.public_use, "公用经费");
  line(c.f.project_spending, "项目支出");
  if (lines.empty()) return {};
  return {c.year + "年" + join(lines, "；") + "。"};
}

std::string score_sentence(const data::evaluation_figures& e) {
  return "自评分为" + data::score_text(e.total_score) + "分，评价等次为" +
         data::grade_text(*e.total_grade) + "等";
}

paragraphs gen_score(const context& c) {
  if (!c.f.overall.total_score) {
    c.diags.warning("no-score", c.at,
                    "the generated block 'score' has no score to state: [overall] has neither "
                    "a complete indicator table nor a self_score (or a score is \"——\")",
                    "add self_score = … under [overall], or its indicator rows with their scores");
    return {};
  }
  return {"经综合评价，" + c.self + c.year + "年度部门整体支出绩效" + score_sentence(c.f.overall) +
          "。"};
}

paragraphs gen_publication(const context& c) {
  const data::dates_info& d = c.m.dates;
  std::string where = d.publish_site.given && !d.publish_site.value.empty()
                          ? "在" + d.publish_site.value
                          : std::string();
  if (d.publish_by.given)
    return {c.self + "拟于" + data::date_text(d.publish_by.value) + "前" + where +
            "公开本次绩效自评情况。"};
  if (!where.empty()) return {c.self + "拟" + where + "公开本次绩效自评情况。"};
  return {};
}

paragraphs gen_project_overview(const context& c) {
  std::vector<std::size_t> projects = evaluated_projects(c);
  std::vector<spent_item> items;
  for (std::size_t i : projects)
    for (spent_item& item : items_of(c, i)) items.push_back(std::move(item));
  if (items.empty()) return no_projects(c);
  paragraphs out;
  std::string head =
      c.m.unit.name.value + c.year + "年参与绩效评价的项目共" + std::to_string(items.size()) + "个";
  if (const auto total = known(final_total(c, projects))) head += "，共计" + *total + "万元";
  out.push_back(head + "。具体情况如下：");
  int n = 0;
  for (const spent_item& item : items) {
    std::string purpose = strip_end_punctuation(item.purpose);
    std::string text = std::to_string(++n) + "." + item.name + "。";
    if (!purpose.empty()) text += purpose;
    if (const auto amount = known(item.amount))
      text += (purpose.empty() ? "" : "，") + std::string("经费") + *amount + "万元。";
    else if (!purpose.empty())
      text += "。";
    out.push_back(text);
  }
  return out;
}

paragraphs gen_project_funds(const context& c) {
  std::vector<std::size_t> projects = evaluated_projects(c);
  if (projects.empty()) return no_projects(c);
  data::quantity full_year, executed;
  std::vector<std::string> listed;
  for (std::size_t i : projects) {
    if (i < c.f.projects.size()) {
      full_year += c.f.projects[i].funds_full_year;
      executed += c.f.projects[i].funds_executed;
    }
    for (const spent_item& item : items_of(c, i)) listed.push_back(item_text(item));
  }
  std::vector<std::string> parts;
  if (const auto v = known(full_year)) parts.push_back("部门预算专项资金共计" + *v + "万元");
  if (const auto v = known(executed)) parts.push_back("实际执行" + *v + "万元");
  if (full_year.known() && executed.known())
    parts.push_back("预算执行率" +
                    data::percent_text(base::divide(executed.value(), full_year.value())));
  std::string text;
  if (!parts.empty()) text = c.year + "年" + join(parts, "，") + "。";
  if (!listed.empty()) text += "其中，" + join(listed, "，") + "。";
  if (text.empty()) return {};
  return {text};
}

paragraphs gen_project_score(const context& c) {
  std::vector<std::string> scored;
  for (std::size_t i = 0; i < c.m.projects.size(); ++i) {
    if (!c.m.projects[i].evaluation.given || i >= c.f.projects.size()) continue;
    const data::evaluation_figures& e = c.f.projects[i].evaluation;
    if (!e.total_score) continue;
    scored.push_back(c.m.projects[i].name.value + "项目支出绩效" + score_sentence(e));
  }
  if (scored.empty()) {
    c.diags.warning("no-project-score", c.at,
                    "the generated block 'project_score' has no 附件3 score to state",
                    "add [projects.evaluation] with its indicator rows or a self_score");
    return {};
  }
  return {"经综合评价，" + c.self + c.year + "年度" + join(scored, "；") + "。"};
}

paragraphs generate(const context& c, std::string_view name) {
  if (c.kind == report_kind::overall) {
    if (name == "staffing") return gen_staffing(c);
    if (name == "spending_scale") return gen_spending_scale(c);
    if (name == "basic_expenditure") return gen_basic_expenditure(c);
    if (name == "project_expenditure") return gen_project_expenditure(c);
    if (name == "government_fund")
      return gen_other_budget(c, c.m.other_budgets.government_fund, "政府性基金");
    if (name == "state_capital")
      return gen_other_budget(c, c.m.other_budgets.state_capital, "国有资本经营");
    if (name == "social_insurance")
      return gen_other_budget(c, c.m.other_budgets.social_insurance, "社会保险基金");
    if (name == "execution") return gen_execution(c);
    if (name == "spending_split") return gen_spending_split(c);
    if (name == "score") return gen_score(c);
    if (name == "publication") return gen_publication(c);
  } else {
    if (name == "project_overview") return gen_project_overview(c);
    if (name == "project_funds") return gen_project_funds(c);
    if (name == "project_score") return gen_project_score(c);
  }
  return {};
}

std::vector<std::string_view> names_of(report_kind kind) {
  std::vector<std::string_view> out;
  if (kind == report_kind::overall)
    out.assign(overall_generated.begin(), overall_generated.end());
  else
    out.assign(project_generated.begin(), project_generated.end());
  return out;
}

std::vector<std::string_view> keys_of(report_kind kind) {
  std::vector<std::string_view> out;
  if (kind == report_kind::overall)
    for (const section_def& d : overall_sections) out.push_back(d.key);
  else
    for (const section_def& d : project_sections) out.push_back(d.key);
  return out;
}

std::string list_text(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Names, keys and depth are checked when the data file is loaded (data/validate.h); here only
// what depends on the report: a block of the other report is refused, an unknown name skipped.
paragraphs generated_paragraphs(const context& c, const report_node& n) {
  paragraphs out;
  if (!n.generate.given) return out;
  std::vector<std::string_view> valid = names_of(c.kind);
  report_kind other = c.kind == report_kind::overall ? report_kind::project : report_kind::overall;
  std::vector<std::string_view> elsewhere = names_of(other);
  context at = c;
  // Default sections were not typed: their warnings point at the report's table, or the file.
  const data::report_info& r = report_of(c.kind, c.m);
  at.at = n.generate.loc.line > 0 ? n.generate.loc
          : r.given               ? r.loc
                                  : base::source_loc{c.m.file, 1, 1};
  for (const std::string& name : data::split_names(n.generate.value)) {
    if (std::find(valid.begin(), valid.end(), name) != valid.end()) {
      for (std::string& p : generate(at, name)) out.push_back(std::move(p));
    } else if (std::find(elsewhere.begin(), elsewhere.end(), name) != elsewhere.end()) {
      c.diags.error("generate-wrong-report", n.generate.loc,
                    "'" + name + "' is a generated block of [" + std::string(report_table(other)) +
                        "], not of [" + std::string(report_table(c.kind)) + "]",
                    "use one of: " + list_text(valid));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The tree walk

std::string heading_for(const context& c, const report_node& n, int level) {
  if (n.title.given && !n.title.value.empty()) return n.title.value;
  if (level != 1 || !n.key.given) return {};
  if (auto it = c.options.headings.find(n.key.value); it != c.options.headings.end())
    return it->second;
  return default_heading(c.kind, n.key.value);
}

const report_node* canonical(std::string_view key, const std::vector<report_node>& defaults) {
  for (const report_node& d : defaults)
    if (d.key.value == key) return &d;
  return nullptr;
}

void walk(const context& c, const report_node& n, int level, int index,
          std::vector<body_block>& out) {
  const report_node* content = &n;
  std::vector<report_node> defaults;
  if (level == 1 && n.key.given && is_empty_section(n)) {
    defaults = default_sections(c.kind);
    if (const report_node* d = canonical(n.key.value, defaults)) content = d;
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
    c.diags.warning("empty-heading", n.loc, "heading " + number + " has no title and no text",
                    "give the part a title or text, or remove it");
    out.push_back({level, number, {}, {}});
  }
  for (std::string& p : text) out.push_back({0, {}, {}, std::move(p)});

  if (content->parts.empty()) return;
  if (level == max_level) {
    c.diags.error("heading-too-deep", content->parts.front().loc,
                  "parts nested below level 4 （1） cannot be numbered",
                  "move the text into the level-4 part or flatten the tree");
    return;
  }
  int i = 0;
  for (const report_node& child : content->parts) {
    if (level + 1 <= 2 && i >= max_chinese) {
      c.diags.error("too-many-sections", child.loc,
                    "more than 99 parts at one level cannot be numbered", "merge some of them");
      return;
    }
    walk(c, child, level + 1, ++i, out);
  }
}

// The checker validates keys; what only the report knows is which canonical sections a data
// file left out (variants drop some on purpose, so this is a warning).
void check_missing(const context& c, const std::vector<report_node>& sections) {
  const data::report_info& r = report_of(c.kind, c.m);
  for (const report_node& d : default_sections(c.kind)) {
    bool found = std::any_of(sections.begin(), sections.end(), [&](const report_node& s) {
      return s.key.given && s.key.value == d.key.value;
    });
    if (found) continue;
    c.diags.warning("missing-section", r.loc,
                    "[" + std::string(report_table(c.kind)) + "] has no section '" + d.key.value +
                        "' (" + default_heading(c.kind, d.key.value) + ")",
                    "add [[" + std::string(report_table(c.kind)) + ".sections]] key = \"" +
                        d.key.value + "\"; an empty section gets its default content");
  }
}

std::string self_name(const data::model& m) {
  return m.unit.self_name.given && !m.unit.self_name.value.empty() ? m.unit.self_name.value
                                                                   : std::string("我会");
}

std::string_view kind_words(report_kind kind) {
  return kind == report_kind::overall ? "整体支出" : "项目支出";
}

std::string_view attachment(report_kind kind) {
  return kind == report_kind::overall ? "附件4" : "附件5";
}

constexpr std::string_view title_tail = "绩效自评报告";

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

std::vector<std::string> section_keys(report_kind kind) {
  std::vector<std::string> out;
  for (std::string_view k : keys_of(kind)) out.emplace_back(k);
  return out;
}

std::string default_heading(report_kind kind, std::string_view key) {
  auto find = [&](const auto& defs) -> std::string {
    for (const section_def& d : defs)
      if (key == d.key) return d.heading;
    return {};
  };
  return kind == report_kind::overall ? find(overall_sections) : find(project_sections);
}

std::vector<std::string> generated_block_names(report_kind kind) {
  std::vector<std::string> out;
  for (std::string_view n : names_of(kind)) out.emplace_back(n);
  return out;
}

std::vector<report_node> default_sections(report_kind kind) {
  if (kind == report_kind::overall) {
    return {
        keyed("profile", {}, {},
              {node("职能、机构和人员情况", "staffing"),
               node("部门整体支出规模、使用方向、主要内容和涉及范围", "spending_scale")}),
        keyed("general_budget", {}, {},
              {node("基本支出情况", "basic_expenditure"),
               node("项目支出情况", "project_expenditure")}),
        keyed("government_fund", "government_fund"),
        keyed("state_capital", "state_capital"),
        keyed("social_insurance", "social_insurance"),
        keyed("performance", "execution, score"),
        keyed("problems"),
        keyed("measures"),
        keyed("application", {}, {}, {node("拟应用情况"), node("拟公开情况", "publication")}),
        keyed("other", {}, "无"),
    };
  }
  return {
      keyed("overview", {}, {},
            {node("项目支出概况", "project_overview"), node("绩效目标设定及指标完成情况")}),
      keyed("evaluation_work", {}, {},
            {node("项目资金情况", "project_funds"), node("项目组织情况分析"),
             node("项目管理情况分析")}),
      keyed("results", {}, {},
            {node("主要绩效", {}, {},
                  {node("项目的经济性分析", {}, {},
                        {node("项目成本（预算）控制情况"), node("项目成本（预算）节约情况")}),
                   node("项目的效率性分析", {}, {}, {node("项目的实施进度"), node("项目完成质量")}),
                   node("项目的效益性分析", {}, {},
                        {node("项目预期目标完成程度"), node("项目实施对经济和社会的影响")}),
                   node("项目的可持续性分析")}),
             node("综合评价情况及评价结论", "project_score")}),
      keyed("experience"),
      keyed("suggestions", {}, "无"),
      keyed("other", {}, "无"),
  };
}

std::vector<body_block> report_body(report_kind kind, const data::model& m, const data::figures& f,
                                    const report_options& options, base::diagnostics& diags) {
  context c{kind, m, f, options, diags, self_name(m), std::to_string(m.year.value)};
  const data::report_info& r = report_of(kind, m);
  std::vector<report_node> defaults;
  const std::vector<report_node>* sections = &r.sections;
  if (r.sections.empty()) {
    defaults = default_sections(kind);
    sections = &defaults;
  } else {
    check_missing(c, r.sections);
  }
  std::vector<body_block> out;
  int i = 0;
  for (const report_node& s : *sections) {
    if (i >= max_chinese) {
      diags.error("too-many-sections", s.loc, "more than 99 sections cannot be numbered",
                  "merge some of them");
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

record report_fields(report_kind kind, const data::model& m, const data::figures& f,
                     const report_options& options, base::diagnostics& diags) {
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
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00Z", d.year, d.month, d.day);
  fields["date_iso"] = std::string(iso);
  std::vector<body_block> blocks = report_body(kind, m, f, options, diags);
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
  return fields;
}

std::vector<std::string> report_field_names(report_kind) {
  return {"title", "title_lines", "unit", "date", "date_iso", "body", "h1",
          "h2",    "h3",          "h4",   "p",    "number",   "text"};
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

}  // namespace selfeval::docx
