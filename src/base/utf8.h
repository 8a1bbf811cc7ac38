// UTF-8 text as code points (decoding is utfcpp's; this is the project's one doorway to it).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace selfeval::base {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Code points of valid UTF-8 text (call find_invalid_utf8 first on untrusted input).
std::vector<char32_t> decode_utf8(std::string_view text);

// UTF-8 bytes of one code point / of a sequence.
std::string encode_utf8(char32_t cp);
std::string encode_utf8(const std::vector<char32_t>& cps);

// 1-based line and code-point column of a byte offset in valid UTF-8 text.
struct line_col {
  std::size_t line = 1;
  std::size_t column = 1;
};
line_col line_col_at(std::string_view text, std::size_t byte_offset);

// Splits text into paragraphs: each non-blank line is one paragraph, trimmed of ASCII and
// ideographic spaces. This is how every multi-paragraph field of the data file is read.
std::vector<std::string> split_paragraphs(std::string_view text);

// Columns `text` takes on a terminal: a CJK (or other wide) character takes two. For lining
// up help and summary tables.
std::size_t terminal_columns(std::string_view text);

// The parts with `separator` between them ("、" for Chinese lists, ", " for names in hints).
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string join(const std::vector<std::string_view>& parts, std::string_view separator);

}  // namespace selfeval::base
