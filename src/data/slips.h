// Typing slips from a Chinese input method or an Excel paste, found before TOML parsing so each
// is reported at its own place with the fix, all at once, instead of the parser's first generic
// error: full-width ＝ ， ： and digits, Chinese quotes around a value, a unit after an amount
// (228.36万元), thousands separators (2,283,600), dotted dates (2025.4.25), and [projects.items]
// written for the array of tables [[projects.items]].
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace selfeval::data {

// Appends one diagnostic per slip found outside strings and comments; returns how many.
std::size_t find_typing_slips(std::string_view source, const std::string& file,
                              base::diagnostics& diags);

}  // namespace selfeval::data
