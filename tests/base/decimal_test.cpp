#include "base/decimal.h"

#include <gtest/gtest.h>

using selfeval::base::decimal;
using selfeval::base::divide;
using selfeval::base::fraction;
using selfeval::base::percent_text;

TEST(Decimal, ParsesUpToFourPlaces) {
  EXPECT_EQ(decimal::parse("420.5")->units(), 4205000);
  EXPECT_EQ(decimal::parse("101.833")->decimals_used(), 3);
  EXPECT_EQ(decimal::parse("-3")->units(), -30000);
  EXPECT_EQ(decimal::parse("1_000.25")->units(), 10002500);
  EXPECT_EQ(decimal::parse("0.0001")->units(), 1);
}

TEST(Decimal, RejectsWhatIsNotAPlainDecimal) {
  for (const char* bad : {"", "-", ".5", "5.", "1.23456", "1e3", "12a", "1__0", "_1", "1 0",
                          "99999999999999999999"}) {
    EXPECT_FALSE(decimal::parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, FixedRoundsHalfAwayFromZero) {
  EXPECT_EQ(decimal::parse("420.5")->fixed(2), "420.50");
  EXPECT_EQ(decimal::parse("0.125")->fixed(2), "0.13");
  EXPECT_EQ(decimal::parse("-0.125")->fixed(2), "-0.13");
  EXPECT_EQ(decimal::parse("0.1249")->fixed(2), "0.12");
  EXPECT_EQ(decimal::parse("419")->fixed(2), "419.00");
  EXPECT_EQ(decimal::parse("101.8330")->plain(), "101.833");
}

TEST(Decimal, SumsAreExact) {
  // 0.1 + 0.2 in binary floating point is not 0.3; here it is.
  EXPECT_EQ(*decimal::parse("0.1") + *decimal::parse("0.2"), *decimal::parse("0.3"));
  EXPECT_EQ((*decimal::parse("373.59") + *decimal::parse("46.91")).fixed(2), "420.50");
}

TEST(Fraction, ExecutionRateOfTheYuanjiangExample) {
  const auto rate = divide(*decimal::parse("419"), *decimal::parse("420.5"));
  ASSERT_TRUE(rate.has_value());
  EXPECT_EQ(percent_text(*rate), "99.64%");
  EXPECT_EQ((fraction::of_int(10) * *rate).fixed(2), "9.96");
  EXPECT_EQ(percent_text(*divide(*decimal::parse("16"), *decimal::parse("14"))), "114.29%");
  EXPECT_EQ(percent_text(*divide(*decimal::parse("145"), *decimal::parse("184"))), "78.80%");
}

TEST(Fraction, ZeroDenominatorIsNoRatio) {
  EXPECT_FALSE(divide(*decimal::parse("0"), *decimal::parse("0")).has_value());
}

TEST(Fraction, ArithmeticAndOrdering) {
  const fraction a(1, 3);
  const fraction b(1, 6);
  EXPECT_EQ(a + b, fraction(1, 2));
  EXPECT_EQ(a - b, fraction(1, 6));
  EXPECT_EQ(a * b, fraction(1, 18));
  EXPECT_EQ(a / b, fraction(2, 1));
  EXPECT_LT(b, a);
  EXPECT_EQ(fraction(2, -4), fraction(-1, 2));
  EXPECT_EQ(fraction(2, 3).round_to(2), 67);
  EXPECT_EQ(fraction(-1, 8).fixed(2), "-0.13");
}
