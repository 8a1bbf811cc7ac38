#include "workbook/entries.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <variant>

#include "base/utf8.h"
#include "data/format.h"
#include "data/schema.h"
#include "data/typed_values.h"
#include "forms/scored.h"

namespace selfeval::workbook {
namespace {

using kind = cell_value::kind;
namespace schema = data::schema;

// A scored form's row keys ([scored.<form id>.rows.<row id>]): see key_of() in entries.h.
const schema::key& scored_score_key() {
  static const schema::key k{"scored.<form id>.rows.<row id>.score",
                             schema::value_type::score,
                             "分",
                             schema::presence::optional,
                             {},
                             "得分",
                             0,
                             "a number within the criterion's 分值, or \"不适用\"",
                             "8"};
  return k;
}
const schema::key& scored_evidence_key() {
  static const schema::key k{"scored.<form id>.rows.<row id>.evidence",
                             schema::value_type::paragraphs,
                             {},
                             schema::presence::optional,
                             {},
                             "佐证材料",
                             0,
                             {},
                             "\"工作方案\""};
  return k;
}

// A typed value as its workbook cell (or cells: a column row has one a column, "#0" to "#2").
void put_cells(std::map<std::string, cell_value>& out, const std::string& path,
               const data::value_ref& ref) {
  const auto number = [&](const std::string& at, const auto& f) {
    if (f.unknown) out[at] = {kind::text, std::string(data::unknown_mark)};
    if (f.given) {
      if constexpr (std::is_same_v<std::decay_t<decltype(f)>, data::count>)
        out[at] = {kind::number, std::to_string(f.value)};
      else
        out[at] = {kind::number, f.value.plain()};
    }
  };
  const auto columns = [&](const auto& c, std::initializer_list<const data::amount*> cells) {
    if (!c.given) return;
    int i = 0;
    for (const data::amount* a : cells) number(path + "#" + std::to_string(i++), *a);
  };
  std::visit(
      [&](const auto& f) {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, data::indicator_score_ref>) {
          if (f.is_auto)
            out[path] = {kind::text, "auto"};
          else
            number(path, *f.typed);
        } else if constexpr (std::is_same_v<T, const data::text*>) {
          if (f->given) out[path] = {kind::text, f->value};
        } else if constexpr (std::is_same_v<T, const data::field<data::decimal>*> ||
                             std::is_same_v<T, const data::count*>) {
          number(path, *f);
        } else if constexpr (std::is_same_v<T, const data::field<data::date>*>) {
          if (f->given) out[path] = {kind::date, std::to_string(serial_of(f->value))};
        } else if constexpr (std::is_same_v<T, const data::field<bool>*>) {
          if (f->given) out[path] = {kind::boolean, f->value ? "1" : "0"};
        } else if constexpr (std::is_same_v<T, const data::field<std::vector<std::string>>*>) {
          if (f->given) out[path] = {kind::text, base::join(f->value, "\n")};
        } else if constexpr (std::is_same_v<T, const data::year_columns*>) {
          columns(*f, {&f->prior_final, &f->budget, &f->final});
        } else {
          static_assert(std::is_same_v<T, const data::fund_columns*>);
          columns(*f, {&f->initial, &f->full_year, &f->executed});
        }
      },
      ref);
}

// "name[3]" -> ("name", 3); "name" -> ("name", none).
std::pair<std::string, std::optional<long>> segment(const std::string& s) {
  const auto open = s.find('[');
  if (open == std::string::npos || s.back() != ']') return {s, std::nullopt};
  return {s.substr(0, open), std::strtol(s.c_str() + open + 1, nullptr, 10)};
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// "2024-05-08", "2024/5/8", "2024.5.8", "2024年5月8日".
std::optional<data::date> parse_date(std::string s) {
  for (const char* sep : {"年", "月", "日", "/", "."}) {
    for (auto at = s.find(sep); at != std::string::npos; at = s.find(sep))
      s.replace(at, std::string_view(sep).size(), "-");
  }
  while (!s.empty() && s.back() == '-') s.pop_back();
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return data::date{y, m, d};
}

struct node {
  std::vector<std::string> order;  // child names, first seen first
  std::map<std::string, std::vector<const entry*>> values;
  std::map<std::string, node> tables;
  std::map<std::string, std::map<long, node>> arrays;
  std::size_t typed = 0;  // values below that the user typed (not prefilled)

  void note(const std::string& name) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
};

class emitter {
 public:
  emitter(const std::string& file, base::diagnostics& diags) : file_(file), diags_(diags) {}

  toml_text run(const std::vector<entry>& entries, std::map<std::string, std::string> cells) {
    out_.cells = std::move(cells);
    node root;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      ordinal_[&entries[i]] = i + 1;
      insert(root, entries[i]);
    }
    out_.places.resize(1);
    line("# 由 selfeval import 从工作簿生成");
    emit(root, "", "");
    return std::move(out_);
  }

 private:
  const std::string& file_;
  base::diagnostics& diags_;
  toml_text out_;
  std::map<const entry*, std::size_t> ordinal_;

  void insert(node& root, const entry& e) {
    const auto hash = e.path.find('#');
    const auto parts = split(e.path.substr(0, hash), '.');
    node* at = &root;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!e.prefill) ++at->typed;
      const auto [name, index] = segment(parts[i]);
      at->note(name);
      if (i + 1 == parts.size()) {
        at->values[name].push_back(&e);
      } else if (index) {
        at = &at->arrays[name][*index];
      } else {
        at = &at->tables[name];
      }
    }
  }

  void line(std::string text, std::vector<std::pair<std::uint32_t, std::string>> places = {}) {
    out_.text += text + "\n";
    out_.places.push_back(std::move(places));
  }

  // A key as TOML writes it: bare, or quoted (a scored form's or row's id may be any text; its
  // path segment is decoded, a schema name has nothing to decode).
  static std::string toml_key(const std::string& segment) {
    const std::string name = segment_id(segment);
    const bool bare = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    return bare ? name : quoted(name);
  }

  // The 得分 cell of a scored form's row ("scored.<form>.rows.<row>"), or none.
  std::vector<std::pair<std::uint32_t, std::string>> score_cell(const std::string& row) const {
    const auto at = out_.cells.find(row + ".score");
    if (at == out_.cells.end()) return {};
    return {{1, at->second}};
  }

  // `prefix` is the table as TOML names it, `path` as the workbook's keys do.
  void emit(const node& n, const std::string& prefix, const std::string& path) {
    const auto join = [&](const std::string& name) {
      return prefix.empty() ? toml_key(name) : prefix + "." + toml_key(name);
    };
    const auto join_path = [&](const std::string& name) {
      return path.empty() ? name : path + "." + name;
    };
    // A scored form's rows: each row's header is placed at its 得分 cell, and a row left blank
    // is written as an empty table, so a row without a score (scored-row-missing, reported at
    // the row's key) is named by its own cell.
    const auto parts = split(path, '.');
    const bool scored_rows = parts.size() == 3 && parts[0] == "scored" && parts[2] == "rows";
    for (const std::string& name : n.order) {
      const auto v = n.values.find(name);
      if (v != n.values.end()) value_line(name, v->second);
    }
    for (const std::string& name : n.order) {
      const auto t = n.tables.find(name);
      if (t == n.tables.end() || t->second.typed == 0) continue;
      line("");
      line("[" + join(name) + "]", scored_rows
                                       ? score_cell(join_path(name))
                                       : std::vector<std::pair<std::uint32_t, std::string>>{});
      emit(t->second, join(name), join_path(name));
    }
    if (scored_rows) {
      for (auto at = out_.cells.lower_bound(path + ".");
           at != out_.cells.end() && at->first.starts_with(path + "."); ++at) {
        const auto row = split(at->first.substr(path.size() + 1), '.');
        if (row.size() != 2 || row[1] != "score" || n.tables.contains(row[0])) continue;
        line("");
        line("[" + join(row[0]) + "]", {{1, at->second}});
      }
    }
    for (const std::string& name : n.order) {
      const auto a = n.arrays.find(name);
      if (a == n.arrays.end()) continue;
      for (const auto& [index, element] : a->second) {
        // A row the user left empty (only the workbook's own 一级/二级指标 in it) is no row.
        if (element.typed == 0) continue;
        line("");
        line("[[" + join(name) + "]]");
        emit(element, join(name), join_path(name) + "[" + std::to_string(index) + "]");
      }
    }
  }

  void value_line(const std::string& name, const std::vector<const entry*>& cells) {
    const entry& first = *cells.front();
    const schema::key* k = key_of(first.path);
    if (k == nullptr) return;  // the writer placed only keys of the schema and scored rows
    const std::string head = name + " = ";
    std::vector<std::pair<std::uint32_t, std::string>> places;
    std::string text;
    bool ok = true;
    if (k->type == schema::value_type::year_columns ||
        k->type == schema::value_type::fund_columns) {
      std::array<const entry*, 3> column{};
      for (const entry* e : cells) {
        const long i = std::strtol(e->path.c_str() + e->path.find('#') + 1, nullptr, 10);
        if (i >= 0 && i < 3) column[static_cast<std::size_t>(i)] = e;
      }
      text = "[";
      for (std::size_t i = 0; i < 3; ++i) {
        if (i > 0) text += ", ";
        const auto column_at =
            static_cast<std::uint32_t>(base::decode_utf8(head + text).size() + 1);
        if (column[i] == nullptr) {
          text += "\"\"";
          continue;
        }
        places.emplace_back(column_at, column[i]->place);
        const auto v = scalar(schema::value_type::amount, *column[i]);
        ok = ok && v.has_value();
        text += v.value_or("\"\"");
      }
      text += "]";
    } else {
      places.emplace_back(1, first.place);
      const auto v = scalar(k->type, first, is_scored_score(*k));
      if (!v) return;
      text = *v;
    }
    if (ok || !text.empty()) line(head + text, std::move(places));
  }

  void refuse(const entry& e, std::string id, const base::msg& m) {
    base::diagnostic d =
        base::make_diagnostic(base::severity::error, std::move(id),
                              {file_, static_cast<std::uint32_t>(ordinal_[&e]), 0}, m);
    d.place = file_ + "[" + e.place + "]";
    diags_.add(std::move(d));
  }

  // `scored`: a scored form's 得分, which may be "不适用".
  std::optional<std::string> scalar(schema::value_type type, const entry& e, bool scored = false) {
    using t = schema::value_type;
    const cell_value& v = e.value;
    const std::string typed = v.type == kind::text ? trim(v.text) : v.text;
    switch (type) {
      case t::text:
      case t::paragraphs:
        if (v.type == kind::number) return quoted(decimal_text(v.text));
        if (v.type == kind::date)
          return quoted(
              data::iso_date_text(date_of_serial(std::strtol(v.text.c_str(), nullptr, 10))));
        if (v.type == kind::boolean) return quoted(v.text == "1" ? "是" : "否");
        return quoted(v.text);
      case t::text_list: {
        std::string list = "[";
        for (const std::string& s : split(v.text, '\n')) {
          if (trim(s).empty()) continue;
          list += (list.size() > 1 ? ", " : "") + quoted(trim(s));
        }
        return list + "]";
      }
      case t::amount:
      case t::count:
      case t::percent:
      case t::score: {
        if (v.type == kind::number) {
          const std::string d = decimal_text(v.text);
          if (!d.empty()) return d;
        }
        if (v.type == kind::text) {
          if (typed == data::unknown_mark) return quoted(typed);
          if (scored && typed == forms::not_applicable_text) return quoted(typed);
          if (type == t::score && !scored && (typed == "auto" || typed == "自动"))
            return quoted("auto");
          if (type == t::percent && typed.ends_with("%") &&
              !decimal_text(typed.substr(0, typed.size() - 1)).empty())
            return quoted(typed);
          const std::string d = decimal_text(typed);
          if (!d.empty()) return d;
        }
        if (scored)
          refuse(e, "workbook-not-a-number",
                 base::msg("workbook-not-a-number.scored", {{"text", v.text}}));
        else if (type == t::score)
          refuse(e, "workbook-not-a-number",
                 base::msg("workbook-not-a-number.score", {{"text", v.text}}));
        else
          refuse(e, "workbook-not-a-number", base::msg{{"text", v.text}});
        return std::nullopt;
      }
      case t::date: {
        std::optional<data::date> d;
        if (v.type == kind::date || v.type == kind::number) {
          const std::string whole = decimal_text(v.text);
          if (!whole.empty() && whole.find('.') == std::string::npos)
            d = date_of_serial(std::strtol(whole.c_str(), nullptr, 10));
        } else if (v.type == kind::text) {
          d = parse_date(typed);
        }
        if (d && d->year >= 1900) return data::iso_date_text(*d);
        refuse(e, "workbook-not-a-date", base::msg{{"text", v.text}});
        return std::nullopt;
      }
      case t::boolean:
        if (v.type == kind::boolean) return std::string(v.text == "1" ? "true" : "false");
        if (typed == "是" || typed == "true" || typed == "TRUE") return std::string("true");
        if (typed == "否" || typed == "false" || typed == "FALSE") return std::string("false");
        refuse(e, "workbook-not-a-boolean", base::msg{{"text", v.text}});
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }
};

}  // namespace

std::map<std::string, cell_value> flatten(const data::model& m) {
  std::map<std::string, cell_value> out;
  data::for_each_typed_value(m, [&](const data::typed_value& v) {
    if (v.in_evaluation != nullptr && !v.in_evaluation->given) return;
    // Computed keys stay out: the workbook computes them itself. But a project's group row is
    // data without items or with a partial list (computed from the items otherwise).
    if (v.key.need == schema::presence::computed) {
      const data::project* p = v.in_project;
      const bool group_row_is_data =
          v.key.path == "projects[].amounts" && p != nullptr &&
          (p->items.empty() || (p->items_partial.given && p->items_partial.value));
      if (!group_row_is_data) return;
    }
    put_cells(out, v.place.indexed(), v.ref);
  });
  for (const data::scored_entry& e : m.scored) {
    for (const data::scored_row& r : e.rows) {
      const std::string score = scored_path(e.form, r.id, "score");
      if (r.not_applicable)
        out[score] = {kind::text, std::string(forms::not_applicable_text)};
      else
        put_cells(out, score, &r.points);
      put_cells(out, scored_path(e.form, r.id, "evidence"), &r.evidence);
    }
  }
  return out;
}

const schema::key* key_of(const std::string& path) {
  // Looked up for every cell a workbook writes or reads: the segments are views, not copies.
  const auto hash = path.find('#');
  const std::string_view body = std::string_view(path).substr(0, hash);
  std::vector<std::string_view> parts;
  parts.reserve(8);
  for (std::size_t start = 0;;) {
    const std::size_t dot = body.find('.', start);
    parts.push_back(body.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // The ids are path segments (path_segment()): no dot splits one; an empty id is an empty one.
  if (parts.size() == 5 && parts[0] == "scored" && parts[2] == "rows" &&
      hash == std::string::npos) {
    if (parts[4] == "score") return &scored_score_key();
    if (parts[4] == "evidence") return &scored_evidence_key();
    return nullptr;
  }
  std::string out;
  out.reserve(body.size());
  for (const std::string_view part : parts) {
    // As segment(): "name[i]" is the indexed name (any text between the brackets).
    const std::size_t open = part.find('[');
    const bool indexed = open != std::string_view::npos && part.back() == ']';
    if (!out.empty()) out += '.';
    out += indexed ? part.substr(0, open) : part;
    if (indexed) out += "[]";
  }
  return schema::find(out);
}

std::string schema_path(const std::string& path) {
  const schema::key* k = key_of(path);
  return k == nullptr ? std::string() : k->path;
}

std::string scored_path(std::string_view form, std::string_view row, std::string_view field) {
  std::string out = "scored.";
  ((((out += path_segment(form)) += ".rows.") += path_segment(row)) += ".") += field;
  return out;
}

std::string scored_total_path(std::string_view form, bool points) {
  return "scored." + path_segment(form) + (points ? ".points_total" : ".score_total");
}

std::string path_segment(std::string_view id) {
  static constexpr std::string_view marks = "%.#[]@";
  std::string out;
  out.reserve(id.size());
  for (const char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7F && marks.find(c) == std::string_view::npos) {
      out += c;
      continue;
    }
    static constexpr std::string_view hex = "0123456789ABCDEF";
    ((out += '%') += hex[byte >> 4]) += hex[byte & 0xF];
  }
  return out;
}

std::string segment_id(std::string_view segment) {
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const int high = segment[i] == '%' && i + 2 < segment.size() ? digit(segment[i + 1]) : -1;
    const int low = high >= 0 ? digit(segment[i + 2]) : -1;
    if (low < 0) {
      out += segment[i];
      continue;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

bool is_scored_score(const schema::key& k) {
  return &k == &scored_score_key();
}

toml_text to_toml(const std::vector<entry>& entries, const std::string& file_name,
                  base::diagnostics& diags, std::map<std::string, std::string> cells) {
  return emitter(file_name, diags).run(entries, std::move(cells));
}

namespace {

// The cell where a key reported missing is typed: "required key 'K' is missing" at the header of
// its table (or at the file, for a top-level key or a table left out).
// The key is the first quoted name of the message: 'K' in English, “K” in Chinese.
std::string quoted_key(const std::string& message) {
  for (const auto& [open_mark, close_mark] :
       {std::pair<std::string_view, std::string_view>{"'", "'"}, {"\u201c", "\u201d"}}) {
    const auto open = message.find(open_mark);
    if (open == std::string::npos) continue;
    const auto start = open + open_mark.size();
    const auto close = message.find(close_mark, start);
    if (close != std::string::npos) return message.substr(start, close - start);
  }
  return {};
}

std::string missing_key_cell(const base::diagnostic& d, const toml_text& t) {
  std::string path = quoted_key(d.message);
  if (path.empty()) return {};
  if (d.loc.line > 0 && d.loc.line < t.places.size()) {
    std::size_t start = 0;
    for (std::uint32_t line = 1; line < d.loc.line && start != std::string::npos; ++line)
      start = t.text.find('\n', start) == std::string::npos ? std::string::npos
                                                            : t.text.find('\n', start) + 1;
    if (start == std::string::npos) return {};
    const std::string header = t.text.substr(start, t.text.find('\n', start) - start);
    if (header.starts_with("[[")) return {};  // which element: the next value says it better
    if (header.starts_with("[") && header.ends_with("]"))
      path = header.substr(1, header.size() - 2) + "." + path;
  }
  for (const std::string& candidate : {path, path + "#0"}) {
    const auto exact = t.cells.find(candidate);
    if (exact != t.cells.end()) return exact->second;
  }
  // A table left out: the cell of its first required key, else of its first key.
  std::string first;
  for (auto it = t.cells.lower_bound(path + ".");
       it != t.cells.end() && it->first.starts_with(path + "."); ++it) {
    const schema::key* k = key_of(it->first);
    if (k != nullptr && k->need == schema::presence::required) return it->second;
    if (first.empty()) first = it->second;
  }
  return first;
}

// The first 得分 cell of the form a scored-form-missing names: its hint names the table to add,
// "[scored.<id>]" in either language, with the form's id as its definition has it (the longest
// such id, should one id begin another's).
std::string unscored_form_cell(const base::diagnostic& d, const toml_text& t) {
  const std::pair<const std::string, std::string>* found = nullptr;
  for (const auto& form : t.first_scores) {
    if (d.hint.find("[scored." + form.first + "]") == std::string::npos) continue;
    if (found == nullptr || form.first.size() > found->first.size()) found = &form;
  }
  return found == nullptr ? std::string() : found->second;
}

}  // namespace

void relocate(base::diagnostics& diags, const toml_text& t, const std::string& file_name) {
  base::diagnostics out;
  for (base::diagnostic d : diags.items()) {
    if (d.place.empty() && d.id == "missing-key" && d.loc.file == file_name) {
      if (const std::string cell = missing_key_cell(d, t); !cell.empty())
        d.place = file_name + "[" + cell + "]";
    }
    // A form left entirely unscored is reported at the file: its sheet's first 得分 cell.
    if (d.place.empty() && d.id == "scored-form-missing" && d.loc.file == file_name) {
      if (const std::string cell = unscored_form_cell(d, t); !cell.empty())
        d.place = file_name + "[" + cell + "]";
    }
    if (d.place.empty() && d.loc.file == file_name && d.loc.line > 0 &&
        d.loc.line < t.places.size()) {
      // The value on the line, or (a table's header: a key missing from it) the next value.
      for (std::size_t line = d.loc.line; line < t.places.size(); ++line) {
        const auto& here = t.places[line];
        if (here.empty()) continue;
        const std::string* place = &here.front().second;
        if (line == d.loc.line)
          for (const auto& [column, p] : here)
            if (column <= d.loc.column) place = &p;
        d.place = file_name + "[" + *place + "]";
        break;
      }
      if (d.place.empty()) d.loc = {file_name, 0, 0};
    }
    out.add(std::move(d));
  }
  diags = std::move(out);
}

data::date date_of_serial(long serial) {
  // Excel counts a 1900-02-29 that never was: from serial 61 on, serial 25569 is 1970-01-01.
  const long days_since_1970 = serial >= 61 ? serial - 25569 : serial - 25568;
  // Howard Hinnant's civil_from_days.
  const long z = days_since_1970 + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

long serial_of(const data::date& date) {
  const long y = date.month <= 2 ? date.year - 1 : date.year;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long mp = date.month > 2 ? date.month - 3 : date.month + 9;
  const long doy = (153 * mp + 2) / 5 + date.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long days_since_1970 = era * 146097 + doe - 719468;
  long serial = days_since_1970 + 25569;
  if (serial < 61) --serial;
  return serial;
}

std::string decimal_text(const std::string& stored) {
  std::string s = trim(stored);
  bool negative = false;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::string digits;
  int point = -1;  // digits before the decimal point
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'); ++i) {
    if (s[i] == '.') {
      if (point >= 0) return {};
      point = static_cast<int>(digits.size());
    } else {
      digits += s[i];
    }
  }
  if (digits.empty() || digits.size() > 400) return {};
  if (point < 0) point = static_cast<int>(digits.size());
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    char* end = nullptr;
    const long exponent = std::strtol(s.c_str() + i + 1, &end, 10);
    if (end == s.c_str() + i + 1 || *end != '\0' || exponent > 400 || exponent < -400) return {};
    point += static_cast<int>(exponent);
    i = s.size();
  }
  if (i != s.size()) return {};
  // Leading zeros out, keeping the point's place.
  std::size_t lead = 0;
  while (lead + 1 < digits.size() && digits[lead] == '0') ++lead;
  digits.erase(0, lead);
  point -= static_cast<int>(lead);
  // More than 15 significant digits is binary noise (0.1 + 0.2): round half up to 15.
  if (digits.size() > 15) {
    const bool up = digits[15] >= '5';
    digits.resize(15);
    for (int k = 14; up && k >= 0; --k) {
      if (digits[static_cast<std::size_t>(k)] == '9') {
        digits[static_cast<std::size_t>(k)] = '0';
        if (k == 0) {
          digits.insert(0, "1");
          ++point;
        }
      } else {
        ++digits[static_cast<std::size_t>(k)];
        break;
      }
    }
  }
  std::string whole, fraction;
  if (point <= 0) {
    whole = "0";
    fraction = std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    whole = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    whole = digits.substr(0, static_cast<std::size_t>(point));
    fraction = digits.substr(static_cast<std::size_t>(point));
  }
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::size_t zeros = 0;
  while (zeros + 1 < whole.size() && whole[zeros] == '0') ++zeros;
  whole.erase(0, zeros);
  const bool zero = whole == "0" && fraction.empty();
  return (negative && !zero ? "-" : "") + whole + (fraction.empty() ? "" : "." + fraction);
}

}  // namespace selfeval::workbook
