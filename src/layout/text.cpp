#include "layout/text.h"

#include <algorithm>
#include <deque>

#include "base/utf8.h"

namespace selfeval::layout {

namespace {

constexpr double epsilon = 1e-9;

bool is_ascii_alnum(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// Characters that may sit inside an ASCII run without splitting it: "99.64%", "1,200", "3/4".
bool is_word_inner(char32_t c) {
  return is_ascii_alnum(c) || c == U'.' || c == U',' || c == U'%' || c == U'/' || c == U':' ||
         c == U'-' || c == U'_' || c == U'+' || c == U'#' || c == U'&' || c == U'@' || c == U'\'' ||
         c == U'％';
}

// Comparators and signs glued to the number that follows: "≥120万", "±5%".
bool is_word_prefix(char32_t c) {
  return c == U'≥' || c == U'≤' || c == U'<' || c == U'>' || c == U'=' || c == U'＜' ||
         c == U'＞' || c == U'＝' || c == U'±' || c == U'~' || c == U'～' || c == U'+' ||
         c == U'-' || c == U'¥' || c == U'$' || c == U'￥';
}

// Units glued to the number before them ("120万元", "2023年", "5人次", "99.64%"): the longest
// one that matches is taken, so "万元" stays with its number as a whole.
std::size_t unit_length(const std::u32string& p, std::size_t at) {
  static constexpr std::u32string_view units[] = {
      U"平方米", U"万元", U"亿元", U"千元", U"人次", U"小时", U"公里", U"万", U"亿", U"千",
      U"百",     U"元",   U"次",   U"人",   U"个",   U"户",   U"家",   U"项", U"天", U"年",
      U"月",     U"日",   U"号",   U"位",   U"名",   U"场",   U"期",   U"件", U"篇", U"条",
      U"所",     U"台",   U"辆",   U"㎡",   U"分",   U"吨",   U"%",    U"％", U"‰"};
  std::size_t best = 0;
  for (auto u : units)
    if (u.size() > best && p.compare(at, u.size(), u) == 0) best = u.size();
  return best;
}

bool is_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}

// The length of the number starting at `at`: digits with inner "." or "," ("1,200.50"), then
// a percent sign or a unit; 0 when `at` holds no digit.
std::size_t number_length(const std::u32string& p, std::size_t at) {
  std::size_t k = at;
  while (k < p.size()) {
    const bool inner_mark =
        (p[k] == U'.' || p[k] == U',') && k > at && k + 1 < p.size() && is_digit(p[k + 1]);
    if (!is_digit(p[k]) && !inner_mark) break;
    ++k;
  }
  if (k == at) return 0;
  return k - at + unit_length(p, k);
}

struct token {
  std::u32string text;
  double width = 0;
  bool space = false;
  bool number = false;  // a number with its sign and unit: never broken
};

// The pieces of a paragraph: numbers with their comparator or sign and unit ("≥101.833万元"),
// ASCII words ("abc", "GB/T"), and single code points.
std::vector<token> split_tokens(const std::u32string& p) {
  std::vector<token> out;
  std::size_t i = 0;
  const std::size_t n = p.size();
  while (i < n) {
    token t;
    std::size_t j = i;
    while (j < n && is_word_prefix(p[j])) ++j;
    std::size_t k = j + number_length(p, j);
    if (k > j) {
      t.number = true;
    } else {
      // A word: an ASCII run with a letter, up to the next digit (numbers are tokens of their own).
      bool has_letter = false;
      k = j;
      while (k < n && is_word_inner(p[k]) && !is_digit(p[k])) {
        has_letter = has_letter || is_ascii_alnum(p[k]);
        ++k;
      }
      // Trailing sentence punctuation (",", ".", ":") is not part of the word.
      while (k > j + 1 && (p[k - 1] == U',' || p[k - 1] == U'.' || p[k - 1] == U':' ||
                           p[k - 1] == U'/' || p[k - 1] == U'-'))
        --k;
      if (!has_letter) k = i + 1;
    }
    t.text = p.substr(i, k - i);
    t.space = k == i + 1 && (p[i] == U' ' || p[i] == U'\t');
    if (t.space) t.text = U" ";
    out.push_back(std::move(t));
    i = k;
  }
  return out;
}

double token_width(const measure& m, font_role role, double size, const std::u32string& t) {
  return m.width(role, size, base::encode_utf8(std::vector<char32_t>(t.begin(), t.end())));
}

std::u32string joined(const std::vector<token>& line) {
  std::u32string s;
  for (const auto& t : line) s += t.text;
  return s;
}

double width_of(const std::vector<token>& line) {
  double w = 0;
  for (const auto& t : line) w += t.width;
  return w;
}

void trim_trailing_spaces(std::vector<token>& line) {
  while (!line.empty() && line.back().space) line.pop_back();
}

// A word that may be broken: several code points and not a number (unless numbers may be).
bool breakable(const token& t, bool keep_numbers) {
  return (!t.number || !keep_numbers) && t.text.size() > 1;
}

// The code points of a word, each as a token of its own.
std::vector<token> explode(const token& t, const measure& m, font_role role, double size) {
  std::vector<token> out;
  for (char32_t c : t.text) {
    token x;
    x.text = std::u32string(1, c);
    x.width = token_width(m, role, size, x.text);
    out.push_back(std::move(x));
  }
  return out;
}

bool is_indent(char32_t c) {
  return c == U'　' || c == U' ';
}

// A paragraph split into tokens and measured: wrap_balanced wraps the same paragraphs at 26
// widths, and tokenizing and measuring them again each time took most of a table's layout
// (callgrind: 29 M of a package's 396 M instructions).
struct measured_paragraph {
  std::u32string text;
  std::vector<token> tokens;
};

std::vector<measured_paragraph> measured_paragraphs(const measure& m, font_role role, double size,
                                                    std::string_view text) {
  std::vector<measured_paragraph> out(1);
  for (const char32_t c : base::decode_utf8(text)) {
    if (c == U'\r') continue;
    if (c == U'\n') {
      out.emplace_back();
      continue;
    }
    out.back().text.push_back(c);
  }
  for (measured_paragraph& p : out) {
    p.tokens = split_tokens(p.text);
    for (token& t : p.tokens) t.width = token_width(m, role, size, t.text);
  }
  return out;
}

void wrap_paragraph(const measure& m, font_role role, double size, const measured_paragraph& mp,
                    double width, bool hang, bool keep_numbers, std::vector<std::string>& lines) {
  auto breakable = [keep_numbers](const token& t) { return layout::breakable(t, keep_numbers); };
  const std::u32string& p = mp.text;
  std::deque<token> queue(mp.tokens.begin(), mp.tokens.end());
  if (queue.empty()) {
    lines.emplace_back();
    return;
  }
  // A hanging indent: continuation lines start under the paragraph's own leading spaces.
  std::u32string indent;
  if (hang)
    while (indent.size() < p.size() && is_indent(p[indent.size()])) indent += p[indent.size()];
  const double indent_w = indent.empty() ? 0 : token_width(m, role, size, indent);
  if (indent_w > width / 2) indent.clear();

  std::vector<token> cur;
  double cur_w = 0;
  bool continuation = false;
  double limit = width;
  auto flush = [&] {
    trim_trailing_spaces(cur);
    const std::u32string text = (continuation ? indent : std::u32string()) + joined(cur);
    lines.push_back(base::encode_utf8(std::vector<char32_t>(text.begin(), text.end())));
    cur.clear();
    cur_w = 0;
    if (!continuation && !indent.empty()) {
      continuation = true;
      limit = width - indent_w;
    }
  };

  while (!queue.empty()) {
    token t = std::move(queue.front());
    queue.pop_front();
    if (t.space && cur.empty()) continue;  // no leading spaces on a line
    if (cur_w + t.width <= limit + epsilon) {
      cur_w += t.width;
      cur.push_back(std::move(t));
      continue;
    }
    if (t.space) {
      flush();
      continue;
    }
    // A word wider than a whole line is broken into code points; a number never is.
    if (breakable(t) && t.width > limit + epsilon) {
      auto cps = explode(t, m, role, size);
      for (auto c = cps.rbegin(); c != cps.rend(); ++c) queue.push_front(std::move(*c));
      continue;
    }
    if (cur.empty()) {  // a number or code point wider than the line: a line of its own
      cur_w = t.width;
      cur.push_back(std::move(t));
      continue;
    }
    // Break before t, moving tokens down so that the new line does not start with a closing
    // mark and the old one does not end with an opening mark.
    std::vector<token> carry;
    std::vector<token> kept = cur;
    if (cannot_start_line(t.text.front())) {
      while (!kept.empty() && !kept.back().space) {
        const bool closing = cannot_start_line(kept.back().text.front());
        carry.insert(carry.begin(), kept.back());
        kept.pop_back();
        if (!closing) break;
      }
    }
    trim_trailing_spaces(kept);
    while (!kept.empty() && cannot_end_line(kept.back().text.back())) {
      carry.insert(carry.begin(), kept.back());
      kept.pop_back();
      trim_trailing_spaces(kept);
    }
    const double carried = width_of(carry) + t.width;
    if (kept.empty() || carried > limit + epsilon) {
      // Whole words make the rules unmeetable here: retry the line with words broken into
      // code points.
      const bool has_word = breakable(t) || std::any_of(cur.begin(), cur.end(), breakable);
      if (has_word) {
        cur.push_back(std::move(t));
        for (auto it = cur.rbegin(); it != cur.rend(); ++it) {
          if (!breakable(*it)) {
            queue.push_front(std::move(*it));
            continue;
          }
          auto cps = explode(*it, m, role, size);
          for (auto c = cps.rbegin(); c != cps.rend(); ++c) queue.push_front(std::move(*c));
        }
        cur.clear();
        cur_w = 0;
        continue;
      }
      // Only numbers and single code points: the rules win over the width. The carried
      // tokens open the next line, which may overflow (a table cell then sets them smaller),
      // or, with nothing left to keep, t joins this line.
      if (!keep_numbers) {  // the last resort of a narrow cell: break plainly
        carry.clear();
        kept = cur;
      } else if (kept.empty()) {
        cur_w += t.width;
        cur.push_back(std::move(t));
        continue;
      }
    }
    cur = std::move(kept);
    flush();
    cur = std::move(carry);
    cur_w = width_of(cur);
    queue.push_front(std::move(t));
  }
  if (!cur.empty()) flush();
}

std::vector<std::string> wrap_measured(const measure& m, font_role role, double size,
                                       const std::vector<measured_paragraph>& paragraphs,
                                       double width, bool hang, bool keep_numbers) {
  std::vector<std::string> lines;
  for (const measured_paragraph& p : paragraphs) {
    wrap_paragraph(m, role, size, p, width, hang, keep_numbers, lines);
  }
  return lines;
}

}  // namespace

bool cannot_start_line(char32_t c) {
  static constexpr std::u32string_view set =
      U"，。、；：？！）」』】〕〉》％‰”’…—～·"
      U",.;:?!)]}%"
      U"｝］｜〗〙〛︰﹐﹑﹒﹔﹕﹖﹗"
      U"ーゝゞ々〻";
  return set.find(c) != std::u32string_view::npos;
}

bool cannot_end_line(char32_t c) {
  static constexpr std::u32string_view set = U"（「『【〔〈《“‘([{＜｛［〖〘〚";
  return set.find(c) != std::u32string_view::npos;
}

std::vector<std::string> wrap_text(const measure& m, font_role role, double size,
                                   std::string_view text, double width, bool hang,
                                   bool keep_numbers) {
  return wrap_measured(m, role, size, measured_paragraphs(m, role, size, text), width, hang,
                       keep_numbers);
}

std::vector<std::string> wrap_balanced(const measure& m, font_role role, double size,
                                       std::string_view text, double width, bool hang) {
  const std::vector<measured_paragraph> paragraphs = measured_paragraphs(m, role, size, text);
  const auto wrap = [&](double w) {
    return wrap_measured(m, role, size, paragraphs, w, hang, true);
  };
  auto lines = wrap(width);
  if (lines.size() < 2) return lines;
  const std::size_t n = lines.size();
  double lo = 0, hi = width;
  for (int k = 0; k < 24; ++k) {
    const double mid = (lo + hi) / 2;
    if (wrap(mid).size() <= n)
      hi = mid;
    else
      lo = mid;
  }
  return wrap(hi);
}

char32_t vertical_form(char32_t c) {
  // Unicode's vertical presentation forms (U+FE10–FE19, U+FE30–FE44).
  static constexpr std::pair<char32_t, char32_t> forms[] = {
      {U'（', U'︵'}, {U'）', U'︶'}, {U'(', U'︵'},  {U')', U'︶'},  {U'【', U'︻'},
      {U'】', U'︼'}, {U'《', U'︽'}, {U'》', U'︾'}, {U'〈', U'︿'}, {U'〉', U'﹀'},
      {U'「', U'﹁'}, {U'」', U'﹂'}, {U'『', U'﹃'}, {U'』', U'﹄'}, {U'〔', U'︹'},
      {U'〕', U'︺'}, {U'，', U'︐'}, {U'、', U'︑'}, {U'。', U'︒'}, {U'：', U'︓'},
      {U'；', U'︔'}, {U'！', U'︕'}, {U'？', U'︖'}, {U'…', U'︙'},  {U'—', U'︱'}};
  for (const auto& [upright, vertical] : forms)
    if (c == upright) return vertical;
  return c;
}

std::vector<std::string> stack_text(std::string_view text) {
  std::vector<std::string> out;
  for (char32_t c : base::decode_utf8(text)) {
    if (c == U'\n' || c == U'\r' || c == U' ' || c == U'\t' || c == U'　') continue;
    out.push_back(base::encode_utf8(vertical_form(c)));
  }
  return out;
}

double widest_unbreakable(const measure& m, font_role role, double size, std::string_view text) {
  double widest = 0;
  std::u32string para;
  auto scan = [&] {
    for (const auto& t : split_tokens(para))
      if (t.number || t.text.size() == 1)
        widest = std::max(widest, token_width(m, role, size, t.text));
    para.clear();
  };
  for (char32_t c : base::decode_utf8(text)) {
    if (c == U'\n') {
      scan();
      continue;
    }
    if (c != U'\r') para.push_back(c);
  }
  scan();
  return widest;
}

}  // namespace selfeval::layout
