#include "data/format.h"

#include <cstdio>

namespace selfeval::data {

std::string money_text(decimal v) {
  return v.fixed(2);
}

std::string money_text(const quantity& v) {
  if (v.known()) return money_text(v.value());
  return v.is_unknown() ? std::string(unknown_mark) : std::string();
}

std::string money_text(const amount& v) {
  return money_text(quantity::from(v));
}

std::string count_text(const count& c) {
  if (c.given) return std::to_string(c.value);
  return c.unknown ? std::string(unknown_mark) : std::string();
}

std::string plain_text(const amount& v) {
  if (v.given) return v.value.plain();
  return v.unknown ? std::string(unknown_mark) : std::string();
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

std::string score_text(const std::optional<base::fraction>& v) {
  return v ? score_text(*v) : std::string(unknown_mark);
}

std::string date_text(const date& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

std::string iso_date_text(const date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace selfeval::data
