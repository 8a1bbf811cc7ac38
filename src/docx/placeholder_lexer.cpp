#include "docx/placeholder_lexer.h"

#include <algorithm>

namespace selfeval::docx {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

// Maps joined offsets (non-decreasing queries) to piece positions; empty pieces own nothing.
class position_map {
 public:
  explicit position_map(const std::vector<std::string_view>& pieces) {
    starts_.reserve(pieces.size() + 1);
    std::size_t at = 0;
    for (auto piece : pieces) {
      starts_.push_back(at);
      at += piece.size();
    }
    starts_.push_back(at);
  }
  piece_pos at(std::size_t offset) const {
    // The last piece whose start is <= offset and which is non-empty at offset.
    auto it = std::upper_bound(starts_.begin(), starts_.end() - 1, offset);
    auto piece = static_cast<std::size_t>(it - starts_.begin()) - 1;
    return {piece, offset - starts_[piece]};
  }

 private:
  std::vector<std::size_t> starts_;
};

std::string excerpt(std::string_view s) {
  constexpr std::size_t max = 40;
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

}  // namespace

lex_result lex_placeholders(const std::vector<std::string_view>& pieces) {
  lex_result out;
  std::size_t total = 0;
  for (auto p : pieces) total += p.size();
  out.joined.reserve(total);
  for (auto p : pieces) out.joined.append(p);
  const std::string_view text = out.joined;
  const position_map map(pieces);

  auto problem = [&](std::size_t at, base::msg what) {
    out.problems.push_back({at, map.at(at), std::move(what)});
  };

  // The next "{{" and "}}" at or after i are cached, so lexing stays linear even for text full
  // of unmatched braces.
  constexpr auto none = std::string_view::npos;
  std::size_t open = text.find("{{");
  std::size_t close = text.find("}}");
  std::size_t i = 0;
  while (i < text.size()) {
    if (open != none && open < i) open = text.find("{{", i);
    if (close != none && close < i) close = text.find("}}", i);
    if (open == none && close == none) break;
    if (close < open) {
      problem(close, base::msg("bad-placeholder"));
      i = close + 2;
      continue;
    }
    // Another "{{" before the "}}" means this one is never closed; look no further than "}}".
    std::size_t next_open = none;
    if (close == none) {
      next_open = text.find("{{", open + 2);
    } else if (std::size_t at = text.substr(0, close).find("{{", open + 2); at != none) {
      next_open = at;
    }
    if (close == none || next_open < close) {
      std::size_t stop = next_open == none ? text.size() : next_open;
      problem(open, base::msg("bad-placeholder.unclosed",
                              {{"text", excerpt(text.substr(open, stop - open))}}));
      i = stop;
      continue;
    }
    const std::size_t end = close + 2;
    std::string_view inner = trim(text.substr(open + 2, close - open - 2));
    lexed_tag tag;
    tag.begin = open;
    tag.end = end;
    if (!inner.empty() && (inner.front() == '#' || inner.front() == '^' || inner.front() == '/')) {
      tag.kind = inner.front() == '#'   ? placeholder_kind::section
                 : inner.front() == '^' ? placeholder_kind::inverted
                                        : placeholder_kind::close;
      inner = trim(inner.substr(1));
    }
    const std::string_view whole = text.substr(open, end - open);
    if (!valid_name(inner)) {
      problem(open, inner.empty() ? base::msg("bad-placeholder.no-name", {{"text", excerpt(whole)}})
                                  : base::msg("bad-placeholder.invalid-name",
                                              {{"text", excerpt(whole)}, {"bad", excerpt(inner)}}));
      i = end;
      continue;
    }
    tag.name = std::string(inner);
    tag.first = map.at(open);
    tag.last = map.at(end - 1);
    out.tags.push_back(std::move(tag));
    i = end;
  }

  // A tag is alone when the rest of the paragraph is spaces and nothing else was found.
  if (out.tags.size() == 1 && out.problems.empty()) {
    lexed_tag& tag = out.tags.front();
    tag.alone = trim(text.substr(0, tag.begin)).empty() && trim(text.substr(tag.end)).empty();
  }
  return out;
}

}  // namespace selfeval::docx
