// Writing the workbook with libxlsxwriter. The form sheets are laid out from the profile's form
// definitions (the rows, spans and labels the PDFs print); a cell showing a data key is an input
// cell (unlocked, tinted, validated), a cell showing a computed figure is locked and holds a
// formula with the program's figure as its cached value, or the figure itself.
#include <xlsxwriter.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

#include "base/error.h"
#include "base/messages.h"
#include "base/utf8.h"
#include "data/derive.h"
#include "data/format.h"
#include "data/schema.h"
#include "data/values.h"
#include "forms/scored.h"
#include "workbook/sheet_map.h"
#include "workbook/workbook.h"
#include "workbook/xlsxwriter_io.h"

namespace selfeval::workbook {
namespace {

namespace schema = data::schema;
using kind = cell_value::kind;

constexpr lxw_color_t input_tint = 0xFFF2CC;     // pale yellow: type here
constexpr lxw_color_t computed_tint = 0xEDEDED;  // pale grey: the program computes it
constexpr const char* body_font = "宋体";
constexpr const char* heading_font = "黑体";

// "A1"-style reference of a zero-based cell.
std::string ref(int row, int col) {
  char buf[32];
  lxw_rowcol_to_cell(buf, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col));
  return buf;
}

// A text cell. Excel holds at most 32,767 characters a cell, and libxlsxwriter refuses a longer
// text without writing it: refused here with the cell named, never a workbook that silently
// lacks a value (it would read back as a missing key).
void write_string(lxw_worksheet* ws, const std::string& sheet, lxw_row_t row, lxw_col_t col,
                  const std::string& text, lxw_format* f) {
  const lxw_error e = worksheet_write_string(ws, row, col, text.c_str(), f);
  if (e == LXW_NO_ERROR) return;
  if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
    throw base::environment_error(
        base::tr("workbook.write.text-too-long",
                 {{"sheet", sheet}, {"cell", ref(static_cast<int>(row), static_cast<int>(col))}}));
  }
  throw base::environment_error(base::tr("workbook.write.failed", {{"reason", lxw_strerror(e)}}));
}

// "$A$1"-style absolute reference of a zero-based cell.
std::string absolute_ref(int row, int col) {
  char buf[32];
  lxw_rowcol_to_cell_abs(buf, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), 1, 1);
  return buf;
}

std::string sheet_ref(const std::string& sheet, int row, int col) {
  return "'" + sheet + "'!" + absolute_ref(row, col);
}

// A text as an Excel formula's string: "a"&CHAR(10)&"b".
std::string excel_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"')
      out += "\"\"";
    else if (c == '\n')
      out += "\"&CHAR(10)&\"";
    else
      out += c;
  }
  return out + "\"";
}

// How wide a text is in Excel's character units (CJK two).
double text_units(std::string_view s) {
  double w = 0;
  for (const char32_t cp : base::decode_utf8(s)) w += cp >= 0x1100 ? 2.0 : 1.1;
  return w;
}

enum class role { label, head, input, computed, title, plain };

// Formats are created once per combination and owned by the workbook.
class format_cache {
 public:
  explicit format_cache(lxw_workbook* wb) : wb_(wb) {}

  lxw_format* get(role r, forms::cell_style_name style, bool border, const std::string& num,
                  double size = 10.5) {
    auto& f = cache_[key{r, style, border, num, size}];
    if (f != nullptr) return f;
    f = workbook_add_format(wb_);
    format_set_font_name(f, r == role::title ? heading_font : body_font);
    format_set_font_size(f, size);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    using s = forms::cell_style_name;
    if (style == s::head || style == s::vertical || r == role::head) format_set_bold(f);
    if (style == s::label || style == s::text) {
      format_set_align(f, LXW_ALIGN_LEFT);
    } else {
      format_set_align(f, LXW_ALIGN_CENTER);
    }
    if (style == s::text) format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (style == s::vertical) format_set_rotation(f, 270);  // stacked: 绩/效/指/标
    if (r == role::input) {
      format_set_unlocked(f);
      format_set_bg_color(f, input_tint);
    }
    if (r == role::computed) format_set_bg_color(f, computed_tint);
    if (!num.empty()) format_set_num_format(f, num.c_str());
    if (num.find("yyyy") != std::string::npos) format_set_shrink(f);  // a date fits its cell
    return f;
  }

 private:
  // (printing the size into a string key took a tenth of a workbook's own code)
  using key = std::tuple<role, forms::cell_style_name, bool, std::string, double>;
  lxw_workbook* wb_;
  std::map<key, lxw_format*> cache_;
};

// Excel number-format literal: the label printed around a value typed into the cell.
std::string quoted_literal(const std::string& s) {
  if (s.empty()) return {};
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"";
}

std::string number_format(const schema::key& k, const std::string& prefix,
                          const std::string& suffix) {
  std::string core;
  switch (k.type) {
    case schema::value_type::count:
      core = "0";
      break;
    case schema::value_type::date:
      core = "yyyy\"-\"mm\"-\"dd";
      break;
    case schema::value_type::text:
    case schema::value_type::paragraphs:
    case schema::value_type::text_list:
      core = "@";
      break;
    case schema::value_type::percent:
      core = "0.00##\"%\"";
      break;
    case schema::value_type::boolean:
      core = "General";
      break;
    default:
      core = "0.00##";
  }
  if (prefix.empty() && suffix.empty()) return core == "General" ? std::string() : core;
  return quoted_literal(prefix) + core + quoted_literal(suffix);
}

// The schema key of each concrete path, looked up once: a workbook asks for the same few
// hundred paths thousands of times, and key_of() parses the path each time.
class schema_keys {
 public:
  // The key of a concrete path, or null when it names none.
  const schema::key* find(const std::string& path) {
    auto [it, fresh] = memo_.try_emplace(path, nullptr);
    if (fresh) {
      it->second = key_of(path);
    }
    return it->second;
  }
  const schema::key& at(const std::string& path) {
    const schema::key* k = find(path);
    return k != nullptr ? *k : schema::at(path);  // at() reports the bad path
  }

 private:
  std::unordered_map<std::string, const schema::key*> memo_;
};

// The data key a named value shows in a scope, or empty for a computed figure.
std::string bind(std::string_view name, const data::value_scope& scope, const data::model& m,
                 schema_keys& keys) {
  std::string n(name);
  const auto index = [](std::size_t i) { return "[" + std::to_string(i) + "]"; };
  if (n.starts_with("project.")) {
    if (!scope.project) return {};
    const auto& p = m.projects[*scope.project];
    if (n.starts_with("project.amounts.")) {
      const bool data_row = p.items.empty() || (p.items_partial.given && p.items_partial.value);
      if (!data_row) return {};
    }
    n = "projects" + index(*scope.project) + n.substr(7);
  } else if (n.starts_with("item.")) {
    if (!scope.project || !scope.item) return {};
    n = "projects" + index(*scope.project) + ".items" + index(*scope.item) + n.substr(4);
  } else if (n.starts_with("indicator.")) {
    if (!scope.indicator) return {};
    const std::string table = scope.project_evaluation && scope.project
                                  ? "projects" + index(*scope.project) + ".evaluation"
                                  : std::string("overall");
    n = table + ".indicators" + index(*scope.indicator) + n.substr(9);
  }
  // A column of a year or fund row: "three_public.car_purchase.final" -> "…#2".
  static const std::map<std::string, int, std::less<>> columns = {
      {"prior_final", 0}, {"budget", 1},    {"final", 2},
      {"initial", 0},     {"full_year", 1}, {"executed", 2}};
  const auto dot = n.rfind('.');
  if (dot != std::string::npos) {
    const auto col = columns.find(n.substr(dot + 1));
    const std::string parent = n.substr(0, dot);
    if (col != columns.end()) {
      const schema::key* k = keys.find(parent);
      if (k != nullptr && (k->type == schema::value_type::year_columns ||
                           k->type == schema::value_type::fund_columns)) {
        const bool group_row = k->path == "projects[].amounts";
        if (k->need == schema::presence::computed && !group_row) return {};
        return parent + "#" + std::to_string(col->second);
      }
    }
  }
  const schema::key* k = keys.find(n);
  if (k == nullptr || k->need == schema::presence::computed || !schema::is_value(*k)) return {};
  return n;
}

// One sheet being written, with its row heights estimated from the text (Excel does not
// measure merged cells).
class sheet_writer {
 public:
  sheet_writer(lxw_workbook* wb, std::string name, format_cache& formats, sheet_map& map,
               schema_keys& keys)
      : name_(std::move(name)), formats_(formats), map_(map), keys_(keys) {
    ws_ = workbook_add_worksheet(wb, name_.c_str());
    if (ws_ == nullptr)
      throw base::environment_error(base::tr("workbook.write.sheet", {{"sheet", name_}}));
  }

  // Validations are written by finish_rows() or write_validations(); none may be left over.
  ~sheet_writer() { assert(pending_validations_.empty()); }
  sheet_writer(const sheet_writer&) = delete;
  sheet_writer& operator=(const sheet_writer&) = delete;

  lxw_worksheet* ws() const { return ws_; }
  bool fill_in = true;  // data keys are input cells (false: the table as printed)
  const std::string& name() const { return name_; }

  void columns(const std::vector<double>& widths) {
    widths_ = widths;
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c],
                           nullptr);
  }

  // A cell of text over rows × cols.
  void text(int row, int col, int rows, int cols, const std::string& s, lxw_format* f) {
    span(row, col, rows, cols, f);
    write_string(ws_, name_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s, f);
    need(row, col, rows, cols, s, f);
  }

  // A number of the form itself (a criterion's 分值): locked, a number so totals can add it.
  void number(int row, int col, int rows, int cols, const std::string& shown, lxw_format* f) {
    span(row, col, rows, cols, f);
    const std::string exact = decimal_text(shown);
    if (exact.empty())
      write_string(ws_, name_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), shown, f);
    else
      worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                             std::strtod(exact.c_str(), nullptr), f);
    need(row, col, rows, cols, shown, f);
  }

  // A data key's cell; `shown` is its value from the model (none: empty).
  void input(int row, int col, int rows, int cols, const std::string& path,
             const std::optional<cell_value>& shown, const std::string& prefix,
             const std::string& suffix, forms::cell_style_name style, bool border,
             bool prefill = false, const std::string& points = {}) {
    const schema::key& k = keys_.at(path);
    lxw_format* f = formats_.get(fill_in ? role::input : role::label, style, border,
                                 number_format(k, prefix, suffix));
    span(row, col, rows, cols, f);
    const auto r = static_cast<lxw_row_t>(row);
    const auto c = static_cast<lxw_col_t>(col);
    std::string text = prefix + suffix;
    if (shown) {
      switch (shown->type) {
        case kind::number:
          worksheet_write_number(ws_, r, c, std::strtod(shown->text.c_str(), nullptr), f);
          text = prefix + shown->text + suffix;
          break;
        case kind::date:
          worksheet_write_number(ws_, r, c, std::strtod(shown->text.c_str(), nullptr), f);
          text = "2024-05-08";
          break;
        case kind::boolean:
          worksheet_write_boolean(ws_, r, c, shown->text == "1", f);
          break;
        case kind::text:
          write_string(ws_, name_, r, c, shown->text, f);
          text = prefix + shown->text + suffix;
          break;
      }
    } else {
      worksheet_write_blank(ws_, r, c, f);
    }
    need(row, col, rows, cols, text, f);
    if (!fill_in) return;  // a table as printed: no input cells
    validate(row, col, k, points);
    map_.add({name_, ref(row, col), path, prefill ? "prefill" : "input",
              rows > 1 || cols > 1 ? ref(row, col) + ":" + ref(row + rows - 1, col + cols - 1)
                                   : std::string()});
  }

  // A computed figure: a formula when one is given (its cached value the program's figure).
  void computed(int row, int col, int rows, int cols, const std::string& shown,
                const std::string& formula, forms::cell_style_name style, bool border,
                const std::string& num = {}) {
    lxw_format* f = formats_.get(fill_in ? role::computed : role::label, style, border, num);
    span(row, col, rows, cols, f);
    const auto r = static_cast<lxw_row_t>(row);
    const auto c = static_cast<lxw_col_t>(col);
    // A number's cached value is a number, so the cell's format (a date, 0.00) applies to it.
    const std::string number = num.empty() || num == "@" ? std::string() : decimal_text(shown);
    if (!formula.empty() && !number.empty())
      worksheet_write_formula_num(ws_, r, c, formula.c_str(), f,
                                  std::strtod(number.c_str(), nullptr));
    else if (!formula.empty())
      worksheet_write_formula_str(ws_, r, c, formula.c_str(), f, shown.c_str());
    else
      write_string(ws_, name_, r, c, shown, f);
    need(row, col, rows, cols, shown, f);
  }

  // A computed figure as a formula whose cached value is the program's figure ("419.00",
  // "99.64%", "——"), so every reader sees the program's figure before any recalculation.
  void figure(int row, int col, const std::string& formula, const std::string& shown,
              const std::string& name, forms::cell_style_name style, const std::string& num) {
    lxw_format* f = formats_.get(fill_in ? role::computed : role::label, style, true, num);
    const auto r = static_cast<lxw_row_t>(row);
    const auto c = static_cast<lxw_col_t>(col);
    std::string number = shown;
    if (number.ends_with("%")) number.pop_back();
    const std::string exact = decimal_text(number);
    if (exact.empty())
      worksheet_write_formula_str(ws_, r, c, formula.c_str(), f, shown.c_str());
    else
      worksheet_write_formula_num(ws_, r, c, formula.c_str(), f,
                                  std::strtod(exact.c_str(), nullptr));
    map_.add({name_, ref(row, col), name, "figure", {}});
  }

  // One of `options` in each cell of column `col` from `row` to `last_row`; `cells`: the range
  // holding them instead ("'_selfeval_lists'!$A$1:$A$12"), for a list Excel cannot hold as text.
  void list_validation(int row, int last_row, int col, const std::vector<std::string>& options,
                       const std::string& cells) {
    std::vector<const char*> list;
    for (const std::string& o : options) list.push_back(o.c_str());
    list.push_back(nullptr);
    lxw_data_validation v{};
    if (cells.empty()) {
      v.validate = LXW_VALIDATION_TYPE_LIST;
      v.value_list = const_cast<char**>(list.data());
    } else {
      v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      v.value_formula = const_cast<char*>(cells.c_str());
    }
    v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    const lxw_error e = worksheet_data_validation_range(
        ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
        static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(col), &v);
    if (e != LXW_NO_ERROR)  // never a workbook silently without its dropdown
      throw base::environment_error(
          base::tr("workbook.write.failed", {{"reason", lxw_strerror(e)}}));
  }

  // Row heights and the input cells' validations are written when the sheet is done.
  void finish_rows(int from = 0) {
    write_validations();
    for (const auto& [row, height] : heights_) {
      if (row < from) continue;
      worksheet_set_row(ws_, static_cast<lxw_row_t>(row), std::max(15.0, height), nullptr);
    }
  }

  void protect() {
    lxw_protection p{};
    p.format_columns = 1;  // widths may change, nothing else
    p.no_select_locked_cells = 0;
    worksheet_protect(ws_, nullptr, &p);
  }

 private:
  std::string name_;
  format_cache& formats_;
  sheet_map& map_;
  schema_keys& keys_;
  lxw_worksheet* ws_ = nullptr;
  std::vector<double> widths_;
  std::map<int, double> heights_;

  void span(int row, int col, int rows, int cols, lxw_format* f) {
    if (rows > 1 || cols > 1)
      worksheet_merge_range(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                            static_cast<lxw_row_t>(row + rows - 1),
                            static_cast<lxw_col_t>(col + cols - 1), "", f);
  }

  // The height a text needs, spread over the rows it spans.
  void need(int row, int col, int rows, int cols, const std::string& s, lxw_format*) {
    double width = 0;
    for (int c = col; c < col + cols && c < static_cast<int>(widths_.size()); ++c)
      width += widths_[static_cast<std::size_t>(c)];
    if (width <= 0) width = 10;
    double lines = 0;
    for (const std::string& p : base::split_paragraphs(s))
      lines += std::max(1.0, std::ceil(text_units(p) / std::max(1.0, width - 1)));
    lines = std::max(lines, 1.0);
    const double height = (lines * 14.5 + 4) / rows;
    for (int r = row; r < row + rows; ++r) heights_[r] = std::max(heights_[r], height);
  }

  // `points`: a scored form's 分值, the most its 得分 may be. Cells of one kind that follow
  // each other down a column share one validation over their range (its formula names the
  // range's first cell, which Excel shifts for the others): a workbook's data validations were
  // a twelfth of writing it, one per cell.
  void validate(int row, int col, const schema::key& k, const std::string& points) {
    using v = schema::value_type;
    const bool scored = k.type == v::score && is_scored_score(k);
    // The kinds write_validation() knows (others have none); the numbers share one.
    const validation_kind wanted{
        k.type == v::year_columns || k.type == v::fund_columns || k.type == v::percent ? v::amount
                                                                                       : k.type,
        scored, scored ? points : std::string()};
    pending_validations_[wanted].emplace_back(col, row);
  }

 private:
  struct validation_kind {
    schema::value_type type;
    bool scored;
    std::string points;
    auto operator<=>(const validation_kind&) const = default;
  };
  std::map<validation_kind, std::vector<std::pair<int, int>>> pending_validations_;

 public:
  // The validations of the input cells placed since the last call (finish_rows calls it).
  void write_validations() {
    for (auto& [recipe, cells] : pending_validations_) {
      std::sort(cells.begin(), cells.end());
      for (std::size_t first = 0; first < cells.size();) {
        std::size_t last = first;
        while (last + 1 < cells.size() && cells[last + 1].first == cells[first].first &&
               cells[last + 1].second == cells[last].second + 1)
          ++last;
        write_validation(recipe, cells[first].second, cells[first].first, cells[last].second);
        first = last + 1;
      }
    }
    pending_validations_.clear();
  }

 private:
  void write_validation(const validation_kind& recipe, int row, int col, int last_row) {
    using v = schema::value_type;
    lxw_data_validation d{};
    std::string formula;
    std::string message;
    const std::string cell = ref(row, col);
    switch (recipe.type) {
      case v::amount:
        formula = "=OR(ISNUMBER(" + cell + ")," + cell + "=\"——\")";
        message = "请填写数字（万元等单位见表头），不详填“——”";
        break;
      case v::score:
        if (recipe.scored) {
          formula = "=OR(AND(ISNUMBER(" + cell + ")," + cell + ">=0," + cell +
                    "<=" + recipe.points + ")," + cell + "=\"" +
                    std::string(forms::not_applicable_text) + "\")";
          message = "请填写 0 至 " + recipe.points + " 之间的得分；该项不适用时填“不适用”";
          break;
        }
        formula = "=OR(ISNUMBER(" + cell + ")," + cell + "=\"——\"," + cell + "=\"auto\")";
        message = "请填写分数，不详填“——”，自动计算填 auto";
        break;
      case v::count:
        formula =
            "=OR(AND(ISNUMBER(" + cell + ")," + cell + "=INT(" + cell + "))," + cell + "=\"——\")";
        message = "请填写整数，不详填“——”";
        break;
      case v::date:
        d.validate = LXW_VALIDATION_TYPE_DATE;
        d.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        d.minimum_datetime = {2000, 1, 1, 0, 0, 0};
        d.maximum_datetime = {2100, 12, 31, 0, 0, 0};
        message = "请填写日期，如 2024-05-08";
        break;
      case v::boolean: {
        static const char* options[] = {"是", "否", nullptr};
        d.validate = LXW_VALIDATION_TYPE_LIST;
        d.value_list = const_cast<char**>(options);
        message = "请选择 是 或 否";
        break;
      }
      default:
        return;
    }
    if (!formula.empty()) {
      d.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
      d.value_formula = formula.data();
    }
    d.error_message = message.data();
    worksheet_data_validation_range(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                    static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(col),
                                    &d);
  }
};

// An indicator block's own names ({block.name}, {block.weight}, {group.name}).
struct level_names {
  std::string block_name, block_weight, group_name;
};

// The text a pattern prints, computed values included.
std::string pattern_text(const forms::pattern& p, const data::model& m, const data::figures& f,
                         const data::value_scope& scope, const level_names* levels = nullptr) {
  std::string out;
  for (const forms::piece& x : p) {
    out += x.literal;
    if (x.value) out += data::value_at(*x.value, m, f, scope).text;
    if (x.local && levels != nullptr) {
      if (*x.local == forms::local_value::block_name) out += levels->block_name;
      if (*x.local == forms::local_value::block_weight) out += levels->block_weight;
      if (*x.local == forms::local_value::group_name) out += levels->group_name;
    }
  }
  return out;
}

// Column widths in Excel units from a form's columns: fixed widths as they are, shares by their
// bounds.
std::vector<double> widths_of(const forms::form_definition& def) {
  std::vector<double> out;
  for (const forms::column_def& c : def.columns) {
    double points =
        c.column.fixed ? c.column.value
                       : std::max(c.column.min, c.column.max > 0 ? (c.column.min + c.column.max) / 2
                                                                 : 40.0 * c.column.value);
    if (!c.column.fixed && points <= 0) points = 60;
    out.push_back(std::max(3.0, points / 5.0));
  }
  return out;
}

class book {
 public:
  book(const book_request& r, const data::model& m, const data::figures& f, bool blank)
      : r_(r), m_(m), f_(f), blank_(blank), values_(flatten(m)) {}

  // Only one form, as printed (the 汇总 office's spreadsheet of a table).
  void table_only(std::optional<std::size_t> project) {
    table_only_ = true;
    table_project_ = project;
  }

  std::string write() {
    // libxlsxwriter writes into memory (xlsxwriter_io.cpp): no file, temporary or not.
    std::string bytes;
    const memory_output output(bytes);
    lxw_workbook_options options{};
    options.constant_memory = 0;
    lxw_workbook* wb = workbook_new_opt(memory_output::path(), &options);
    if (wb == nullptr) throw base::environment_error(base::tr("workbook.write.start"));
    // Freed if writing a sheet throws (a text over a cell's limit); workbook_close frees it.
    struct free_unclosed {
      lxw_workbook* wb;
      ~free_unclosed() {
        if (wb != nullptr) lxw_workbook_free(wb);
      }
    } unclosed{wb};
    format_cache formats(wb);
    formats_ = &formats;
    wb_ = wb;
    // Fixed document properties: the same data gives the same bytes.
    lxw_doc_properties props{};
    std::string title = blank_ ? "绩效自评填报工作簿" : m_.unit.name.value + " 绩效自评填报工作簿";
    if (table_only_ && !r_.forms.empty()) {
      data::value_scope scope;
      scope.project = table_project_;
      title = pattern_text(r_.forms.front().form->title, m_, f_, scope);
    }
    props.title = title.data();
    std::string author = "selfeval";
    props.author = author.data();
    props.created = 946684800;  // 2000-01-01: a fixed date, not the time of the run
    workbook_set_properties(wb, &props);

    if (table_only_) {
      for (const form_sheet& fs : r_.forms) form(fs, table_project_);
      write_figures();
    } else {
      whole_book();
    }
    for (const auto& sheet : form_sheets_) sheet->write_validations();  // inputs placed late
    unclosed.wb = nullptr;
    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
      throw base::environment_error(
          base::tr("workbook.write.failed", {{"reason", lxw_strerror(e)}}));
    // A libxlsxwriter that no longer calls the functions xlsxwriter_io.cpp defines would have
    // written a file of that name instead, and "succeeded".
    if (bytes.empty())
      throw base::environment_error(
          base::tr("workbook.write.not-in-memory", {{"version", lxw_version()}}));
    return bytes;
  }

 private:
  void whole_book() {
    notes_sheet();
    for (const form_sheet& fs : r_.forms) {
      if (fs.per_project) {
        for (std::size_t i = 0; i < m_.projects.size(); ++i) {
          if (!m_.projects[i].evaluation.given) continue;
          form(fs, i);
        }
      } else {
        form(fs, std::nullopt);
      }
    }
    report_sheet("附件4", "overall_report", m_.overall_report);
    report_sheet("附件5", "project_report", m_.project_report);
    other_sheet();
    write_figures();
    map_sheet();
    lists_sheet();
  }

  // Where a dropdown's options come from: "" when Excel holds them as the validation's own text
  // (at most 255 characters with the commas between them, no comma or quote in an option:
  // libxlsxwriter counts as below), else the cells of the lists sheet that will hold them.
  std::string list_cells(const std::vector<std::string>& options) {
    std::size_t length = options.empty() ? 0 : options.size() - 1;
    bool plain = true;
    for (const std::string& o : options) {
      length += base::decode_utf8(o).size();
      plain = plain && o.find_first_of(",\"") == std::string::npos;
    }
    if (plain && length <= 255) return {};
    const auto at = std::find(long_lists_.begin(), long_lists_.end(), options);
    const auto col = static_cast<int>(at - long_lists_.begin());
    if (at == long_lists_.end()) long_lists_.push_back(options);
    const int last = static_cast<int>(options.size()) - 1;  // not empty: an empty list is plain
    return sheet_ref(std::string(lists_sheet_name), 0, col) + ":" + absolute_ref(last, col);
  }

  void lists_sheet() {
    if (long_lists_.empty()) return;
    sheet_writer s(wb_, std::string(lists_sheet_name), *formats_, map_, keys_);
    for (std::size_t c = 0; c < long_lists_.size(); ++c)
      for (std::size_t r = 0; r < long_lists_[c].size(); ++r)
        write_string(s.ws(), s.name(), static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                     long_lists_[c][r], nullptr);
    worksheet_hide(s.ws());
    s.protect();
  }

  std::vector<std::vector<std::string>> long_lists_;  // the lists sheet's columns

  bool table_only_ = false;
  std::optional<std::size_t> table_project_;
  const book_request& r_;
  const data::model& m_;
  const data::figures& f_;
  bool blank_;
  std::map<std::string, cell_value> values_;
  lxw_workbook* wb_ = nullptr;
  format_cache* formats_ = nullptr;
  sheet_map map_;
  mutable schema_keys keys_;
  std::map<std::string, std::pair<std::string, std::pair<int, int>>> placed_;  // path -> cell

  struct deferred_figure {
    sheet_writer* sheet;
    int row, col;
    forms::cell_style_name style;
    std::string name;
    data::value_scope scope;
    std::string shown;  // the program's figure: the formula's cached value
  };
  std::vector<deferred_figure> deferred_;
  std::vector<std::unique_ptr<sheet_writer>> form_sheets_;  // alive until the formulas are in
  const forms::form_definition* form_ = nullptr;            // the form being written
  const data::scored_entry* scores_ = nullptr;              // its [scored.<id>] in the data
  // The 得分 cells of the scored form being written ("F5") with their criterion's 分值.
  std::vector<std::pair<std::string, std::string>> scored_cells_;

  // The reference of a placed key, or empty.
  std::string cell_of(const std::string& path) const {
    const auto at = placed_.find(path);
    if (at == placed_.end()) return {};
    return sheet_ref(at->second.first, at->second.second.first, at->second.second.second);
  }

  // "——" in any operand makes the figure "——", as the program prints it; blanks count 0.
  static std::string sum_formula(const std::vector<std::string>& refs) {
    std::string unknown, sum;
    for (const std::string& r : refs) {
      unknown += (unknown.empty() ? "" : ",") + r + "=\"——\"";
      sum += (sum.empty() ? "" : ",") + r;
    }
    return "IF(OR(" + unknown + "),\"——\",SUM(" + sum + "))";
  }

  // A formula for a computed figure, over the cells of the keys it is computed from; empty
  // when it is not one of the sums and rates a clerk can follow.
  std::string figure_formula(const std::string& name, const data::value_scope& scope) const {
    static const std::map<std::string, int, std::less<>> columns = {
        {"prior_final", 0}, {"budget", 1},    {"final", 2},
        {"initial", 0},     {"full_year", 1}, {"executed", 2}};
    const auto dot = name.rfind('.');
    const auto col = dot == std::string::npos ? columns.end() : columns.find(name.substr(dot + 1));
    const std::string c = col == columns.end() ? std::string() : "#" + std::to_string(col->second);
    const std::string base = dot == std::string::npos ? name : name.substr(0, dot);
    std::vector<std::string> paths;
    if (base == "three_public.cars" && !c.empty()) {
      paths = {"three_public.car_purchase" + c, "three_public.car_maintenance" + c};
    } else if (base == "three_public.total" && !c.empty()) {
      paths = {"three_public.car_purchase" + c, "three_public.car_maintenance" + c,
               "three_public.overseas" + c, "three_public.reception" + c};
    } else if (base == "project.amounts" && !c.empty() && scope.project) {
      const std::string at = "projects[" + std::to_string(*scope.project) + "]";
      for (std::size_t i = 0; i < m_.projects[*scope.project].items.size(); ++i)
        paths.push_back(at + ".items[" + std::to_string(i) + "].amounts" + c);
    } else if (base == "project.funds.total" && !c.empty() && scope.project) {
      const std::string at = "projects[" + std::to_string(*scope.project) + "].funds.";
      paths = {at + "current_year" + c, at + "carried_over" + c, at + "other" + c};
    } else if (name == "budget.adjustment") {
      const std::string full = cell_of("budget.full_year"), initial = cell_of("budget.initial");
      if (full.empty() || initial.empty()) return {};
      return "IF(OR(" + full + "=\"——\"," + initial + "=\"——\"),\"——\"," + full + "-" + initial +
             ")";
    } else if (name == "budget.execution_rate" || name == "staff.control_rate") {
      const bool budget = name == "budget.execution_rate";
      const std::string part = cell_of(budget ? "budget.executed" : "staff.actual");
      const std::string whole = cell_of(budget ? "budget.full_year" : "staff.authorized");
      if (part.empty() || whole.empty()) return {};
      return "IF(OR(" + part + "=\"——\"," + whole + "=\"——\",N(" + whole + ")=0),\"——\",ROUND(" +
             part + "/" + whole + "*100,2))";
    } else {
      return {};
    }
    std::vector<std::string> refs;
    for (const std::string& p : paths) {
      const std::string r = cell_of(p);
      if (r.empty()) return {};  // a key not on any sheet: the figure stays as computed
      refs.push_back(r);
    }
    return refs.empty() ? std::string() : sum_formula(refs);
  }

  void write_figures() {
    for (const deferred_figure& d : deferred_) {
      const std::string formula = figure_formula(d.name, d.scope);
      if (formula.empty()) continue;
      const std::string at =
          d.scope.project ? d.name + "@" + std::to_string(*d.scope.project) : d.name;
      d.sheet->figure(d.row, d.col, "=" + formula, d.shown, at, d.style,
                      d.name.ends_with("rate") ? "0.00\"%\"" : "0.00");
    }
  }

  std::optional<cell_value> value(const std::string& path) const {
    const auto it = values_.find(path);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

  void notes_sheet() {
    sheet_writer s(wb_, "说明", *formats_, map_, keys_);
    s.columns({16, 90});
    const std::vector<std::string> lines = {
        "绩效自评填报工作簿（selfeval workbook）",
        "1. 黄色单元格由单位填写；灰色单元格由程序计算（公式），不能修改。",
        "2. 金额单位为万元，最多四位小数；不详的数填“——”，不要填 0。",
        "3. 附件1–附件3 与正式表格同样排列；附件3 每个评价的一级项目一张。",
        "4. 绩效指标：每行选择一级指标、二级指标，再填三级指标、指标值、完成值、分值、得分；"
        "空行不计。",
        "5. 附件4、附件5：报告的章节，一行一段：层级 1–4、章节键（仅一级）、标题、生成段、正文。"
        "留空则按默认章节生成。",
        "6. 其他数据：表格上没有的项目（日期、人员、支出明细等），每行一个数据项。",
        "7. 填好后：selfeval check 本工作簿.xlsx 检查，selfeval build 本工作簿.xlsx -o 输出文件夹 "
        "生成全部材料；selfeval import 本工作簿.xlsx -o 数据文件.toml 转为数据文件。",
        "8. 不要改动工作表名称、合并单元格和隐藏的 _selfeval 工作表。"};
    // Only a profile with a scored form gets its line: the provincial workbook stays as it was.
    std::vector<std::string> more = lines;
    for (const form_sheet& fs : r_.forms)
      if (!fs.form->criteria.empty())
        more.push_back(std::to_string(more.size()) + ". " + fs.label +
                       " 评分表：每项填得分（不超过分值）或“不适用”，"
                       "并填佐证材料；合计由程序计算。");
    lxw_format* head = formats_->get(role::title, forms::cell_style_name::label, false, {}, 14);
    lxw_format* body = formats_->get(role::plain, forms::cell_style_name::label, false, {});
    s.text(0, 0, 1, 2, lines[0], head);
    // The year first: every sheet's titles and column heads follow it.
    s.text(1, 0, 1, 1, "评价年度：",
           formats_->get(role::head, forms::cell_style_name::label, true, {}));
    place(s, 1, 1, 1, 1, "year", {}, {}, forms::cell_style_name::label, true);
    for (std::size_t i = 1; i < more.size(); ++i)
      s.text(static_cast<int>(i) + 1, 0, 1, 2, more[i], body);
    s.finish_rows();
    s.protect();
  }

  // Places a data key; a key already on an earlier sheet is shown there by reference.
  void place(sheet_writer& s, int row, int col, int rows, int cols, const std::string& path,
             const std::string& prefix, const std::string& suffix, forms::cell_style_name style,
             bool border, bool prefill = false, std::optional<cell_value> preset = std::nullopt,
             const std::string& points = {}) {
    const auto first = placed_.find(path);
    if (first != placed_.end()) {
      // Shown again by reference, so it is typed once.
      const auto& [sheet, at] = first->second;
      const auto v = value(path);
      const std::string target = sheet_ref(sheet, at.first, at.second);
      std::string formula = "IF(ISBLANK(" + target + "),\"\"," + target + ")";
      if (!prefix.empty() || !suffix.empty())
        formula = excel_string(prefix) + "&" + formula + "&" + excel_string(suffix);
      s.computed(row, col, rows, cols, prefix + (v ? v->text : "") + suffix, "=" + formula, style,
                 border, number_format(keys_.at(path), prefix, suffix));
      return;
    }
    placed_[path] = {s.name(), {row, col}};
    s.input(row, col, rows, cols, path, preset ? preset : value(path), prefix, suffix, style,
            border, prefill, points);
  }

  // A form cell: a literal, an input (exactly one data key among its values), or a figure.
  void cell(sheet_writer& s, const forms::cell_def& c, int row, int col, int rows,
            const data::value_scope& scope, bool first) {
    const forms::pattern& p = first && c.first_text ? *c.first_text : c.text;
    if (form_ != nullptr && !form_->criteria.empty() && shows_scored_total(p)) {
      scored_total(s, c, p, row, col, rows, scope);
      return;
    }
    std::size_t inputs = 0, values = 0;
    std::string path;
    for (const forms::piece& x : p) {
      if (!x.value) continue;
      ++values;
      const std::string b = bind(data::value_names()[*x.value].name, scope, m_, keys_);
      if (!b.empty()) {
        ++inputs;
        path = b;
      }
    }
    // A table as printed shows an absent key's fallback (主管部门: the unit) as the PDF does.
    if (inputs == 1 && !placed_.contains(path) && (!table_only_ || value(path))) {
      std::string prefix, suffix;
      bool after = false;
      for (const forms::piece& x : p) {
        (after ? suffix : prefix) += x.literal;
        if (!x.value) continue;
        if (bind(data::value_names()[*x.value].name, scope, m_, keys_) == path)
          after = true;
        else
          (after ? suffix : prefix) += data::value_at(*x.value, m_, f_, scope).text;
      }
      place(s, row, col, rows, c.cols, path, prefix, suffix, c.style, true);
      return;
    }
    const std::string text = pattern_text(p, m_, f_, scope);
    if (values == 0) {
      s.text(row, col, rows, c.cols, text, formats_->get(role::label, c.style, true, {}));
      // The form's labels anchor the layout: the reader checks them, so rows or columns
      // inserted or deleted (after removing the protection) never shift values unnoticed.
      if (!text.empty() && !table_only_) map_.add({s.name(), ref(row, col), text, "label", {}});
      return;
    }
    s.computed(row, col, rows, c.cols, text, pattern_formula(p, scope), c.style, true);
    // A figure alone in its cell: a formula over the cells it is computed from, written once
    // every sheet has placed its cells.
    if (values == 1 && p.size() == 1 && p.front().literal.empty() && p.front().value) {
      const std::string name(data::value_names()[*p.front().value].name);
      deferred_.push_back({&s, row, col, c.style, name, scope, text});
    }
  }

  // A label that shows typed values ("{year}年决算数") as a formula over their cells, so it
  // follows what is typed; empty when it shows no typed value placed so far.
  std::string pattern_formula(const forms::pattern& p, const data::value_scope& scope) const {
    std::string formula;
    bool live = false;
    const auto add = [&](const std::string& part) {
      formula += (formula.empty() ? "=" : "&") + part;
    };
    for (const forms::piece& x : p) {
      if (!x.literal.empty()) add(excel_string(x.literal));
      if (!x.value) continue;
      const std::string_view name = data::value_names()[*x.value].name;
      const bool previous = name == "year.previous";
      const std::string path = previous ? std::string("year") : bind(name, scope, m_, keys_);
      const auto at = path.empty() ? placed_.end() : placed_.find(path);
      if (at == placed_.end()) {
        add(excel_string(data::value_at(*x.value, m_, f_, scope).text));
        continue;
      }
      const std::string target =
          sheet_ref(at->second.first, at->second.second.first, at->second.second.second);
      add("IF(ISBLANK(" + target + "),\"\"," + target + (previous ? "-1" : "") + ")");
      live = true;
    }
    return live ? formula : std::string();
  }

  bool shown(const forms::section& sec, const data::value_scope& scope) const {
    if (!sec.when) return true;
    return data::value_at(*sec.when, m_, f_, scope).state == data::value_state::known;
  }

  void body(sheet_writer& s, const std::vector<forms::section>& sections,
            const data::value_scope& scope, int& row, bool first = false) {
    for (const forms::section& sec : sections) {
      // 二级项目 rows are data: always shown, so a project's items can be typed.
      if (sec.kind != forms::group_kind::items && !shown(sec, scope)) continue;
      switch (sec.kind) {
        case forms::group_kind::rows:
          for (const forms::row_def& r : sec.rows) {
            for (const forms::cell_def& c : r.cells) cell(s, c, row, c.col, c.rows, scope, first);
            ++row;
          }
          break;
        case forms::group_kind::projects:
          for (std::size_t i = 0; i < m_.projects.size(); ++i) {
            data::value_scope inner = scope;
            inner.project = i;
            body(s, sec.body, inner, row, i == 0);
          }
          break;
        case forms::group_kind::items:
          if (!scope.project) break;
          for (std::size_t i = 0; i < m_.projects[*scope.project].items.size(); ++i) {
            data::value_scope inner = scope;
            inner.item = i;
            body(s, sec.body, inner, row, i == 0);
          }
          break;
        case forms::group_kind::indicators:
          indicators(s, sec.indicators, scope, row);
          break;
        case forms::group_kind::criteria:
          criteria(s, sec.body, scope, row);
          break;
      }
    }
  }

  // The profile's 一级指标 in print order, 成本指标 last when it has one.
  std::vector<std::string> level1_names() const {
    const auto names = data::level1_names(r_.profile->indicators.rules);
    return {names.begin(), names.end()};
  }
  std::vector<std::string> level2_names(const data::evaluation_figures& ef) const {
    std::vector<std::string> out;
    for (const auto& b : ef.framework)
      for (const auto& g : b.groups)
        if (std::find(out.begin(), out.end(), g.level2) == out.end()) out.push_back(g.level2);
    return out;
  }

  // One row per indicator (each with its 一级/二级指标 as a choice), then spare rows; a blank
  // table gets one row per 二级指标 of the framework, its names filled in.
  void indicators(sheet_writer& s, const forms::indicator_def& d, const data::value_scope& scope,
                  int& row) {
    const data::evaluation_info* e = &m_.overall;
    const data::evaluation_figures* ef = &f_.overall;
    data::value_scope inner = scope;
    inner.project_evaluation = d.project_evaluation;
    if (d.project_evaluation) {
      if (!scope.project) return;
      e = &m_.projects[*scope.project].evaluation;
      ef = &f_.projects[*scope.project].evaluation;
    }
    if (table_only_) {
      printed_indicators(s, d, *ef, inner, row);
      return;
    }
    const std::string table = d.project_evaluation
                                  ? "projects[" + std::to_string(*scope.project) + "].evaluation"
                                  : std::string("overall");
    struct slot {
      std::string level1, level2;  // prefilled names of a blank row
    };
    std::vector<slot> slots(e->indicators.size());
    if (e->indicators.empty() && blank_) {
      for (const auto& b : ef->framework)
        for (const auto& g : b.groups) slots.push_back({b.level1, g.level2});
    }
    for (std::size_t i = 0; i < r_.spare_indicators; ++i) slots.push_back({});
    const int rows = static_cast<int>(slots.size());
    s.text(row, 0, rows + 1, d.label.cols, pattern_text(d.label.text, m_, f_, scope),
           formats_->get(role::label, d.label.style, true, {}));
    for (const forms::cell_def& c : d.heading.cells) cell(s, c, row, c.col, 1, scope, false);
    ++row;
    const auto l1 = level1_names();
    const auto l2 = level2_names(*ef);
    const int first_slot_row = row;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      inner.indicator = i;
      const std::string at = table + ".indicators[" + std::to_string(i) + "]";
      const bool prefilled = !slots[i].level1.empty();
      const auto preset = [&](const std::string& v) {
        return prefilled ? std::optional<cell_value>(cell_value{kind::text, v}) : std::nullopt;
      };
      place(s, row, d.level1.col, 1, d.level1.cols, at + ".level1", {}, {}, d.level1.style, true,
            prefilled, preset(slots[i].level1));
      place(s, row, d.level2.col, 1, d.level2.cols, at + ".level2", {}, {}, d.level2.style, true,
            prefilled, preset(slots[i].level2));
      for (const forms::cell_def& c : d.cells) cell(s, c, row, c.col, 1, inner, false);
      ++row;
    }
    if (row > first_slot_row) {  // the level lists, one validation down each column
      s.list_validation(first_slot_row, row - 1, d.level1.col, l1, list_cells(l1));
      s.list_validation(first_slot_row, row - 1, d.level2.col, l2, list_cells(l2));
    }
  }

  // The indicator block of a table as the PDF prints it (forms/engine.cpp): the rows in the
  // order of their 一级/二级指标, each 一级指标 and each 二级指标 one cell merged over its
  // rows; without indicators the framework's blank block, one empty row per 二级指标.
  void printed_indicators(sheet_writer& s, const forms::indicator_def& d,
                          const data::evaluation_figures& ef, data::value_scope inner, int& row) {
    const auto& blocks = ef.has_indicators ? ef.blocks : ef.framework;
    const auto rows_of = [&](const data::indicator_group& g) {
      return ef.has_indicators ? static_cast<int>(g.rows.size()) : 1;
    };
    int total = 0;
    for (const auto& b : blocks)
      for (const auto& g : b.groups) total += rows_of(g);
    s.text(row, 0, total + 1, d.label.cols, pattern_text(d.label.text, m_, f_, inner),
           formats_->get(role::label, d.label.style, true, {}));
    for (const forms::cell_def& c : d.heading.cells) cell(s, c, row, c.col, 1, inner, false);
    ++row;
    const auto level = [&](const forms::cell_def& c, int rows, const level_names& names) {
      s.text(row, c.col, rows, c.cols, pattern_text(c.text, m_, f_, inner, &names),
             formats_->get(role::label, c.style, true, {}));
    };
    for (const auto& b : blocks) {
      int rows = 0;
      for (const auto& g : b.groups) rows += rows_of(g);
      if (rows == 0) continue;
      level_names names{b.level1, data::score_text(b.label_weight), {}};
      level(d.level1, rows, names);
      for (const auto& g : b.groups) {
        if (rows_of(g) == 0) continue;
        names.group_name = g.level2;
        level(d.level2, rows_of(g), names);
        if (!ef.has_indicators) {
          for (const forms::cell_def& c : d.cells)
            s.text(row, c.col, 1, c.cols, {}, formats_->get(role::label, c.style, true, {}));
          ++row;
          continue;
        }
        for (const std::size_t i : g.rows) {
          inner.indicator = i;
          for (const forms::cell_def& c : d.cells) cell(s, c, row, c.col, 1, inner, false);
          ++row;
        }
      }
    }
  }

  // The text of a scored form's cell: its values, the criterion's own names (`c`, inside the
  // criteria rows) and the form's totals, as the PDF prints them (forms/engine.cpp).
  std::string scored_text(const forms::pattern& p, const data::value_scope& scope,
                          const forms::criterion* c) const {
    std::string out;
    for (const forms::piece& x : p) {
      out += x.literal;
      if (x.value) out += data::value_at(*x.value, m_, f_, scope).text;
      if (x.local) out += forms::scored_value_text(*x.local, *form_, m_, c, scores_);
    }
    return out;
  }

  static bool shows_local(const forms::pattern& p, forms::local_value v) {
    return std::any_of(p.begin(), p.end(), [&](const forms::piece& x) { return x.local == v; });
  }
  static bool shows_scored_total(const forms::pattern& p) {
    return shows_local(p, forms::local_value::scored_points_total) ||
           shows_local(p, forms::local_value::scored_score_total);
  }

  // A cell of the criteria rows as it will be written; `merge` cells extend the one above.
  struct criterion_cell {
    int row, col, rows, cols;
    const forms::cell_def* def;
    const forms::criterion* criterion;
    std::string text;
  };

  // The criteria rows of a scored form: one run of the group's rows per criterion, a cell
  // marked `merge` one cell with the equal text above it (as the PDF merges it: forms/engine.cpp),
  // 得分 and 佐证材料 input cells, the rest the form's own locked text.
  void criteria(sheet_writer& s, const std::vector<forms::section>& sections,
                const data::value_scope& scope, int& row) {
    std::vector<criterion_cell> cells;
    std::map<int, std::size_t> merged;  // per column, the last merge cell
    for (const forms::criterion& c : form_->criteria) {
      for (const forms::section& sec : sections) {
        if (sec.kind != forms::group_kind::rows || !shown(sec, scope)) continue;
        for (const forms::row_def& r : sec.rows) {
          bool merging = true;  // every merge cell so far in this row extended the one above
          for (const forms::cell_def& d : r.cells) {
            std::string text = scored_text(d.text, scope, &c);
            if (d.merge) {
              const auto above = merged.find(d.col);
              if (merging && above != merged.end()) {
                criterion_cell& prev = cells[above->second];
                if (prev.row + prev.rows == row && prev.text == text && prev.cols == d.cols) {
                  prev.rows += d.rows;
                  continue;
                }
              }
              merging = false;
              merged[d.col] = cells.size();
            }
            cells.push_back({row, d.col, d.rows, d.cols, &d, &c, std::move(text)});
          }
          ++row;
        }
      }
    }
    for (const criterion_cell& x : cells) write_criterion_cell(s, x);
  }

  void write_criterion_cell(sheet_writer& s, const criterion_cell& x) {
    using lv = forms::local_value;
    const forms::cell_def& d = *x.def;
    const bool score = shows_local(d.text, lv::criterion_score);
    if (score || shows_local(d.text, lv::criterion_evidence)) {
      const std::string points = x.criterion->points.plain();
      const std::string path =
          scored_path(form_->id, x.criterion->id, score ? "score" : "evidence");
      place(s, x.row, x.col, x.rows, x.cols, path, {}, {}, d.style, true, false, std::nullopt,
            points);
      if (score) scored_cells_.emplace_back(ref(x.row, x.col), points);
      return;
    }
    lxw_format* f = formats_->get(role::label, d.style, true, {});
    if (d.text.size() == 1 && d.text.front().literal.empty() &&
        d.text.front().local == lv::criterion_points) {
      s.number(x.row, x.col, x.rows, x.cols, x.text, f);
      return;
    }
    s.text(x.row, x.col, x.rows, x.cols, x.text, f);
    if (!x.text.empty() && !table_only_)
      map_.add({s.name(), ref(x.row, x.col), x.text, "label", {}});
  }

  // 合计 of a scored form: the 分值 of the criteria that apply and the sum of their 得分 ("——"
  // while one is not scored), as formulas over the 得分 cells whose cached values are the
  // program's figures.
  void scored_total(sheet_writer& s, const forms::cell_def& c, const forms::pattern& p, int row,
                    int col, int rows, const data::value_scope& scope) {
    const std::string text = scored_text(p, scope, nullptr);
    std::string formula;
    if (p.size() == 1 && p.front().literal.empty() && !scored_cells_.empty()) {
      const std::string na = "=\"" + std::string(forms::not_applicable_text) + "\"";
      std::string points, unscored, sum;
      for (const auto& [cell, value] : scored_cells_) {
        const auto add = [](std::string& to, const std::string& sep, const std::string& term) {
          to += (to.empty() ? "" : sep) + term;
        };
        add(points, "+", "IF(" + cell + na + ",0," + value + ")");
        add(unscored, ",", "AND(NOT(" + cell + na + "),NOT(ISNUMBER(" + cell + ")))");
        add(sum, ",", cell);
      }
      formula = p.front().local == forms::local_value::scored_points_total
                    ? "=" + points
                    : "=IF(OR(" + unscored + "),\"" + std::string(data::unknown_mark) + "\",SUM(" +
                          sum + "))";
    }
    s.computed(row, col, rows, c.cols, text, formula, c.style, true, "General");
    if (formula.empty() || table_only_) return;
    // Read back as a figure: its cached value is compared with the program's (check_figures).
    const bool points = p.front().local == forms::local_value::scored_points_total;
    map_.add({s.name(), ref(row, col), scored_total_path(form_->id, points), "figure", {}});
  }

  void form(const form_sheet& fs, std::optional<std::size_t> project) {
    const forms::form_definition& def = *fs.form;
    form_ = &def;
    scores_ = forms::find_scores(def, m_);
    scored_cells_.clear();
    std::string name = fs.label;
    if (project && !table_only_) name += "-" + std::to_string(*project + 1);
    form_sheets_.push_back(std::make_unique<sheet_writer>(wb_, name, *formats_, map_, keys_));
    sheet_writer& s = *form_sheets_.back();
    s.fill_in = !table_only_;
    const auto widths = widths_of(def);
    s.columns(widths);
    const int cols = static_cast<int>(widths.size());
    data::value_scope scope;
    scope.project = project;
    int row = 0;
    s.text(row++, 0, 1, cols, fs.label,
           formats_->get(role::title, forms::cell_style_name::label, false, {}, 14));
    const std::string title = pattern_text(def.title, m_, f_, scope);
    lxw_format* title_format =
        formats_->get(role::head, forms::cell_style_name::center, false, {}, 16);
    s.text(row, 0, 1, cols, title, title_format);
    if (const std::string formula = pattern_formula(def.title, scope); !formula.empty())
      worksheet_write_formula_str(s.ws(), static_cast<lxw_row_t>(row), 0, formula.c_str(),
                                  title_format, title.c_str());
    ++row;
    if (def.unit_line != forms::unit_line_rule::never)
      s.text(row++, 0, 1, cols, "单位：万元",
             formats_->get(role::plain, forms::cell_style_name::text, false, {}));
    const int table_start = row;
    body(s, def.body, scope, row);
    for (const forms::pattern& n : def.notes)
      s.text(row++, 0, 1, cols, pattern_text(n, m_, f_, scope),
             formats_->get(role::plain, forms::cell_style_name::label, false, {}));
    if (def.signature) signature(s, row++, cols);
    s.finish_rows(table_start);
    worksheet_set_paper(s.ws(), 9);  // A4
    worksheet_fit_to_pages(s.ws(), 1, 0);
    if (!table_only_) s.protect();
  }

  // 填表人 … 单位负责人签字 in label / value pairs across the columns.
  void signature(sheet_writer& s, int row, int cols) {
    const auto& line = r_.profile->signature;
    static const std::map<std::string, std::string> path_of = {{"filler", "signature.filler"},
                                                               {"date", "signature.filled_on"},
                                                               {"phone", "signature.phone"},
                                                               {"head", "signature.head"}};
    int col = 0;
    for (const std::string& field : line.fields) {
      if (col + 1 >= cols) break;
      const auto label = line.labels.find(field);
      const auto path = path_of.find(field);
      if (label == line.labels.end() || path == path_of.end()) continue;
      s.text(row, col, 1, 1, label->second + "：",
             formats_->get(role::head, forms::cell_style_name::label, false, {}));
      const int span = field == "head" ? std::max(1, cols - col - 1) : 1;
      place(s, row, col + 1, 1, span, path->second, {}, {}, forms::cell_style_name::center, false);
      col += 1 + span;
    }
  }

  // A report's section tree, one row per paragraph: 层级, 章节键, 标题, 生成, 正文.
  void report_sheet(const std::string& name, const std::string& report,
                    const data::report_info& info) {
    sheet_writer s(wb_, name, *formats_, map_, keys_);
    s.columns({6, 12, 28, 16, 90});
    lxw_format* head = formats_->get(role::head, forms::cell_style_name::head, true, {});
    s.text(0, 0, 1, 5,
           report == "overall_report" ? "整体支出绩效自评报告（附件4）的章节"
                                      : "项目支出绩效自评报告（附件5）的章节",
           formats_->get(role::title, forms::cell_style_name::label, false, {}, 14));
    s.text(1, 0, 1, 2, "报告标题", head);
    place(s, 1, 2, 1, 3, report + ".title", {}, {}, forms::cell_style_name::label, true);
    const char* columns[] = {"层级", "章节键", "标题", "生成段", "正文（一行一段）"};
    for (int c = 0; c < 5; ++c) s.text(2, c, 1, 1, columns[c], head);
    int row = 3;
    nodes(s, info.sections, report + ".sections", 1, row);
    lxw_format* in = formats_->get(role::input, forms::cell_style_name::text, true, "@");
    // Room to add sections and paragraphs.
    const int end = std::max(row + 40, 60);
    for (; row < end; ++row)
      for (int c = 0; c < 5; ++c)
        worksheet_write_blank(s.ws(), static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(c), in);
    static const char* levels[] = {"1", "2", "3", "4", nullptr};
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.value_list = const_cast<char**>(levels);
    worksheet_data_validation_range(s.ws(), 3, 0, static_cast<lxw_row_t>(end - 1), 0, &v);
    map_.add({name, "A4", report, "report", {}});
    s.finish_rows(3);
    worksheet_freeze_panes(s.ws(), 3, 0);
  }

  void nodes(sheet_writer& s, const std::vector<data::report_node>& list, const std::string& at,
             int level, int& row) {
    lxw_format* in = formats_->get(role::input, forms::cell_style_name::text, true, "@");
    for (std::size_t index = 0; index < list.size(); ++index) {
      const data::report_node& n = list[index];
      const std::string path = at + "[" + std::to_string(index) + "]";
      for (const auto& [name, t] :
           {std::pair{".generate", &n.generate}, std::pair{".text", &n.body}})
        if (t->given && t->value.ends_with("\n"))
          map_.add({s.name(), "", path + name, "line-break", {}});
      const auto generate = base::split_paragraphs(n.generate.given ? n.generate.value : "");
      const auto text = base::split_paragraphs(n.body.given ? n.body.value : "");
      const std::size_t lines = std::max<std::size_t>({1, generate.size(), text.size()});
      for (std::size_t i = 0; i < lines; ++i) {
        const auto r = static_cast<lxw_row_t>(row);
        const std::string cells[] = {
            i == 0 ? std::to_string(level) : "", i == 0 && n.key.given ? n.key.value : "",
            i == 0 && n.title.given ? n.title.value : "", i < generate.size() ? generate[i] : "",
            i < text.size() ? text[i] : ""};
        for (int c = 0; c < 5; ++c) {
          if (cells[c].empty())
            worksheet_write_blank(s.ws(), r, static_cast<lxw_col_t>(c), in);
          else
            s.text(row, c, 1, 1, cells[c], in);
        }
        ++row;
      }
      nodes(s, n.parts, path + ".parts", level + 1, row);
    }
  }

  // Every key no sheet above shows, one a row: 键, 含义, 单位, 值 (a year row: three cells).
  void other_sheet() {
    sheet_writer s(wb_, "其他数据", *formats_, map_, keys_);
    s.columns({34, 30, 6, 16, 16, 16});
    lxw_format* head = formats_->get(role::head, forms::cell_style_name::head, true, {});
    lxw_format* label = formats_->get(role::label, forms::cell_style_name::label, true, {});
    const char* columns[] = {"数据项（键）", "含义", "单位", "值", "", ""};
    for (int c = 0; c < 6; ++c) s.text(0, c, 1, 1, columns[c], head);
    int row = 1;
    const auto add_key = [&](const std::string& path, const schema::key& k) {
      if (placed_.contains(path) || placed_.contains(path + "#0")) return;
      s.text(row, 0, 1, 1, path, label);
      s.text(row, 1, 1, 1, std::string(k.doc), label);
      s.text(row, 2, 1, 1, std::string(k.unit), label);
      if (k.type == schema::value_type::year_columns ||
          k.type == schema::value_type::fund_columns) {
        for (int c = 0; c < 3; ++c)
          place(s, row, 3 + c, 1, 1, path + "#" + std::to_string(c), {}, {},
                forms::cell_style_name::center, true);
      } else {
        place(s, row, 3, 1, 1, path, {}, {},
              k.type == schema::value_type::paragraphs || k.type == schema::value_type::text
                  ? forms::cell_style_name::label
                  : forms::cell_style_name::center,
              true);
      }
      ++row;
    };
    for (const schema::key& k : schema::keys()) {
      if (!schema::is_value(k) || k.need == schema::presence::computed) continue;
      const std::string& p = k.path;
      if (p.find("indicators[]") != std::string::npos ||
          p.find("sections[]") != std::string::npos || p.starts_with("scored"))
        continue;
      if (p.starts_with("projects[]")) continue;  // below, per project
      if (p.starts_with("overall.") && !m_.overall.given && !blank_) {
        // An overall table is shown on 附件2 when the data has one; its other keys wait here.
      }
      add_key(p, k);
    }
    for (std::size_t i = 0; i < m_.projects.size(); ++i) {
      const std::string at = "projects[" + std::to_string(i) + "]";
      for (const schema::key& k : schema::keys()) {
        if (!schema::is_value(k) || k.need == schema::presence::computed) continue;
        if (!k.path.starts_with("projects[].") || k.path.find("indicators[]") != std::string::npos)
          continue;
        if (k.path.starts_with("projects[].evaluation.") && !m_.projects[i].evaluation.given)
          continue;
        if (k.path.starts_with("projects[].items[].")) {
          for (std::size_t j = 0; j < m_.projects[i].items.size(); ++j)
            add_key(at + ".items[" + std::to_string(j) + "]" + k.path.substr(18), k);
          continue;
        }
        add_key(at + k.path.substr(10), k);
      }
    }
    s.finish_rows(1);
    worksheet_freeze_panes(s.ws(), 1, 0);
    s.protect();
  }

  void map_sheet() {
    sheet_writer s(wb_, std::string(map_sheet_name), *formats_, map_, keys_);
    const auto w = [&](int row, int col, const std::string& t) {
      write_string(s.ws(), s.name(), static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), t,
                   nullptr);
    };
    w(0, 0, std::string(map_marker));
    w(0, 1, std::to_string(map_version));
    int row = 1;
    std::string line;
    for (const sheet_map::cell& c : map_.cells()) {
      line.clear();
      for (const std::string* field : {&c.sheet, &c.ref, &c.role, &c.merge})
        (line += *field) += map_field_separator;
      line += c.path;
      w(row++, 0, line);
    }
    worksheet_hide(s.ws());
    s.protect();
  }
};

}  // namespace

profile_forms forms_of(const profile::profile& p, base::diagnostics& diags) {
  profile_forms out;
  for (const profile::deliverable& d : p.deliverables) {
    if (d.kind != profile::deliverable_kind::form) continue;
    auto def = std::make_shared<forms::form_definition>(
        forms::load_form((std::filesystem::path(p.folder) / d.form).string(), diags));
    out.sheets.push_back({def.get(), d.label, def->project_scope});
    out.owned.push_back(std::move(def));
  }
  return out;
}

void check_scores_fit(const profile_forms& forms, const data::model& m, base::diagnostics& diags) {
  base::diagnostics all;
  std::vector<const forms::form_definition*> defs;
  for (const auto& def : forms.owned) {
    defs.push_back(def.get());
    forms::check_scored(*def, m, all);
  }
  forms::check_scored_forms(defs, m, all);
  for (const base::diagnostic& d : all.items())
    if (d.id == "scored-form-unknown" || d.id == "scored-row-unknown") diags.add(d);
}

data::model blank_model(std::size_t projects, std::size_t items) {
  data::model m;
  m.projects.resize(projects);
  for (data::project& p : m.projects) {
    p.items.resize(items);
    p.evaluation.given = true;
  }
  m.overall.given = true;
  return m;
}

std::string write_workbook(const book_request& r) {
  if (r.model != nullptr) return book(r, *r.model, *r.figures, false).write();
  const data::model m = blank_model(r.blank_projects, r.blank_items);
  const data::figures f = data::derive(m, r.profile->indicators.rules);
  return book(r, m, f, true).write();
}

std::string write_table(const forms::form_definition& form, const std::string& label,
                        const data::model& m, const data::figures& f,
                        std::optional<std::size_t> project, const profile::profile& p) {
  book_request r;
  r.model = &m;
  r.figures = &f;
  r.profile = &p;
  r.forms = {{&form, label, project.has_value()}};
  r.spare_indicators = 0;
  book b(r, m, f, false);
  b.table_only(project);
  return b.write();
}

bool is_workbook_path(std::string_view path) {
  if (path.size() < 5) return false;
  std::string ext(path.substr(path.size() - 5));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".xlsx";
}

}  // namespace selfeval::workbook
