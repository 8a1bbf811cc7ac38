// Exact numbers for money and scores: no binary floating point behind any printed figure.
//
// `decimal` is a fixed-point value with 4 places (万元 to the yuan); `fraction` is an exact
// rational for ratios, shares and computed scores. Rounding happens only when text is made,
// half away from zero (四舍五入).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace selfeval::base {

class decimal {
 public:
  static constexpr int places = 4;
  static constexpr std::int64_t one = 10000;  // units per whole number

  constexpr decimal() = default;
  static constexpr decimal from_units(std::int64_t units) { return decimal(units); }
  static constexpr decimal from_int(std::int64_t whole) { return decimal(whole * one); }

  // Parses plain decimal text: optional sign, digits, optional '.', at most `places` decimals.
  // Underscores between digits are accepted (TOML style). No exponents, no spaces.
  // Returns nullopt for anything else, including more than 4 decimals or overflow.
  static std::optional<decimal> parse(std::string_view text);

  constexpr std::int64_t units() const { return units_; }
  constexpr bool is_zero() const { return units_ == 0; }
  constexpr bool is_negative() const { return units_ < 0; }
  // Number of decimals actually used (0 to 4), e.g. 101.833 -> 3.
  int decimals_used() const;

  // Fixed number of decimals, rounded half away from zero: decimal(420.5).fixed(2) == "420.50".
  std::string fixed(int decimals) const;
  // Shortest exact text: 420.5000 -> "420.5", 419 -> "419".
  std::string plain() const;

  friend constexpr decimal operator+(decimal a, decimal b) { return decimal(a.units_ + b.units_); }
  friend constexpr decimal operator-(decimal a, decimal b) { return decimal(a.units_ - b.units_); }
  constexpr decimal& operator+=(decimal b) {
    units_ += b.units_;
    return *this;
  }
  constexpr decimal& operator-=(decimal b) {
    units_ -= b.units_;
    return *this;
  }
  friend constexpr auto operator<=>(decimal, decimal) = default;

 private:
  constexpr explicit decimal(std::int64_t units) : units_(units) {}
  std::int64_t units_ = 0;
};

// An exact rational number n/d with d > 0, kept reduced. Used for every computed ratio.
class fraction {
 public:
  __extension__ typedef __int128 int_t;  // products of two int64 amounts never overflow

  constexpr fraction() = default;
  fraction(int_t num, int_t den);  // den != 0; sign moved to the numerator
  static fraction of(decimal d) { return fraction(d.units(), decimal::one); }
  static fraction of_int(std::int64_t n) { return fraction(n, 1); }

  int_t num() const { return num_; }
  int_t den() const { return den_; }

  friend fraction operator+(const fraction& a, const fraction& b);
  friend fraction operator-(const fraction& a, const fraction& b);
  friend fraction operator*(const fraction& a, const fraction& b);
  // b must not be zero.
  friend fraction operator/(const fraction& a, const fraction& b);
  friend bool operator==(const fraction& a, const fraction& b);
  friend std::strong_ordering operator<=>(const fraction& a, const fraction& b);

  bool is_zero() const { return num_ == 0; }

  // Scaled and rounded half away from zero: round_to(2) of 2/3 is 67 (i.e. 0.67).
  std::int64_t round_to(int decimals) const;
  // Fixed decimals, rounded: fraction(419, 420.5).fixed(4) == "0.9964".
  std::string fixed(int decimals) const;
  // Rounded to 4 places as a decimal (for comparing with typed values).
  decimal to_decimal() const;

 private:
  int_t num_ = 0;
  int_t den_ = 1;
};

// Divides, or nullopt when the denominator is zero (the table then shows "——").
std::optional<fraction> divide(decimal num, decimal den);

// "99.64%" from a ratio 0.99642…; decimals is the number of places in the percent.
std::string percent_text(const fraction& ratio, int decimals = 2);

// The mark printed where a figure is not applicable or undefined (two U+2014).
inline constexpr std::string_view not_applicable = "——";

}  // namespace selfeval::base
