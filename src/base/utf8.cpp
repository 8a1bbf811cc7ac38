#include "base/utf8.h"

#include <utf8.h>

namespace selfeval::base {

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto it = utf8::find_invalid(text.begin(), text.end());
  if (it == text.end()) return std::nullopt;
  return static_cast<std::size_t>(it - text.begin());
}

std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  utf8::unchecked::utf8to32(text.begin(), text.end(), std::back_inserter(out));
  return out;
}

std::string encode_utf8(char32_t cp) {
  std::string out;
  utf8::unchecked::append(static_cast<utf8::uint32_t>(cp), std::back_inserter(out));
  return out;
}

std::string encode_utf8(const std::vector<char32_t>& cps) {
  std::string out;
  for (char32_t cp : cps)
    utf8::unchecked::append(static_cast<utf8::uint32_t>(cp), std::back_inserter(out));
  return out;
}

line_col line_col_at(std::string_view text, std::size_t byte_offset) {
  line_col lc;
  if (byte_offset > text.size()) byte_offset = text.size();
  for (std::size_t i = 0; i < byte_offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lc.line;
      lc.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++lc.column;  // count lead bytes only: columns are code points
    }
  }
  return lc;
}

std::vector<std::string> split_paragraphs(std::string_view text) {
  static constexpr std::string_view ideographic_space = "\u3000";
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    bool trimmed = true;
    while (trimmed) {
      trimmed = false;
      while (!line.empty() &&
             (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) {
        line.remove_prefix(1);
        trimmed = true;
      }
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
        line.remove_suffix(1);
        trimmed = true;
      }
      if (line.starts_with(ideographic_space)) {
        line.remove_prefix(ideographic_space.size());
        trimmed = true;
      }
      if (line.ends_with(ideographic_space)) {
        line.remove_suffix(ideographic_space.size());
        trimmed = true;
      }
    }
    if (!line.empty()) out.emplace_back(line);
    start = end + 1;
  }
  return out;
}

namespace {
template <class Parts>
std::string join_parts(const Parts& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}
}  // namespace

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  return join_parts(parts, separator);
}
std::string join(const std::vector<std::string_view>& parts, std::string_view separator) {
  return join_parts(parts, separator);
}

std::size_t terminal_columns(std::string_view text) {
  std::size_t w = 0;
  for (const char32_t cp : decode_utf8(text)) w += cp >= 0x1100 ? 2 : 1;
  return w;
}

}  // namespace selfeval::base
