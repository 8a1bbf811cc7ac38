// Where a character of a TOML string value was typed: a finding inside a long or multi-line
// string (a control character, a stale year, a stated score) is reported at its own line and
// column, not at the opening quote.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/source_loc.h"

namespace selfeval::data {

// `string_start` is where the string token begins (its opening quote, as toml++ reports it);
// `value_offset` a byte offset into the decoded value. Escapes (\b, \u0008, \U…), a line-ending
// backslash and the newline trimmed after an opening """ are accounted for. Falls back to
// `string_start` when the source does not hold a string there.
base::source_loc locate_in_string(std::string_view source, const base::source_loc& string_start,
                                  std::size_t value_offset);

// The (line, column) of byte `offset` in `source`; column counts code points.
base::source_loc loc_of(std::string_view source, std::size_t offset, const std::string& file);

// Byte offset in `source` of a (line, column) location; column counts code points.
std::size_t offset_of(std::string_view source, const base::source_loc& loc);

// A readable name of a code point for messages: "U+0008 (BACKSPACE)", "U+200B (ZERO WIDTH
// SPACE)" (Unicode's names), "U+FFFE (非字符)" (a kind, in the current language).
std::string describe_code_point(char32_t cp);

// Why a code point may not stand in the data's text, or nothing when it may. Control characters
// (other than tab and line feed), noncharacters and invisible format characters are refused:
// they break the XML of the reports, draw nothing in the PDFs, or hide in file names.
enum class forbidden_kind { control, noncharacter, surrogate, invisible };
std::optional<forbidden_kind> forbidden_reason(char32_t cp);
// "a control character" / "控制字符", in the current language.
std::string forbidden_text(forbidden_kind kind);

}  // namespace selfeval::data
