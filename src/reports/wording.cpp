#include "reports/wording.h"

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include "base/utf8.h"
#include "data/suggest.h"
#include "data/validate.h"
#include "reports/figures.h"

namespace selfeval::reports {

namespace {

namespace fs = std::filesystem;

constexpr int max_level = 4;
// Optional parts inside optional parts: a sentence needs two or three; the bound keeps the
// recursive expansion shallow whatever the file holds.
constexpr std::size_t max_optional_depth = 8;
// A wording file is a few KB; this bounds what a hostile one can make the loader hold.
constexpr std::uintmax_t max_file_bytes = 1 << 20;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

class loader {
 public:
  loader(std::string file, base::diagnostics& diags) : file_(std::move(file)), d_(diags) {}

  wording read(const toml::table& root) {
    wording out;
    out.file = file_;
    check_keys(root, {"overall_report", "project_report"}, "wording.toml");
    read_report(root, "overall_report", out.overall);
    read_report(root, "project_report", out.project);
    check_report(out.overall, out.project, "overall_report", "project_report");
    check_report(out.project, out.overall, "project_report", "overall_report");
    return out;
  }

 private:
  std::string file_;
  base::diagnostics& d_;

  base::source_loc loc_of(const toml::source_region& r) const {
    return {file_, r.begin.line, r.begin.column};
  }
  base::source_loc loc_of(const toml::node& n) const { return loc_of(n.source()); }

  void check_keys(const toml::table& t, const std::vector<std::string_view>& known,
                  const std::string& where) {
    for (const auto& [key, node] : t) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      d_.error(
          "unknown-key", loc_of(key.source()),
          base::msg("unknown-key.wording", {{"key", key.str()},
                                            {"where", where},
                                            {"suggestion", data::did_you_mean(key.str(), known)}}));
    }
  }

  const toml::table* table_at(const toml::table& t, std::string_view key, const std::string& where,
                              bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required)
        d_.error("wording-missing", loc_of(t), base::msg{{"where", where}, {"key", key}});
      return nullptr;
    }
    if (const toml::table* r = n->as_table()) return r;
    d_.error("wrong-type", loc_of(*n),
             base::msg("wrong-type.wording-table", {{"key", key}, {"where", where}}));
    return nullptr;
  }

  std::optional<std::string> string_at(const toml::table& t, std::string_view key,
                                       const std::string& where) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (const auto* s = n->as_string()) return s->get();
    d_.error("wrong-type", loc_of(*n),
             base::msg("wrong-type.wording-string", {{"key", key}, {"where", where}}));
    return std::nullopt;
  }

  // The location of byte `offset` of a string value: its opening quote, then one column per
  // character (exact for strings without escapes, which patterns are).
  base::source_loc at_offset(const base::source_loc& string_loc, std::string_view text,
                             std::size_t offset) const {
    base::source_loc at = string_loc;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    at.column += static_cast<std::uint32_t>(1 + chars);
    return at;
  }

  // Parses "{a}…[…{b}…]…" into parts; an unbalanced or empty name is wording-pattern.
  pattern parse_pattern(const toml::node& n, std::string_view text) {
    pattern out;
    out.loc = loc_of(n);
    std::vector<std::vector<pattern_part>*> stack{&out.parts};
    std::vector<std::size_t> open_at;
    auto literal = [&](char c) {
      std::vector<pattern_part>& parts = *stack.back();
      if (parts.empty() || parts.back().what != pattern_part::kind::text)
        parts.push_back({pattern_part::kind::text, {}, {}});
      parts.back().value += c;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const bool doubled = i + 1 < text.size() && text[i + 1] == c;
      if ((c == '{' || c == '}' || c == '[' || c == ']') && doubled) {
        literal(c);
        ++i;
      } else if (c == '{') {
        const std::size_t close = text.find('}', i);
        std::string_view name = close == std::string_view::npos ? std::string_view()
                                                                : text.substr(i + 1, close - i - 1);
        if (close == std::string_view::npos || name.empty() ||
            !std::all_of(name.begin(), name.end(), is_name_char)) {
          d_.error("wording-pattern", at_offset(out.loc, text, i),
                   close == std::string_view::npos
                       ? base::msg("wording-pattern.brace-open")
                       : base::msg("wording-pattern.not-a-name", {{"name", name}}));
          return out;
        }
        stack.back()->push_back({pattern_part::kind::name, std::string(name), {}});
        i = close;
      } else if (c == '[') {
        if (stack.size() > max_optional_depth) {
          d_.error("wording-pattern", at_offset(out.loc, text, i),
                   base::msg("wording-pattern.too-deep", {{"depth", max_optional_depth}}));
          return out;
        }
        stack.back()->push_back({pattern_part::kind::optional, {}, {}});
        stack.push_back(&stack.back()->back().parts);
        open_at.push_back(i);
      } else if (c == ']') {
        if (stack.size() == 1) {
          d_.error("wording-pattern", at_offset(out.loc, text, i),
                   base::msg("wording-pattern.bracket-close"));
          return out;
        }
        stack.pop_back();
        open_at.pop_back();
      } else if (c == '}') {
        d_.error("wording-pattern", at_offset(out.loc, text, i), base::msg("wording-pattern"));
        return out;
      } else {
        literal(c);
      }
    }
    if (!open_at.empty())
      d_.error("wording-pattern", at_offset(out.loc, text, open_at.back()),
               base::msg("wording-pattern.bracket-open"));
    return out;
  }

  std::optional<variant> read_variant(const toml::node& n, const std::string& where) {
    if (const auto* s = n.as_string()) return variant{{}, parse_pattern(n, s->get())};
    if (const toml::table* t = n.as_table()) {
      check_keys(*t, {"if_zero", "text"}, where);
      variant v;
      if (auto z = string_at(*t, "if_zero", where)) v.if_zero = *z;
      const toml::node* text = t->get("text");
      if (text == nullptr || !text->is_string()) {
        d_.error(text == nullptr ? "wording-missing" : "wrong-type",
                 loc_of(text != nullptr ? *text : static_cast<const toml::node&>(*t)),
                 base::msg("wording-missing.variant-text", {{"where", where}}));
        return std::nullopt;
      }
      v.text = parse_pattern(*text, text->as_string()->get());
      v.text.loc = loc_of(*text);
      return v;
    }
    d_.error("wrong-type", loc_of(n), base::msg("wrong-type.wording-sentence", {{"where", where}}));
    return std::nullopt;
  }

  // A string, or an array of variants tried in order.
  choice read_choice(const toml::node& n, const std::string& where) {
    choice out;
    if (const toml::array* a = n.as_array()) {
      for (const toml::node& e : *a)
        if (auto v = read_variant(e, where)) out.push_back(std::move(*v));
      return out;
    }
    if (auto v = read_variant(n, where)) out.push_back(std::move(*v));
    return out;
  }

  data::text given_text(std::string value) {
    data::text t;
    t.value = std::move(value);
    t.given = true;
    return t;
  }

  // A node of the default tree. Its locations stay empty: warnings about default content point
  // at the data file, where the user can act.
  data::report_node read_node(const toml::table& t, const std::string& where, int level,
                              std::vector<std::pair<std::string, base::source_loc>>& generates) {
    data::report_node node;
    if (level == 1)
      check_keys(t, {"key", "heading", "optional", "generate", "text", "parts"}, where);
    else
      check_keys(t, {"title", "generate", "text", "parts"}, where);
    if (level > 1) {
      if (auto s = string_at(t, "title", where)) node.title = given_text(*s);
    }
    if (auto s = string_at(t, "generate", where)) {
      node.generate = given_text(*s);
      generates.emplace_back(*s, loc_of(*t.get("generate")));
    }
    if (auto s = string_at(t, "text", where)) node.body = given_text(*s);
    if (const toml::node* parts = t.get("parts")) {
      const toml::array* a = parts->as_array();
      if (a == nullptr || !a->is_array_of_tables()) {
        d_.error("wrong-type", loc_of(*parts),
                 base::msg("wrong-type.wording-parts", {{"where", where}}));
      } else if (level == max_level) {
        d_.error("heading-too-deep", loc_of(*parts), base::msg("heading-too-deep.wording"));
      } else {
        for (const toml::node& p : *a)
          node.parts.push_back(read_node(*p.as_table(), where + ".parts", level + 1, generates));
      }
    }
    return node;
  }

  struct pending_generate {
    std::string value;
    base::source_loc loc;
  };

  void read_report(const toml::table& root, std::string_view name, report_wording& out) {
    const std::string where = "[" + std::string(name) + "]";
    const toml::table* t = table_at(root, name, "wording.toml", true);
    if (t == nullptr) return;
    check_keys(*t, {"sections", "blocks", "lists"}, where);

    // Sections.
    if (const toml::node* s = t->get("sections")) {
      const toml::array* a = s->as_array();
      if (a == nullptr || !a->is_array_of_tables()) {
        d_.error("wrong-type", loc_of(*s),
                 base::msg("wrong-type.wording-sections", {{"where", where}, {"name", name}}));
      } else {
        for (const toml::node& e : *a) {
          const toml::table& st = *e.as_table();
          const std::string w = "[[" + std::string(name) + ".sections]]";
          std::vector<std::pair<std::string, base::source_loc>> generates;
          section_def def;
          def.content = read_node(st, w, 1, generates);
          const auto key = string_at(st, "key", w);
          const auto heading = string_at(st, "heading", w);
          if (!key || key->empty() || !heading || heading->empty()) {
            d_.error("wording-missing", loc_of(st), base::msg("wording-missing.section"));
            continue;
          }
          if (out.section(*key) != nullptr) {
            d_.error("wording-duplicate", loc_of(*st.get("key")),
                     base::msg{{"key", *key}, {"where", where}});
            continue;
          }
          if (const toml::node* o = st.get("optional")) {
            if (const auto* b = o->as_boolean())
              def.optional = b->get();
            else
              d_.error("wrong-type", loc_of(*o),
                       base::msg("wrong-type.wording-optional", {{"where", w}}));
          }
          def.key = *key;
          def.heading = *heading;
          def.content.key = given_text(*key);
          out.sections.push_back(std::move(def));
          for (auto& g : generates) section_generates_.push_back({&out, g.first, g.second});
        }
      }
    }

    // Lists first, so block patterns can be checked against them.
    if (const toml::table* lists = table_at(*t, "lists", where, false)) {
      for (const auto& [key, node] : *lists) {
        const std::string w = "[" + std::string(name) + ".lists." + std::string(key.str()) + "]";
        const toml::table* lt = node.as_table();
        if (lt == nullptr) {
          d_.error("wrong-type", loc_of(node),
                   base::msg("wrong-type.wording-entry", {{"where", w}}));
          continue;
        }
        check_keys(*lt, {"each", "item", "items", "separator"}, w);
        list_def list;
        list.name = std::string(key.str());
        list.loc = loc_of(key.source());
        if (auto s = string_at(*lt, "each", w)) list.each = *s;
        if (auto s = string_at(*lt, "separator", w)) list.separator = *s;
        const toml::node* item = lt->get("item");
        const toml::node* items = lt->get("items");
        if (!list.each.empty()) {
          if (item == nullptr || items != nullptr)
            d_.error("wording-missing", list.loc,
                     base::msg("wording-missing.item", {{"where", w}}));
          if (item != nullptr) list.items.push_back(read_choice(*item, w));
        } else {
          const toml::array* a = items != nullptr ? items->as_array() : nullptr;
          if (a == nullptr || item != nullptr) {
            d_.error("wording-missing", list.loc,
                     base::msg("wording-missing.items", {{"where", w}}));
          } else {
            for (const toml::node& e : *a) list.items.push_back(read_choice(e, w));
          }
        }
        if (std::find(figure_names().begin(), figure_names().end(), list.name) !=
            figure_names().end())
          d_.error("wording-duplicate", list.loc,
                   base::msg("wording-duplicate.list", {{"name", list.name}}));
        out.lists.push_back(std::move(list));
      }
    }

    if (const toml::table* blocks = table_at(*t, "blocks", where, false)) {
      for (const auto& [key, node] : *blocks) {
        const std::string w = "[" + std::string(name) + ".blocks." + std::string(key.str()) + "]";
        const toml::table* bt = node.as_table();
        if (bt == nullptr) {
          d_.error("wrong-type", loc_of(node),
                   base::msg("wrong-type.wording-entry", {{"where", w}}));
          continue;
        }
        check_keys(*bt, {"paragraphs", "warn_when_empty"}, w);
        block_def block;
        block.name = std::string(key.str());
        block.loc = loc_of(key.source());
        if (auto s = string_at(*bt, "warn_when_empty", w)) {
          const auto& known = generated_block_warnings();
          if (std::find(known.begin(), known.end(), *s) == known.end())
            d_.error("wording-unknown-warning", loc_of(*bt->get("warn_when_empty")),
                     base::msg{{"warning", *s}, {"known", base::join(known, ", ")}});
          else
            block.warn_when_empty = *s;
        }
        const toml::node* ps = bt->get("paragraphs");
        const toml::array* a = ps != nullptr ? ps->as_array() : nullptr;
        if (a == nullptr) {
          d_.error(ps == nullptr ? "wording-missing" : "wrong-type",
                   ps != nullptr ? loc_of(*ps) : block.loc,
                   base::msg("wording-missing.paragraphs", {{"where", w}}));
        } else {
          for (const toml::node& p : *a) {
            paragraph_def para;
            if (const toml::table* pt = p.as_table()) {
              check_keys(*pt, {"each", "text"}, w);
              if (auto s = string_at(*pt, "each", w)) para.each = *s;
              if (const toml::node* text = pt->get("text"))
                para.text = read_choice(*text, w);
              else
                d_.error("wording-missing", loc_of(p), base::msg("wording-missing.paragraph-text"));
              if (para.each.empty())
                d_.error("wording-missing", loc_of(p), base::msg("wording-missing.paragraph-each"));
            } else {
              para.text = read_choice(p, w);
            }
            block.paragraphs.push_back(std::move(para));
          }
        }
        if (out.block(block.name) != nullptr) continue;  // TOML refuses duplicate keys anyway
        out.blocks.push_back(std::move(block));
      }
    }
  }

  struct section_generate {
    const report_wording* report;
    std::string value;
    base::source_loc loc;
  };
  std::vector<section_generate> section_generates_;

  // ---- Name checks, once every list is known.

  void check_collection(const std::string& each, const base::source_loc& loc) {
    if (each.empty() || find_collection(each) != nullptr) return;
    std::vector<std::string_view> names;
    for (const collection_info& c : collections()) names.push_back(c.name);
    d_.error("wording-unknown-collection", loc,
             base::msg{{"each", each}, {"suggestion", data::did_you_mean(each, names)}});
  }

  std::vector<std::string_view> names_in_scope(const report_wording& r, std::string_view each) {
    std::vector<std::string_view> names = figure_names();
    for (const list_def& l : r.lists) names.push_back(l.name);
    if (const collection_info* c = find_collection(each))
      names.insert(names.end(), c->fields.begin(), c->fields.end());
    return names;
  }

  bool resolves(const report_wording& r, std::string_view each, std::string_view name) {
    const auto names = names_in_scope(r, each);
    if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    return name.ends_with(".count") &&
           r.list(name.substr(0, name.size() - std::string_view(".count").size())) != nullptr;
  }

  void check_name(const report_wording& r, std::string_view each, const std::string& name,
                  const base::source_loc& loc) {
    if (resolves(r, each, name)) return;
    d_.error("wording-unknown-name", loc,
             base::msg{{"name", name},
                       {"suggestion", data::did_you_mean(name, names_in_scope(r, each))}});
  }

  void check_parts(const report_wording& r, std::string_view each,
                   const std::vector<pattern_part>& parts, const pattern& p) {
    for (const pattern_part& part : parts) {
      if (part.what == pattern_part::kind::optional) check_parts(r, each, part.parts, p);
      if (part.what != pattern_part::kind::name) continue;
      check_name(r, each, part.value, name_loc(p, part.value));
    }
  }

  // The place of `{name}` in its string (the string when it cannot be found).
  base::source_loc name_loc(const pattern& p, const std::string& name) const {
    const auto it = raw_.find({p.loc.line, p.loc.column});
    if (it == raw_.end()) return p.loc;
    const std::size_t at = it->second.find("{" + name + "}");
    return at == std::string::npos ? p.loc : at_offset(p.loc, it->second, at);
  }

  void check_choice(const report_wording& r, std::string_view each, const choice& c) {
    for (const variant& v : c) {
      check_parts(r, each, v.text.parts, v.text);
      if (!v.if_zero.empty()) check_name(r, each, v.if_zero, v.text.loc);
    }
  }

  // Names of the lists a list's items name.
  void list_names_in(const std::vector<pattern_part>& parts, const report_wording& r,
                     std::vector<const list_def*>& out) {
    for (const pattern_part& part : parts) {
      if (part.what == pattern_part::kind::optional) list_names_in(part.parts, r, out);
      if (part.what != pattern_part::kind::name) continue;
      std::string_view n = part.value;
      if (n.ends_with(".count")) n.remove_suffix(std::string_view(".count").size());
      if (const list_def* l = r.list(n)) out.push_back(l);
    }
  }

  // Depth-first over the lists a list names; `done` lists are known to reach no cycle, so each
  // list is walked once however many lists name it.
  bool cycles_from(const list_def& l, const report_wording& r, std::vector<const list_def*>& path,
                   std::set<const list_def*>& done) {
    if (std::find(path.begin(), path.end(), &l) != path.end()) return true;
    if (done.count(&l) != 0) return false;
    path.push_back(&l);
    std::vector<const list_def*> next;
    for (const choice& c : l.items)
      for (const variant& v : c) list_names_in(v.text.parts, r, next);
    for (const list_def* n : next)
      if (cycles_from(*n, r, path, done)) return true;
    path.pop_back();
    done.insert(&l);
    return false;
  }

  void check_report(const report_wording& r, const report_wording& other, std::string_view name,
                    std::string_view other_name) {
    for (const list_def& l : r.lists) {
      check_collection(l.each, l.loc);
      // Over an unknown collection the fields are unknown too: one error is enough.
      if (l.each.empty() || find_collection(l.each) != nullptr)
        for (const choice& c : l.items) check_choice(r, l.each, c);
      std::vector<const list_def*> path;
      std::set<const list_def*> done;
      if (cycles_from(l, r, path, done))
        d_.error("wording-list-cycle", l.loc, base::msg{{"name", l.name}});
    }
    for (const block_def& b : r.blocks) {
      for (const paragraph_def& p : b.paragraphs) {
        check_collection(p.each, p.text.empty() ? b.loc : p.text.front().text.loc);
        if (p.each.empty() || find_collection(p.each) != nullptr) check_choice(r, p.each, p.text);
      }
    }
    std::vector<std::string_view> blocks;
    for (const block_def& b : r.blocks) blocks.push_back(b.name);
    for (const section_generate& g : section_generates_) {
      if (g.report != &r) continue;
      for (const std::string& block : data::split_names(g.value)) {
        if (r.block(block) != nullptr) continue;
        if (other.block(block) != nullptr)
          d_.error("wording-unknown-block", g.loc,
                   base::msg("wording-unknown-block.other-report",
                             {{"block", block},
                              {"other", other_name},
                              {"table", name},
                              {"blocks", base::join(blocks, ", ")}}));
        else
          d_.error("wording-unknown-block", g.loc,
                   base::msg{{"block", block},
                             {"table", name},
                             {"suggestion", data::did_you_mean(block, blocks)}});
      }
    }
  }

 public:
  // The raw text of every pattern string, by its location (for the column of a name).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> raw_;

  void collect_raw(const toml::node& n) {
    if (const auto* s = n.as_string()) {
      raw_[{n.source().begin.line, n.source().begin.column}] = s->get();
    } else if (const toml::table* t = n.as_table()) {
      for (const auto& [k, v] : *t) collect_raw(v);
    } else if (const toml::array* a = n.as_array()) {
      for (const toml::node& e : *a) collect_raw(e);
    }
  }
};

}  // namespace

const section_def* report_wording::section(std::string_view key) const {
  for (const section_def& s : sections)
    if (s.key == key) return &s;
  return nullptr;
}

const block_def* report_wording::block(std::string_view name) const {
  for (const block_def& b : blocks)
    if (b.name == name) return &b;
  return nullptr;
}

const list_def* report_wording::list(std::string_view name) const {
  for (const list_def& l : lists)
    if (l.name == name) return &l;
  return nullptr;
}

const std::vector<std::string_view>& generated_block_warnings() {
  static const std::vector<std::string_view> ids = {"no-score", "no-project-score"};
  return ids;
}

wording parse_wording(std::string_view text, const std::string& file_name,
                      base::diagnostics& diags) {
  if (base::find_invalid_utf8(text)) {
    diags.error("encoding", {file_name, 0, 0});
    return {};
  }
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    diags.error("toml-syntax", {file_name, e.source().begin.line, e.source().begin.column},
                base::msg("toml-syntax.wording", {{"detail", e.description()}}));
    return {};
  }
  loader l(file_name, diags);
  l.collect_raw(root);
  return l.read(root);
}

wording load_wording(const std::string& path, base::diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    diags.error("config-missing", {path, 0, 0}, base::msg("config-missing.wording"));
    return {};
  }
  if (fs::file_size(path, ec) > max_file_bytes) {
    diags.error("config-too-large", {path, 0, 0});
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return parse_wording(s.str(), path, diags);
}

std::string default_wording_path(const std::string& config_dir) {
  return (fs::path(config_dir) / "profiles" / "hunan" / "wording.toml").string();
}

}  // namespace selfeval::reports
