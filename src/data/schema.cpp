#include "data/schema.h"

#include <map>
#include <stdexcept>

namespace selfeval::data::schema {
namespace {

using enum value_type;

constexpr deliverables none = 0;
constexpr deliverables t1 = table1, t2 = table2, t3 = table3, r4 = overall_report,
                       r5 = project_report;
constexpr presence optional = presence::optional, required = presence::required,
                   computed = presence::computed;

class table_builder {
 public:
  explicit table_builder(std::vector<key>& out) : out_(out) {}

  void add(std::string path, value_type type, std::string_view unit, presence need,
           std::string_view fallback, std::string_view doc, deliverables prints,
           std::string_view note = {}, std::string_view example = {}) {
    out_.push_back(key{std::move(path), type, unit, need, fallback, doc, prints, note, example});
  }
  // A table or an array of tables: its keys follow it.
  void group(std::string path, value_type type, presence need, std::string_view doc,
             std::string_view note = {}) {
    add(std::move(path), type, {}, need, {}, doc, none, note);
  }

  // The scored table of 附件2 ([overall]) and of each 附件3 ([projects.evaluation]).
  void evaluation(const std::string& p, deliverables d) {
    group(p + ".goals", table, optional, "年度总体目标");
    add(p + ".goals.expected", paragraphs, {}, optional, {}, "预期目标", d,
        "one goal a line; printed numbered 1. 2. …, so type no numbers", "\"强化政治建设。\"");
    add(p + ".goals.actual", paragraphs, {}, optional, {}, "实际完成情况", d, {},
        "\"基本达到预期目标。\"");
    group(p + ".weights", table, optional, "一级指标分值",
          "absent weights take the indicator framework's defaults");
    add(p + ".weights.execution", score, "分", optional, "framework", "预算执行率 分值", d, {},
        "10");
    add(p + ".weights.output", score, "分", optional, "framework", "产出指标 分值", d,
        "the \"（50分）\" of 产出指标", "50");
    add(p + ".weights.effect", score, "分", optional, "framework", "效益指标 分值", d, {}, "30");
    add(p + ".weights.satisfaction", score, "分", optional, "framework", "满意度指标 分值", d, {},
        "10");
    add(p + ".weights.cost", score, "分", optional, "framework", "成本指标 分值", d,
        "only with a profile that has 成本指标 (profile.toml [indicators] cost)", "10");
    group(p + ".indicators[]", table_array, optional, "三级指标（指标表的行）",
          "in any order; printed grouped by 一级 and 二级指标; needed for a computed score");
    const std::string i = p + ".indicators[]";
    add(i + ".level1", text, {}, required, {}, "一级指标", d,
        "产出指标, 效益指标 or 满意度指标 (the profile's names; with it also 成本指标)",
        "\"产出指标\"");
    add(i + ".level2", text, {}, required, {}, "二级指标", d,
        "one of the fixed names of its 一级指标 (数量指标, 社会效益指标, …)", "\"数量指标\"");
    add(i + ".name", text, {}, required, {}, "三级指标", d, {}, "\"全年全市工会活动\"");
    add(i + ".target", text, {}, optional, {}, "年度指标值", d,
        "keep the comparator: \"≥1次\", \"≤5万元\", \"100%\", \"2023年12月31日前\"", "\"≥1次\"");
    add(i + ".actual", text, {}, optional, {}, "实际完成值", d, {}, "\"≥2次\"");
    add(i + ".weight", score, "分", required, {}, "分值", d, "> 0, never \"——\"", "15");
    add(i + ".score", score, "分", required, {}, "自评得分", d,
        "0 ≤ score ≤ weight, or \"auto\": computed from a numeric target and actual", "15");
    add(i + ".deviation", paragraphs, {}, optional, {}, "偏差原因分析及改进措施", d, {},
        "\"无偏差。\"");
    add(p + ".total_weight", score, "分", computed, {}, "总分·分值", d,
        "执行分值 + Σ 分值; must be 100", "100");
    add(p + ".total_score", score, "分", computed, {}, "总分·自评得分", d, "执行得分 + Σ 自评得分",
        "95");
    add(p + ".grade", text, {}, computed, {}, "等次", d,
        "优 / 良 / 中 / 差 from the total (\"优等\" accepted)", "\"优\"");
    add(p + ".self_score", score, "分", optional, {}, "自评分", d,
        "the unit's own stated score, for a table without indicator rows; with rows it must "
        "equal the computed total",
        "95");
  }

  // The body of 附件4 ([overall_report]) and 附件5 ([project_report]).
  void report(const std::string& p, deliverables d, std::string_view title,
              std::string_view section_key, std::string_view block) {
    group(p, table, optional,
          d == r4 ? "整体支出绩效自评报告（附件4）" : "项目支出绩效自评报告（附件5）");
    add(p + ".title", paragraphs, {}, optional, title, "报告标题", d, "the cover and body title",
        "\"2023年度绩效自评报告\"");
    group(p + ".sections[]", table_array, optional, "报告正文（一级标题）",
          "absent: the canonical section tree");
    const std::string s = p + ".sections[]";
    add(s + ".key", text, {}, optional, {}, "章节", d,
        "top-level sections only: the canonical section, which gives the default heading and "
        "content",
        section_key);
    add(s + ".title", text, {}, optional, {}, "标题", d,
        "the heading without its number; overrides the key's default; required on every part",
        "\"基本情况\"");
    add(s + ".generate", paragraphs, {}, optional, {}, "生成的段落", d,
        "the names of generated blocks, printed before the text", block);
    add(s + ".text", paragraphs, {}, optional, {}, "正文", d,
        "the user's paragraphs, one a line, printed exactly as typed", "\"无\"");
    group(s + ".parts", table_array, optional, "下一级标题",
          "the next heading level, with the keys of a section; four levels (一、 （一） 1. "
          "（1）) at most");
  }

 private:
  std::vector<key>& out_;
};

std::vector<key> make_keys() {
  std::vector<key> k;
  table_builder b(k);
  b.add("schema", count, {}, optional, "1", "格式版本", none, "recommended; only 1 is read", "1");
  b.add("year", count, {}, required, {}, "评价年度", all_deliverables,
        "the evaluated year {Y}, 2000–2100", "2023");
  b.add("profile", text, {}, optional, "hunan", "地区配置", all_deliverables,
        "the region's package: a name under config/profiles/ or a folder (relative to the data "
        "file); --profile overrides",
        "\"hunan\"");

  b.group("unit", table, required, "部门（单位）");
  b.add("unit.name", text, {}, required, {}, "部门（单位）名称", t2 | t3 | r4 | r5,
        "titles every deliverable and names the files; may not be empty", "\"沅江市总工会\"");
  b.add("unit.self_name", text, {}, optional, "\"我会\"", "报告中单位的自称", r4 | r5,
        "how generated sentences refer to the unit", "\"我会\"");
  b.add("unit.budget_code", text, {}, optional, {}, "预算编码", r4 | r5,
        "for a report cover that places it", "\"901001\"");
  b.add("unit.evaluation_method", text, {}, optional, {}, "评价方式", r4 | r5,
        "for a report cover that places it ({{unit.evaluation_method}})", "\"单位自评\"");

  b.group("signature", table, optional, "表下签字栏",
          "the line under 附件1–3: 填表人 填表日期 联系电话 单位负责人签字, and the seal");
  b.add("signature.filler", text, {}, optional, {}, "填表人", t1 | t2 | t3, {}, "\"李明\"");
  b.add("signature.filled_on", date, {}, optional, {}, "填表日期", t1 | t2 | t3,
        "must be after the year", "2024-05-08");
  b.add("signature.phone", text, {}, optional, {}, "联系电话", t1 | t2 | t3, {},
        "\"0737-2221234\"");
  b.add("signature.head", text, {}, optional, {}, "单位负责人", t1 | t2 | t3,
        "printed only when given", "\"王强\"");
  b.add("signature.signature_image", text, {}, optional, {}, "单位负责人签字图片", t1 | t2 | t3,
        "a PNG drawn on 单位负责人签字; path relative to the data file", "\"signature.png\"");
  b.add("signature.seal_image", text, {}, optional, {}, "公章图片", t1 | t2 | t3,
        "a PNG seal over the unit name / signature line; path relative to the data file",
        "\"seal.png\"");

  b.group("dates", table, optional, "日期");
  b.add("dates.report", date, {}, optional, "年 月 日 left blank for hand filling", "成文日期",
        r4 | r5, "on both report covers; must be after the year", "2024-05-08");
  b.add("dates.publish_by", date, {}, optional, {}, "拟公开日期", r4,
        "附件4 九(二); should not be before dates.report", "2024-06-30");
  b.add("dates.publish_site", text, {}, optional, {}, "公开网站", r4,
        "附件4 九(二): where the results are published", "\"沅江市政府门户网站\"");

  b.group("staff", table, optional, "财政供养人员情况（人）");
  b.add("staff.authorized", count, "人", optional, {}, "编制数", t1 | r4, "附件1; 附件4 一(一)",
        "14");
  b.add("staff.actual", count, "人", optional, {}, "实际在职人数", t1 | r4,
        "附件1 {Y}年实际在职人数; 附件4 一(一)", "16");
  b.add("staff.administrative", count, "人", optional, {}, "行政编", r4, "附件4 一(一)", "10");
  b.add("staff.institutional", count, "人", optional, {}, "事业编", r4, "附件4 一(一)", "6");
  b.add("staff.retired", count, "人", optional, {}, "退休人员", r4, "附件4 一(一)", "8");
  b.add("staff.departments", text_list, {}, optional, {}, "内设机构", r4, "附件4 一(一)",
        "[\"办公室\", \"组织部\"]");
  b.add("staff.control_rate", percent, "%", computed, {}, "人员控制率", t1,
        "实际在职 ÷ 编制数 (may exceed 100%)", "\"114.29%\"");

  b.group("three_public", table, optional, "三公经费（万元）",
          "each row [上年决算数, 本年预算数, 本年决算数]");
  b.add("three_public.car_purchase", year_columns, "万元", optional, {}, "其中：公车购置", t1, {},
        "[0, 0, 0]");
  b.add("three_public.car_maintenance", year_columns, "万元", optional, {}, "公车运行维护", t1, {},
        "[0, 0, 0]");
  b.add("three_public.cars", year_columns, "万元", computed, {}, "公务用车购置和维护经费", t1,
        "公车购置 + 公车运行维护", "[0, 0, 0]");
  b.add("three_public.overseas", year_columns, "万元", optional, {}, "出国经费", t1, {},
        "[0, 0, 0]");
  b.add("three_public.reception", year_columns, "万元", optional, {}, "公务接待", t1, {},
        "[0, 0, 0]");
  b.add("three_public.total", year_columns, "万元", computed, {}, "三公经费", t1,
        "公务用车 + 出国 + 公务接待", "[0, 0, 0]");

  b.group("public_funds", table, optional, "公用经费（万元）");
  b.add("public_funds.total", year_columns, "万元", optional, {}, "公用经费", t1,
        "its 本年决算数 must equal basic_expenditure.goods_services", "[34.18, 17, 7.76]");
  b.add("public_funds.office", year_columns, "万元", optional, {}, "其中：办公费", t1,
        "each cell ≤ 公用经费", "[2.19, 1, \"\"]");
  b.add("public_funds.utilities_travel", year_columns, "万元", optional, {}, "水费、电费、差旅费",
        t1, "each cell ≤ 公用经费", "[4.9, 2, 1.11]");
  b.add("public_funds.meetings_training", year_columns, "万元", optional, {}, "会议费、培训费", t1,
        "each cell ≤ 公用经费", "[6.65, 6, 1.29]");

  b.group("procurement", table, optional, "政府采购金额（万元）");
  b.add("procurement.budget", amount, "万元", optional, {}, "政府采购本年预算数", t1,
        "the 上年 column prints \"——\"", "4.69");
  b.add("procurement.final", amount, "万元", optional, {}, "政府采购本年决算数", t1, {}, "4.69");

  b.group("buildings", table, optional, "楼堂馆所控制情况（本年完工项目）");
  b.add("buildings.approved_area", amount, "㎡", optional, {}, "批复规模", t1, {}, "0");
  b.add("buildings.actual_area", amount, "㎡", optional, {}, "实际规模", t1, {}, "0");
  b.add("buildings.budget_investment", amount, "万元", optional, {}, "预算投资", t1, {}, "0");
  b.add("buildings.actual_investment", amount, "万元", optional, {}, "实际投资", t1, {}, "0");
  b.add("buildings.area_control_rate", percent, "%", computed, {}, "规模控制率", t1,
        "实际 ÷ 批复; \"——\" when 批复 = 0", "\"100%\"");
  b.add("buildings.investment_control_rate", percent, "%", computed, {}, "投资概算控制率", t1,
        "实际 ÷ 预算; \"——\" when 预算 = 0", "\"100%\"");

  b.add("frugality", paragraphs, {}, optional, {}, "厉行节约保障措施", t1,
        "附件1 last row; paragraphs \"一是…二是…\"", "\"一是抓好干部队伍建设。\"");

  b.group("budget", table, required, "年度预算申请（万元）");
  b.add("budget.initial", amount, "万元", required, {}, "年初预算数", t1 | t2 | r4,
        "the department total; \"——\" when not known", "373.59");
  b.add("budget.full_year", amount, "万元", required, {}, "全年预算数", t1 | t2 | r4,
        "附件4 六; \"——\" when not known", "420.5");
  b.add("budget.executed", amount, "万元", required, {}, "全年执行数", t2 | r4,
        "= 全年支出 (附件4 一(二), 六)", "419");
  b.group("budget.by_source", table, optional, "按收入性质分",
          "on the 全年执行数 basis: the four add up to budget.executed");
  b.add("budget.by_source.general_public", amount, "万元", optional, {}, "一般公共预算", t2 | r4,
        {}, "419");
  b.add("budget.by_source.government_fund", amount, "万元", optional, {}, "政府性基金拨款", t2 | r4,
        {}, "0");
  b.add("budget.by_source.special_account", amount, "万元", optional, {},
        "纳入专户管理的非税收入拨款", t2 | r4, {}, "0");
  b.add("budget.by_source.other", amount, "万元", optional, {}, "其他资金", t2 | r4, {}, "0");
  b.group("budget.by_use", table, optional, "按支出性质分", "the two add up to budget.executed");
  b.add("budget.by_use.basic", amount, "万元", optional, {}, "基本支出", t2 | r4,
        "附件4 一(二), 二(一)", "274");
  b.add("budget.by_use.project", amount, "万元", optional, {}, "项目支出", t2 | r4, "附件4 一(二)",
        "145");
  b.add("budget.adjustment", amount, "万元", computed, {}, "部门基本支出预算调整", t1,
        "全年预算 − 年初预算 (typed, it is checked: 年初 + 追加 = 全年)", "46.91");
  b.add("budget.execution_rate", percent, "%", computed, {}, "执行率", t2, "执行 ÷ 全年预算",
        "\"99.64%\"");
  b.add("budget.execution_score", score, "分", computed, {}, "预算执行得分", t2,
        "分值 × min(执行率, 100%)", "9.96");

  b.group("basic_expenditure", table, optional, "基本支出按经济分类（万元）",
          "附件4 二(一); adds up to budget.by_use.basic");
  b.add("basic_expenditure.wages", amount, "万元", optional, {}, "工资福利支出", r4, {}, "263.1");
  b.add("basic_expenditure.goods_services", amount, "万元", optional, {}, "商品和服务支出", r4,
        "= 附件1 公用经费 本年决算数", "7.76");
  b.add("basic_expenditure.household", amount, "万元", optional, {}, "对个人和家庭的补助", r4, {},
        "3.14");
  b.add("basic_expenditure.total", amount, "万元", computed, {}, "基本支出合计", r4,
        "the three added; must equal budget.by_use.basic", "274");

  b.group("expenditure", table, optional, "支出按人员类、公用经费、项目支出（万元）",
          "附件4, generated block spending_split: each line's 执行率 and share");
  b.group("expenditure.personnel", table, optional, "人员类",
          "基本支出: 工资福利 + 对个人和家庭的补助");
  b.add("expenditure.personnel.budget", amount, "万元", optional, {}, "人员类支出全年预算数", r4,
        {}, "372");
  b.add("expenditure.personnel.final", amount, "万元", optional, {}, "人员类支出决算数", r4,
        "= 工资福利 + 对个人和家庭的补助", "368.8");
  b.group("expenditure.public", table, optional, "公用经费", "基本支出: 商品和服务支出");
  b.add("expenditure.public.budget", amount, "万元", optional, {}, "公用经费全年预算数", r4, {},
        "44");
  b.add("expenditure.public.final", amount, "万元", optional, {}, "公用经费决算数", r4,
        "= basic_expenditure.goods_services", "41.5");
  b.group("expenditure.project", table, optional, "项目支出");
  b.add("expenditure.project.budget", amount, "万元", optional, {}, "项目支出全年预算数", r4, {},
        "186.5");
  b.add("expenditure.project.final", amount, "万元", optional, {}, "项目支出决算数", r4,
        "= budget.by_use.project", "180");

  b.group("other_budgets", table, optional, "其他预算（万元）",
          "0 → \"我会无…预算收支。\"; absent or \"——\": no sentence");
  b.add("other_budgets.government_fund", amount, "万元", optional, {}, "政府性基金预算支出", r4,
        "附件4 三", "0");
  b.add("other_budgets.state_capital", amount, "万元", optional, {}, "国有资本经营预算支出", r4,
        "附件4 四", "0");
  b.add("other_budgets.social_insurance", amount, "万元", optional, {}, "社会保险基金预算支出", r4,
        "附件4 五", "0");

  b.group("projects[]", table_array, optional, "一级项目",
          "one 附件1 项目支出 group; with [projects.evaluation] one 附件3");
  b.add("projects[].name", text, {}, required, {}, "一级项目名称", t1 | t3 | r4 | r5,
        "附件1 group row; 附件3 项目支出名称", "\"业务工作经费\"");
  b.add("projects[].department", text, {}, optional, "unit.name", "主管部门", t3, {},
        "\"沅江市总工会\"");
  b.add("projects[].implementer", text, {}, optional, "unit.name", "实施单位", t3, {},
        "\"沅江市总工会\"");
  b.group("projects[].items[]", table_array, optional, "二级项目（专项）",
          "one indented 附件1 row each");
  b.add("projects[].items[].name", text, {}, required, {}, "专项名称", t1 | t3 | r4 | r5,
        "附件1 专项 row; 附件4 二(二); 附件5 一(一)", "\"帮扶基金\"");
  b.add("projects[].items[].amounts", year_columns, "万元", optional, {}, "专项金额", t1 | r4 | r5,
        "[上年决算, 本年预算, 本年决算]", "[6, 6, 6]");
  b.add("projects[].items[].purpose", paragraphs, {}, optional, {}, "用途", r5,
        "附件5 一(一); one sentence without the final 。", "\"主要用于帮扶困难职工\"");
  b.add("projects[].items_partial", boolean, {}, optional, "false", "只列出部分专项",
        t1 | t3 | r4 | r5,
        "the items name only some of the 专项 (\"其中包括：…等\"); amounts is then the total",
        "false");
  b.add("projects[].amounts", year_columns, "万元", computed, {}, "一级项目金额", t1 | r4,
        "附件1 group row: the sum of the items; typed data when the project has no items or a "
        "partial list",
        "[6, 6, 6]");
  b.group("projects[].funds", table, optional, "项目资金（万元）",
          "each row [年初预算数, 全年预算数, 全年执行数]");
  b.add("projects[].funds.current_year", fund_columns, "万元", optional, {}, "其中：当年财政拨款",
        t3 | r5, {}, "[184, 184, 145]");
  b.add("projects[].funds.carried_over", fund_columns, "万元", optional, {}, "上年结转资金",
        t3 | r5, {}, "[0, 0, 0]");
  b.add("projects[].funds.other", fund_columns, "万元", optional, {}, "其他资金", t3 | r5, {},
        "[0, 0, 0]");
  b.add("projects[].funds.total", fund_columns, "万元", computed, {}, "年度资金总额", t3,
        "the three added", "[184, 184, 145]");
  b.add("projects[].funds.execution_rate", percent, "%", computed, {}, "执行率", t3,
        "全年执行 ÷ 全年预算 of 年度资金总额", "\"78.8%\"");
  b.add("projects[].funds.execution_score", score, "分", computed, {}, "预算执行得分", t3,
        "分值 × min(执行率, 100%)", "7.88");
  b.group("projects[].evaluation", table, optional, "项目支出绩效自评表（附件3）",
          "present: a 附件3 is made for the project; the keys of [overall]");
  b.evaluation("projects[].evaluation", t3);

  b.group("overall", table, optional, "部门整体支出绩效自评表（附件2）");
  b.evaluation("overall", t2);
  b.group("scored", table, optional, "考核评分表（每张表一节，按表编号）",
          "[scored.<form id>] total = 合计, rows = { <row id> = { score = 8 or \"不适用\", "
          "evidence = \"…\" } }; which forms and rows exist is the profile's (docs/forms.md)");
  b.report("overall_report", r4, "{Y}年度{unit}整体支出绩效自评报告", "\"profile\"",
           "\"staffing\"");
  b.report("project_report", r5, "{Y}年度{unit}项目支出绩效自评报告", "\"overview\"",
           "\"project_overview\"");
  return k;
}

// "projects[].items[].name" and "[projects.items]" → "projects.items.name" / "projects.items".
std::string without_brackets(std::string_view path) {
  std::string out(path.size(), '\0');  // looked up for every cell of a workbook: no regrowth
  std::size_t n = 0;
  for (const char c : path)
    if (c != '[' && c != ']') out[n++] = c;
  out.resize(n);
  return out;
}

// Report parts of any depth read as the node: "r.sections.parts.parts.title" →
// "r.sections.title"; "r.sections.parts" stays (the key `parts` itself).
std::string collapse_parts(std::string p) {
  for (std::size_t at; (at = p.find(".parts.parts")) != std::string::npos;) p.erase(at, 6);
  for (std::size_t at; (at = p.find("sections.parts.")) != std::string::npos;) p.erase(at + 8, 6);
  return p;
}

struct index {
  std::vector<key> rows = make_keys();
  std::map<std::string, const key*, std::less<>> by_plain_path;
  std::map<std::string, std::vector<std::string_view>, std::less<>> children;

  index() {
    children[""];
    for (const key& k : rows) {
      const std::string plain = without_brackets(k.path);
      if (!by_plain_path.emplace(plain, &k).second)
        throw std::logic_error("schema: key listed twice: " + k.path);
      const std::size_t dot = plain.rfind('.');
      const std::string parent = dot == std::string::npos ? std::string() : plain.substr(0, dot);
      const auto it = children.find(parent);
      if (it == children.end())
        throw std::logic_error("schema: " + k.path + " comes before its table");
      const std::string_view path = k.path;
      std::string_view leaf = path.substr(path.rfind('.') + 1);
      if (leaf.ends_with("[]")) leaf.remove_suffix(2);
      it->second.push_back(leaf);
      if (k.type == table || k.type == table_array) children[plain];
    }
  }
};

const index& the_index() {
  static const index i;
  return i;
}

}  // namespace

const std::vector<key>& keys() {
  return the_index().rows;
}

const key* find(std::string_view path) {
  const auto& map = the_index().by_plain_path;
  const auto it = map.find(collapse_parts(without_brackets(path)));
  return it == map.end() ? nullptr : it->second;
}

const key& at(std::string_view path) {
  if (const key* k = find(path)) return *k;
  throw std::logic_error("schema: no key " + std::string(path));
}

const std::vector<std::string_view>& children(std::string_view table_path) {
  std::string p = collapse_parts(without_brackets(table_path));
  if (p.ends_with("sections.parts")) p.resize(p.size() - 6);  // parts hold the keys of a node
  const auto& map = the_index().children;
  const auto it = map.find(p);
  if (it == map.end()) throw std::logic_error("schema: no table " + std::string(table_path));
  return it->second;
}

bool is_value(const key& k) {
  return k.type != table && k.type != table_array;
}

std::string_view label_of(deliverable d) {
  switch (d) {
    case table1:
      return "附件1";
    case table2:
      return "附件2";
    case table3:
      return "附件3";
    case overall_report:
      return "附件4";
    case project_report:
      return "附件5";
  }
  return "?";
}

std::string labels_of(deliverables set) {
  std::string out;
  for (deliverable d : deliverable_order)
    if (set & d) out += (out.empty() ? "" : ", ") + std::string(label_of(d));
  return out.empty() ? "—" : out;
}

std::string_view type_name(value_type t) {
  switch (t) {
    case text:
      return "text";
    case paragraphs:
      return "text, one paragraph a line";
    case text_list:
      return "array of texts";
    case amount:
      return "amount";
    case count:
      return "integer";
    case percent:
      return "percent";
    case score:
      return "score";
    case date:
      return "date";
    case boolean:
      return "true/false";
    case year_columns:
      return "year columns";
    case fund_columns:
      return "fund row";
    case table:
      return "table";
    case table_array:
      return "array of tables";
  }
  return "?";
}

std::vector<const key*> select(const std::vector<std::string>& spec) {
  auto below = [](std::string_view path, std::string_view prefix) {
    return path == prefix ||
           (path.starts_with(prefix) && (path[prefix.size()] == '.' || path[prefix.size()] == '['));
  };
  std::vector<const key*> out;
  for (const std::string& prefix : spec) {
    if (prefix.starts_with('-')) continue;
    for (const key& k : keys()) {
      bool chosen = below(k.path, prefix);
      for (const std::string& leave : spec)
        if (leave.starts_with('-') && below(k.path, std::string_view(leave).substr(1)))
          chosen = false;
      if (chosen) out.push_back(&k);
    }
  }
  return out;
}

std::string markdown_table(const std::vector<std::string>& spec) {
  std::string out =
      "| key | type | required | default | printed in | meaning |\n"
      "|---|---|---|---|---|---|\n";
  for (const key* k : select(spec)) {
    std::string type(type_name(k->type));
    if (k->unit == "万元" || k->unit == "㎡" || k->unit == "人")
      type += " (" + std::string(k->unit) + ")";
    const char* need = k->need == required ? "**yes**" : k->need == computed ? "*computed*" : "no";
    std::string meaning(k->doc);
    if (!k->note.empty()) meaning += "; " + std::string(k->note);
    out += "| `" + k->path + "` | " + type + " | " + need + " | " + std::string(k->fallback) +
           " | " + (is_value(*k) ? labels_of(k->prints) : std::string()) + " | " + meaning + " |\n";
  }
  return out;
}

}  // namespace selfeval::data::schema
