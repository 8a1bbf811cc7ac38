// A computed amount that may not be known. A figure built from a part typed "——" is unknown and
// prints "——"; a figure none of whose parts were typed is blank (the form's cell stays empty).
// Never is an unknown or blank figure replaced by 0.
#pragma once

#include <optional>

#include "base/decimal.h"
#include "data/model.h"

namespace selfeval::data {

class quantity {
 public:
  enum class state : unsigned char { blank, unknown, known };

  constexpr quantity() = default;  // blank
  static constexpr quantity of(decimal v) { return quantity(state::known, v); }
  static constexpr quantity unknown() { return quantity(state::unknown, {}); }
  // A typed amount: its value, unknown when typed "——", blank when not typed.
  static quantity from(const amount& a) {
    if (a.given) return of(a.value);
    return a.unknown ? unknown() : quantity();
  }
  // Like from(), but a required input that is missing counts as unknown rather than blank.
  static quantity required(const amount& a) { return a.given ? of(a.value) : unknown(); }

  constexpr bool known() const { return state_ == state::known; }
  constexpr bool is_unknown() const { return state_ == state::unknown; }
  constexpr bool is_blank() const { return state_ == state::blank; }
  // The value; zero unless known (callers test known() first).
  constexpr decimal value() const { return value_; }
  std::optional<decimal> get() const {
    return known() ? std::optional<decimal>(value_) : std::nullopt;
  }

  // Sums skip blank parts; a sum with an unknown part is unknown; all parts blank: blank.
  constexpr quantity& operator+=(const quantity& o) {
    if (o.is_blank()) return *this;
    if (is_unknown() || o.is_unknown()) {
      *this = unknown();
      return *this;
    }
    value_ += o.value_;
    state_ = state::known;
    return *this;
  }
  friend constexpr quantity operator+(quantity a, const quantity& b) { return a += b; }
  // A difference needs both sides: anything else is unknown.
  friend constexpr quantity operator-(const quantity& a, const quantity& b) {
    if (a.known() && b.known()) return of(a.value_ - b.value_);
    return unknown();
  }
  friend constexpr bool operator==(const quantity&, const quantity&) = default;

 private:
  constexpr quantity(state s, decimal v) : state_(s), value_(v) {}
  state state_ = state::blank;
  decimal value_{};
};

}  // namespace selfeval::data
