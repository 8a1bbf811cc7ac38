#include "pdf/fonts.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "base/utf8.h"
#include "fixture.h"

using selfeval::layout::font_role;
namespace pdf = selfeval::pdf;
using pdf::test::shipped_fonts;

TEST(fonts, roles_sharing_a_file_share_a_face) {
  const auto& fonts = shipped_fonts();
  EXPECT_NE(&fonts.face(font_role::fangsong), &fonts.face(font_role::kai));  // a real 仿宋
  EXPECT_NE(&fonts.face(font_role::song), &fonts.face(font_role::hei));
  EXPECT_EQ(fonts.faces().size(), 5U);  // song, hei, kai, fangsong, song bold
}

TEST(fonts, shipped_fonts_cover_gb2312_and_the_document_symbols) {
  const auto& fonts = shipped_fonts();
  // The symbols budget documents use beyond plain hanzi.
  const std::string symbols =
      "①②③④⑤⑥⑦⑧⑨⑩≥≤％㎡“”‘’（）：—…·、〈〉《》【】〔〕×÷±——０１２ＡＢａｂ℃‰№";
  for (const font_role role :
       {font_role::song, font_role::hei, font_role::kai, font_role::xiaobiaosong}) {
    for (const char32_t cp : selfeval::base::decode_utf8(symbols)) {
      EXPECT_TRUE(fonts.has_glyph(role, cp))
          << pdf::role_key(role) << " lacks U+" << std::hex << static_cast<unsigned>(cp);
    }
  }
  EXPECT_FALSE(fonts.has_glyph(font_role::song, U'堃'));  // outside GB2312: not in the cut
}

TEST(fonts, shipped_fonts_cover_all_of_gb2312) {
  const auto& fonts = shipped_fonts();
  iconv_t cd = iconv_open("UTF-32LE", "GB2312");
  ASSERT_NE(cd, reinterpret_cast<iconv_t>(-1));
  int decoded = 0;
  for (unsigned row = 0xA1; row <= 0xF7; ++row) {
    for (unsigned col = 0xA1; col <= 0xFE; ++col) {
      char in[2] = {static_cast<char>(row), static_cast<char>(col)};
      char32_t cp = 0;
      char* in_p = in;
      char* out_p = reinterpret_cast<char*>(&cp);
      std::size_t in_left = 2, out_left = sizeof cp;
      if (iconv(cd, &in_p, &in_left, &out_p, &out_left) == static_cast<std::size_t>(-1)) continue;
      ++decoded;
      for (const font_role role :
           {font_role::song, font_role::hei, font_role::kai, font_role::xiaobiaosong}) {
        EXPECT_TRUE(fonts.has_glyph(role, cp))
            << pdf::role_key(role) << " lacks U+" << std::hex << static_cast<unsigned>(cp);
      }
    }
  }
  iconv_close(cd);
  EXPECT_GE(decoded, 7445);  // 682 symbols + 3755 + 3008 hanzi
}

TEST(fonts, example_data_files_are_covered) {
  // Every character of examples/*.toml must be drawable in every role.
  const auto& fonts = shipped_fonts();
  int files = 0;
  if (!std::filesystem::is_directory("examples")) GTEST_SKIP() << "no examples/";
  for (const auto& entry : std::filesystem::directory_iterator("examples")) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    const std::string text = pdf::test::slurp(entry.path());
    ASSERT_FALSE(selfeval::base::find_invalid_utf8(text).has_value()) << entry.path();
    for (const char32_t cp : selfeval::base::decode_utf8(text)) {
      if (cp < 0x20) continue;  // newlines, tabs of the TOML syntax
      for (const font_role role : {font_role::song, font_role::hei, font_role::fangsong,
                                   font_role::kai, font_role::xiaobiaosong}) {
        EXPECT_TRUE(fonts.has_glyph(role, cp))
            << entry.path() << ": " << pdf::role_key(role) << " lacks U+" << std::hex
            << static_cast<unsigned>(cp) << " " << selfeval::base::encode_utf8(cp);
      }
    }
  }
  if (files == 0) GTEST_SKIP() << "no examples/*.toml yet";
}

TEST(fonts, measure_uses_real_advances) {
  const pdf::font_measure measure(shipped_fonts());
  // Ideographs are one em wide in these fonts; Latin digits are proportional and narrower.
  EXPECT_DOUBLE_EQ(measure.width(font_role::song, 10.5, "部门整体"), 42.0);
  const double digits = measure.width(font_role::song, 10, "420.50");
  EXPECT_GT(digits, 15.0);
  EXPECT_LT(digits, 40.0);
  EXPECT_NE(measure.width(font_role::hei, 10, "420.50"), digits);  // a different font
  EXPECT_DOUBLE_EQ(measure.width(font_role::song, 12, ""), 0.0);
}

TEST(fonts, cff_fonts_are_refused_with_a_clear_error) {
  const std::string otc = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
  if (!std::filesystem::exists(otc)) GTEST_SKIP() << "fonts-noto-cjk is not installed";
  selfeval::data::settings s;
  for (auto* f :
       {&s.fonts.song, &s.fonts.hei, &s.fonts.fangsong, &s.fonts.kai, &s.fonts.xiaobiaosong}) {
    f->path = otc;
    f->index = 2;
    f->where = {"config/fonts.toml", 3, 8};
  }
  try {
    pdf::load_fonts(s);
    FAIL() << "a CFF font loaded";
  } catch (const selfeval::base::environment_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("config/fonts.toml:3:8"), std::string::npos) << what;
    EXPECT_NE(what.find("CFF"), std::string::npos) << what;
  }
  s.fonts.song.index = 9;  // out of range for a 5-face collection
  try {
    pdf::load_fonts(s);
    FAIL() << "index 9 loaded";
  } catch (const selfeval::base::environment_error& e) {
    EXPECT_NE(std::string(e.what()).find("faces"), std::string::npos) << e.what();
  }
}
