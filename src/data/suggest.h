// "Did you mean …?" for unknown names: the closest candidate by edit distance over code points.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace selfeval::data {

// Levenshtein distance counted in code points (so one CJK character is one edit).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates);

// A hint in the current language: "是否应为“x”？" / "did you mean 'x'?", or the list of the
// valid names when nothing is close. Callers pass it as an argument of their own message.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace selfeval::data
