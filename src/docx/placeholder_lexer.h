// Finds {{…}} placeholders in one paragraph's text, across the w:t pieces Word split it into.
// A pure function over strings (no XML), so it can be fuzzed and tested on its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/messages.h"
#include "docx/template.h"

namespace selfeval::docx {

// A position in the pieces: byte `offset` of pieces[piece].
struct piece_pos {
  std::size_t piece = 0;
  std::size_t offset = 0;
  friend bool operator==(const piece_pos&, const piece_pos&) = default;
};

struct lexed_tag {
  placeholder_kind kind = placeholder_kind::text;
  std::string name;       // trimmed, without the sigil
  std::size_t begin = 0;  // joined-text offset of "{{"
  std::size_t end = 0;    // joined-text offset just past "}}"
  piece_pos first;        // where "{{" starts
  piece_pos last;         // where the final "}" is
  bool alone = false;     // the paragraph holds nothing else but spaces
};

// A malformed placeholder; id is always "bad-placeholder".
struct lex_problem {
  std::size_t begin = 0;  // joined-text offset
  piece_pos at;
  base::msg what;  // the catalogue entry (a "bad-placeholder.…" key) and its arguments
};

struct lex_result {
  std::string joined;  // the pieces concatenated
  std::vector<lexed_tag> tags;
  std::vector<lex_problem> problems;
};

// Tags are in text order and never overlap. Names may use ASCII letters, digits, "_", "-", "."
// and any non-ASCII character (CJK field names); spaces around the name and sigil are allowed.
lex_result lex_placeholders(const std::vector<std::string_view>& pieces);

// True when the text might hold a delimiter (a cheap test before lexing a paragraph).
inline bool may_hold_placeholder(std::string_view text) {
  return text.find_first_of("{}") != std::string_view::npos;
}

}  // namespace selfeval::docx
