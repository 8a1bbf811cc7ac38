// The image decoder (pdf/image.h): every malformed PNG of the hostile corpus is a problem with an
// id, never an abort; good PNGs of every colour type come out as plain 8-bit pixels.
#include "pdf/image.h"

#include <gtest/gtest.h>

#include <string>

#include "fixture.h"

namespace pdf = selfeval::pdf;
using pdf::test::slurp;

namespace {

const std::string images = "tests/fixtures/hostile/images/";

std::string problem_id(const std::string& bytes, const pdf::image_limits& limits = {}) {
  const auto result = pdf::validate_image(bytes, limits);
  if (const auto* p = std::get_if<pdf::image_problem>(&result)) return p->id;
  return "ok";
}

TEST(image, malformed_pngs_are_problems_not_aborts) {
  // P2-P5, P7 of the findings: each made libharu abort (P7 with a double free).
  EXPECT_EQ(problem_id(slurp(images + "p2-magic-only.png")), "image-damaged");
  EXPECT_EQ(problem_id(slurp(images + "p3-truncated.png")), "image-damaged");
  EXPECT_EQ(problem_id(slurp(images + "p4-forged-ihdr.png")), "image-dimensions");
  EXPECT_EQ(problem_id(slurp(images + "p5-bad-ihdr.png")), "image-damaged");
  EXPECT_EQ(problem_id(""), "image-not-png");
  EXPECT_EQ(problem_id("GIF89a"), "image-not-png");
}

TEST(image, problems_explain_themselves) {
  const auto result = pdf::validate_image(slurp(images + "p4-forged-ihdr.png"));
  const auto& p = std::get<pdf::image_problem>(result);
  EXPECT_NE(p.message.find("60000 × 60000"), std::string::npos) << p.message;
  EXPECT_NE(p.message.find("4000 × 4000"), std::string::npos) << p.message;
  EXPECT_FALSE(p.hint.empty());
}

TEST(image, interlaced_16_bit_is_normalised_to_8_bit) {
  const auto result = pdf::validate_image(slurp(images + "p7-interlaced16.png"));
  ASSERT_TRUE(std::holds_alternative<pdf::normalised_image>(result));
  const auto& image = std::get<pdf::normalised_image>(result);
  EXPECT_EQ(image.width, 4U);
  EXPECT_EQ(image.height, 4U);
  EXPECT_EQ(image.channels, 3U);
  EXPECT_EQ(image.pixels.size(), 4U * 4U * 3U);
  EXPECT_EQ(image.alpha, std::string(16, '\xff'));  // opaque alpha samples 0xffff
}

TEST(image, opaque_rgb_has_no_soft_mask) {
  const auto result = pdf::validate_image(slurp(images + "ok-4x4.png"));
  const auto& image = std::get<pdf::normalised_image>(result);
  EXPECT_EQ(image.channels, 3U);
  EXPECT_TRUE(image.alpha.empty());
  EXPECT_EQ(image.pixels.substr(0, 3), "\x80\x20\x20");
}

TEST(image, limits_are_settings) {
  const std::string ok = slurp(images + "ok-4x4.png");
  EXPECT_EQ(problem_id(ok), "ok");
  pdf::image_limits small;
  small.max_width = 3;
  EXPECT_EQ(problem_id(ok, small), "image-dimensions");
  small = {};
  small.max_bytes = ok.size() - 1;
  EXPECT_EQ(problem_id(ok, small), "image-too-large");
  EXPECT_EQ(pdf::default_image_limits.max_bytes, 5U << 20);
  EXPECT_EQ(pdf::default_image_limits.max_width, 4000U);
}

TEST(image, every_cut_of_a_good_png_is_refused_until_its_image_data_is_whole) {
  const std::string ok = slurp(images + "p7-interlaced16.png");
  const std::size_t image_data_end = ok.find("IEND") - 4;  // libpng does not need IEND itself
  for (std::size_t n = 0; n < ok.size(); ++n) {
    const std::string id = problem_id(ok.substr(0, n));
    if (n < image_data_end) {
      EXPECT_EQ(id, n < 8 ? "image-not-png" : "image-damaged") << n;
    } else {
      EXPECT_EQ(id, "ok") << n;
    }
  }
}

}  // namespace
