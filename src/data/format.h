// Display text of figures, shared by the PDF tables and the DOCX reports so both print the
// same string for the same figure. Rounding (half away from zero) happens only here.
#pragma once

#include <optional>
#include <string>

#include "base/decimal.h"
#include "data/model.h"
#include "data/quantity.h"

namespace selfeval::data {

// Money in 万元 with 2 decimals: 420.5 -> "420.50".
std::string money_text(decimal v);
// Blank when blank (a cell the user left empty), "——" when not known.
std::string money_text(const quantity& v);
std::string money_text(const amount& v);
// A head count; blank when not typed, "——" when typed "——".
std::string count_text(const count& c);
// A measured value such as an area (㎡): as typed (shortest exact text); blank or "——".
std::string plain_text(const amount& v);
// A ratio as a percent with 2 decimals, or "——" when undefined (zero denominator).
std::string percent_text(const std::optional<base::fraction>& ratio);
// A score with 2 decimals, dropping ".00" when whole: 9.9643 -> "9.96", 90 -> "90".
std::string score_text(const base::fraction& v);
std::string score_text(decimal v);
// "——" when the score is not known.
std::string score_text(const std::optional<base::fraction>& v);
// "2024年5月8日" (no zero padding, Arabic numerals: GB/T 9704).
std::string date_text(const date& d);
// "2024-05-08" (ISO 8601, as TOML writes a date and manifests and document properties store it).
std::string iso_date_text(const date& d);

}  // namespace selfeval::data
