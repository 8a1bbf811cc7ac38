#include "data/text_position.h"

#include <cstdio>
#include <string>

#include "base/messages.h"

namespace selfeval::data {
namespace {

bool hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::size_t utf8_length_of(unsigned long cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

std::size_t offset_at(std::string_view s, std::uint32_t line, std::uint32_t column) {
  std::size_t i = 0;
  for (std::uint32_t l = 1; l < line && i < s.size(); ++i)
    if (s[i] == '\n') ++l;
  for (std::uint32_t c = 1; c < column && i < s.size() && s[i] != '\n'; ++c) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

}  // namespace

base::source_loc loc_of(std::string_view s, std::size_t offset, const std::string& file) {
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {file, line, column};
}

base::source_loc locate_in_string(std::string_view s, const base::source_loc& start,
                                  std::size_t value_offset) {
  if (start.line == 0) return start;
  std::size_t i = offset_at(s, start.line, start.column);
  if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) return start;
  const char quote = s[i];
  const bool basic = quote == '"';
  const bool multi = s.substr(i, 3) == std::string(3, quote);
  i += multi ? 3 : 1;
  if (multi) {  // the newline right after the opening delimiter is not part of the value
    if (s.substr(i, 2) == "\r\n")
      i += 2;
    else if (i < s.size() && s[i] == '\n')
      ++i;
  }
  std::size_t decoded = 0;
  while (i < s.size() && decoded < value_offset) {
    const char c = s[i];
    if (!multi && (c == quote || c == '\n')) break;
    if (multi && s.substr(i, 3) == std::string(3, quote)) break;
    if (basic && c == '\\' && i + 1 < s.size()) {
      const char e = s[i + 1];
      if (e == 'u' || e == 'U') {
        const std::size_t n = e == 'u' ? 4 : 8;
        std::size_t k = 0;
        unsigned long cp = 0;
        while (k < n && i + 2 + k < s.size() && hex_digit(s[i + 2 + k])) {
          cp = cp * 16 +
               static_cast<unsigned long>(std::stoi(std::string(1, s[i + 2 + k]), nullptr, 16));
          ++k;
        }
        decoded += utf8_length_of(cp);
        if (decoded > value_offset) break;
        i += 2 + k;
      } else if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
        // A line-ending backslash: it and the whitespace after it vanish from the value.
        i += 1;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      } else {
        ++decoded;
        if (decoded > value_offset) break;
        i += 2;
      }
      continue;
    }
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++decoded;
      i += 2;
      continue;
    }
    ++decoded;
    ++i;
  }
  return loc_of(s, i, start.file);
}

std::size_t offset_of(std::string_view source, const base::source_loc& loc) {
  return offset_at(source, loc.line, loc.column);
}

std::string describe_code_point(char32_t cp) {
  static const char* const c0[] = {"NULL",
                                   "START OF HEADING",
                                   "START OF TEXT",
                                   "END OF TEXT",
                                   "END OF TRANSMISSION",
                                   "ENQUIRY",
                                   "ACKNOWLEDGE",
                                   "BELL",
                                   "BACKSPACE",
                                   "TAB",
                                   "LINE FEED",
                                   "VERTICAL TAB",
                                   "FORM FEED",
                                   "CARRIAGE RETURN",
                                   "SHIFT OUT",
                                   "SHIFT IN",
                                   "DATA LINK ESCAPE",
                                   "DEVICE CONTROL ONE",
                                   "DEVICE CONTROL TWO",
                                   "DEVICE CONTROL THREE",
                                   "DEVICE CONTROL FOUR",
                                   "NEGATIVE ACKNOWLEDGE",
                                   "SYNCHRONOUS IDLE",
                                   "END OF TRANSMISSION BLOCK",
                                   "CANCEL",
                                   "END OF MEDIUM",
                                   "SUBSTITUTE",
                                   "ESCAPE",
                                   "FILE SEPARATOR",
                                   "GROUP SEPARATOR",
                                   "RECORD SEPARATOR",
                                   "UNIT SEPARATOR"};
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  std::string name;
  if (cp < 0x20)
    name = c0[cp];
  else if (cp == 0x7F)
    name = "DELETE";
  else if (cp >= 0x80 && cp <= 0x9F)
    name = base::tr("char.c1-control");
  else if (cp == 0xAD)
    name = "SOFT HYPHEN";
  else if (cp == 0x200B)
    name = "ZERO WIDTH SPACE";
  else if (cp == 0x200C)
    name = "ZERO WIDTH NON-JOINER";
  else if (cp == 0x200D)
    name = "ZERO WIDTH JOINER";
  else if (cp == 0x200E || cp == 0x200F)
    name = base::tr("char.direction-mark");
  else if (cp == 0x2028)
    name = "LINE SEPARATOR";
  else if (cp == 0x2029)
    name = "PARAGRAPH SEPARATOR";
  else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
    name = base::tr("char.bidi-control");
  else if (cp >= 0x2060 && cp <= 0x2064)
    name = base::tr("char.invisible-operator");
  else if (cp == 0xFEFF)
    name = base::tr("char.byte-order-mark");
  else if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
    name = base::tr("char.noncharacter");
  return name.empty() ? std::string(buf) : std::string(buf) + " (" + name + ")";
}

std::optional<forbidden_kind> forbidden_reason(char32_t cp) {
  if (cp == '\t' || cp == '\n') return std::nullopt;
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return forbidden_kind::control;
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
    return forbidden_kind::noncharacter;
  if (cp >= 0xD800 && cp <= 0xDFFF) return forbidden_kind::surrogate;
  if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 ||
      (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
      (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
    return forbidden_kind::invisible;
  return std::nullopt;
}

std::string forbidden_text(forbidden_kind kind) {
  switch (kind) {
    case forbidden_kind::control:
      return base::tr("char.why.control");
    case forbidden_kind::noncharacter:
      return base::tr("char.why.noncharacter");
    case forbidden_kind::surrogate:
      return base::tr("char.why.surrogate");
    case forbidden_kind::invisible:
      return base::tr("char.why.invisible");
  }
  return {};
}

}  // namespace selfeval::data
