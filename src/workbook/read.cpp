// Reading a workbook back: the zip with the same limits as report templates, each XML part read
// by pugixml, cells found through the hidden _selfeval sheet.
// Numbers are taken from the stored text, never through a double.
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "base/decimal.h"
#include "base/error.h"
#include "base/read_file.h"
#include "base/utf8.h"
#include "data/load.h"
#include "data/values.h"
#include "docx/template.h"
#include "docx/zip_package.h"
#include "forms/scored.h"
#include "workbook/sheet_map.h"
#include "workbook/workbook.h"

namespace selfeval::workbook {
namespace {

using kind = cell_value::kind;

struct cell_data {
  cell_value value;
  bool formula = false;
};

// "D7" -> (row 6, column 3); none for anything else.
std::optional<std::pair<long, long>> parse_ref(std::string_view r) {
  long col = 0, row = 0;
  std::size_t i = 0;
  for (; i < r.size() && r[i] >= 'A' && r[i] <= 'Z'; ++i) {
    col = col * 26 + (r[i] - 'A' + 1);
    if (col > 16384) return std::nullopt;
  }
  if (i == 0 || i == r.size()) return std::nullopt;
  for (; i < r.size() && r[i] >= '0' && r[i] <= '9'; ++i) {
    row = row * 10 + (r[i] - '0');
    if (row > 1048576) return std::nullopt;
  }
  if (i != r.size() || row == 0) return std::nullopt;
  return std::pair{row - 1, col - 1};
}

std::string ref_of(long row, long col) {
  std::string letters;
  for (long c = col + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row + 1);
}

struct range {
  long r1 = 0, c1 = 0, r2 = 0, c2 = 0;
  bool contains(long r, long c) const { return r >= r1 && r <= r2 && c >= c1 && c <= c2; }
};

std::optional<range> parse_range(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) {
    const auto a = parse_ref(s);
    if (!a) return std::nullopt;
    return range{a->first, a->second, a->first, a->second};
  }
  const auto a = parse_ref(s.substr(0, colon));
  const auto b = parse_ref(s.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return range{a->first, a->second, b->first, b->second};
}

// The text of a shared or inline string: its runs, without phonetic hints.
std::string string_item(const pugi::xml_node& si) {
  std::string out;
  for (const pugi::xml_node& n : si.children()) {
    const std::string_view name = n.name();
    if (name == "t") out += n.text().get();
    if (name == "r") out += n.child("t").text().get();
  }
  return out;
}

struct sheet {
  std::map<std::pair<long, long>, cell_data> cells;
  std::vector<range> merges;
};

class reader {
 public:
  reader(std::string_view bytes, const std::string& file, base::diagnostics& diags)
      : bytes_(bytes), file_(file), diags_(diags) {}

  imported run() {
    imported out;
    if (bytes_.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
      error("workbook-encrypted", "");
      return out;
    }
    try {
      zip_ = std::make_unique<docx::zip_reader>(bytes_);
    } catch (const base::environment_error&) {
      error("workbook-not-xlsx", "");
      return out;
    }
    if (!limits_ok()) return out;
    const auto sheets = sheet_parts();
    if (!sheets) return out;
    const auto strings = shared_strings();
    if (!strings) return out;
    strings_ = &*strings;
    const auto map_part = sheets->find(std::string(map_sheet_name));
    if (map_part == sheets->end()) {
      foreign();
      return out;
    }
    const auto map = read_sheet(map_part->second, map_part->first);
    if (!map) return out;
    const auto text_at = [&](long r, long c) -> std::string {
      const auto it = map->cells.find({r, c});
      return it == map->cells.end() ? std::string() : it->second.value.text;
    };
    if (text_at(0, 0) != map_marker) {
      foreign();
      return out;
    }
    const std::string format = text_at(0, 1);
    if (format != "1" && format != std::to_string(map_version)) {
      error("workbook-version", std::string(map_sheet_name) + "!B1", base::msg{{"format", format}});
      return out;
    }
    // A map row's fields (sheet, ref, role, merge, path): format 1 has them in five cells,
    // format 2 joined in one, the path last (sheet_map.h).
    const auto fields = [&, joined = format != "1"](long r) {
      std::array<std::string, 5> f;
      if (!joined) {
        f = {text_at(r, 0), text_at(r, 1), text_at(r, 3), text_at(r, 4), text_at(r, 2)};
        return f;
      }
      const std::string line = text_at(r, 0);
      std::size_t start = 0;
      for (std::size_t i = 0; i < 4; ++i) {
        const auto end = line.find(map_field_separator, start);
        if (end == std::string::npos) return std::array<std::string, 5>{};  // damaged
        f[i] = line.substr(start, end - start);
        start = end + 1;
      }
      f[4] = line.substr(start);
      return f;
    };
    std::map<std::string, std::optional<sheet>> loaded;
    const auto sheet_of = [&](const std::string& name) -> const sheet* {
      auto it = loaded.find(name);
      if (it == loaded.end()) {
        std::optional<sheet> s;
        const auto part = sheets->find(name);
        if (part == sheets->end()) {
          error("workbook-sheet-missing", name + "!A1", base::msg{{"sheet", name}});
        } else {
          s = read_sheet(part->second, name);
        }
        it = loaded.emplace(name, std::move(s)).first;
      }
      return it->second ? &*it->second : nullptr;
    };
    std::vector<entry> entries;
    std::map<std::string, std::string> cells;  // every bound cell by key
    std::map<std::string, std::string> first_scores;
    const long rows = map->cells.empty() ? 0 : map->cells.rbegin()->first.first + 1;
    for (long r = 1; r < rows; ++r) {
      const auto [name, at, role, merge, path] = fields(r);
      if (name.empty()) {
        if (!text_at(r, 0).empty())
          error("workbook-map-damaged", std::string(map_sheet_name) + "!A" + std::to_string(r + 1));
        continue;
      }
      const sheet* s = sheet_of(name);
      if (s == nullptr) continue;
      if (role == "line-break") {
        line_breaks_.insert(path);
        continue;
      }
      if (role == "label") {
        label(*s, name, at, path);
        continue;
      }
      if (role == "figure") {
        figure(*s, name, at, path, out.figures);
        continue;
      }
      if (role == "report") {
        report(*s, name, path, entries);
        continue;
      }
      const auto pos = parse_ref(at);
      const data::schema::key* key = pos ? key_of(path) : nullptr;
      if (key == nullptr) {
        error("workbook-map-damaged", std::string(map_sheet_name) + "!A" + std::to_string(r + 1));
        continue;
      }
      cells.try_emplace(path, name + "!" + at);
      if (is_scored_score(*key)) {
        // "scored.<form>.rows.<row>.score", in the order of the form's rows.
        const std::size_t from = std::string_view("scored.").size();
        first_scores.try_emplace(segment_id(path.substr(from, path.find('.', from) - from)),
                                 name + "!" + at);
      }
      if (!merge_ok(*s, name, *pos, merge)) continue;
      const auto c = s->cells.find(*pos);
      if (c == s->cells.end()) continue;
      const cell_value& v = c->second.value;
      if (v.type == kind::text && v.text.find_first_not_of(" \t\r\n") == std::string::npos)
        continue;
      entries.push_back({path, v, name + "!" + at, role == "prefill"});
    }
    if (diags_.has_errors()) return out;
    out.toml = to_toml(entries, file_, diags_, std::move(cells));
    out.toml.first_scores = std::move(first_scores);
    return out;
  }

 private:
  std::string_view bytes_;
  const std::string& file_;
  base::diagnostics& diags_;
  std::unique_ptr<docx::zip_reader> zip_;
  const std::vector<std::string>* strings_ = nullptr;
  docx::template_limits limits_ = docx::default_template_limits;
  std::set<std::string> line_breaks_;  // report texts that end with a line break
  std::set<std::string> moved_;        // sheets whose layout no longer matches the form

  void error(std::string id, const std::string& place, const base::msg& m = {}) {
    base::diagnostic d =
        base::make_diagnostic(base::severity::error, std::move(id), {file_, 0, 0}, m);
    if (!place.empty()) d.place = file_ + "[" + place + "]";
    diags_.add(std::move(d));
  }

  void foreign() { error("workbook-foreign", ""); }

  bool limits_ok() {
    std::uint64_t unpacked = 0;
    if (zip_->size() > limits_.max_entries) {
      error("workbook-too-large", "", base::msg("workbook-too-large.files"));
      return false;
    }
    for (std::size_t i = 0; i < zip_->size(); ++i) {
      const std::uint64_t size = zip_->declared_size(i);
      unpacked += std::min(size, limits_.max_unpacked_bytes + 1);
      const bool bomb = size > limits_.ratio_applies_above &&
                        size / std::max<std::uint64_t>(zip_->compressed_size(i), 1) >=
                            limits_.max_compression_ratio;
      if (bomb || size > limits_.max_xml_part_bytes) {
        error("workbook-too-large", "",
              base::msg("workbook-too-large.part", {{"part", zip_->name(i)}, {"bytes", size}}));
        return false;
      }
    }
    if (unpacked > limits_.max_unpacked_bytes) {
      error("workbook-too-large", "", base::msg("workbook-too-large.total"));
      return false;
    }
    return true;
  }

  // A part parsed, or none (a located error) when missing or not well-formed.
  std::optional<pugi::xml_document> part(const std::string& name, bool required) {
    const auto index = zip_->find(name);
    if (!index) {
      if (required) error("workbook-part-missing", "", base::msg{{"part", name}});
      return std::nullopt;
    }
    std::string xml;
    try {
      xml = zip_->read(*index);
    } catch (const base::environment_error& e) {
      error("workbook-damaged", "", base::msg{{"part", name}, {"reason", e.what()}});
      return std::nullopt;
    }
    pugi::xml_document doc;
    // pugixml's parser is not recursive, so nesting costs no stack; its lenient reading (an
    // entity such as &#1;) yields no more than a data file may hold as a TOML escape, and the
    // same checks follow. Only what values need is parsed: entities, and a text of one space.
    constexpr unsigned options =
        pugi::parse_minimal | pugi::parse_escapes | pugi::parse_ws_pcdata_single;
    if (!doc.load_buffer(xml.data(), xml.size(), options)) {
      error("workbook-bad-xml", "", base::msg{{"part", name}});
      return std::nullopt;
    }
    return doc;
  }

  // Sheet name -> part name, from xl/workbook.xml and its relationships.
  std::optional<std::map<std::string, std::string>> sheet_parts() {
    const auto wb = part("xl/workbook.xml", true);
    if (!wb) return std::nullopt;
    const auto rels = part("xl/_rels/workbook.xml.rels", true);
    if (!rels) return std::nullopt;
    std::map<std::string, std::string> target;
    for (const pugi::xml_node& r : rels->document_element().children()) {
      std::string t = r.attribute("Target").value();
      if (t.starts_with("/"))
        t = t.substr(1);
      else
        t = "xl/" + t;
      target[r.attribute("Id").value()] = t;
    }
    std::map<std::string, std::string> out;
    for (const pugi::xml_node& s : wb->document_element().child("sheets").children("sheet")) {
      const auto t = target.find(s.attribute("r:id").value());
      if (t != target.end()) out[s.attribute("name").value()] = t->second;
    }
    return out;
  }

  std::optional<std::vector<std::string>> shared_strings() {
    std::vector<std::string> out;
    const auto rels = part("xl/sharedStrings.xml", false);
    if (!rels) {
      if (diags_.has_errors()) return std::nullopt;
      return out;
    }
    for (const pugi::xml_node& si : rels->document_element().children("si"))
      out.push_back(string_item(si));
    return out;
  }

  std::optional<sheet> read_sheet(const std::string& part_name, const std::string& name) {
    const auto doc = part(part_name, true);
    if (!doc) return std::nullopt;
    sheet s;
    const pugi::xml_node root = doc->document_element();
    for (const pugi::xml_node& row : root.child("sheetData").children("row")) {
      for (const pugi::xml_node& c : row.children("c")) {
        const auto pos = parse_ref(c.attribute("r").value());
        if (!pos) continue;
        cell_data d;
        d.formula = static_cast<bool>(c.child("f"));
        const std::string_view t = c.attribute("t").value();
        const std::string v = c.child("v").text().get();
        if (t == "s") {
          const auto i = std::strtoul(v.c_str(), nullptr, 10);
          if (v.empty() || i >= strings_->size()) {
            error("workbook-damaged", name + "!" + ref_of(pos->first, pos->second),
                  base::msg("workbook-damaged.shared-string"));
            continue;
          }
          d.value = {kind::text, (*strings_)[i]};
        } else if (t == "inlineStr") {
          d.value = {kind::text, string_item(c.child("is"))};
        } else if (t == "str" || t == "e") {
          d.value = {kind::text, v};
        } else if (t == "b") {
          d.value = {kind::boolean, v == "1" ? "1" : "0"};
        } else {
          if (v.empty()) continue;
          d.value = {kind::number, v};
        }
        s.cells[*pos] = std::move(d);
      }
    }
    for (const pugi::xml_node& m : root.child("mergeCells").children("mergeCell")) {
      const auto r = parse_range(m.attribute("ref").value());
      if (r) s.merges.push_back(*r);
    }
    return s;
  }

  // A label of the form where it was written; else the layout moved (one error a sheet).
  void label(const sheet& s, const std::string& name, const std::string& at,
             const std::string& expected) {
    const auto pos = parse_ref(at);
    if (!pos || moved_.contains(name)) return;
    const auto c = s.cells.find(*pos);
    const std::string found = c == s.cells.end() ? std::string() : c->second.value.text;
    if (found == expected) return;
    moved_.insert(name);
    const auto shown = [](const std::string& t) {
      const auto cps = base::decode_utf8(t);
      return cps.size() <= 12 ? t
                              : base::encode_utf8(std::vector(cps.begin(), cps.begin() + 12)) + "…";
    };
    error("workbook-layout-changed", name + "!" + at,
          base::msg{{"expected", shown(expected)}, {"found", shown(found)}});
  }

  void figure(const sheet& s, const std::string& name, const std::string& at,
              const std::string& value, std::vector<figure_cell>& out) {
    const auto pos = parse_ref(at);
    if (!pos) return;
    figure_cell f;
    f.place = name + "!" + at;
    const auto sep = value.find('@');
    f.name = value.substr(0, sep);
    if (sep != std::string::npos) f.project = std::strtoul(value.c_str() + sep + 1, nullptr, 10);
    const auto c = s.cells.find(*pos);
    if (c != s.cells.end()) f.cached = c->second.value;
    out.push_back(std::move(f));
  }

  // The merged cells around an input cell are as written: the cell is the first of its merge,
  // and a merge was neither removed nor widened over other cells.
  bool merge_ok(const sheet& s, const std::string& name, std::pair<long, long> pos,
                const std::string& expected) {
    const std::optional<range> want = expected.empty() ? std::nullopt : parse_range(expected);
    const range* found = nullptr;
    for (const range& m : s.merges)
      if (m.contains(pos.first, pos.second)) found = &m;
    const bool same =
        want ? found != nullptr && found->r1 == want->r1 && found->c1 == want->c1 &&
                   found->r2 == want->r2 && found->c2 == want->c2
             : found == nullptr || (found->r1 == pos.first && found->c1 == pos.second &&
                                    found->r2 == pos.first && found->c2 == pos.second);
    if (same) return true;
    const std::string at = name + "!" + ref_of(pos.first, pos.second);
    const std::string expected_shape =
        want ? expected : base::tr("workbook-merge-changed.single-cell");
    const std::string found_shape =
        found ? ref_of(found->r1, found->c1) + ":" + ref_of(found->r2, found->c2)
              : base::tr("workbook-merge-changed.no-merge");
    error("workbook-merge-changed", at,
          base::msg{{"expected", expected_shape}, {"found", found_shape}});
    return false;
  }

  // A report sheet from A4 down: 层级, 章节键, 标题, 生成段, 正文, one row per paragraph.
  void report(const sheet& s, const std::string& name, const std::string& report,
              std::vector<entry>& out) {
    // The path of the node at each level; counts of the children at each level.
    std::vector<std::string> stack;
    std::vector<long> children(1, 0);
    std::map<std::string, std::pair<std::string, std::string>> texts;  // path -> (joined, place)
    std::vector<std::string> order;
    const long last = s.cells.empty() ? 0 : s.cells.rbegin()->first.first;
    const auto at = [&](long r, long c) -> const cell_value* {
      const auto it = s.cells.find({r, c});
      return it == s.cells.end() ? nullptr : &it->second.value;
    };
    const auto text_of = [&](const cell_value* v) -> std::string {
      if (v == nullptr) return {};
      if (v->type == kind::number) return decimal_text(v->text);
      std::string t = v->text;
      const auto b = t.find_first_not_of(" \t\r\n");
      return b == std::string::npos ? std::string() : t;
    };
    const auto append = [&](const std::string& path, const std::string& line,
                            const std::string& place) {
      auto [it, fresh] = texts.try_emplace(path, line, place);
      if (fresh)
        order.push_back(path);
      else
        it->second.first += "\n" + line;
    };
    for (long r = 3; r <= last; ++r) {
      const std::string level_text = text_of(at(r, 0));
      const std::string key = text_of(at(r, 1)), title = text_of(at(r, 2)),
                        generate = text_of(at(r, 3)), body = text_of(at(r, 4));
      const std::string place = name + "!" + ref_of(r, 0);
      if (!level_text.empty()) {
        const long level = std::strtol(level_text.c_str(), nullptr, 10);
        if (level < 1 || level > 4 || static_cast<std::size_t>(level) > stack.size() + 1 ||
            level_text != std::to_string(level)) {
          error("workbook-report-level", place, base::msg{{"level", level_text}});
          stack.clear();
          continue;
        }
        stack.resize(static_cast<std::size_t>(level - 1));
        children.resize(static_cast<std::size_t>(level));
        children.push_back(0);
        const long index = children[static_cast<std::size_t>(level - 1)]++;
        const std::string parent = stack.empty() ? report + ".sections" : stack.back() + ".parts";
        stack.push_back(parent + "[" + std::to_string(index) + "]");
        const std::string node = stack.back();
        if (!key.empty())
          out.push_back({node + ".key", {kind::text, key}, name + "!" + ref_of(r, 1)});
        if (!title.empty())
          out.push_back({node + ".title", {kind::text, title}, name + "!" + ref_of(r, 2)});
        // An empty node still needs a key to exist in the data file.
        if (key.empty() && title.empty() && generate.empty() && body.empty())
          out.push_back({node + ".title", {kind::text, ""}, place});
      } else if (stack.empty()) {
        if (!key.empty() || !title.empty() || !generate.empty() || !body.empty())
          error("workbook-report-level", place, base::msg("workbook-report-level.no-section"));
        continue;
      } else if (!key.empty() || !title.empty()) {
        error("workbook-report-level", place, base::msg("workbook-report-level.no-level"));
        continue;
      }
      if (stack.empty()) continue;
      if (!generate.empty())
        append(stack.back() + ".generate", generate, name + "!" + ref_of(r, 3));
      if (!body.empty()) append(stack.back() + ".text", body, name + "!" + ref_of(r, 4));
    }
    // A text the data file typed as a multi-line string ends with a line break, which rows of
    // paragraphs cannot show: the map remembers it, so the model comes back the same.
    for (const std::string& path : order) {
      const auto& [joined, place] = texts[path];
      const bool line_break = line_breaks_.contains(path);
      out.push_back({path, {kind::text, line_break ? joined + "\n" : joined}, place});
    }
  }
};

// What the program prints for a scored form's 合计 cell (scored_total_path(): "scored.<form>.
// points_total" or ".score_total"), as the PDF prints it (forms/engine.cpp); none when the name is
// not one or the profile has no such form.
std::optional<std::string> scored_total_text(const std::string& name, const profile_forms& forms,
                                             const data::model& m) {
  constexpr std::string_view prefix = "scored.";
  const auto dot = name.rfind('.');
  if (!name.starts_with(prefix) || dot < prefix.size()) return std::nullopt;
  const std::string id = segment_id(name.substr(prefix.size(), dot - prefix.size()));
  const std::string_view which = std::string_view(name).substr(dot + 1);
  if (which != "points_total" && which != "score_total") return std::nullopt;
  for (const form_sheet& fs : forms.sheets) {
    if (fs.form->criteria.empty() || fs.form->id != id) continue;
    return forms::scored_value_text(which == "points_total"
                                        ? forms::local_value::scored_points_total
                                        : forms::local_value::scored_score_total,
                                    *fs.form, m, nullptr, nullptr);
  }
  return std::nullopt;
}

}  // namespace

void check_figures(const imported& book, const data::model& m, const data::figures& f,
                   const std::string& file_name, base::diagnostics& diags,
                   const profile::profile* profile) {
  // A scored form's 合计 is the profile's (its criteria and 分值): its forms are read only for a
  // workbook that has one.
  std::optional<profile_forms> forms;
  for (const figure_cell& c : book.figures) {
    if (c.cached.text.empty()) continue;  // never calculated: nothing to compare
    if (c.project && *c.project >= m.projects.size()) continue;
    std::string printed;
    if (c.name.starts_with("scored.")) {
      if (profile == nullptr) continue;
      if (!forms) {
        base::diagnostics reported_by_the_build;  // the definitions' own problems
        forms = forms_of(*profile, reported_by_the_build);
      }
      const auto total = scored_total_text(c.name, *forms, m);
      if (!total) continue;
      printed = *total;
    } else {
      data::value_scope scope;
      scope.project = c.project;
      const auto value = data::value_of(c.name, m, f, scope);
      if (!value) continue;
      printed = value->text;
    }
    std::string expected = printed;
    if (expected.ends_with("%")) expected.pop_back();
    bool same = c.cached.text == expected;
    if (!same && c.cached.type == kind::number) {
      // The cell's number shown with the program's decimals.
      const auto dot = expected.find('.');
      const int decimals =
          dot == std::string::npos ? 0 : static_cast<int>(expected.size() - dot - 1);
      const auto exact = base::decimal::parse(decimal_text(c.cached.text));
      same = exact && exact->fixed(decimals) == expected;
    }
    if (same) continue;
    base::diagnostic d =
        base::make_diagnostic(base::severity::warning, "workbook-figure-differs", {file_name, 0, 0},
                              base::msg{{"shown", c.cached.text}, {"computed", printed}});
    d.place = file_name + "[" + c.place + "]";
    diags.add(std::move(d));
  }
}

imported read_workbook(std::string_view bytes, const std::string& file_name,
                       base::diagnostics& diags) {
  return reader(bytes, file_name, diags).run();
}

workbook_file read_workbook_file(const std::string& path, base::diagnostics& diags) {
  workbook_file out;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    out.unreadable = true;
    return out;
  }
  auto bytes = base::read_file_up_to(path, data::max_file_bytes);
  if (!bytes) {
    out.unreadable = true;
    return out;
  }
  out.bytes = std::move(*bytes);
  if (out.bytes.size() > data::max_file_bytes) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    diags.error("workbook-too-large", {path, 0, 0},
                base::msg("workbook-too-large.file",
                          {{"bytes", static_cast<long long>(ec ? out.bytes.size() : size)},
                           {"limit", static_cast<long long>(data::max_file_bytes >> 20)}}));
    return out;
  }
  out.book = read_workbook(out.bytes, path, diags);
  return out;
}

}  // namespace selfeval::workbook
