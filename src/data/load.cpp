#include "data/load.h"

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include "base/messages.h"
#include "base/utf8.h"
#include "data/schema.h"
#include "data/slips.h"
#include "data/suggest.h"
#include "data/text_position.h"

namespace selfeval::data {
namespace {

using namespace std::string_view_literals;

// One-line texts (names, targets) take no line break; texts of paragraphs break at each line.
enum class text_kind { one_line, paragraphs };

// Amounts above this (万元) are surely a unit mistake (元 typed as 万元) rather than data.
const decimal max_amount = decimal::from_int(100'000'000);

// Refuses input whose nesting toml++ (or our walk) would follow too deep: brackets, braces and
// dotted-key chains outside strings and comments. Returns the byte offset of the first place
// that is too deep.
std::optional<std::size_t> find_too_deep(std::string_view s) {
  int depth = 0;
  int dots = 0;  // length of the current dotted chain (a.b.c)
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const char c = s[i];
    if (c == '#') {
      while (i < n && s[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      const bool multi = s.substr(i, 3) == (c == '"' ? "\"\"\""sv : "'''"sv);
      if (multi) {
        const std::string_view close = c == '"' ? "\"\"\""sv : "'''"sv;
        i += 3;
        while (i < n && s.substr(i, 3) != close) {
          if (c == '"' && s[i] == '\\') ++i;
          ++i;
        }
        i += 3;
        while (i < n && s[i] == c) ++i;  // up to two quotes may close the content
      } else {
        ++i;
        while (i < n && s[i] != c && s[i] != '\n') {
          if (c == '"' && s[i] == '\\') ++i;
          ++i;
        }
        ++i;
      }
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth > max_nesting) return i;
      dots = 0;
    } else if (c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
      dots = 0;
    } else if (c == '.') {
      if (++dots > max_nesting) return i;
    } else if (c == ',' || c == '=' || c == '\n') {
      dots = 0;
    }
    ++i;
  }
  return std::nullopt;
}

// What a node holds, as a wrong-type message names it, in the current language.
std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return base::tr("toml-type.table");
    case toml::node_type::array:
      return base::tr("toml-type.array");
    case toml::node_type::string:
      return base::tr("toml-type.string");
    case toml::node_type::integer:
      return base::tr("toml-type.integer");
    case toml::node_type::floating_point:
      return base::tr("toml-type.number");
    case toml::node_type::boolean:
      return base::tr("toml-type.boolean");
    case toml::node_type::date:
      return base::tr("toml-type.date");
    case toml::node_type::time:
      return base::tr("toml-type.time");
    case toml::node_type::date_time:
      return base::tr("toml-type.date-time");
    default:
      return base::tr("toml-type.nothing");
  }
}

class reader {
 public:
  reader(std::string_view text, std::string file, base::diagnostics& diags)
      : text_(text), file_(std::move(file)), diags_(diags) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }

  source_loc loc(const toml::source_position& p) const {
    if (p.line == 0) return {file_, 1, 1};
    return {file_, p.line, p.column};
  }
  source_loc loc(const toml::node& n) const { return loc(n.source().begin); }

  void read_model(const toml::table& root, model& m) {
    m.file = file_;
    const source_loc root_loc = loc(root);
    check_keys(root, "");
    read_count(root, "schema", m.schema, root_loc);
    if (m.schema.given && m.schema.value != 1)
      diags_.error("schema-version", m.schema.loc, base::msg{{"schema", m.schema.value}});
    read_count(root, "year", m.year, root_loc);
    if (!root.get("year")) {
      missing(root_loc, "year", base::msg("missing-key.year"));
    } else if (m.year.given && (m.year.value < 2000 || m.year.value > 2100)) {
      diags_.error("year-range", m.year.loc, base::msg{{"year", m.year.value}});
    }

    read_text(root, "profile", m.profile, root_loc);

    const toml::table* unit = sub_table(root, "unit", root_loc, true);
    if (unit) {
      const source_loc l = loc(*unit);
      check_keys(*unit, "unit");
      read_text(*unit, "name", m.unit.name, l);
      if (!unit->get("name"))
        missing(l, "unit.name", base::msg("missing-key.unit-name"));
      else if (m.unit.name.given && base::split_paragraphs(m.unit.name.value).empty())
        diags_.error("empty-name", m.unit.name.loc);
      read_text(*unit, "self_name", m.unit.self_name, l);
      read_text(*unit, "budget_code", m.unit.budget_code, l);
      read_text(*unit, "evaluation_method", m.unit.evaluation_method, l);
    }
    if (!m.unit.self_name.given) m.unit.self_name.value = "我会";

    if (const toml::table* t = sub_table(root, "signature", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "signature");
      read_text(*t, "filler", m.signature.filler, l);
      read_date(*t, "filled_on", m.signature.filled_on, l);
      read_text(*t, "phone", m.signature.phone, l);
      read_text(*t, "head", m.signature.head, l);
      read_text(*t, "signature_image", m.signature.signature_image, l);
      read_text(*t, "seal_image", m.signature.seal_image, l);
    }
    if (const toml::table* t = sub_table(root, "dates", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "dates");
      read_date(*t, "report", m.dates.report, l);
      read_date(*t, "publish_by", m.dates.publish_by, l);
      read_text(*t, "publish_site", m.dates.publish_site, l);
    }
    if (const toml::table* t = sub_table(root, "staff", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "staff");
      read_count(*t, "authorized", m.staff.authorized, l);
      read_count(*t, "actual", m.staff.actual, l);
      read_count(*t, "administrative", m.staff.administrative, l);
      read_count(*t, "institutional", m.staff.institutional, l);
      read_count(*t, "retired", m.staff.retired, l);
      read_string_list(*t, "departments", m.staff.departments, l);
      read_percent(*t, "control_rate", m.staff.control_rate, l);
    }
    if (const toml::table* t = sub_table(root, "three_public", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "three_public");
      auto& tp = m.three_public;
      read_year_columns(*t, "car_purchase", tp.car_purchase, l);
      read_year_columns(*t, "car_maintenance", tp.car_maintenance, l);
      read_year_columns(*t, "cars", tp.cars, l);
      read_year_columns(*t, "overseas", tp.overseas, l);
      read_year_columns(*t, "reception", tp.reception, l);
      read_year_columns(*t, "total", tp.total, l);
    }
    if (const toml::table* t = sub_table(root, "public_funds", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "public_funds");
      auto& pf = m.public_funds;
      read_year_columns(*t, "total", pf.total, l);
      read_year_columns(*t, "office", pf.office, l);
      read_year_columns(*t, "utilities_travel", pf.utilities_travel, l);
      read_year_columns(*t, "meetings_training", pf.meetings_training, l);
    }
    if (const toml::table* t = sub_table(root, "procurement", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "procurement");
      read_amount(*t, "budget", m.procurement.budget, l);
      read_amount(*t, "final", m.procurement.final, l);
    }
    if (const toml::table* t = sub_table(root, "buildings", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "buildings");
      auto& b = m.buildings;
      read_amount(*t, "approved_area", b.approved_area, l);
      read_amount(*t, "actual_area", b.actual_area, l);
      read_amount(*t, "budget_investment", b.budget_investment, l);
      read_amount(*t, "actual_investment", b.actual_investment, l);
      read_percent(*t, "area_control_rate", b.area_control_rate, l);
      read_percent(*t, "investment_control_rate", b.investment_control_rate, l);
    }
    read_text(root, "frugality", m.frugality, root_loc, text_kind::paragraphs);
    if (const toml::table* t = sub_table(root, "budget", root_loc, true)) read_budget(*t, m.budget);
    if (const toml::table* t = sub_table(root, "basic_expenditure", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "basic_expenditure");
      auto& b = m.basic_expenditure;
      read_amount(*t, "wages", b.wages, l);
      read_amount(*t, "goods_services", b.goods_services, l);
      read_amount(*t, "household", b.household, l);
      read_amount(*t, "total", b.total, l);
    }
    if (const toml::table* t = sub_table(root, "expenditure", root_loc)) {
      check_keys(*t, "expenditure");
      read_spending(*t, "personnel", m.expenditure.personnel, loc(*t));
      read_spending(*t, "public", m.expenditure.public_use, loc(*t));
      read_spending(*t, "project", m.expenditure.project, loc(*t));
    }
    if (const toml::table* t = sub_table(root, "other_budgets", root_loc)) {
      const source_loc l = loc(*t);
      check_keys(*t, "other_budgets");
      read_amount(*t, "government_fund", m.other_budgets.government_fund, l);
      read_amount(*t, "state_capital", m.other_budgets.state_capital, l);
      read_amount(*t, "social_insurance", m.other_budgets.social_insurance, l);
    }
    if (const toml::node* n = root.get("projects")) {
      if (const toml::array* a = table_array(*n, "projects")) {
        for (const toml::node& e : *a) {
          if (const toml::table* t = e.as_table()) {
            m.projects.emplace_back();
            read_project(*t, m.projects.back(), m.unit.name);
          }
        }
      }
    }
    if (const toml::table* t = sub_table(root, "overall", root_loc))
      read_evaluation(*t, m.overall, "overall");
    if (const toml::table* t = sub_table(root, "overall_report", root_loc))
      read_report(*t, m.overall_report, "overall_report");
    if (const toml::table* t = sub_table(root, "project_report", root_loc))
      read_report(*t, m.project_report, "project_report");
    if (const toml::table* t = sub_table(root, "scored", root_loc)) read_scored(*t, m.scored);
  }

 private:
  // A required key is absent; `m` is the variant of missing-key whose hint says what to add.
  void missing(const source_loc& where, std::string_view key, base::msg m) {
    m.values.emplace_back("key", key);
    diags_.error("missing-key", where, std::move(m));
  }

  // `n` is not what `key` holds; `m` is the variant of wrong-type that names what it must be
  // ("wrong-type.amount"). The message gets {key} and {actual}, what the node holds.
  void wrong_type(const toml::node& n, std::string_view key, base::msg m) {
    m.values.emplace_back("key", key);
    m.values.emplace_back("actual", type_name(n));
    diags_.error("wrong-type", loc(n), std::move(m));
  }

  // Every key of a table must be in the schema; `where` names the table as the loader says it
  // ("budget.by_source", "[projects.items]"), and the schema finds it so.
  void check_keys(const toml::table& t, std::string_view where) {
    check_keys(t, schema::children(where), where);
  }
  // Tables whose keys are ids the profile defines ([scored.<form id>]) list their fixed keys here.
  void check_keys(const toml::table& t, const std::vector<std::string_view>& allowed,
                  std::string_view where) {
    for (auto&& [k, v] : t) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
      const std::string suggestion = did_you_mean(k.str(), allowed);
      if (where.empty())
        diags_.error("unknown-key", loc(k.source().begin),
                     base::msg("unknown-key.top", {{"key", k.str()}, {"suggestion", suggestion}}));
      else
        diags_.error("unknown-key", loc(k.source().begin),
                     base::msg("unknown-key.table",
                               {{"key", k.str()}, {"table", where}, {"suggestion", suggestion}}));
    }
  }

  const toml::table* sub_table(const toml::table& t, std::string_view key, const source_loc& parent,
                               bool required = false) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) missing(parent, key, base::msg("missing-key.table"));
      return nullptr;
    }
    if (const toml::table* s = n->as_table()) return s;
    wrong_type(*n, key, base::msg("wrong-type.table"));
    return nullptr;
  }

  const toml::array* table_array(const toml::node& n, std::string_view key) {
    const toml::array* a = n.as_array();
    if (!a) {
      wrong_type(n, key, base::msg("wrong-type.table-array"));
      return nullptr;
    }
    for (const toml::node& e : *a)
      if (!e.is_table()) wrong_type(e, key, base::msg("wrong-type.table-array"));
    return a;
  }

  // The literal exactly as typed, starting at the node's position: a bare TOML number token.
  std::string_view literal_at(const toml::node& n) const {
    const auto p = n.source().begin;
    if (p.line == 0 || p.line > line_starts_.size()) return {};
    std::size_t i = line_starts_[p.line - 1];
    for (std::uint32_t col = 1; col < p.column && i < text_.size() && text_[i] != '\n'; ++col) {
      ++i;
      while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
    }
    std::size_t j = i;
    while (j < text_.size()) {
      const char c = text_[j];
      const bool token = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                         (c >= 'A' && c <= 'Z') || c == '+' || c == '-' || c == '.' || c == '_';
      if (!token) break;
      ++j;
    }
    return text_.substr(i, j - i);
  }

  // Reads an exact decimal from a TOML integer or float node. `what` names the kind of value.
  std::optional<decimal> exact_number(const toml::node& n, std::string_view key) {
    const std::string_view lit = literal_at(n);
    std::string digits;
    for (char c : lit)
      if (c != '_') digits += c;
    const std::size_t point = digits.find('.');
    const bool exponent = digits.find_first_of("eE") != std::string::npos;
    const bool alpha = std::any_of(digits.begin(), digits.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (exponent || alpha) {
      diags_.error("amount-format", loc(n), base::msg{{"key", key}, {"value", lit}});
      return std::nullopt;
    }
    if (point != std::string::npos &&
        digits.size() - point - 1 > static_cast<std::size_t>(decimal::places)) {
      diags_.error("amount-precision", loc(n), base::msg{{"key", key}, {"value", lit}});
      return std::nullopt;
    }
    auto d = decimal::parse(digits);
    if (!d) {
      diags_.error("amount-range", loc(n),
                   base::msg("amount-range.too-large", {{"key", key}, {"value", lit}}));
      return std::nullopt;
    }
    return d;
  }

  // "——" (two U+2014) for a figure that is not known; other dash spellings get a hint.
  bool read_unknown(const toml::node& n, std::string_view key, bool& unknown) {
    const auto* s = n.as_string();
    if (!s) return false;
    const std::string& v = s->get();
    if (v == unknown_mark) {
      unknown = true;
      unknown_figures_.emplace_back(std::string(key), loc(n));
      return true;
    }
    if (v == "—" || v == "--" || v == "－－" || v == "-" || v == "—— " || v == " ——") {
      diags_.error("unknown-spelling", loc(n), base::msg{{"key", key}, {"value", v}});
      return true;
    }
    return false;
  }

  // Shared by amounts, scores and percents: a non-negative exact number within range, or "——".
  // `wrong` is the wrong-type variant that names what the key holds.
  bool read_decimal_node(const toml::node& n, std::string_view key, field<decimal>& out,
                         const base::msg& wrong) {
    if (read_unknown(n, key, out.unknown)) return false;
    if (!n.is_integer() && !n.is_floating_point()) {
      wrong_type(n, key, wrong);
      return false;
    }
    auto d = exact_number(n, key);
    if (!d) return false;
    if (d->is_negative()) {
      diags_.error("negative-amount", loc(n), base::msg{{"key", key}, {"value", d->plain()}});
      return false;
    }
    if (*d > max_amount) {
      diags_.error("amount-range", loc(n), base::msg{{"key", key}, {"value", d->plain()}});
      return false;
    }
    out.value = *d;
    out.given = true;
    return true;
  }

  template <class T>
  const toml::node* start(const toml::table& t, std::string_view key, field<T>& out,
                          const source_loc& parent) {
    out.loc = parent;
    out.given = false;
    const toml::node* n = t.get(key);
    if (n) out.loc = loc(*n);
    return n;
  }

  void read_amount(const toml::table& t, std::string_view key, amount& out,
                   const source_loc& parent) {
    if (const toml::node* n = start(t, key, out, parent))
      read_decimal_node(*n, key, out, base::msg("wrong-type.amount"));
  }

  void read_score(const toml::table& t, std::string_view key, score& out,
                  const source_loc& parent) {
    if (const toml::node* n = start(t, key, out, parent))
      read_decimal_node(*n, key, out, base::msg("wrong-type.score"));
  }

  void read_percent(const toml::table& t, std::string_view key, percent& out,
                    const source_loc& parent) {
    const toml::node* n = start(t, key, out, parent);
    if (!n) return;
    if (const auto* s = n->as_string()) {
      std::string_view v = s->get();
      if (v == "——" || v == "—" || v == "--") return;  // "not applicable": same as leaving it out
      if (v.ends_with('%')) v.remove_suffix(1);
      auto d = decimal::parse(v);
      if (!d) {
        const std::size_t point = v.find('.');
        if (point != std::string_view::npos && v.size() - point - 1 > 4 &&
            decimal::parse(v.substr(0, point + 5)))
          diags_.error("amount-precision", loc(*n),
                       base::msg("amount-precision.percent", {{"key", key}, {"value", s->get()}}));
        else
          diags_.error("wrong-type", loc(*n),
                       base::msg("wrong-type.percent-text", {{"key", key}, {"value", s->get()}}));
        return;
      }
      if (d->is_negative()) {
        diags_.error("negative-amount", loc(*n),
                     base::msg("negative-amount.percent", {{"key", key}, {"value", s->get()}}));
        return;
      }
      out.value = *d;
      out.given = true;
      return;
    }
    read_decimal_node(*n, key, out, base::msg("wrong-type.percent"));
  }

  void read_count(const toml::table& t, std::string_view key, count& out,
                  const source_loc& parent) {
    const toml::node* n = start(t, key, out, parent);
    if (!n) return;
    if (read_unknown(*n, key, out.unknown)) return;
    const auto* i = n->as_integer();
    if (!i) {
      wrong_type(*n, key, base::msg("wrong-type.count"));
      return;
    }
    if (i->get() < 0) {
      diags_.error("negative-amount", loc(*n),
                   base::msg("negative-amount.count", {{"key", key}, {"value", i->get()}}));
      return;
    }
    out.value = i->get();
    out.given = true;
  }

  // Characters a text may not hold are errors at the place they were typed; a tab reads as a
  // space; a line break separates paragraphs where a text has several, else it is an error.
  std::string checked_text(const std::string& value, const source_loc& where, std::string_view key,
                           text_kind kind) {
    std::string out;
    out.reserve(value.size());
    int reported = 0;
    std::size_t i = 0;
    while (i < value.size()) {
      const unsigned char lead = static_cast<unsigned char>(value[i]);
      const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      const std::string_view piece(value.data() + i, std::min(len, value.size() - i));
      const std::vector<char32_t> cps = base::decode_utf8(piece);
      const char32_t cp = cps.empty() ? 0xFFFD : cps.front();
      const bool crlf = cp == '\r' && i + 1 < value.size() && value[i + 1] == '\n';
      const auto why = crlf ? std::nullopt : forbidden_reason(cp);
      const bool bad_break = cp == '\n' && kind == text_kind::one_line;
      if ((why || bad_break) && reported < 5) {
        ++reported;
        const source_loc at = locate_in_string(text_, where, i);
        if (bad_break) {
          diags_.error("line-break", at, base::msg{{"key", key}});
        } else {
          const base::args what{
              {"key", key}, {"char", describe_code_point(cp)}, {"why", forbidden_text(*why)}};
          if (*why == forbidden_kind::invisible)
            diags_.error("invisible-character", at, base::msg("invisible-character", what));
          else
            diags_.error("control-character", at, base::msg("control-character", what));
        }
      }
      if (cp == '\t')
        out += ' ';
      else if (!crlf)
        out.append(piece);
      i += piece.size();
    }
    return out;
  }

  void read_text(const toml::table& t, std::string_view key, text& out, const source_loc& parent,
                 text_kind kind = text_kind::one_line) {
    const toml::node* n = start(t, key, out, parent);
    if (!n) return;
    const auto* s = n->as_string();
    if (!s) {
      wrong_type(*n, key, base::msg("wrong-type.text"));
      return;
    }
    out.value = checked_text(s->get(), loc(*n), key, kind);
    out.given = true;
  }

  void read_date(const toml::table& t, std::string_view key, field<date>& out,
                 const source_loc& parent) {
    const toml::node* n = start(t, key, out, parent);
    if (!n) return;
    const auto* d = n->as_date();
    if (!d) {
      wrong_type(*n, key, base::msg("wrong-type.date"));
      return;
    }
    out.value = {d->get().year, d->get().month, d->get().day};
    out.given = true;
  }

  void read_string_list(const toml::table& t, std::string_view key,
                        field<std::vector<std::string>>& out, const source_loc& parent) {
    const toml::node* n = start(t, key, out, parent);
    if (!n) return;
    const auto* a = n->as_array();
    if (!a) {
      wrong_type(*n, key, base::msg("wrong-type.text-list"));
      return;
    }
    bool ok = true;
    for (const toml::node& e : *a) {
      if (const auto* s = e.as_string()) {
        out.value.push_back(checked_text(s->get(), loc(e), key, text_kind::one_line));
      } else {
        wrong_type(e, key, base::msg("wrong-type.text-list"));
        ok = false;
      }
    }
    out.given = ok;
  }

  // One element of a 3-column array: a number, or "" for a blank cell.
  void read_cell(const toml::node& e, std::string_view key, amount& out) {
    out.loc = loc(e);
    if (const auto* s = e.as_string()) {
      if (s->get().empty()) return;  // a blank cell, as the form leaves it
      if (read_unknown(e, key, out.unknown)) return;
      diags_.error("wrong-type", loc(e),
                   base::msg("wrong-type.cell-string", {{"key", key}, {"value", s->get()}}));
      return;
    }
    read_decimal_node(e, key, out, base::msg("wrong-type.cell"));
  }

  const toml::array* three_columns(const toml::table& t, std::string_view key, source_loc& where,
                                   bool& given, const source_loc& parent,
                                   std::string_view columns) {
    where = parent;
    given = false;
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    where = loc(*n);
    const auto* a = n->as_array();
    if (!a || a->size() != 3) {
      const std::string actual =
          a ? base::tr("toml-type.array-of", {{"n", a->size()}}) : type_name(*n);
      diags_.error("wrong-type", loc(*n),
                   base::msg("wrong-type.columns",
                             {{"key", key}, {"actual", actual}, {"columns", columns}}));
      return nullptr;
    }
    given = true;
    return a;
  }

  void read_year_columns(const toml::table& t, std::string_view key, year_columns& out,
                         const source_loc& parent) {
    out.prior_final.loc = out.budget.loc = out.final.loc = parent;
    const toml::array* a =
        three_columns(t, key, out.loc, out.given, parent, "[上年决算, 本年预算, 本年决算]");
    if (!a) {
      out.prior_final.loc = out.budget.loc = out.final.loc = out.loc;
      return;
    }
    read_cell(*a->get(0), key, out.prior_final);
    read_cell(*a->get(1), key, out.budget);
    read_cell(*a->get(2), key, out.final);
  }

  void read_fund_columns(const toml::table& t, std::string_view key, fund_columns& out,
                         const source_loc& parent) {
    out.initial.loc = out.full_year.loc = out.executed.loc = parent;
    const toml::array* a =
        three_columns(t, key, out.loc, out.given, parent, "[年初预算数, 全年预算数, 全年执行数]");
    if (!a) {
      out.initial.loc = out.full_year.loc = out.executed.loc = out.loc;
      return;
    }
    read_cell(*a->get(0), key, out.initial);
    read_cell(*a->get(1), key, out.full_year);
    read_cell(*a->get(2), key, out.executed);
  }

  void read_budget(const toml::table& t, budget_info& b) {
    const source_loc l = loc(t);
    check_keys(t, "budget");
    read_amount(t, "initial", b.initial, l);
    read_amount(t, "full_year", b.full_year, l);
    read_amount(t, "executed", b.executed, l);
    if (!b.initial.given && !t.get("initial"))
      missing(l, "budget.initial", base::msg("missing-key.budget-initial"));
    if (!b.full_year.given && !t.get("full_year"))
      missing(l, "budget.full_year", base::msg("missing-key.budget-full-year"));
    if (!b.executed.given && !t.get("executed"))
      missing(l, "budget.executed", base::msg("missing-key.budget-executed"));
    b.general_public.loc = b.government_fund.loc = b.special_account.loc = b.other_income.loc = l;
    if (const toml::table* s = sub_table(t, "by_source", l)) {
      const source_loc sl = loc(*s);
      check_keys(*s, "budget.by_source");
      read_amount(*s, "general_public", b.general_public, sl);
      read_amount(*s, "government_fund", b.government_fund, sl);
      read_amount(*s, "special_account", b.special_account, sl);
      read_amount(*s, "other", b.other_income, sl);
    }
    b.basic.loc = b.project.loc = l;
    if (const toml::table* s = sub_table(t, "by_use", l)) {
      const source_loc sl = loc(*s);
      check_keys(*s, "budget.by_use");
      read_amount(*s, "basic", b.basic, sl);
      read_amount(*s, "project", b.project, sl);
    }
    read_amount(t, "adjustment", b.adjustment, l);
    read_percent(t, "execution_rate", b.execution_rate, l);
    read_score(t, "execution_score", b.execution_score, l);
  }

  void read_spending(const toml::table& t, std::string_view key, spending_line& out,
                     const source_loc& parent) {
    out.loc = parent;
    out.budget.loc = out.final.loc = parent;
    const toml::table* s = sub_table(t, key, parent);
    if (!s) return;
    out.loc = loc(*s);
    out.given = true;
    check_keys(*s, "expenditure." + std::string(key));
    read_amount(*s, "budget", out.budget, out.loc);
    read_amount(*s, "final", out.final, out.loc);
  }

  void read_bool(const toml::table& t, std::string_view key, field<bool>& out,
                 const source_loc& parent) {
    const toml::node* n = start(t, key, out, parent);
    if (!n) return;
    if (const auto* b = n->as_boolean()) {
      out.value = b->get();
      out.given = true;
      return;
    }
    wrong_type(*n, key, base::msg("wrong-type.boolean"));
  }

  // [scored.<form id>] total = …, rows = { <row id> = { score = 8, evidence = "…" }, … }. Which
  // forms and rows exist is the profile's: forms/scored.h checks the ids, 分值 and 合计.
  void read_scored(const toml::table& t, std::vector<scored_entry>& out) {
    for (auto&& [form_key, form_node] : t) {
      const std::string where = "scored." + std::string(form_key.str());
      const toml::table* f = form_node.as_table();
      if (f == nullptr) {
        wrong_type(form_node, where, base::msg("wrong-type.scored-form"));
        continue;
      }
      check_keys(*f, {"total", "rows"}, where);
      scored_entry e;
      e.form = std::string(form_key.str());
      e.loc = loc(form_key.source().begin);
      read_score(*f, "total", e.total, e.loc);
      if (const toml::table* rows = sub_table(*f, "rows", e.loc, true)) {
        for (auto&& [row_key, row_node] : *rows) {
          scored_row r;
          r.id = std::string(row_key.str());
          r.loc = loc(row_key.source().begin);
          const std::string row_where = where + ".rows." + r.id;
          const toml::table* rt = row_node.as_table();
          if (rt == nullptr) {
            wrong_type(row_node, row_where, base::msg("wrong-type.scored-row", {{"row", r.id}}));
            continue;
          }
          check_keys(*rt, {"score", "evidence"}, row_where);
          const toml::node* sn = start(*rt, "score", r.points, r.loc);
          if (sn != nullptr && sn->value<std::string>() == std::optional<std::string>("不适用")) {
            r.not_applicable = true;
          } else if (sn != nullptr) {
            read_decimal_node(*sn, "score", r.points, base::msg("wrong-type.score-or-na"));
          }
          read_text(*rt, "evidence", r.evidence, r.loc, text_kind::paragraphs);
          e.rows.push_back(std::move(r));
        }
      }
      out.push_back(std::move(e));
    }
  }

  void read_project(const toml::table& t, project& p, const text& unit_name) {
    p.loc = loc(t);
    check_keys(t, "[projects]");
    read_bool(t, "items_partial", p.items_partial, loc(t));
    read_text(t, "name", p.name, p.loc);
    if (!p.name.given && !t.get("name"))
      missing(p.loc, "name", base::msg("missing-key.project-name"));
    read_text(t, "department", p.department, p.loc);
    read_text(t, "implementer", p.implementer, p.loc);
    if (!p.department.given) p.department.value = unit_name.value;
    if (!p.implementer.given) p.implementer.value = unit_name.value;
    if (const toml::node* n = t.get("items")) {
      if (const toml::array* a = table_array(*n, "projects.items")) {
        for (const toml::node& e : *a) {
          const toml::table* it = e.as_table();
          if (!it) continue;
          project_item item;
          item.loc = loc(*it);
          check_keys(*it, "[projects.items]");
          read_text(*it, "name", item.name, item.loc);
          if (!item.name.given && !it->get("name"))
            missing(item.loc, "name", base::msg("missing-key.item-name"));
          read_year_columns(*it, "amounts", item.amounts, item.loc);
          read_text(*it, "purpose", item.purpose, item.loc, text_kind::paragraphs);
          p.items.push_back(std::move(item));
        }
      }
    }
    read_year_columns(t, "amounts", p.amounts, p.loc);
    p.current_year.loc = p.carried_over.loc = p.other.loc = p.funds_total.loc = p.loc;
    p.execution_rate.loc = p.execution_score.loc = p.loc;
    if (const toml::table* f = sub_table(t, "funds", p.loc)) {
      const source_loc fl = loc(*f);
      check_keys(*f, "projects.funds");
      read_fund_columns(*f, "current_year", p.current_year, fl);
      read_fund_columns(*f, "carried_over", p.carried_over, fl);
      read_fund_columns(*f, "other", p.other, fl);
      read_fund_columns(*f, "total", p.funds_total, fl);
      read_percent(*f, "execution_rate", p.execution_rate, fl);
      read_score(*f, "execution_score", p.execution_score, fl);
    }
    if (const toml::table* e = sub_table(t, "evaluation", p.loc))
      read_evaluation(*e, p.evaluation, "projects.evaluation");
  }

  void read_evaluation(const toml::table& t, evaluation_info& ev, std::string_view where) {
    ev.loc = loc(t);
    ev.given = true;
    check_keys(t, where);
    ev.goals_expected.loc = ev.goals_actual.loc = ev.loc;
    const std::string w(where);
    if (const toml::table* g = sub_table(t, "goals", ev.loc)) {
      const source_loc gl = loc(*g);
      check_keys(*g, w + ".goals");
      read_text(*g, "expected", ev.goals_expected, gl, text_kind::paragraphs);
      read_text(*g, "actual", ev.goals_actual, gl, text_kind::paragraphs);
    }
    auto& wt = ev.weights;
    wt.execution.loc = wt.output.loc = wt.effect.loc = wt.satisfaction.loc = wt.cost.loc = ev.loc;
    if (const toml::table* g = sub_table(t, "weights", ev.loc)) {
      const source_loc gl = loc(*g);
      check_keys(*g, w + ".weights");
      read_score(*g, "execution", wt.execution, gl);
      read_score(*g, "output", wt.output, gl);
      read_score(*g, "effect", wt.effect, gl);
      read_score(*g, "satisfaction", wt.satisfaction, gl);
      read_score(*g, "cost", wt.cost, gl);
    }
    // Absent weights stay absent: data::execution_weight / block_weight supply the defaults.
    if (const toml::node* n = t.get("indicators")) {
      if (const toml::array* a = table_array(*n, w + ".indicators")) {
        for (const toml::node& e : *a) {
          const toml::table* it = e.as_table();
          if (!it) continue;
          ev.indicators.push_back(read_indicator(*it, w + ".indicators"));
        }
      }
    }
    read_score(t, "total_weight", ev.total_weight, ev.loc);
    read_score(t, "total_score", ev.total_score, ev.loc);
    read_score(t, "self_score", ev.stated_score, ev.loc);
    read_text(t, "grade", ev.grade, ev.loc);
  }

  indicator read_indicator(const toml::table& t, const std::string& where) {
    indicator r;
    r.loc = loc(t);
    check_keys(t, where);
    read_text(t, "level1", r.level1, r.loc);
    read_text(t, "level2", r.level2, r.loc);
    read_text(t, "name", r.name, r.loc);
    if (!t.get("level1")) missing(r.loc, "level1", base::msg("missing-key.level1"));
    if (!t.get("level2")) missing(r.loc, "level2", base::msg("missing-key.level2"));
    if (!t.get("name")) missing(r.loc, "name", base::msg("missing-key.indicator-name"));
    read_text(t, "target", r.target, r.loc);
    read_text(t, "actual", r.actual, r.loc);
    read_score(t, "weight", r.weight, r.loc);
    if (r.weight.unknown) diags_.error("weight-unknown", r.weight.loc);
    r.self_score.loc = r.loc;
    if (const toml::node* n = t.get("score")) {
      r.self_score.loc = loc(*n);
      const auto* s = n->as_string();
      if (s && s->get() != unknown_mark) {
        if (s->get() == "auto") {
          r.auto_score = true;
        } else {
          diags_.error("wrong-type", loc(*n),
                       base::msg("wrong-type.score-word", {{"value", s->get()}}));
        }
      } else {
        read_decimal_node(*n, "score", r.self_score, base::msg("wrong-type.score-or-auto"));
      }
    }
    read_text(t, "deviation", r.deviation, r.loc, text_kind::paragraphs);
    return r;
  }

  void read_report(const toml::table& t, report_info& r, std::string_view where) {
    r.loc = loc(t);
    r.given = true;
    check_keys(t, where);
    read_text(t, "title", r.title, r.loc, text_kind::paragraphs);
    if (const toml::node* n = t.get("sections")) {
      const std::string w = std::string(where) + ".sections";
      if (const toml::array* a = table_array(*n, w)) {
        for (const toml::node& e : *a)
          if (const toml::table* s = e.as_table()) r.sections.push_back(read_node(*s, w, 1));
      }
    }
  }

  report_node read_node(const toml::table& t, const std::string& where, int level) {
    report_node r;
    r.loc = loc(t);
    check_keys(t, where);
    read_text(t, "key", r.key, r.loc);
    read_text(t, "title", r.title, r.loc);
    read_text(t, "generate", r.generate, r.loc, text_kind::paragraphs);
    read_text(t, "text", r.body, r.loc, text_kind::paragraphs);
    if (!t.get("key") && !t.get("title") && !t.get("text") && !t.get("generate") && !t.get("parts"))
      missing(r.loc, "title", base::msg("missing-key.heading"));
    if (const toml::node* n = t.get("parts")) {
      const std::string w = where + ".parts";
      if (const toml::array* a = table_array(*n, w)) {
        if (level >= 4) {
          diags_.error("report-depth", loc(*n));
        } else {
          for (const toml::node& e : *a)
            if (const toml::table* s = e.as_table()) r.parts.push_back(read_node(*s, w, level + 1));
        }
      }
    }
    return r;
  }

  std::string_view text_;
  std::string file_;
  base::diagnostics& diags_;

 public:
  std::vector<std::pair<std::string, source_loc>> unknown_figures_;

 private:
  std::vector<std::size_t> line_starts_;
};

bool blank_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

load_result load_text(std::string source, std::string file_name) {
  load_result r;
  r.data.file = file_name;
  const source_loc whole{file_name, 1, 1};
  if (source.size() > max_file_bytes) {
    r.diags.error("file-too-large", whole,
                  base::msg{{"bytes", source.size()}, {"limit", max_file_bytes >> 20}});
    return r;
  }
  // Editors do not count a byte-order mark as a column; neither do we.
  if (source.starts_with("\xEF\xBB\xBF")) source.erase(0, 3);
  if (blank_text(source)) {
    r.diags.error("empty-file", whole);
    return r;
  }
  if (auto bad = base::find_invalid_utf8(source)) {
    const auto lc = base::line_col_at(source, *bad);
    r.diags.error(
        "invalid-utf8",
        {file_name, static_cast<std::uint32_t>(lc.line), static_cast<std::uint32_t>(lc.column)},
        base::msg{{"byte", *bad}});
    return r;
  }
  if (auto deep = find_too_deep(source)) {
    const auto lc = base::line_col_at(source, *deep);
    r.diags.error(
        "too-deep",
        {file_name, static_cast<std::uint32_t>(lc.line), static_cast<std::uint32_t>(lc.column)},
        base::msg{{"levels", max_nesting}});
    return r;
  }
  // Slips of a Chinese input method or an Excel paste: each named at its place, all at once,
  // rather than the parser's first generic error.
  if (find_typing_slips(source, file_name, r.diags) > 0) return r;
  toml::table root;
  try {
    root = toml::parse(std::string_view(source), std::string_view(file_name));
  } catch (const toml::parse_error& e) {
    const auto p = e.source().begin;
    const std::string detail(e.description());
    const source_loc at{file_name, std::max<std::uint32_t>(p.line, 1), p.column};
    if (detail.find("redefine") != std::string::npos)
      r.diags.error("toml-syntax", at, base::msg("toml-syntax.redefined", {{"detail", detail}}));
    else
      r.diags.error("toml-syntax", at, base::msg("toml-syntax.data", {{"detail", detail}}));
    return r;
  }
  reader rd(source, file_name, r.diags);
  rd.read_model(root, r.data);
  r.data.unknown_figures = std::move(rd.unknown_figures_);
  r.data.source = std::make_shared<const std::string>(std::move(source));
  r.parsed = true;
  return r;
}

load_result load_file(const std::string& path) {
  std::error_code ec;
  const bool directory = std::filesystem::is_directory(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in || directory) {
    load_result r;
    r.data.file = path;
    r.io_failed = true;
    if (directory)
      r.diags.error("io-error", {path, 0, 0}, base::msg("io-error.directory"));
    else if (!std::filesystem::exists(path, ec))
      r.diags.error("io-error", {path, 0, 0}, base::msg("io-error.no-file"));
    else
      r.diags.error("io-error", {path, 0, 0}, base::msg("io-error.cannot-open"));
    return r;
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0) {
    load_result r;
    r.data.file = path;
    r.io_failed = true;
    r.diags.error("io-error", {path, 0, 0}, base::msg("io-error.no-size"));
    return r;
  }
  if (static_cast<std::size_t>(size) > max_file_bytes) {
    load_result r;
    r.data.file = path;
    r.diags.error(
        "file-too-large", {path, 1, 1},
        base::msg{{"bytes", static_cast<long long>(size)}, {"limit", max_file_bytes >> 20}});
    return r;
  }
  std::string content(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(content.data(), size)) {
    load_result r;
    r.data.file = path;
    r.io_failed = true;
    r.diags.error("io-error", {path, 0, 0}, base::msg("io-error.read-failed"));
    return r;
  }
  return load_text(std::move(content), path);
}

}  // namespace selfeval::data
