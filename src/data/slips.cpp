#include "data/slips.h"

#include <array>
#include <cstdint>
#include <vector>

#include "base/utf8.h"

namespace selfeval::data {
namespace {

// Tables that are arrays of tables in the data file: their headers take double brackets.
constexpr std::array<std::string_view, 8> array_tables = {"projects",
                                                          "projects.items",
                                                          "overall.indicators",
                                                          "projects.evaluation.indicators",
                                                          "overall_report.sections",
                                                          "project_report.sections",
                                                          "overall_report.sections.parts",
                                                          "project_report.sections.parts"};

bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}
bool is_wide_digit(char32_t c) {
  return c >= U'０' && c <= U'９';
}

struct line_scanner {
  std::string_view file_name;
  base::diagnostics& diags;
  std::size_t found = 0;

  void report(std::uint32_t line, std::size_t column, const char* id, const base::msg& m) {
    ++found;
    diags.error(id, {std::string(file_name), line, static_cast<std::uint32_t>(column + 1)}, m);
  }
};

std::string narrow(const std::vector<char32_t>& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    char32_t c = cps[i];
    if (is_wide_digit(c)) c = c - U'０' + '0';
    if (c == U'．') c = '.';
    out += base::encode_utf8(c);
  }
  return out;
}

}  // namespace

std::size_t find_typing_slips(std::string_view source, const std::string& file,
                              base::diagnostics& diags) {
  line_scanner scan{file, diags};
  const std::vector<char32_t> cps = base::decode_utf8(source);
  std::uint32_t line = 1;
  std::size_t line_start = 0;  // index of the line's first code point
  std::u32string multi;        // the closing delimiter of an open multi-line string
  std::size_t i = 0;
  const std::size_t n = cps.size();
  auto at = [&](std::size_t k) { return k < n ? cps[k] : U'\0'; };
  auto starts = [&](std::size_t k, std::u32string_view s) {
    for (std::size_t j = 0; j < s.size(); ++j)
      if (at(k + j) != s[j]) return false;
    return true;
  };
  while (i < n) {
    const char32_t c = cps[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    const std::size_t col = i - line_start;
    if (!multi.empty()) {
      if (c == '\\' && multi == U"\"\"\"") {
        i += 2;
        continue;
      }
      if (starts(i, multi)) {
        i += 3;
        while (at(i) == multi[0]) ++i;
        multi.clear();
      } else {
        ++i;
      }
      continue;
    }
    if (c == '#') {
      while (i < n && cps[i] != '\n') ++i;
      continue;
    }
    if (starts(i, U"\"\"\"") || starts(i, U"'''")) {
      multi = std::u32string(3, c);
      i += 3;
      continue;
    }
    if (c == '"' || c == '\'') {
      ++i;
      while (i < n && cps[i] != c && cps[i] != '\n') i += (c == '"' && cps[i] == '\\') ? 2 : 1;
      ++i;
      continue;
    }
    // A table header: [projects.items] for the array of tables [[projects.items]].
    if (c == '[' && col == 0 && at(i + 1) != '[') {
      std::size_t j = i + 1;
      while (j < n && cps[j] != ']' && cps[j] != '\n') ++j;
      std::string name;
      for (std::size_t k = i + 1; k < j; ++k)
        if (cps[k] != ' ') name += base::encode_utf8(cps[k]);
      for (std::string_view t : array_tables)
        if (name == t)
          scan.report(line, col, "table-for-array", base::msg("table-for-array", {{"name", name}}));
      i = j;
      continue;
    }
    if (c == U'＝') {
      scan.report(line, col, "full-width-char", base::msg("full-width-char"));
    } else if (c == U'，' || c == U'：' || c == U'［' || c == U'］') {
      const char* half = c == U'，' ? "," : c == U'：' ? "=" : c == U'［' ? "[" : "]";
      scan.report(
          line, col, "full-width-char",
          base::msg("full-width-char.symbol", {{"typed", base::encode_utf8(c)}, {"half", half}}));
    } else if (c == U'“' || c == U'”' || c == U'‘' || c == U'’') {
      scan.report(line, col, "chinese-quote",
                  base::msg("chinese-quote", {{"typed", base::encode_utf8(c)}}));
      // The quoted words and the closing quote belong to this one slip.
      if (c == U'“' || c == U'‘') {
        const char32_t close = c == U'“' ? U'”' : U'’';
        std::size_t k = i + 1;
        while (k < n && cps[k] != close && cps[k] != '\n') ++k;
        if (k < n && cps[k] == close) i = k;
      }
    } else if (is_digit(c) || is_wide_digit(c)) {
      // A number token: digits, dots, commas; then what follows it on the line.
      std::size_t j = i;
      bool wide = false;
      // A comma belongs to the number only as a thousands separator: three digits follow it
      // (an array's comma is followed by a space or another value).
      auto thousands = [&](std::size_t k) {
        return cps[k] == ',' && is_digit(at(k + 1)) && is_digit(at(k + 2)) && is_digit(at(k + 3)) &&
               !is_digit(at(k + 4)) && k > i && is_digit(cps[k - 1]);
      };
      while (j < n && (is_digit(cps[j]) || is_wide_digit(cps[j]) || cps[j] == '.' ||
                       cps[j] == U'．' || thousands(j) || cps[j] == '_' || cps[j] == '-' ||
                       cps[j] == ':' || cps[j] == 'T' || cps[j] == 'Z' || cps[j] == '+')) {
        wide = wide || is_wide_digit(cps[j]) || cps[j] == U'．';
        ++j;
      }
      const std::string token = narrow(cps, i, j);
      std::size_t dots = 0, commas = 0;
      for (char ch : token) {
        dots += ch == '.';
        commas += ch == ',';
      }
      const bool before_key = [&] {  // "2023年 = …" is a key, not a value: leave it to TOML
        std::size_t k = j;
        while (k < n && cps[k] == ' ') ++k;
        return at(k) == '=';
      }();
      if (wide) {
        std::string typed;
        for (std::size_t k = i; k < j; ++k) typed += base::encode_utf8(cps[k]);
        scan.report(line, col, "full-width-char",
                    base::msg("full-width-char.digits", {{"typed", typed}, {"half", token}}));
      } else if (dots == 2 && commas == 0 && token.find('-') == std::string::npos && !before_key) {
        // 2025.4.25: a date typed with dots.
        const auto a = token.find('.'), b = token.rfind('.');
        std::string y = token.substr(0, a), m = token.substr(a + 1, b - a - 1),
                    d = token.substr(b + 1);
        if (m.size() == 1) m = "0" + m;
        if (d.size() == 1) d = "0" + d;
        scan.report(line, col, "dotted-date",
                    base::msg("dotted-date", {{"typed", token}, {"date", y + "-" + m + "-" + d}}));
      } else if (commas > 0 && dots <= 1 && !before_key) {
        std::string plain;
        for (char ch : token)
          if (ch != ',') plain += ch;
        scan.report(line, col, "thousands-separator",
                    base::msg("thousands-separator", {{"typed", token}, {"plain", plain}}));
      }
      // 228.36万元: a unit right after an amount.
      std::size_t k = j;
      while (k < n && cps[k] == ' ') ++k;
      std::u32string_view unit;
      for (std::u32string_view u : {U"万元", U"千元", U"万", U"元", U"人", U"%", U"％"})
        if (unit.empty() && starts(k, u)) unit = u;
      if (!unit.empty() && !before_key) {
        const bool percent = unit == U"%" || unit == U"％";
        std::string shown;
        for (char32_t u : unit) shown += base::encode_utf8(u);
        const base::args values{{"typed", token}, {"unit", shown}};
        scan.report(line, col, "number-with-unit",
                    percent ? base::msg("number-with-unit.percent", values)
                            : base::msg("number-with-unit", values));
      }
      i = j;
      continue;
    }
    ++i;
  }
  return scan.found;
}

}  // namespace selfeval::data
