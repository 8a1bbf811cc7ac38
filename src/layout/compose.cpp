#include "layout/compose.h"

#include <string>

#include "base/utf8.h"
#include "data/format.h"

// GCC 12 at -O2 reports a false -Wmaybe-uninitialized when std::vector<block> relocates a
// field_line alternative (every member has an initializer); clang and GCC 13 do not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace selfeval::layout {

namespace {

using data::count_text;
using data::money_text;
using data::percent_text;
using data::score_text;

// GB/T 9704 places the attachment title on the third line of a 28.95 pt grid.
constexpr double grid_line = 28.95;
const std::string na(base::not_applicable);

struct styles {
  // Headings are the body face in synthetic bold rather than 黑体: the same glyphs serve both,
  // which keeps a one-page 附件2 near 50 KB (a second CJK face costs about 8 KB of glyphs).
  cell_style head;      // column headings and section labels: bold 宋体, centred
  cell_style label;     // row labels: 宋体, left
  cell_style center;    // values and short labels: 宋体, centred
  cell_style text;      // free text: 宋体, left, top
  cell_style vertical;  // stacked labels: bold 宋体

  explicit styles(double size) {
    head.bold = true;
    head.size = size;
    label.size = size;
    label.halign = h_align::left;
    label.hang = true;
    center.size = size;
    text.size = size;
    text.halign = h_align::left;
    text.valign = v_align::top;
    vertical = head;
    vertical.vertical = true;
  }
};

int year_of(const data::model& m) {
  return static_cast<int>(m.year.value);
}
std::string y(const data::model& m, int delta = 0) {
  return std::to_string(year_of(m) + delta);
}

std::string unit_name(const data::model& m) {
  return m.unit.name.value;
}

// Indicator level names break before a final "指标" when longer than four characters, as the
// seeds print them ("满意度\n指标"), instead of wherever the column edge falls.
std::string level_label(const std::string& name) {
  const auto cps = base::decode_utf8(name);
  if (cps.size() > 4 && name.ends_with("指标")) return name.substr(0, name.size() - 6) + "\n指标";
  return name;
}

// Multi-paragraph input as cell text, each paragraph indented two characters.
std::string indented_paragraphs(const std::string& s) {
  std::string out;
  for (const auto& p : base::split_paragraphs(s)) {
    if (!out.empty()) out += "\n";
    out += "　　" + p;
  }
  return out;
}

// Goals as a numbered list "1. … 2. …" unless the user numbered them already.
std::string numbered_goals(const std::string& s) {
  const auto paras = base::split_paragraphs(s);
  bool numbered = false;
  for (const auto& p : paras) numbered = numbered || (!p.empty() && p[0] >= '0' && p[0] <= '9');
  std::string out;
  for (std::size_t i = 0; i < paras.size(); ++i) {
    if (i > 0) out += "\n";
    out += numbered ? paras[i] : std::to_string(i + 1) + ". " + paras[i];
  }
  return out;
}

table new_table(std::string name) {
  table t;
  t.name = std::move(name);
  t.min_row_height = 20;
  t.rule_width = 0.5;
  return t;
}

// "附件N", the title and (optionally) the unit line.
// The profile's label and title, else the provincial ones.
std::string label_of(const table_options& o, const char* provincial) {
  return o.label.empty() ? provincial : o.label;
}
std::string title_of(const table_options& o, std::string provincial) {
  return o.title.empty() ? provincial : o.title;
}

void add_chrome(std::vector<block>& blocks, const std::string& label, const std::string& title,
                const measure& ms, const table_options& o, bool unit_line) {
  paragraph l{label, font_role::hei, 16, h_align::left};
  l.line_spacing = grid_line / 16;
  blocks.push_back(l);
  const double size = title_size(ms, font_role::xiaobiaosong, title, o.page.body_width());
  paragraph t{title, font_role::xiaobiaosong, size, h_align::center};
  t.space_before = grid_line - 4;
  t.line_spacing = 1.4;
  t.space_after = unit_line ? 0 : 8;
  blocks.push_back(t);
  if (unit_line) {
    paragraph u{"单位：万元", font_role::song, o.body_size, h_align::right};
    u.space_after = 4;
    blocks.push_back(u);
  }
}

void add_signature(std::vector<block>& blocks, const data::model& m, const table_options& o) {
  const auto& s = m.signature;
  field_line f;
  std::vector<std::pair<std::string, std::string>> fields = o.signature_fields;
  if (fields.empty())
    fields = {{"filler", "填表人"},
              {"date", o.date_label},
              {"phone", "联系电话"},
              {"head", "单位负责人签字"}};
  for (const auto& [key, label] : fields) {
    // Room to write by hand: 35 mm after 填表人 and 联系电话, 45 mm after 单位负责人签字.
    if (key == "filler") {
      f.fields.emplace_back(label + "：", s.filler.given ? s.filler.value : "");
      f.blanks.push_back(35 * points_per_mm);
    } else if (key == "date") {
      f.fields.emplace_back(label + "：",
                            s.filled_on.given ? data::date_text(s.filled_on.value) : "");
      f.blanks.push_back(0);
    } else if (key == "phone") {
      f.fields.emplace_back(label + "：", s.phone.given ? s.phone.value : "");
      f.blanks.push_back(35 * points_per_mm);
    } else if (key == "head") {
      f.fields.emplace_back(label + "：", s.head.given ? s.head.value : "");
      f.blanks.push_back(45 * points_per_mm);
    }
  }
  f.space_before = 10;
  // The body face, not 仿宋: a further embedded font for a dozen characters would cost every
  // table a few kilobytes.
  f.role = font_role::song;
  if (s.signature_image.given) f.signature_image = signature_image_name;
  if (s.seal_image.given) f.seal_image = seal_image_name;
  blocks.push_back(std::move(f));
}

paragraph note(const std::string& text, const table_options& o) {
  paragraph p{text, font_role::song, o.body_size, h_align::left};
  p.space_before = 6;
  p.keep_with_previous = true;
  return p;
}

void set_metadata(document& d, const data::model& m, const std::string& title,
                  const std::string& subject) {
  d.title = title;
  d.author = unit_name(m);
  d.subject = subject;
  data::date when{year_of(m), 12, 31};
  if (m.signature.filled_on.given)
    when = m.signature.filled_on.value;
  else if (m.dates.report.given)
    when = m.dates.report.value;
  d.year = when.year;
  d.month = when.month;
  d.day = when.day;
}

document paginate(const std::vector<block>& blocks, const measure& ms, const table_options& o) {
  return lay_out(blocks, ms, o.page).doc;
}

// ---- 附件1 ---------------------------------------------------------------------------------

// A row of three paired columns (c1–c2, c3–c4, c5–c6) after its label.
void money_row(table& t, int r, const std::string& label, const cell_style& ls,
               const std::string& a, const std::string& b, const std::string& c, const styles& st) {
  t.add(r, 0, label, ls);
  t.add(r, 1, a, st.center, 1, 2);
  t.add(r, 3, b, st.center, 1, 2);
  t.add(r, 5, c, st.center, 1, 2);
}

void money_row(table& t, int r, const std::string& label, const cell_style& ls,
               const data::year_columns& v, const styles& st) {
  money_row(t, r, label, ls, money_text(v.prior_final), money_text(v.budget), money_text(v.final),
            st);
}

void money_row(table& t, int r, const std::string& label, const cell_style& ls,
               const data::column_sums& v, const styles& st) {
  money_row(t, r, label, ls, money_text(v.prior_final), money_text(v.budget), money_text(v.final),
            st);
}

// Rows of one 一级项目 group and its 专项 (附件1 rows 11, 11.k). The 专项 are indented by
// `item_indent`, under the group's name, so they sit deeper than the group's number; a group
// whose only 专项 bears its own name prints once.
int project_rows(table& t, int r, const std::string& label, const std::string& item_indent,
                 const data::project& p, const data::project_figures* pf, const styles& st) {
  if (pf)
    money_row(t, r++, label, st.label, pf->amounts, st);
  else
    money_row(t, r++, label, st.label, p.amounts, st);
  if (p.items.size() == 1 && p.items.front().name.value == p.name.value) return r;
  for (const auto& item : p.items)
    money_row(t, r++, item_indent + item.name.value, st.label, item.amounts, st);
  // A partial list: what the named 专项 leave of the group, shown as such.
  if (pf && p.items_partial.given && p.items_partial.value)
    money_row(t, r++, item_indent + "其他（未列明）", st.label, pf->unlisted, st);
  return r;
}

const data::project_figures* project_figures_at(const data::figures& f, std::size_t i) {
  return i < f.projects.size() ? &f.projects[i] : nullptr;
}

std::string area_text(const data::amount& a) {
  return data::plain_text(a);
}

table table1(const data::model& m, const data::figures& f, const table_options& o) {
  const styles st(o.body_size);
  table t = new_table("附件1");
  // A wide label column and six narrow ones, paired for the three year-columns.
  t.columns = {{150}, {1, false}, {1}, {1}, {1}, {1}, {1}};
  // The label column takes 150 pt, enough for "　1、公务用车购置和维护经费" on one line.
  t.columns[0].fixed = true;
  int r = 0;
  t.add(r, 0, "财政供养人员情况（人）", st.head, 2);
  t.add(r, 1, "编制数", st.head, 1, 2);
  t.add(r, 3, y(m) + "年\n实际在职人数", st.head, 1, 2);
  t.add(r, 5, "控制率", st.head, 1, 2);
  ++r;
  t.add(r, 1, count_text(m.staff.authorized), st.center, 1, 2);
  t.add(r, 3, count_text(m.staff.actual), st.center, 1, 2);
  t.add(r, 5, percent_text(f.staff_control_rate), st.center, 1, 2);
  ++r;
  styles headings = st;  // the column headings of the money block
  headings.center = st.head;
  money_row(t, r++, "经费控制情况（万元）", st.head, y(m, -1) + "年决算数", y(m) + "年预算数",
            y(m) + "年决算数", headings);

  const auto& tp = m.three_public;
  auto three_public_rows = [&] {
    money_row(t, r++, "三公经费", st.label, f.three_public, st);
    money_row(t, r++, "　1、公务用车购置和维护经费", st.label, f.cars, st);
    money_row(t, r++, "　　其中：公车购置", st.label, tp.car_purchase, st);
    money_row(t, r++, "　　　　　公车运行维护", st.label, tp.car_maintenance, st);
    money_row(t, r++, "　2、出国经费", st.label, tp.overseas, st);
    money_row(t, r++, "　3、公务接待", st.label, tp.reception, st);
  };
  auto procurement_row = [&] {
    money_row(t, r++, "政府采购金额", st.label, na, money_text(m.procurement.budget),
              money_text(m.procurement.final), st);
  };

  if (o.table1 == table1_variant::provincial) {
    three_public_rows();
    money_row(t, r++, "项目支出：（一个专项一行）", st.label, f.projects_total, st);
    for (std::size_t i = 0; i < m.projects.size(); ++i)
      r = project_rows(t, r, "　" + std::to_string(i + 1) + "、" + m.projects[i].name.value,
                       "　　　", m.projects[i], project_figures_at(f, i), st);
    const auto& pf = m.public_funds;
    money_row(t, r++, "公用经费", st.label, pf.total, st);
    money_row(t, r++, "　其中：办公费", st.label, pf.office, st);
    money_row(t, r++, "　　　　水费、电费、差旅费", st.label, pf.utilities_travel, st);
    money_row(t, r++, "　　　　会议费、培训费", st.label, pf.meetings_training, st);
    procurement_row();
    money_row(t, r++, "部门基本支出预算调整", st.label, na, money_text(f.budget_adjustment), "",
              st);
  } else {
    // 益阳 city layout: totals first, so the table can be checked against 附件2.
    money_row(t, r++, "支出总额", st.label, "", money_text(m.budget.full_year),
              money_text(m.budget.executed), st);
    money_row(t, r++, "基本支出", st.label, "", "", money_text(m.budget.basic), st);
    money_row(t, r++, "　其中：公用经费", st.label, m.public_funds.total, st);
    money_row(t, r++, "项目支出", st.label, f.projects_total, st);
    for (std::size_t i = 0; i < m.projects.size(); ++i)
      r = project_rows(t, r,
                       (i == 0 ? "　其中：" : "　　　　") + std::to_string(i + 1) + "、" +
                           m.projects[i].name.value,
                       "　　　　　", m.projects[i], project_figures_at(f, i), st);
    three_public_rows();
    procurement_row();
  }

  // 楼堂馆所: the six narrow columns individually.
  const auto& b = m.buildings;
  t.add(r, 0, "楼堂馆所控制情况\n（" + y(m) + "年完工项目）", st.head, 2);
  const char* heads[] = {"批复规模\n（㎡）",   "实际规模\n（㎡）",   "规模\n控制率",
                         "预算投资\n（万元）", "实际投资\n（万元）", "投资概算\n控制率"};
  for (int c = 0; c < 6; ++c) t.add(r, c + 1, heads[c], st.head);
  ++r;
  const std::string values[] = {
      area_text(b.approved_area),        area_text(b.actual_area),
      percent_text(f.area_control_rate), money_text(b.budget_investment),
      money_text(b.actual_investment),   percent_text(f.investment_control_rate)};
  for (int c = 0; c < 6; ++c) t.add(r, c + 1, values[c], st.center);
  ++r;
  t.add(r, 0, "厉行节约保障措施", st.head);
  t.add(r, 1, indented_paragraphs(m.frugality.value), st.text, 1, 6);
  // Set closer than 附件2/3 (still 10.5 pt), so that the one-page official form fits one
  // page: rows of one line at 15.6 pt (1.2 line spacing, 1.5 pt padding).
  t.min_row_height = 0;
  t.line_spacing = 1.2;
  for (auto& c : t.cells) c.style.pad_y = 1.5;
  return t;
}

// ---- 附件2 / 附件3 --------------------------------------------------------------------------

// The nine-column grid shared by 附件2 and 附件3: a narrow column for stacked labels, then
// 一级 / 二级 / 三级 / 指标值 / 完成值 / 分值 / 得分 / 偏差原因.
// Widths follow the text between the bounds (points): the names and the free-text 偏差 column
// take the room the short values leave.
void nine_columns(table& t) {
  t.columns = {{22, true},          {1, false, 48, 60},  {1, false, 48, 60},
               {2, false, 36, 120}, {1, false, 36, 100}, {1, false, 36, 100},
               {28, true},          {1, false, 30, 48},  {2, false, 48, 200}};
  t.content_widths = true;
  // 总分 with at least three indicator rows above it on the last page.
  t.last_page_rows = 4;
}

// "年初预算数 … 得分" heading row after a blank ⟷2 cell.
// 年度资金总额 with 分值, 执行率 and 得分: the same row in 附件2 and 附件3.
void funds_total_row(table& t, int r, const std::string& initial, const std::string& full_year,
                     const std::string& executed, const data::evaluation_figures& ef,
                     const styles& st) {
  t.add(r, 1, "年度资金总额", st.head, 1, 2);
  t.add(r, 3, initial, st.center);
  t.add(r, 4, full_year, st.center);
  t.add(r, 5, executed, st.center);
  t.add(r, 6, score_text(ef.execution_weight), st.center);
  t.add(r, 7, percent_text(ef.execution_rate), st.center);
  t.add(r, 8, score_text(ef.execution_score), st.center);
}

void budget_heading(table& t, int r, const styles& st) {
  t.add(r, 1, "", st.center, 1, 2);
  const char* heads[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
  for (int c = 0; c < 6; ++c) t.add(r, c + 3, heads[c], st.head);
}

// 总分 row: 分值 total, the self-score, and the blank 偏差 cell.
int total_row(table& t, int r, const data::evaluation_figures& ef, const styles& st) {
  t.add(r, 0, "总分", st.head, 1, 6);
  t.add(r, 6, score_text(ef.total_weight), st.center);
  t.add(r, 7, score_text(ef.total_score), st.center);
  t.add(r, 8, "", st.center);
  return r + 1;
}

// The 绩效指标 label over `rows` rows and the column headings; returns the next row. The block
// may run over a page: 绩效指标 and the 一级 labels then repeat on the next page, while a 二级
// group stays whole and the heading row stays with the first group and heads every
// continuation page.
int indicator_heading(table& t, int r, int rows, const styles& st) {
  t.add(r, 0, "绩效指标", st.vertical, rows + 1).keep_together = false;
  t.keep_with_next.insert(r);
  t.repeat_rows.insert(r);
  const char* heads[] = {"一级指标",     "二级指标", "三级指标",   "年度\n指标值",
                         "实际\n完成值", "分值",     "自评\n得分", "偏差原因\n分析及\n改进措施"};
  for (int c = 0; c < 8; ++c) t.add(r, c + 1, heads[c], st.head);
  return r + 1;
}

// A unit without an indicator table: the official form's indicator block left blank (one empty
// row under each 二级指标) and the stated self-score in 总分 — never a total made from an empty
// table.
int blank_indicator_rows(table& t, int r, const data::evaluation_info& e,
                         const data::evaluation_figures& ef, const styles& st) {
  int n = 0;
  for (data::indicator_block b : {data::indicator_block::output, data::indicator_block::effect,
                                  data::indicator_block::satisfaction})
    n += static_cast<int>(data::level2_names(b).size());
  r = indicator_heading(t, r, n, st);
  for (data::indicator_block b : {data::indicator_block::output, data::indicator_block::effect,
                                  data::indicator_block::satisfaction}) {
    const auto& names = data::level2_names(b);
    t.add(r, 1,
          level_label(data::block_name(b)) + "\n（" + score_text(data::block_weight(e.weights, b)) +
              "分）",
          st.center, static_cast<int>(names.size()))
        .keep_together = false;
    for (std::string_view l2 : names) {
      t.add(r, 2, level_label(std::string(l2)), st.center);
      for (int c = 3; c < 9; ++c) t.add(r, c, "", st.center);
      ++r;
    }
  }
  return total_row(t, r, ef, st);
}

// 年度总体目标 rows, the indicator block and the 总分 row; returns the next row.
int evaluation_rows(table& t, int r, const data::evaluation_info& e,
                    const data::evaluation_figures& ef, const styles& st) {
  t.add(r, 0, "年度总体目标", st.vertical, 2);
  t.add(r, 1, "预期目标", st.head, 1, 4);
  t.add(r, 5, "实际完成情况", st.head, 1, 4);
  ++r;
  t.add(r, 1, numbered_goals(e.goals_expected.value), st.text, 1, 4);
  t.add(r, 5, indented_paragraphs(e.goals_actual.value), st.text, 1, 4);
  ++r;

  int n = 0;
  for (const auto& b : ef.blocks)
    for (const auto& g : b.groups) n += static_cast<int>(g.rows.size());
  if (!ef.has_indicators) return blank_indicator_rows(t, r, e, ef, st);
  r = indicator_heading(t, r, n, st);
  for (const auto& b : ef.blocks) {
    int rows = 0;
    for (const auto& g : b.groups) rows += static_cast<int>(g.rows.size());
    if (rows == 0) continue;
    t.add(r, 1, level_label(b.level1) + "\n（" + score_text(b.label_weight) + "分）", st.center,
          rows)
        .keep_together = false;
    for (const auto& g : b.groups) {
      if (g.rows.empty()) continue;
      t.add(r, 2, level_label(g.level2), st.center, static_cast<int>(g.rows.size()));
      for (std::size_t i : g.rows) {
        const data::indicator& ind = e.indicators[i];
        t.add(r, 3, ind.name.value, st.label);
        t.add(r, 4, ind.target.value, st.center);
        t.add(r, 5, ind.actual.value, st.center);
        t.add(r, 6, score_text(ind.weight.value), st.center);
        t.add(r, 7, i < ef.indicators.size() ? score_text(ef.indicators[i].score) : "", st.center);
        t.add(r, 8, ind.deviation.value, st.label);
        ++r;
      }
    }
  }
  return total_row(t, r, ef, st);
}

table table2(const data::model& m, const data::figures& f, const table_options& o) {
  const styles st(o.body_size);
  table t = new_table("附件2");
  nine_columns(t);
  const auto& b = m.budget;
  const auto& ef = f.overall;
  int r = 0;
  t.add(r, 0, "预算部门、\n单位名称", st.head, 1, 2);
  t.add(r, 2, unit_name(m), st.label, 1, 7);
  ++r;
  t.add(r, 0, "年度预算申请（万元）", st.vertical, 7);
  budget_heading(t, r++, st);
  funds_total_row(t, r++, money_text(b.initial), money_text(b.full_year), money_text(b.executed),
                  ef, st);
  t.add(r, 1, "按收入性质分：", st.label, 1, 4);
  t.add(r, 5, "按支出性质分：", st.label, 1, 4);
  ++r;
  const std::pair<std::string, std::string> lines[] = {
      {"其中：一般公共预算：" + money_text(b.general_public),
       "其中：基本支出：" + money_text(b.basic)},
      {"政府性基金拨款：" + money_text(b.government_fund), "项目支出：" + money_text(b.project)},
      {"纳入专户管理的非税收入拨款：" + money_text(b.special_account), ""},
      {"其他资金：" + money_text(b.other_income), ""}};
  for (const auto& [income, use] : lines) {
    t.add(r, 1, income, st.label, 1, 4);
    t.add(r, 5, use, st.label, 1, 4);
    ++r;
  }
  evaluation_rows(t, r, m.overall, ef, st);
  return t;
}

table table3(const data::model& m, const data::figures& f, std::size_t i, const table_options& o) {
  const styles st(o.body_size);
  const data::project& p = m.projects.at(i);
  const data::project_figures empty;
  const data::project_figures& pf = i < f.projects.size() ? f.projects[i] : empty;
  table t = new_table("附件3 " + p.name.value);
  nine_columns(t);
  int r = 0;
  // The 二级 items in brackets, but not an item named as the project itself; "等" after a
  // partial list.
  std::string items;
  for (const auto& item : p.items)
    if (item.name.value != p.name.value) items += (items.empty() ? "" : "、") + item.name.value;
  if (!items.empty() && p.items_partial.given && p.items_partial.value) items += "等";
  const std::string name = items.empty() ? p.name.value : p.name.value + "（" + items + "）";
  t.add(r, 0, "项目支出名称", st.head, 1, 2);
  t.add(r, 2, name, st.label, 1, 7);
  ++r;
  t.add(r, 0, "主管部门", st.head, 1, 2);
  t.add(r, 2, p.department.given ? p.department.value : unit_name(m), st.center, 1, 3);
  t.add(r, 5, "实施单位", st.head);
  t.add(r, 6, p.implementer.given ? p.implementer.value : unit_name(m), st.center, 1, 3);
  ++r;
  t.add(r, 0, "项目资金（万元）", st.vertical, 5);
  budget_heading(t, r++, st);
  const auto& ef = pf.evaluation;
  funds_total_row(t, r++, money_text(pf.funds_initial), money_text(pf.funds_full_year),
                  money_text(pf.funds_executed), ef, st);
  const std::pair<const char*, const data::fund_columns*> funds[] = {
      {"其中：当年财政拨款", &p.current_year},
      {"上年结转资金", &p.carried_over},
      {"其他资金", &p.other}};
  for (const auto& [label, fc] : funds) {
    t.add(r, 1, label, st.label, 1, 2);
    t.add(r, 3, money_text(fc->initial), st.center);
    t.add(r, 4, money_text(fc->full_year), st.center);
    t.add(r, 5, money_text(fc->executed), st.center);
    for (int c = 6; c < 9; ++c) t.add(r, c, na, st.center);
    ++r;
  }
  evaluation_rows(t, r, p.evaluation, ef, st);
  return t;
}

}  // namespace

double title_size(const measure& ms, font_role role, const std::string& title, double width) {
  return ms.width(role, 22, title) <= width ? 22 : 18;
}

std::vector<std::size_t> evaluated_projects(const data::model& m) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m.projects.size(); ++i)
    if (m.projects[i].evaluation.given) out.push_back(i);
  return out;
}

std::vector<block> table1_blocks(const data::model& m, const data::figures& f, const measure& ms,
                                 const table_options& o) {
  std::vector<block> blocks;
  add_chrome(blocks, label_of(o, "附件1"), title_of(o, y(m) + "年度部门整体支出绩效评价基础数据表"),
             ms, o, o.unit_line);
  blocks.push_back(table1(m, f, o));
  if (o.table1 == table1_variant::city)
    blocks.push_back(note(
        "说明：公用经费填报基本支出中的一般商品和服务支出。项目支出需要填报基本支出以外的所有项目"
        "支出情况，“运行维护经费”填报项目支出中用于人员类和公用运转类的支出。",
        o));
  add_signature(blocks, m, o);
  return blocks;
}

std::vector<block> table2_blocks(const data::model& m, const data::figures& f, const measure& ms,
                                 const table_options& o) {
  std::vector<block> blocks;
  add_chrome(blocks, label_of(o, "附件2"), title_of(o, y(m) + "年度部门整体支出绩效自评表"), ms, o,
             false);
  blocks.push_back(table2(m, f, o));
  add_signature(blocks, m, o);
  return blocks;
}

std::vector<block> table3_blocks(const data::model& m, const data::figures& f, std::size_t project,
                                 const measure& ms, const table_options& o) {
  std::vector<block> blocks;
  add_chrome(blocks, label_of(o, "附件3"), title_of(o, y(m) + "年度项目支出绩效自评表"), ms, o,
             false);
  blocks.push_back(table3(m, f, project, o));
  blocks.push_back(
      note("备注：每个一级项目支出一张表。如：业务工作经费，运行维护经费，其他事业发展类资金……各一"
           "张表。",
           o));
  add_signature(blocks, m, o);
  return blocks;
}

document compose_table1(const data::model& m, const data::figures& f, const measure& ms,
                        const table_options& o) {
  document d = paginate(table1_blocks(m, f, ms, o), ms, o);
  set_metadata(d, m, title_of(o, y(m) + "年度部门整体支出绩效评价基础数据表"),
               label_of(o, "附件1"));
  return d;
}

document compose_table2(const data::model& m, const data::figures& f, const measure& ms,
                        const table_options& o) {
  document d = paginate(table2_blocks(m, f, ms, o), ms, o);
  set_metadata(d, m, title_of(o, y(m) + "年度部门整体支出绩效自评表"), label_of(o, "附件2"));
  return d;
}

document compose_table3(const data::model& m, const data::figures& f, std::size_t project,
                        const measure& ms, const table_options& o) {
  document d = paginate(table3_blocks(m, f, project, ms, o), ms, o);
  set_metadata(d, m, title_of(o, y(m) + "年度项目支出绩效自评表"),
               label_of(o, "附件3") + " " + m.projects.at(project).name.value);
  return d;
}

}  // namespace selfeval::layout
