// Line breaking for cells and paragraphs: CJK text breaks between any two code points, subject
// to the Chinese line-breaking rules (禁则); runs of ASCII letters stay together, and a number
// with its comparator or sign, decimals, % or unit ("≥101.833万元", "99.64%", "16人") is never
// broken: the break goes before it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "layout/measure.h"

namespace selfeval::layout {

// Characters that must not begin a line: closing punctuation and marks (，。、；：？！）」』】％
// …).
bool cannot_start_line(char32_t c);
// Characters that must not end a line: opening brackets and quotes (（「『【“‘ …).
bool cannot_end_line(char32_t c);

// Wraps UTF-8 `text` set in `role` at `size` points into lines no wider than `width`.
// Every '\n' ends a paragraph (an empty paragraph keeps an empty line). A line is wider than
// `width` only when one number or code point alone is (widest_unbreakable tells by how much).
// Widths of pieces are assumed to add up (no kerning across CJK code points): the measure is
// asked once per token, not once per candidate line. With `hang`, the continuation lines of a
// paragraph start with its leading spaces (a hanging indent, "　　其中：…" / "　　…").
// keep_numbers = false is the last resort of a cell too narrow for a number even at a smaller
// size: numbers then break like words.
std::vector<std::string> wrap_text(const measure& m, font_role role, double size,
                                   std::string_view text, double width, bool hang = false,
                                   bool keep_numbers = true);

// Like wrap_text, but when the text needs several lines they are made even: the narrowest
// width giving the same number of lines ("服务对象/满意度/指标", not a lone last character).
// For centred labels and titles (GB/T 9704 balances multi-line titles).
std::vector<std::string> wrap_balanced(const measure& m, font_role role, double size,
                                       std::string_view text, double width, bool hang = false);

// Width of the widest piece wrap_text never breaks: a number with its unit, or a code point.
double widest_unbreakable(const measure& m, font_role role, double size, std::string_view text);

// One code point per line, for vertical labels such as 绩/效/指/标; '\n' and spaces are dropped.
// Brackets and punctuation take their vertical presentation forms (（ → ︵, ） → ︶, 、 → ︑).
std::vector<std::string> stack_text(std::string_view text);

}  // namespace selfeval::layout
