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

// A unit right after a number belongs to it: "120万", "2023年", "5次".
bool is_unit_suffix(char32_t c) {
  static constexpr std::u32string_view units =
      U"万亿千百元次人个户家项天年月日号位名场期件篇条所台辆㎡";
  return units.find(c) != std::u32string_view::npos;
}

struct token {
  std::u32string text;
  double width = 0;
  bool space = false;
};

std::vector<std::u32string> split_tokens(const std::u32string& p) {
  std::vector<std::u32string> out;
  std::size_t i = 0;
  const std::size_t n = p.size();
  while (i < n) {
    // A word: optional prefix signs, then an ASCII run containing a letter or digit.
    std::size_t j = i;
    while (j < n && is_word_prefix(p[j])) ++j;
    std::size_t k = j;
    bool has_alnum = false;
    while (k < n && is_word_inner(p[k])) {
      has_alnum = has_alnum || is_ascii_alnum(p[k]);
      ++k;
    }
    if (has_alnum) {
      // Trailing sentence punctuation (",", ".", ":") is not part of the word.
      while (k > j + 1 && (p[k - 1] == U',' || p[k - 1] == U'.' || p[k - 1] == U':' ||
                           p[k - 1] == U'/' || p[k - 1] == U'-'))
        --k;
      if (k < n && is_unit_suffix(p[k]) && is_ascii_alnum(p[k - 1])) ++k;
      out.push_back(p.substr(i, k - i));
      i = k;
      continue;
    }
    out.push_back(p.substr(i, 1));
    ++i;
  }
  return out;
}

double token_width(const measure& m, font_role role, double size, const std::u32string& t) {
  return m.width(role, size, base::encode_utf8(std::vector<char32_t>(t.begin(), t.end())));
}

std::string to_utf8(const std::vector<token>& line) {
  std::vector<char32_t> cps;
  for (const auto& t : line) cps.insert(cps.end(), t.text.begin(), t.text.end());
  return base::encode_utf8(cps);
}

double width_of(const std::vector<token>& line) {
  double w = 0;
  for (const auto& t : line) w += t.width;
  return w;
}

void trim_trailing_spaces(std::vector<token>& line) {
  while (!line.empty() && line.back().space) line.pop_back();
}

// The code points of a token, each as a token of its own.
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

void wrap_paragraph(const measure& m, font_role role, double size, const std::u32string& p,
                    double width, std::vector<std::string>& lines) {
  std::deque<token> queue;
  for (auto& piece : split_tokens(p)) {
    token t;
    t.space = piece.size() == 1 && (piece[0] == U' ' || piece[0] == U'\t');
    t.text = t.space ? std::u32string(1, U' ') : std::move(piece);
    t.width = token_width(m, role, size, t.text);
    queue.push_back(std::move(t));
  }
  if (queue.empty()) {
    lines.emplace_back();
    return;
  }

  std::vector<token> cur;
  double cur_w = 0;
  auto flush = [&] {
    trim_trailing_spaces(cur);
    lines.push_back(to_utf8(cur));
    cur.clear();
    cur_w = 0;
  };

  while (!queue.empty()) {
    token t = std::move(queue.front());
    queue.pop_front();
    if (t.space && cur.empty()) continue;  // no leading spaces on a line
    if (cur_w + t.width <= width + epsilon) {
      cur_w += t.width;
      cur.push_back(std::move(t));
      continue;
    }
    if (t.space) {
      flush();
      continue;
    }
    // A number with its unit ("≤606.1万") wider than a whole line parts from the unit first,
    // so the number itself stays whole (the number goes round again)…
    if (t.text.size() > 2 && t.width > width + epsilon && is_unit_suffix(t.text.back())) {
      token unit;
      unit.text = std::u32string(1, t.text.back());
      unit.width = token_width(m, role, size, unit.text);
      token number;
      number.text = t.text.substr(0, t.text.size() - 1);
      number.width = token_width(m, role, size, number.text);
      queue.push_front(std::move(unit));
      queue.push_front(std::move(number));
      continue;
    }
    // Then a comparator parts from its number ("≤" / "606.1万").
    if (t.text.size() > 2 && t.width > width + epsilon && is_word_prefix(t.text.front())) {
      token sign;
      sign.text = std::u32string(1, t.text.front());
      sign.width = token_width(m, role, size, sign.text);
      token rest;
      rest.text = t.text.substr(1);
      rest.width = token_width(m, role, size, rest.text);
      if (rest.width <= width + epsilon) {
        queue.push_front(std::move(rest));
        queue.push_front(std::move(sign));
        continue;
      }
    }
    // A word wider than a whole line is broken into code points.
    if (t.text.size() > 1 && t.width > width + epsilon) {
      auto cps = explode(t, m, role, size);
      for (auto c = cps.rbegin(); c != cps.rend(); ++c) queue.push_front(std::move(*c));
      continue;
    }
    if (cur.empty()) {  // a single code point wider than the line: it gets a line of its own
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
    if (kept.empty() || carried > width + epsilon) {
      // Whole words make the rules unmeetable here: retry the line with words broken into
      // code points; when that cannot help either, break plainly.
      const bool has_word =
          t.text.size() > 1 ||
          std::any_of(cur.begin(), cur.end(), [](const token& x) { return x.text.size() > 1; });
      if (has_word) {
        cur.push_back(std::move(t));
        for (auto it = cur.rbegin(); it != cur.rend(); ++it) {
          if (it->space) {
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
      carry.clear();
      kept = cur;
    }
    cur = std::move(kept);
    flush();
    cur = std::move(carry);
    cur_w = width_of(cur);
    queue.push_front(std::move(t));
  }
  if (!cur.empty()) flush();
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
                                   std::string_view text, double width) {
  std::vector<std::string> lines;
  const std::vector<char32_t> cps = base::decode_utf8(text);
  std::u32string para;
  for (char32_t c : cps) {
    if (c == U'\r') continue;
    if (c == U'\n') {
      wrap_paragraph(m, role, size, para, width, lines);
      para.clear();
      continue;
    }
    para.push_back(c);
  }
  wrap_paragraph(m, role, size, para, width, lines);
  return lines;
}

std::vector<std::string> wrap_balanced(const measure& m, font_role role, double size,
                                       std::string_view text, double width) {
  auto lines = wrap_text(m, role, size, text, width);
  if (lines.size() < 2) return lines;
  const std::size_t n = lines.size();
  double lo = 0, hi = width;
  for (int k = 0; k < 24; ++k) {
    const double mid = (lo + hi) / 2;
    if (wrap_text(m, role, size, text, mid).size() <= n)
      hi = mid;
    else
      lo = mid;
  }
  return wrap_text(m, role, size, text, hi);
}

std::vector<std::string> stack_text(std::string_view text) {
  std::vector<std::string> out;
  for (char32_t c : base::decode_utf8(text)) {
    if (c == U'\n' || c == U'\r' || c == U' ' || c == U'\t' || c == U'　') continue;
    out.push_back(base::encode_utf8(c));
  }
  return out;
}

}  // namespace selfeval::layout
