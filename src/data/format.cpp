#include "data/format.h"

namespace selfeval::data {

std::string money_text(decimal v) {
  return v.fixed(2);
}

std::string money_text(const std::optional<decimal>& v) {
  return v ? money_text(*v) : std::string();
}

std::string money_text(const amount& v) {
  return v.given ? money_text(v.value) : std::string();
}

std::string percent_text(const std::optional<base::fraction>& ratio) {
  return ratio ? base::percent_text(*ratio, 2) : std::string(base::not_applicable);
}

std::string score_text(const base::fraction& v) {
  std::string s = v.fixed(2);
  if (s.ends_with(".00")) s.resize(s.size() - 3);
  return s;
}

std::string score_text(decimal v) {
  return score_text(base::fraction::of(v));
}

std::string date_text(const date& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

}  // namespace selfeval::data
