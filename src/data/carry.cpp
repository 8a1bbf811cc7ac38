#include "data/carry.h"

#include <algorithm>

#include "base/messages.h"
#include "data/format.h"
#include "data/text_position.h"

namespace selfeval::data {
namespace {

struct edit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};

class editor {
 public:
  editor(const std::string& source, int old_year, int new_year)
      : s_(source), old_year_(old_year), new_year_(new_year) {}

  // End of the value token starting at `i`: a string, an array, or a bare token.
  std::size_t value_end(std::size_t i) const {
    if (i >= s_.size()) return i;
    const char c = s_[i];
    if (c == '"' || c == '\'') {
      const std::string triple(3, c);
      if (s_.compare(i, 3, triple) == 0) {
        const auto close = s_.find(triple, i + 3);
        std::size_t e = close == std::string::npos ? s_.size() : close + 3;
        while (e < s_.size() && s_[e] == c) ++e;
        return e;
      }
      std::size_t j = i + 1;
      while (j < s_.size() && s_[j] != c && s_[j] != '\n') j += (c == '"' && s_[j] == '\\') ? 2 : 1;
      return std::min(j + 1, s_.size());
    }
    if (c == '[') {
      int depth = 0;
      for (std::size_t j = i; j < s_.size(); ++j) {
        if (s_[j] == '"' || s_[j] == '\'') {
          j = value_end(j) - 1;
        } else if (s_[j] == '[') {
          ++depth;
        } else if (s_[j] == ']' && --depth == 0) {
          return j + 1;
        }
      }
      return s_.size();
    }
    std::size_t j = i;
    while (j < s_.size() && s_[j] != ',' && s_[j] != ']' && s_[j] != '}' && s_[j] != '#' &&
           s_[j] != '\n' && s_[j] != ' ' && s_[j] != '\r')
      ++j;
    return j;
  }

  void replace(const source_loc& at, const std::string& text) {
    const std::size_t b = offset_of(s_, at);
    edits_.push_back({b, value_end(b), text});
  }

  // A typed figure becomes "——".
  template <class T>
  void reset(const field<T>& f) {
    if (!f.given && !f.unknown) return;
    replace(f.loc, "\"——\"");
    ++reset_count;
  }

  // A typed computed figure (a rate, a total) would be last year's: its line goes.
  template <class T>
  void drop(const field<T>& f) {
    if (!f.given) return;
    const std::size_t b = offset_of(s_, f.loc);
    const std::size_t line_begin =
        s_.rfind('\n', b) == std::string::npos ? 0 : s_.rfind('\n', b) + 1;
    const std::size_t line_end = s_.find('\n', b);
    edits_.push_back({line_begin, line_end == std::string::npos ? s_.size() : line_end + 1, ""});
  }

  std::string cell(const amount& a) const {
    if (a.given) return a.value.plain();
    return a.unknown ? "\"——\"" : "\"\"";
  }

  // [上年决算, 本年预算, 本年决算] → [本年决算, "——", "——"].
  void move_columns(const year_columns& y) {
    if (!y.given) return;
    const bool next = new_year_ == old_year_ + 1;
    replace(y.loc, "[" + (next ? cell(y.final) : std::string("\"——\"")) + ", \"——\", \"——\"]");
    if (next) ++moved_count;
    reset_count += 2;
  }

  void reset_fund(const fund_columns& f) {
    if (!f.given) return;
    replace(f.loc, "[\"——\", \"——\", \"——\"]");
    reset_count += 3;
  }

  void move_date(const field<date>& d, const char* key) {
    if (!d.given) return;
    const std::string moved =
        iso_date_text({d.value.year + (new_year_ - old_year_), d.value.month, d.value.day});
    replace(d.loc, moved);
    review.emplace_back(d.loc, base::tr("carry.date-moved", {{"key", key}, {"date", moved}}));
  }

  // "2023年" → "2024年" and "2022年" → "2023年" inside a text value, each listed for review.
  void move_years(const text& t) {
    if (!t.given) return;
    const std::size_t b = offset_of(s_, t.loc);
    const std::size_t e = value_end(b);
    for (std::size_t i = b; i + 7 <= e; ++i) {
      if (i > 0 && s_[i - 1] >= '0' && s_[i - 1] <= '9') continue;
      if (s_.compare(i + 4, 3, "年") != 0) continue;
      const std::string digits = s_.substr(i, 4);
      if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        continue;
      const int y = std::stoi(digits);
      if (y != old_year_ && y != old_year_ - 1) continue;
      const std::string moved = std::to_string(y + (new_year_ - old_year_));
      edits_.push_back({i, i + 4, moved});
      review.emplace_back(locate(i),
                          base::tr("carry.year-moved", {{"from", digits}, {"to", moved}}));
    }
  }

  source_loc locate(std::size_t offset) const { return loc_of(s_, offset, file); }

  std::string result() {
    std::sort(edits_.begin(), edits_.end(),
              [](const edit& a, const edit& b) { return a.begin > b.begin; });
    std::string out = s_;
    std::size_t limit = out.size();
    for (const edit& e : edits_) {
      if (e.end > limit) continue;  // overlaps an edit already made (a dropped line)
      out.replace(e.begin, e.end - e.begin, e.text);
      limit = e.begin;
    }
    return out;
  }

  std::string file;
  std::vector<std::pair<source_loc, std::string>> review;
  std::size_t reset_count = 0;
  std::size_t moved_count = 0;

 private:
  const std::string& s_;
  int old_year_;
  int new_year_;
  std::vector<edit> edits_;
};

void carry_node(editor& e, const report_node& n) {
  e.move_years(n.title);
  e.move_years(n.body);
  for (const report_node& p : n.parts) carry_node(e, p);
}

void carry_evaluation(editor& e, const evaluation_info& ev) {
  e.move_years(ev.goals_expected);
  e.move_years(ev.goals_actual);
  for (const indicator& r : ev.indicators) {
    e.move_years(r.target);
    e.reset(r.actual);
    if (!r.auto_score) e.reset(r.self_score);
    e.drop(r.deviation);
  }
  e.reset(ev.stated_score);
  e.drop(ev.total_weight);
  e.drop(ev.total_score);
  e.drop(ev.grade);
}

}  // namespace

carried_file carry_forward(const std::string& source, const model& m, int year) {
  const int old_year = static_cast<int>(m.year.value);
  editor e(source, old_year, year);
  e.file = m.file;
  e.replace(m.year.loc, std::to_string(year));

  e.move_date(m.signature.filled_on, "signature.filled_on");
  e.move_date(m.dates.report, "dates.report");
  e.move_date(m.dates.publish_by, "dates.publish_by");
  e.move_years(m.frugality);

  const auto& st = m.staff;
  for (const count* c : {&st.actual, &st.administrative, &st.institutional, &st.retired})
    e.reset(*c);
  e.drop(st.control_rate);

  const auto& tp = m.three_public;
  for (const year_columns* y :
       {&tp.car_purchase, &tp.car_maintenance, &tp.overseas, &tp.reception, &tp.cars, &tp.total})
    e.move_columns(*y);
  const auto& pf = m.public_funds;
  for (const year_columns* y : {&pf.total, &pf.office, &pf.utilities_travel, &pf.meetings_training})
    e.move_columns(*y);
  e.reset(m.procurement.budget);
  e.reset(m.procurement.final);
  const auto& b = m.buildings;
  for (const amount* a :
       {&b.approved_area, &b.actual_area, &b.budget_investment, &b.actual_investment})
    e.reset(*a);
  e.drop(b.area_control_rate);
  e.drop(b.investment_control_rate);

  const auto& bu = m.budget;
  for (const amount* a :
       {&bu.initial, &bu.full_year, &bu.executed, &bu.general_public, &bu.government_fund,
        &bu.special_account, &bu.other_income, &bu.basic, &bu.project})
    e.reset(*a);
  e.drop(bu.adjustment);
  e.drop(bu.execution_rate);
  e.drop(bu.execution_score);
  const auto& be = m.basic_expenditure;
  for (const amount* a : {&be.wages, &be.goods_services, &be.household}) e.reset(*a);
  e.drop(be.total);
  for (const spending_line* l :
       {&m.expenditure.personnel, &m.expenditure.public_use, &m.expenditure.project}) {
    e.reset(l->budget);
    e.reset(l->final);
  }
  const auto& ob = m.other_budgets;
  for (const amount* a : {&ob.government_fund, &ob.state_capital, &ob.social_insurance})
    e.reset(*a);

  for (const project& p : m.projects) {
    e.move_columns(p.amounts);
    for (const project_item& it : p.items) {
      e.move_columns(it.amounts);
      e.move_years(it.purpose);
    }
    for (const fund_columns* f : {&p.current_year, &p.carried_over, &p.other}) e.reset_fund(*f);
    if (p.funds_total.given) e.reset_fund(p.funds_total);
    e.drop(p.execution_rate);
    e.drop(p.execution_score);
    carry_evaluation(e, p.evaluation);
  }
  carry_evaluation(e, m.overall);
  e.move_years(m.overall_report.title);
  e.move_years(m.project_report.title);
  for (const report_node& n : m.overall_report.sections) carry_node(e, n);
  for (const report_node& n : m.project_report.sections) carry_node(e, n);

  carried_file out;
  out.text = e.result();
  out.review = std::move(e.review);
  out.figures_reset = e.reset_count;
  out.columns_moved = e.moved_count;
  std::sort(out.review.begin(), out.review.end(),
            [](const auto& x, const auto& y) { return base::loc_less(x.first, y.first); });
  return out;
}

}  // namespace selfeval::data
