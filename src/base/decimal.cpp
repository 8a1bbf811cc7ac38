#include "base/decimal.h"

#include <cstdlib>
#include <limits>

namespace selfeval::base {
namespace {

using i128 = fraction::int_t;

i128 abs128(i128 v) {
  return v < 0 ? -v : v;
}

i128 gcd128(i128 a, i128 b) {
  a = abs128(a);
  b = abs128(b);
  while (b != 0) {
    const i128 t = a % b;
    a = b;
    b = t;
  }
  return a == 0 ? 1 : a;
}

i128 pow10(int n) {
  i128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// n/d rounded half away from zero to an integer; d > 0.
i128 round_div(i128 n, i128 d) {
  const i128 q = abs128(n) / d;
  const i128 r = abs128(n) % d;
  const i128 rounded = (2 * r >= d) ? q + 1 : q;
  return n < 0 ? -rounded : rounded;
}

std::string int_text(i128 v) {
  if (v == 0) return "0";
  std::string s;
  const bool neg = v < 0;
  i128 a = abs128(v);
  while (a > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(a % 10)));
    a /= 10;
  }
  if (neg) s.insert(s.begin(), '-');
  return s;
}

// Text of scaled / 10^decimals with exactly `decimals` places.
std::string scaled_text(i128 scaled, int decimals) {
  const bool neg = scaled < 0;
  const i128 a = abs128(scaled);
  const i128 p = pow10(decimals);
  std::string s = int_text(a / p);
  if (decimals > 0) {
    std::string frac = int_text(a % p);
    s += '.';
    s.append(static_cast<std::size_t>(decimals) - frac.size(), '0');
    s += frac;
  }
  return neg ? "-" + s : s;
}

}  // namespace

std::optional<decimal> decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool neg = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    neg = text[i] == '-';
    ++i;
  }
  i128 whole = 0;
  i128 frac = 0;
  int frac_digits = 0;
  int int_digits = 0;
  bool seen_point = false;
  char prev = '\0';
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (seen_point) {
        if (++frac_digits > places) return std::nullopt;
        frac = frac * 10 + (c - '0');
      } else {
        ++int_digits;
        whole = whole * 10 + (c - '0');
        if (whole > std::numeric_limits<std::int64_t>::max() / one) return std::nullopt;
      }
    } else if (c == '_' && prev >= '0' && prev <= '9' && i + 1 < text.size() &&
               text[i + 1] >= '0' && text[i + 1] <= '9') {
      // digit separator
    } else if (c == '.' && !seen_point && int_digits > 0) {
      seen_point = true;
    } else {
      return std::nullopt;
    }
    prev = c;
  }
  if (int_digits == 0 || (seen_point && frac_digits == 0)) return std::nullopt;
  i128 units = whole * one + frac * pow10(places - frac_digits);
  if (neg) units = -units;
  return decimal(static_cast<std::int64_t>(units));
}

int decimal::decimals_used() const {
  std::int64_t f = units_ % one;
  if (f < 0) f = -f;
  if (f == 0) return 0;
  int used = places;
  while (f % 10 == 0) {
    f /= 10;
    --used;
  }
  return used;
}

std::string decimal::fixed(int decimals) const {
  const i128 scaled = round_div(units_ * pow10(decimals), one);
  return scaled_text(scaled, decimals);
}

std::string decimal::plain() const {
  return fixed(decimals_used());
}

fraction::fraction(int_t num, int_t den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const int_t g = gcd128(num, den);
  num_ = num / g;
  den_ = den / g;
}

fraction operator+(const fraction& a, const fraction& b) {
  return fraction(a.num_ * b.den_ + b.num_ * a.den_, a.den_ * b.den_);
}
fraction operator-(const fraction& a, const fraction& b) {
  return fraction(a.num_ * b.den_ - b.num_ * a.den_, a.den_ * b.den_);
}
fraction operator*(const fraction& a, const fraction& b) {
  return fraction(a.num_ * b.num_, a.den_ * b.den_);
}
fraction operator/(const fraction& a, const fraction& b) {
  return fraction(a.num_ * b.den_, a.den_ * b.num_);
}
bool operator==(const fraction& a, const fraction& b) {
  return a.num_ == b.num_ && a.den_ == b.den_;
}
std::strong_ordering operator<=>(const fraction& a, const fraction& b) {
  const i128 l = a.num_ * b.den_;
  const i128 r = b.num_ * a.den_;
  if (l < r) return std::strong_ordering::less;
  if (l > r) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

std::int64_t fraction::round_to(int decimals) const {
  return static_cast<std::int64_t>(round_div(num_ * pow10(decimals), den_));
}

std::string fraction::fixed(int decimals) const {
  return scaled_text(round_div(num_ * pow10(decimals), den_), decimals);
}

decimal fraction::to_decimal() const {
  return decimal::from_units(round_to(decimal::places));
}

std::optional<fraction> divide(decimal num, decimal den) {
  if (den.is_zero()) return std::nullopt;
  return fraction(num.units(), den.units());
}

std::string percent_text(const fraction& ratio, int decimals) {
  return (ratio * fraction::of_int(100)).fixed(decimals) + "%";
}

}  // namespace selfeval::base
