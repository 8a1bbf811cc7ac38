#include "data/suggest.h"

#include <algorithm>

#include "base/messages.h"
#include "base/utf8.h"

namespace selfeval::data {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto x =
      base::find_invalid_utf8(a) ? std::vector<char32_t>(a.begin(), a.end()) : base::decode_utf8(a);
  const auto y =
      base::find_invalid_utf8(b) ? std::vector<char32_t>(b.begin(), b.end()) : base::decode_utf8(b);
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[y.size()];
}

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (!best || d < best_distance) {
      best = std::string(c);
      best_distance = d;
    }
  }
  if (!best) return std::nullopt;
  // One edit away is the likeliest slip, before any longer name that merely contains this one
  // ("xelf_name" is 'self_name', not 'name').
  if (best_distance <= 1) return best;
  // A shortened or lengthened name ("满意度" for "满意度指标") is a likely slip whatever its
  // length.
  for (std::string_view c : candidates) {
    if (name.size() >= 3 &&
        (c.find(name) != std::string_view::npos || name.find(c) != std::string_view::npos))
      return std::string(c);
  }
  // A third of the longer name (at least 1, at most 3 edits) still reads as a typo.
  const std::size_t len = std::max(base::decode_utf8(name).size(), base::decode_utf8(*best).size());
  const std::size_t allowed = std::clamp<std::size_t>(len / 3, 1, 3);
  if (best_distance > allowed) return std::nullopt;
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  if (auto best = closest_name(name, candidates))
    return base::tr("suggest.did-you-mean", {{"name", *best}});
  std::string names;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i > 0) names += ", ";
    names += candidates[i];
  }
  return base::tr("suggest.valid-here", {{"names", names}});
}

}  // namespace selfeval::data
