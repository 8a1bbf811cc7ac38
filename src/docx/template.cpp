#include "docx/template.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <utility>

#include "base/error.h"
#include "base/utf8.h"
#include "docx/placeholder_lexer.h"
#include "docx/xml_check.h"
#include "docx/zip_package.h"

namespace selfeval::docx {

std::string_view to_string(placeholder_kind k) {
  switch (k) {
    case placeholder_kind::text:
      return "text";
    case placeholder_kind::section:
      return "section";
    case placeholder_kind::inverted:
      return "inverted";
    case placeholder_kind::close:
      return "close";
  }
  return "";
}

std::string_view to_string(section_structure s) {
  switch (s) {
    case section_structure::none:
      return "";
    case section_structure::inline_runs:
      return "inline";
    case section_structure::paragraphs:
      return "paragraphs";
    case section_structure::table_row:
      return "table-row";
  }
  return "";
}

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// parse_ws_pcdata keeps whitespace-only text, so <w:t xml:space="preserve"> </w:t> keeps its
// space; parse_full keeps the declaration, comments and processing instructions.
constexpr unsigned parse_options = pugi::parse_full | pugi::parse_ws_pcdata;

// The engine's own temporary markup: never left in an output part.
constexpr const char* section_element = "se:sec";  // wraps what a section repeats
constexpr const char* marker_element = "se:mark";  // where an inline section marker was
constexpr const char* section_attr = "se:id";      // tag index of a section
constexpr const char* text_tags_attr = "se:t";     // tag indexes of the text tags in a w:t
constexpr const char* alone_tag_attr = "se:a";     // tag alone in a w:p (a paragraph list?)

bool named(pugi::xml_node n, const char* name) {
  return std::strcmp(n.name(), name) == 0;
}

bool is_template_part(std::string_view name) {
  if (name == "word/document.xml") return true;
  for (std::string_view prefix :
       {std::string_view("word/header"), std::string_view("word/footer")}) {
    if (name.starts_with(prefix) && name.ends_with(".xml") &&
        name.find('/', prefix.size()) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool needs_preserve(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  return !s.empty() && (space(s.front()) || space(s.back()));
}

// Sets a w:t's text, keeping leading/trailing spaces visible to Word.
void set_text(pugi::xml_node t, std::string_view s) {
  t.text().set(s.data(), s.size());  // with its length: a NUL must not end the text
  if (needs_preserve(s) && !t.attribute("xml:space")) {
    t.append_attribute("xml:space").set_value("preserve");
  }
}

std::size_t utf8_length(std::uint32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Byte offset in the raw XML of decoded character `k` of a text node whose raw text starts at
// `raw`: entities and CR LF count as what they decode to (pugixml's parse_escapes/parse_eol).
std::size_t raw_offset(std::string_view xml, std::size_t raw, std::size_t k, bool cdata) {
  std::size_t i = raw;
  std::size_t d = 0;
  while (d < k && i < xml.size()) {
    char c = xml[i];
    if (!cdata && c == '&') {
      std::size_t semi = xml.find(';', i);
      if (semi == std::string_view::npos) break;
      std::string_view ent = xml.substr(i + 1, semi - i - 1);
      std::size_t len = 1;
      if (ent.size() > 1 && ent[0] == '#') {
        std::uint32_t cp = 0;
        bool hex = ent[1] == 'x';
        std::string_view digits = ent.substr(hex ? 2 : 1);
        std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
        len = utf8_length(cp);
      }
      d += len;
      i = semi + 1;
    } else if (c == '\r') {
      d += 1;
      i += (i + 1 < xml.size() && xml[i + 1] == '\n') ? 2 : 1;
    } else {
      d += 1;
      i += 1;
    }
  }
  return i;
}

struct para_info {
  pugi::xml_node p;
  std::vector<pugi::xml_node> ts;  // the paragraph's own w:t elements (not nested paragraphs')
  bool has_tags = false;
  std::string quote = {};  // its text as typed (shortened), for diagnostics; only when it has "{{"
};

// A paragraph's text for a diagnostic: at most 40 characters, the rest as "…".
std::string quote_of(const std::vector<std::string_view>& pieces) {
  constexpr std::size_t max_chars = 40;
  std::string out;
  std::size_t chars = 0;
  for (std::string_view piece : pieces) {
    for (std::size_t i = 0; i < piece.size(); ++i) {
      const bool lead = (static_cast<unsigned char>(piece[i]) & 0xC0) != 0x80;
      if (lead && ++chars > max_chars) return out + "…";
      out += piece[i];
    }
  }
  return out;
}

// Where a part's paragraphs are, in Word's words: 正文 (the body), 页眉, 页脚.
std::string area_of(std::string_view part_name) {
  if (part_name.starts_with("word/header")) return "页眉";
  if (part_name.starts_with("word/footer")) return "页脚";
  if (part_name == "word/document.xml") return "正文";
  return std::string(part_name) + " ";
}

struct tag_info {
  placeholder_kind kind = placeholder_kind::text;
  std::string name;
  std::size_t para = 0;   // index into part_state::paras
  std::size_t begin = 0;  // in the paragraph's joined text
  std::size_t end = 0;
  std::size_t first_t = 0;  // index into para_info::ts where "{{" is
  std::size_t raw = 0;      // byte offset of "{{" in the part's XML
  bool alone = false;
  std::size_t partner = npos;  // the other marker of a section
  std::size_t outer = npos;    // the enclosing section's opening tag
  section_structure structure = section_structure::none;
  // After normalization: the w:t that holds the tag whole, and where in its text.
  pugi::xml_node t;
  std::size_t t_offset = 0;
  pugi::xml_node marker;  // inline sections: the se:mark standing for the marker
};

// Line and code-point column of byte offsets in one text. Word writes a whole document on one
// line, so counting from the start (or from the line start) for each of 200,000 placeholders
// would be quadratic: line starts are found once, and the column continues from the previous
// query when it lies further on the same line (placeholders are located in document order).
class text_locator {
 public:
  explicit text_locator(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
      line_starts_.push_back(i + 1);
    }
  }

  base::source_loc at(const std::string& file, std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - line_starts_.begin());  // 1-based
    const std::size_t start = line_starts_[line - 1];
    if (cursor_line_ != line || cursor_offset_ > offset) {
      cursor_line_ = line;
      cursor_offset_ = start;
      cursor_column_ = 1;
    }
    for (; cursor_offset_ < offset; ++cursor_offset_) {
      // Count lead bytes only: columns are code points (as base::line_col_at).
      if ((static_cast<unsigned char>(text_[cursor_offset_]) & 0xC0) != 0x80) ++cursor_column_;
    }
    return {file, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(cursor_column_)};
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  mutable std::size_t cursor_line_ = 0;
  mutable std::size_t cursor_offset_ = 0;
  mutable std::size_t cursor_column_ = 1;
};

struct part_state {
  std::string name;
  std::string template_name;
  std::string file;  // "TEMPLATE[part]"
  std::string xml;   // the original text, for line:column
  text_locator locator{{}};
  pugi::xml_document doc;
  std::vector<para_info> paras;
  std::vector<tag_info> tags;

  base::source_loc loc_at(std::size_t raw) const { return locator.at(file, raw); }
  base::source_loc loc(const tag_info& tag) const { return loc_at(tag.raw); }
  // "第 12 段": the paragraph, counted in document order as Word shows them (table cells
  // included), from 1 in each part.
  static std::string paragraph_number(std::size_t para) {
    return "第 " + std::to_string(para + 1) + " 段";
  }
  std::string where(const tag_info& tag) const { return paragraph_number(tag.para); }
  // "附件4-….docx 正文第 12 段「负责人：{{untt}}」": a place the template's author can find in
  // Word, printed instead of the XML offset (which diagnostics keep for sorting and tools).
  std::string place(std::size_t para) const {
    return template_name + " " + area_of(name) + paragraph_number(para) + "「" + paras[para].quote +
           "」";
  }
  // A diagnostic from the catalogue (the key is the id unless `m` names a variant), located at
  // the XML offset and placed at the paragraph.
  void error(base::diagnostics& diags, const char* id, std::size_t para, std::size_t raw,
             const base::msg& m) const {
    base::diagnostic d = base::make_diagnostic(base::severity::error, id, loc_at(raw), m);
    d.place = place(para);
    diags.add(std::move(d));
  }
  void error(base::diagnostics& diags, const char* id, const tag_info& tag,
             const base::msg& m) const {
    error(diags, id, tag.para, tag.raw, m);
  }
};

std::string shown(const tag_info& tag) {
  switch (tag.kind) {
    case placeholder_kind::text:
      return "{{" + tag.name + "}}";
    case placeholder_kind::section:
      return "{{#" + tag.name + "}}";
    case placeholder_kind::inverted:
      return "{{^" + tag.name + "}}";
    case placeholder_kind::close:
      return "{{/" + tag.name + "}}";
  }
  return {};
}

bool is_opening(placeholder_kind k) {
  return k == placeholder_kind::section || k == placeholder_kind::inverted;
}

// Every paragraph in document order with its own w:t elements. An explicit stack instead of
// recursion: the depth of the XML is the template author's to choose.
void collect(pugi::xml_node root, std::vector<para_info>& paras) {
  std::vector<std::pair<pugi::xml_node, std::size_t>> stack;  // node, its paragraph
  const auto push_children = [&](pugi::xml_node n, std::size_t para) {
    for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) {
      if (c.type() == pugi::node_element) stack.emplace_back(c, para);
    }
  };
  push_children(root, npos);
  while (!stack.empty()) {
    const auto [node, current] = stack.back();
    stack.pop_back();
    if (named(node, "w:p")) {
      paras.push_back({node, {}});
      push_children(node, paras.size() - 1);
    } else if (named(node, "w:t")) {
      if (current != npos) paras[current].ts.push_back(node);
    } else {
      push_children(node, current);
    }
  }
}

pugi::xml_node text_child(pugi::xml_node t) {
  for (pugi::xml_node c = t.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) return c;
  }
  return {};
}

// Lexes every paragraph of the part; reports malformed placeholders.
void lex_part(part_state& part, base::diagnostics& diags) {
  collect(part.doc, part.paras);
  std::vector<std::string_view> pieces;
  for (std::size_t pi = 0; pi < part.paras.size(); ++pi) {
    para_info& para = part.paras[pi];
    pieces.clear();
    bool maybe = false;
    for (pugi::xml_node t : para.ts) {
      pieces.emplace_back(t.child_value());
      maybe = maybe || may_hold_placeholder(pieces.back());
    }
    if (!maybe) continue;
    para.quote = quote_of(pieces);
    lex_result lexed = lex_placeholders(pieces);
    auto raw_at = [&](piece_pos at) {
      pugi::xml_node text = text_child(para.ts[at.piece]);
      ptrdiff_t start = text.offset_debug();
      if (start < 0) return std::size_t{0};
      return raw_offset(part.xml, static_cast<std::size_t>(start), at.offset,
                        text.type() == pugi::node_cdata);
    };
    for (const lex_problem& p : lexed.problems) {
      part.error(diags, "bad-placeholder", pi, raw_at(p.at), p.what);
    }
    for (lexed_tag& lt : lexed.tags) {
      tag_info tag;
      tag.kind = lt.kind;
      tag.name = std::move(lt.name);
      tag.para = pi;
      tag.begin = lt.begin;
      tag.end = lt.end;
      tag.first_t = lt.first.piece;
      tag.raw = raw_at(lt.first);
      tag.alone = lt.alone;
      part.tags.push_back(std::move(tag));
      para.has_tags = true;
    }
  }
}

// Pairs {{#x}}/{{^x}} with {{/x}} in document order.
void pair_sections(part_state& part, base::diagnostics& diags) {
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < part.tags.size(); ++i) {
    tag_info& tag = part.tags[i];
    tag.outer = open.empty() ? npos : open.back();
    if (is_opening(tag.kind)) {
      open.push_back(i);
      continue;
    }
    if (tag.kind != placeholder_kind::close) continue;
    auto match = std::find_if(open.rbegin(), open.rend(),
                              [&](std::size_t o) { return part.tags[o].name == tag.name; });
    if (open.empty()) {
      part.error(diags, "unopened-tag", tag,
                 base::msg{{"tag", shown(tag)}, {"open", "{{#" + tag.name + "}}"}});
      continue;
    }
    if (match == open.rend()) {
      const tag_info& top = part.tags[open.back()];
      part.error(diags, "mismatched-tag", tag,
                 base::msg{{"tag", shown(tag)},
                           {"open", shown(top)},
                           {"where", part.where(top)},
                           {"close", "{{/" + top.name + "}}"}});
      open.pop_back();
      continue;
    }
    // Sections opened after the matching one were never closed.
    while (open.back() != *match) {
      const tag_info& unclosed = part.tags[open.back()];
      part.error(diags, "unclosed-tag", unclosed,
                 base::msg{{"tag", shown(unclosed)}, {"close", "{{/" + unclosed.name + "}}"}});
      open.pop_back();
    }
    tag.partner = open.back();
    part.tags[open.back()].partner = i;
    tag.outer = part.tags[open.back()].outer;
    open.pop_back();
  }
  for (std::size_t o : open) {
    const tag_info& unclosed = part.tags[o];
    part.error(diags, "unclosed-tag", unclosed,
               base::msg{{"tag", shown(unclosed)}, {"close", "{{/" + unclosed.name + "}}"}});
  }
}

pugi::xml_node ancestor_named(pugi::xml_node n, const char* name) {
  for (pugi::xml_node a = n.parent(); a; a = a.parent()) {
    if (named(a, name)) return a;
  }
  return {};
}

std::string structure_words(section_structure s) {
  switch (s) {
    case section_structure::inline_runs:
      return base::tr("docx.structure.inline");
    case section_structure::paragraphs:
      return base::tr("docx.structure.paragraphs");
    case section_structure::table_row:
      return base::tr("docx.structure.table-row");
    case section_structure::none:
      break;
  }
  return "";
}

struct section_region {
  pugi::xml_node node;   // paragraphs: the opening marker paragraph; row: the w:tr; inline: w:p
  pugi::xml_node close;  // paragraphs: the closing marker paragraph
};

section_region region_of(const part_state& part, const tag_info& open) {
  const tag_info& close = part.tags[open.partner];
  pugi::xml_node p = part.paras[open.para].p;
  switch (open.structure) {
    case section_structure::paragraphs:
      return {p, part.paras[close.para].p};
    case section_structure::table_row:
      return {ancestor_named(p, "w:tr"), {}};
    default:
      return {p, {}};
  }
}

// True when `node` lies inside what the enclosing section `outer` repeats.
bool inside(const part_state& part, pugi::xml_node node, const tag_info& outer) {
  section_region r = region_of(part, outer);
  switch (outer.structure) {
    case section_structure::inline_runs:
      return node == r.node;
    case section_structure::table_row:
      for (pugi::xml_node a = node; a; a = a.parent()) {
        if (a == r.node) return true;
      }
      return false;
    case section_structure::paragraphs:
      for (pugi::xml_node a = node; a; a = a.parent()) {
        if (a.parent() == r.node.parent()) return a != r.node && a != r.close;
      }
      return false;
    case section_structure::none:
      break;
  }
  return false;
}

// Decides what each section repeats, from where its two markers are (docxtemplater's traits).
void classify_sections(part_state& part, base::diagnostics& diags) {
  for (std::size_t i = 0; i < part.tags.size(); ++i) {
    tag_info& open = part.tags[i];
    if (!is_opening(open.kind) || open.partner == npos) continue;
    tag_info& close = part.tags[open.partner];
    pugi::xml_node po = part.paras[open.para].p;
    pugi::xml_node pc = part.paras[close.para].p;
    section_structure s = section_structure::none;
    if (open.para == close.para) {
      pugi::xml_node ro = part.paras[open.para].ts[open.first_t].parent();
      pugi::xml_node rc = part.paras[close.para].ts[close.first_t].parent();
      if (named(ro, "w:r") && named(rc, "w:r") && ro.parent() == rc.parent()) {
        s = section_structure::inline_runs;
      }
    } else if (open.alone && close.alone && po.parent() == pc.parent()) {
      s = section_structure::paragraphs;
    } else {
      pugi::xml_node tro = ancestor_named(po, "w:tr");
      if (tro && tro == ancestor_named(pc, "w:tr")) s = section_structure::table_row;
    }
    if (s == section_structure::none) {
      part.error(diags, "loop-position-invalid", open,
                 base::msg{{"open", shown(open)},
                           {"open_at", part.where(open)},
                           {"close", shown(close)},
                           {"close_at", part.where(close)}});
      open.partner = npos;  // not rendered; keeps nested checks quiet
      close.partner = npos;
      continue;
    }
    open.structure = s;
    close.structure = s;
  }
  // Each section must sit inside what its enclosing section repeats.
  for (std::size_t i = 0; i < part.tags.size(); ++i) {
    tag_info& open = part.tags[i];
    if (!is_opening(open.kind) || open.partner == npos || open.outer == npos) continue;
    const tag_info& outer = part.tags[open.outer];
    if (outer.partner == npos) continue;
    section_region r = region_of(part, open);
    bool ok = inside(part, r.node, outer) || (open.structure == section_structure::table_row &&
                                              outer.structure == section_structure::table_row &&
                                              r.node == region_of(part, outer).node);
    if (!ok) {
      part.error(
          diags, "loop-position-invalid", open,
          base::msg("loop-position-invalid.nested", {{"open", shown(open)},
                                                     {"open_at", part.where(open)},
                                                     {"inner", structure_words(open.structure)},
                                                     {"outer", structure_words(outer.structure)},
                                                     {"outer_tag", shown(outer)},
                                                     {"outer_at", part.where(outer)}}));
      part.tags[open.partner].partner = npos;
      open.partner = npos;
    }
  }
}

std::unique_ptr<part_state> analyze(std::string name, std::string xml,
                                    const std::string& template_name, base::diagnostics& diags) {
  auto part = std::make_unique<part_state>();
  part->name = std::move(name);
  part->template_name = template_name;
  part->file = template_name + "[" + part->name + "]";
  part->xml = std::move(xml);
  part->locator = text_locator(part->xml);
  pugi::xml_parse_result parsed =
      part->doc.load_buffer(part->xml.data(), part->xml.size(), parse_options, pugi::encoding_utf8);
  if (!parsed) {
    diags.error("bad-xml",
                part->loc_at(static_cast<std::size_t>(std::max<ptrdiff_t>(0, parsed.offset))),
                base::msg("bad-xml.save-in-word", {{"detail", parsed.description()}}));
    return nullptr;
  }
  lex_part(*part, diags);
  pair_sections(*part, diags);
  classify_sections(*part, diags);
  return part;
}

// --- normalization: every tag whole in one w:t; sections wrapped in se:sec -------------------

bool is_marker(const tag_info& tag) {
  return tag.kind != placeholder_kind::text && tag.structure != section_structure::none;
}

// Moves each tag's text into the w:t where it starts (that run keeps its formatting; the others
// are trimmed), drops table-row markers, and gives inline markers a w:t of their own.
void consolidate(part_state& part, std::size_t pi, std::size_t first_tag, std::size_t last_tag) {
  para_info& para = part.paras[pi];
  const std::size_t n = para.ts.size();
  std::vector<std::string> old(n);
  std::vector<std::size_t> starts(n + 1, 0);
  std::string joined;
  for (std::size_t k = 0; k < n; ++k) {
    old[k] = para.ts[k].child_value();
    starts[k] = joined.size();
    joined += old[k];
  }
  starts[n] = joined.size();

  struct segment {
    std::string text;
    std::size_t marker = npos;  // tag index of an inline marker
    std::vector<std::size_t> tags;
  };
  std::vector<std::vector<segment>> segs(n);
  auto text_seg = [&](std::size_t k) -> segment& {
    if (segs[k].empty() || segs[k].back().marker != npos) segs[k].push_back({});
    return segs[k].back();
  };

  std::size_t cur = 0;
  std::size_t k = 0;
  std::size_t ti = first_tag;
  while (cur < joined.size()) {
    while (k + 1 < n && starts[k + 1] <= cur) ++k;
    if (ti < last_tag && part.tags[ti].begin == cur) {
      tag_info& tag = part.tags[ti];
      const std::size_t owner = tag.first_t;
      if (tag.kind == placeholder_kind::text) {
        segment& s = text_seg(owner);
        tag.t_offset = s.text.size();
        s.text.append(joined, tag.begin, tag.end - tag.begin);
        s.tags.push_back(ti);
      } else if (tag.structure == section_structure::inline_runs) {
        segs[owner].push_back({{}, ti, {}});
      }
      // Other markers: table-row markers vanish; paragraph markers go with their paragraph.
      cur = tag.end;
      ++ti;
      continue;
    }
    std::size_t stop = std::min(starts[k + 1], ti < last_tag ? part.tags[ti].begin : joined.size());
    text_seg(k).text.append(joined, cur, stop - cur);
    cur = stop;
  }

  for (std::size_t j = 0; j < n; ++j) {
    pugi::xml_node t = para.ts[j];
    std::vector<segment>& list = segs[j];
    if (list.empty()) {
      if (!old[j].empty()) set_text(t, "");
      continue;
    }
    pugi::xml_node at = t;
    for (std::size_t si = 0; si < list.size(); ++si) {
      segment& s = list[si];
      pugi::xml_node node = at;
      if (si > 0) {
        node = t.parent().insert_copy_after(t, at);
        node.remove_attribute("xml:space");
      }
      if (si > 0 || s.text != old[j]) set_text(node, s.text);
      for (std::size_t tag : s.tags) part.tags[tag].t = node;
      if (s.marker != npos) part.tags[s.marker].t = node;
      at = node;
    }
  }
}

// Splits the run around an inline marker's own w:t and leaves an se:mark in its place.
pugi::xml_node split_at_marker(pugi::xml_node t) {
  pugi::xml_node run = t.parent();
  pugi::xml_node parent = run.parent();
  pugi::xml_node before = parent.insert_child_before("w:r", run);
  for (pugi::xml_attribute a : run.attributes()) before.append_copy(a);
  pugi::xml_node rpr = run.child("w:rPr");
  if (rpr) before.append_copy(rpr);
  while (run.first_child() != t) {
    pugi::xml_node c = run.first_child();
    if (c == rpr) {
      // rPr stays first in the original run; move whatever follows it.
      if (c.next_sibling() == t) break;
      before.append_move(c.next_sibling());
      continue;
    }
    before.append_move(c);
  }
  pugi::xml_node mark = parent.insert_child_before(marker_element, run);
  run.remove_child(t);
  auto has_content = [](pugi::xml_node r) {
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
      if (!named(c, "w:rPr")) return true;
    }
    return false;
  };
  if (!has_content(before)) parent.remove_child(before);
  if (!has_content(run)) parent.remove_child(run);
  return mark;
}

void wrap_section(part_state& part, std::size_t open_index) {
  tag_info& open = part.tags[open_index];
  tag_info& close = part.tags[open.partner];
  pugi::xml_node first;
  pugi::xml_node last;  // exclusive
  switch (open.structure) {
    case section_structure::paragraphs:
      first = part.paras[open.para].p;
      last = part.paras[close.para].p;
      break;
    case section_structure::inline_runs:
      first = open.marker;
      last = close.marker;
      break;
    case section_structure::table_row: {
      pugi::xml_node tr = ancestor_named(part.paras[open.para].p, "w:tr");
      pugi::xml_node sec = tr.parent().insert_child_before(section_element, tr);
      sec.append_attribute(section_attr).set_value(open_index);
      sec.append_move(tr);
      return;
    }
    case section_structure::none:
      return;
  }
  pugi::xml_node parent = first.parent();
  pugi::xml_node sec = parent.insert_child_before(section_element, first);
  sec.append_attribute(section_attr).set_value(open_index);
  while (first.next_sibling() != last) sec.append_move(first.next_sibling());
  parent.remove_child(first);
  parent.remove_child(last);
}

void normalize(part_state& part) {
  // Tags are grouped by paragraph, in order.
  for (std::size_t i = 0; i < part.tags.size();) {
    std::size_t j = i;
    while (j < part.tags.size() && part.tags[j].para == part.tags[i].para) ++j;
    bool whole_paragraph_marker = j == i + 1 && is_marker(part.tags[i]) &&
                                  part.tags[i].structure == section_structure::paragraphs;
    if (!whole_paragraph_marker) consolidate(part, part.tags[i].para, i, j);
    i = j;
  }
  for (tag_info& tag : part.tags) {
    if (is_marker(tag) && tag.structure == section_structure::inline_runs) {
      tag.marker = split_at_marker(tag.t);
    }
  }
  for (std::size_t i = 0; i < part.tags.size(); ++i) {
    if (is_opening(part.tags[i].kind) && part.tags[i].partner != npos) wrap_section(part, i);
  }
  for (std::size_t i = 0; i < part.tags.size(); ++i) {
    tag_info& tag = part.tags[i];
    if (tag.kind != placeholder_kind::text) continue;
    pugi::xml_attribute ids = tag.t.attribute(text_tags_attr);
    if (!ids) ids = tag.t.append_attribute(text_tags_attr);
    std::string list = ids.value();
    if (!list.empty()) list += ' ';
    list += std::to_string(i);
    ids.set_value(list.c_str());
    if (tag.alone) part.paras[tag.para].p.append_attribute(alone_tag_attr).set_value(i);
  }
}

// --- rendering -------------------------------------------------------------------------------

class renderer {
 public:
  renderer(const part_state& part, const record& fields, base::diagnostics& diags)
      : part_(part), diags_(diags) {
    scopes_.push_back(&fields);
  }

  // Renders the children of `root` in place. Iterative, with an explicit list of steps: the
  // depth of the XML is the template author's to choose, so it must not be the call stack's.
  void render_children(pugi::xml_node root) {
    push_children(root);
    while (!todo_.empty()) {
      step s = todo_.back();
      todo_.pop_back();
      switch (s.what) {
        case step::visit:
          render_node(s.node);
          break;
        case step::enter_scope:
          scopes_.push_back(s.scope);
          break;
        case step::leave_scope:
          scopes_.pop_back();
          break;
        case step::finish_table:
          // A table whose rows all went away would be a corrupt document.
          if (!s.node.child("w:tr")) s.node.parent().remove_child(s.node);
          break;
        case step::finish_cell: {
          // Word needs a paragraph in every cell, and after a nested table.
          pugi::xml_node last = s.node.last_child();
          while (last && last.type() != pugi::node_element) last = last.previous_sibling();
          if (!last || !named(last, "w:p")) s.node.append_child("w:p");
          break;
        }
      }
    }
  }

 private:
  struct step {
    enum kind { visit, enter_scope, leave_scope, finish_table, finish_cell } what = visit;
    pugi::xml_node node;
    const record* scope = nullptr;
  };

  // Schedules the children of `node` in document order. They are listed now: rendering one
  // replaces it by nodes inserted before it, which are rendered there and then.
  void push_children(pugi::xml_node node) {
    const std::size_t first = todo_.size();
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      todo_.push_back({step::visit, c, nullptr});
    }
    std::reverse(todo_.begin() + static_cast<std::ptrdiff_t>(first), todo_.end());
  }

  // Renders `node` in place; it may be replaced by other nodes or removed.
  void render_node(pugi::xml_node node) {
    if (node.type() != pugi::node_element) return;
    const char* name = node.name();
    if (std::strcmp(name, section_element) == 0) {
      render_section(node);
    } else if (std::strcmp(name, "w:t") == 0) {
      if (node.attribute(text_tags_attr)) render_text(node);
    } else if (std::strcmp(name, "w:p") == 0) {
      pugi::xml_attribute alone = node.attribute(alone_tag_attr);
      if (alone) {
        std::size_t id = alone.as_uint();
        node.remove_attribute(alone);
        const value* v = lookup(part_.tags[id].name);
        if (v != nullptr && std::holds_alternative<std::vector<std::string>>(v->v)) {
          render_paragraph_list(node, id, std::get<std::vector<std::string>>(v->v));
          return;
        }
      }
      push_children(node);
    } else if (std::strcmp(name, "w:tbl") == 0) {
      todo_.push_back({step::finish_table, node, nullptr});
      push_children(node);
    } else if (std::strcmp(name, "w:tc") == 0) {
      todo_.push_back({step::finish_cell, node, nullptr});
      push_children(node);
    } else {
      push_children(node);
    }
  }

  const value* lookup(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto found = (*it)->find(name);
      if (found != (*it)->end()) return &found->second;
    }
    return nullptr;
  }

  // Once per placeholder and message: a tag inside a repeated section is filled many times.
  void report(std::size_t id, const char* kind, const base::msg& m) {
    const std::string_view key = m.key.empty() ? std::string_view(kind) : m.key;
    if (!reported_.insert({id, base::tr(key, m.values)}).second) return;
    part_.error(diags_, kind, part_.tags[id], m);
  }

  const value* need(std::size_t id) {
    const value* v = lookup(part_.tags[id].name);
    if (v == nullptr) {
      report(id, "unknown-field",
             base::msg{{"name", part_.tags[id].name}, {"tag", shown(part_.tags[id])}});
    }
    return v;
  }

  // A character that XML 1.0 cannot hold would make the part unreadable for Word (`&#8;`, raw
  // U+FFFE) or cut the text (U+0000): an error at the placeholder, never written. The data
  // check reports the same at the data file's line; this is the engine's own defence.
  void refuse_non_xml(std::size_t id, std::string_view text) {
    const auto bad = first_non_xml_char(text);
    if (!bad) return;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(bad->code));
    const bool utf8 = base::find_invalid_utf8(text) != bad->offset;
    if (utf8)
      report(id, "invalid-character", base::msg{{"tag", shown(part_.tags[id])}, {"code", code}});
    else
      report(id, "invalid-character",
             base::msg("invalid-character.utf8", {{"tag", shown(part_.tags[id])}}));
  }

  // How many times section `id` shows in the current scope; its records for a list. An unknown
  // field is reported and shows nothing.
  std::size_t repetitions(std::size_t id, const std::vector<record>*& items) {
    items = nullptr;
    const value* v = need(id);
    if (v == nullptr) return 0;
    const bool inverted = part_.tags[id].kind == placeholder_kind::inverted;
    if (const auto* flag = std::get_if<bool>(&v->v)) return *flag != inverted ? 1 : 0;
    if (const auto* text = std::get_if<std::string>(&v->v)) {
      return text->empty() == inverted ? 1 : 0;
    }
    if (const auto* paras = std::get_if<std::vector<std::string>>(&v->v)) {
      return paras->empty() == inverted ? 1 : 0;
    }
    const auto& list = std::get<std::vector<record>>(v->v);
    if (inverted) return list.empty() ? 1 : 0;
    items = &list;
    return list.size();
  }

  // Puts the repetitions of a section in its place and schedules them for rendering, each in
  // its record's scope.
  void render_section(pugi::xml_node sec) {
    const std::size_t id = sec.attribute(section_attr).as_uint();
    pugi::xml_node parent = sec.parent();
    const std::vector<record>* items = nullptr;
    const std::size_t times = repetitions(id, items);
    std::vector<step> steps;  // in document order
    for (std::size_t i = 0; i < times; ++i) {
      const bool last = i + 1 == times;
      const record* scope = items != nullptr ? &(*items)[i] : nullptr;
      if (scope != nullptr) {
        scopes_.push_back(scope);
        steps.push_back({step::enter_scope, {}, scope});
      }
      // The last repetition takes the originals instead of copies. A nested section that shows
      // nothing in this repetition is not copied at all: a body of 200,000 paragraphs, each
      // showing one of the h1-h4/p alternatives, would otherwise copy all five every time.
      for (pugi::xml_node c = sec.first_child(); c;) {
        pugi::xml_node next = c.next_sibling();
        const std::vector<record>* nested = nullptr;
        if (named(c, section_element) &&
            repetitions(c.attribute(section_attr).as_uint(), nested) == 0) {
          c = next;
          continue;
        }
        steps.push_back(
            {step::visit,
             last ? parent.insert_move_before(c, sec) : parent.insert_copy_before(c, sec),
             nullptr});
        c = next;
      }
      if (scope != nullptr) {
        scopes_.pop_back();
        steps.push_back({step::leave_scope, {}, nullptr});
      }
    }
    parent.remove_child(sec);
    todo_.insert(todo_.end(), steps.rbegin(), steps.rend());
  }

  void render_text(pugi::xml_node t) {
    std::string_view ids = t.attribute(text_tags_attr).value();
    std::string_view old = t.child_value();
    std::string out;
    std::size_t from = 0;
    while (!ids.empty()) {
      std::size_t id = 0;
      auto [end, ec] = std::from_chars(ids.data(), ids.data() + ids.size(), id);
      ids.remove_prefix(static_cast<std::size_t>(end - ids.data()));
      if (!ids.empty()) ids.remove_prefix(1);
      if (ec != std::errc{}) break;
      const tag_info& tag = part_.tags[id];
      out.append(old.substr(from, tag.t_offset - from));
      from = tag.t_offset + (tag.end - tag.begin);
      const value* v = need(id);
      if (v == nullptr) continue;
      if (const auto* text = std::get_if<std::string>(&v->v)) {
        refuse_non_xml(id, *text);
        out += *text;
      } else if (std::holds_alternative<std::vector<std::string>>(v->v)) {
        report(id, "wrong-value-kind", base::msg{{"tag", shown(tag)}});
      } else if (std::holds_alternative<bool>(v->v)) {
        report(id, "wrong-value-kind",
               base::msg("wrong-value-kind.flag", {{"tag", shown(tag)},
                                                   {"open", "{{#" + tag.name + "}}"},
                                                   {"close", "{{/" + tag.name + "}}"}}));
      } else {
        report(id, "wrong-value-kind",
               base::msg("wrong-value-kind.records", {{"tag", shown(tag)},
                                                      {"open", "{{#" + tag.name + "}}"},
                                                      {"close", "{{/" + tag.name + "}}"}}));
      }
    }
    out.append(old.substr(std::min(from, old.size())));
    t.remove_attribute(text_tags_attr);
    // A line break in a value is a w:br in the same run (a paragraph list makes paragraphs).
    std::string_view rest = out;
    std::size_t nl = rest.find('\n');
    set_text(t, rest.substr(0, nl));
    pugi::xml_node at = t;
    while (nl != std::string_view::npos) {
      rest.remove_prefix(nl + 1);
      nl = rest.find('\n');
      at = t.parent().insert_child_after("w:br", at);
      at = t.parent().insert_child_after("w:t", at);
      set_text(at, rest.substr(0, nl));
    }
  }

  // One paragraph per element, with the paragraph's pPr and the placeholder run's rPr.
  void render_paragraph_list(pugi::xml_node p, std::size_t id,
                             const std::vector<std::string>& paragraphs) {
    pugi::xml_node parent = p.parent();
    pugi::xml_node ppr = p.child("w:pPr");
    pugi::xml_node t = p.find_node([&](pugi::xml_node n) {
      return named(n, "w:t") && n.attribute(text_tags_attr) &&
             std::strtoul(n.attribute(text_tags_attr).value(), nullptr, 10) == id;
    });
    pugi::xml_node rpr = t.parent().child("w:rPr");
    for (const std::string& text : paragraphs) {
      refuse_non_xml(id, text);
      pugi::xml_node np = parent.insert_child_before("w:p", p);
      if (ppr) np.append_copy(ppr);
      pugi::xml_node r = np.append_child("w:r");
      if (rpr) r.append_copy(rpr);
      set_text(r.append_child("w:t"), text);
    }
    parent.remove_child(p);
  }

  const part_state& part_;
  base::diagnostics& diags_;
  std::vector<const record*> scopes_;
  std::vector<step> todo_;  // the next step last
  std::set<std::pair<std::size_t, std::string>> reported_;
};

// Loops copy drawings with their wp:docPr ids, and Word calls a document with duplicate drawing
// ids unreadable: the first keeps its id, later copies get new ones above the largest.
void renumber_drawings(pugi::xml_node root) {
  std::vector<pugi::xml_node> drawings;
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (named(c, "wp:docPr")) drawings.push_back(c);
      stack.push_back(c);
    }
  }
  unsigned long long next = 0;
  for (pugi::xml_node d : drawings) next = std::max(next, d.attribute("id").as_ullong());
  std::set<unsigned long long> seen;
  for (pugi::xml_node d : drawings) {
    pugi::xml_attribute id = d.attribute("id");
    if (!seen.insert(id.as_ullong()).second) id.set_value(++next);
  }
}

struct string_writer : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

// Only parts that may hold a placeholder are parsed into a tree; a "{{" can be split by markup,
// so any brace counts.
bool may_hold_tags(std::string_view xml) {
  return may_hold_placeholder(xml);
}

bool is_xml_part(std::string_view name) {
  const auto ends = [&](std::string_view suffix) {
    if (name.size() < suffix.size()) return false;
    const std::string_view tail = name.substr(name.size() - suffix.size());
    return std::equal(tail.begin(), tail.end(), suffix.begin(),
                      [](char a, char b) { return (a | 0x20) == b; });
  };
  return ends(".xml") || ends(".rels");
}

// Why a zip entry name must not be copied into an official document: an absolute path, a
// "." or ".." segment or a backslash escapes the folder when someone unpacks the .docx.
std::optional<std::string> unsafe_name(std::string_view name) {
  if (name.empty()) return base::tr("docx.entry.empty-name");
  if (base::find_invalid_utf8(name)) return base::tr("docx.entry.not-utf8");
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) return base::tr("docx.entry.control-character");
    if (c == '\\') return base::tr("docx.entry.backslash");
  }
  if (name.front() == '/') return base::tr("docx.entry.absolute");
  std::string_view rest = name;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..")
      return base::tr("docx.entry.dot-segment", {{"segment", segment}});
    if (segment.empty() && slash != std::string_view::npos)
      return base::tr("docx.entry.empty-segment");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return std::nullopt;
}

// A template's zip, checked as a package, with every XML part read and checked strictly.
struct template_package {
  std::unique_ptr<zip_reader> zip;
  std::vector<std::optional<std::string>> xml;  // by entry: the text of each XML part
};

// Opens and checks the package: limits, entry names, word/document.xml present, every XML part
// well-formed. nullopt when any of that failed (diagnostics added).
std::optional<template_package> open_template(std::string_view bytes, const std::string& name,
                                              const template_limits& limits,
                                              base::diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  const base::source_loc whole{name, 0, 0};
  const auto entry_loc = [&](const std::string& entry) {
    return base::source_loc{name + "[" + entry + "]", 0, 0};
  };
  template_package t;
  t.zip = std::make_unique<zip_reader>(bytes);
  const zip_reader& zip = *t.zip;
  if (zip.size() > limits.max_entries) {
    diags.error("template-too-large", whole,
                base::msg{{"files", zip.size()}, {"limit", limits.max_entries}});
    return std::nullopt;
  }
  std::set<std::string_view> seen;
  std::uint64_t unpacked = 0;
  for (std::size_t i = 0; i < zip.size(); ++i) {
    const std::string& entry = zip.name(i);
    const std::uint64_t size = zip.declared_size(i);
    unpacked += std::min(size, limits.max_unpacked_bytes + 1);  // no overflow
    if (const auto why = unsafe_name(entry)) {
      diags.error("unsafe-entry-name", entry_loc(entry),
                  base::msg{{"entry", entry}, {"why", *why}});
    } else if (!seen.insert(entry).second) {
      diags.error("duplicate-entry", entry_loc(entry), base::msg{{"entry", entry}});
    }
    if (size > limits.ratio_applies_above &&
        size / std::max<std::uint64_t>(zip.compressed_size(i), 1) >= limits.max_compression_ratio) {
      diags.error("compression-ratio", entry_loc(entry),
                  base::msg{{"from", zip.compressed_size(i)},
                            {"to", size},
                            {"ratio", limits.max_compression_ratio}});
    } else if (is_xml_part(entry) && size > limits.max_xml_part_bytes) {
      diags.error("template-too-large", entry_loc(entry),
                  base::msg("template-too-large.part",
                            {{"size", size}, {"limit", limits.max_xml_part_bytes}}));
    }
  }
  if (unpacked > limits.max_unpacked_bytes) {
    diags.error("template-too-large", whole,
                base::msg("template-too-large.unpacked", {{"limit", limits.max_unpacked_bytes}}));
  }
  if (!zip.find("word/document.xml")) {
    diags.error("missing-part", whole,
                bytes.empty() ? base::msg("missing-part.empty") : base::msg("missing-part"));
  }
  if (diags.error_count() > errors_before) return std::nullopt;

  t.xml.resize(zip.size());
  for (std::size_t i = 0; i < zip.size(); ++i) {
    const std::string& entry = zip.name(i);
    if (!is_xml_part(entry)) continue;
    std::string xml;
    try {
      xml = zip.read(i);
    } catch (const base::environment_error& e) {
      diags.error("damaged-entry", entry_loc(entry), base::msg{{"detail", e.what()}});
      continue;
    }
    if (const auto problem = check_xml_once(xml, limits.max_xml_depth)) {
      diags.error("bad-xml", text_locator(xml).at(name + "[" + entry + "]", problem->offset),
                  base::msg{{"detail", problem->message}});
      continue;
    }
    t.xml[i] = std::move(xml);
  }
  if (diags.error_count() > errors_before) return std::nullopt;
  return t;
}

// docProps/core.xml (title, creator, dates): its {{name}} placeholders take the text fields
// of the same name, XML-escaped; nothing else in the part changes.
std::string fill_properties(std::string xml, const record& fields) {
  for (const auto& [name, field] : fields) {
    const auto* text = std::get_if<std::string>(&field.v);
    if (!text) continue;
    std::string escaped;
    for (char c : *text)
      escaped += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
    const std::string tag = "{{" + name + "}}";
    for (auto at = xml.find(tag); at != std::string::npos; at = xml.find(tag, at + escaped.size()))
      xml.replace(at, tag.size(), escaped);
  }
  return xml;
}

// The values were checked and the template was well-formed, so a filled part is well-formed
// unless the engine itself is wrong; then no file is better than one Word cannot open. (No
// depth: the engine adds none to what the template's check allowed.)
void require_well_formed(const std::string& xml, const std::string& part) {
  if (const auto problem = check_xml(xml, unlimited_depth)) {
    throw base::environment_error(
        base::tr("docx.filled-part-broken",
                 {{"part", part}, {"offset", problem->offset}, {"detail", problem->message}}));
  }
}

}  // namespace

std::string fill(std::string_view template_bytes, const std::string& template_name,
                 const record& fields, base::diagnostics& diags, const template_limits& limits) {
  const std::size_t errors_before = diags.error_count();
  auto package = open_template(template_bytes, template_name, limits, diags);
  if (!package) return {};
  const zip_reader& in = *package->zip;
  std::vector<std::unique_ptr<part_state>> parts(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!is_template_part(in.name(i)) || !package->xml[i]) continue;
    if (!may_hold_tags(*package->xml[i])) continue;
    parts[i] = analyze(in.name(i), std::move(*package->xml[i]), template_name, diags);
    if (parts[i] && parts[i]->tags.empty()) parts[i].reset();
  }
  if (diags.error_count() > errors_before) return {};

  for (auto& part : parts) {
    if (!part) continue;
    normalize(*part);
    renderer r(*part, fields, diags);
    r.render_children(part->doc);
    if (part->xml.find("docPr") != std::string::npos) renumber_drawings(part->doc);
  }
  if (diags.error_count() > errors_before) return {};

  zip_writer out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (parts[i]) {
      string_writer w;
      w.out.reserve(parts[i]->xml.size() * 2);
      parts[i]->doc.save(w, "", pugi::format_raw, pugi::encoding_utf8);
      require_well_formed(w.out, in.name(i));
      out.add(in.name(i), std::move(w.out));
    } else if (in.name(i) == "docProps/core.xml" && package->xml[i]) {
      std::string filled = fill_properties(std::move(*package->xml[i]), fields);
      require_well_formed(filled, in.name(i));
      out.add(in.name(i), std::move(filled));
    } else {
      out.copy(in, i);
    }
  }
  return out.finish();
}

std::vector<placeholder_info> scan(std::string_view template_bytes,
                                   const std::string& template_name, base::diagnostics& diags,
                                   const template_limits& limits) {
  std::vector<placeholder_info> out;
  auto package = open_template(template_bytes, template_name, limits, diags);
  if (!package) return out;
  const zip_reader& in = *package->zip;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!is_template_part(in.name(i)) || !package->xml[i]) continue;
    if (!may_hold_tags(*package->xml[i])) continue;
    auto part = analyze(in.name(i), std::move(*package->xml[i]), template_name, diags);
    if (!part) continue;
    for (const tag_info& tag : part->tags) {
      out.push_back({tag.name, tag.kind, tag.structure, part->name, part->loc(tag)});
    }
  }
  return out;
}

}  // namespace selfeval::docx
