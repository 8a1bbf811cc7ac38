#include "pdf/fonts.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>

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
        // Every glyph of a sound font draws (no false alarm from the damaged-glyph check).
        EXPECT_TRUE(fonts.draws(role, cp)) << pdf::role_key(role) << " draws nothing for U+"
                                           << std::hex << static_cast<unsigned>(cp);
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
  for (auto* f = s.fonts.files.begin(); f != s.fonts.files.end(); ++f) {
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
  s.fonts[selfeval::data::font_role::song].index = 9;  // out of range for a 5-face collection
  try {
    pdf::load_fonts(s);
    FAIL() << "index 9 loaded";
  } catch (const selfeval::base::environment_error& e) {
    EXPECT_NE(std::string(e.what()).find("只有 5 个字体"), std::string::npos) << e.what();
  }
}

namespace {

namespace fs = std::filesystem;

// A copy of the shipped 宋体 font damaged by `damage`, in a fresh temporary folder.
fs::path damaged_song(const std::string& name, const std::function<void(std::string&)>& damage) {
  std::ifstream in("fonts/SelfevalSong-Regular.ttf", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  damage(bytes);
  const fs::path dir = fs::temp_directory_path() / ("selfeval-fonts-test-" + name);
  fs::create_directories(dir);
  const fs::path path = dir / "song.ttf";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

selfeval::data::settings every_role_in(const fs::path& font) {
  selfeval::data::settings s;
  for (auto* f = s.fonts.files.begin(); f != s.fonts.files.end(); ++f) {
    f->path = font.string();
    f->index = -1;
    f->where = {"config/fonts.toml", 17, 8};
  }
  return s;
}

// The message load_fonts throws for `font`, or "" when it loads.
std::string load_error(const fs::path& font) {
  try {
    pdf::load_fonts(every_role_in(font));
  } catch (const selfeval::base::environment_error& e) {
    return e.what();
  }
  return "";
}

std::uint32_t be32_at(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

void put_be32(std::string& b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (24 - 8 * i));
}

// Offset in the file of table `tag`'s directory record (the font is a single .ttf).
std::size_t record_of(const std::string& b, const char* tag) {
  const std::size_t tables =
      (static_cast<unsigned char>(b[4]) << 8) | static_cast<unsigned char>(b[5]);
  for (std::size_t t = 0; t < tables; ++t) {
    if (b.compare(12 + 16 * t, 4, tag) == 0) return 12 + 16 * t;
  }
  throw std::runtime_error(std::string("no table ") + tag);
}

// Every hanzi of GB2312 level 1 (U+4E00–U+9FA5 that the font has), as one text item per 100
// characters in the 宋体 role: a document that draws most of the font's glyphs.
selfeval::layout::document many_characters(const pdf::font_set& fonts) {
  selfeval::layout::document doc;
  doc.pages.emplace_back();
  std::string line;
  int in_line = 0;
  for (char32_t cp = 0x4E00; cp <= 0x9FA5; ++cp) {
    if (!fonts.has_glyph(font_role::song, cp)) continue;
    line += selfeval::base::encode_utf8(cp);
    if (++in_line == 100) {
      selfeval::layout::text_item t;
      t.text = line;
      doc.pages[0].items.emplace_back(t);
      line.clear();
      in_line = 0;
    }
  }
  return doc;
}

}  // namespace

TEST(fonts, a_truncated_font_is_refused_as_truncated_not_as_cff) {
  const fs::path font = damaged_song("truncated", [](std::string& b) { b.resize(20 * 1024); });
  const std::string what = load_error(font);
  EXPECT_NE(what.find("config/fonts.toml:17:8"), std::string::npos) << what;
  EXPECT_NE(what.find("已损坏或不完整"), std::string::npos) << what;
  EXPECT_NE(what.find("超出文件末尾"), std::string::npos) << what;
  EXPECT_EQ(what.find("CFF"), std::string::npos) << what;
}

TEST(fonts, bogus_table_offsets_are_refused_with_the_table_named) {
  const fs::path font = damaged_song("offsets", [](std::string& b) {
    put_be32(b, record_of(b, "glyf") + 8, 0x7FFFFFF0);  // glyf's offset far beyond the file
  });
  const std::string what = load_error(font);
  EXPECT_NE(what.find("config/fonts.toml:17:8"), std::string::npos) << what;
  EXPECT_NE(what.find("表 'glyf'"), std::string::npos) << what;
  EXPECT_EQ(what.find("CFF"), std::string::npos) << what;
}

TEST(fonts, a_font_without_a_needed_table_is_refused_naming_it) {
  const fs::path font = damaged_song("no-hmtx", [](std::string& b) {
    b.replace(record_of(b, "hmtx"), 4, "xxxx");  // the table is still there, under another tag
  });
  const std::string what = load_error(font);
  EXPECT_NE(what.find("缺少 PDF 嵌入 TrueType 字体所需的表 'hmtx'"), std::string::npos) << what;
}

TEST(fonts, a_loca_pointing_past_glyf_is_refused) {
  const fs::path font = damaged_song("short-glyf", [](std::string& b) {
    const std::size_t glyf = record_of(b, "glyf");
    put_be32(b, glyf + 12, be32_at(b, glyf + 12) / 2);  // glyf claims half its length
  });
  const std::string what = load_error(font);
  EXPECT_NE(what.find("'loca' 表指向 'glyf' 表末尾之后"), std::string::npos) << what;
}

// Finding C05: 200 KB in the middle of the font overwritten gave PDFs with blank characters and
// exit 0. The table directory is intact, so the font loads; every character whose outline was
// hit must be reported, whatever the overwriting bytes were.
TEST(fonts, glyphs_damaged_in_the_middle_of_glyf_are_reported_not_drawn_blank) {
  for (const int fill : {0, 0x5a, -1}) {  // zeros, one byte repeated, pseudo-random bytes
    const fs::path font = damaged_song("c05-" + std::to_string(fill), [fill](std::string& b) {
      std::mt19937 random(13);
      const std::size_t middle = b.size() / 2;
      for (std::size_t i = middle - 100 * 1024; i < middle + 100 * 1024; ++i) {
        b[i] = static_cast<char>(fill >= 0 ? fill : static_cast<int>(random() & 0xff));
      }
    });
    const pdf::font_set fonts = pdf::load_fonts(every_role_in(font));
    const auto missing = pdf::check_coverage(many_characters(fonts), fonts);
    std::size_t blank = 0;
    for (const auto& m : missing) {
      if (m.why == pdf::missing_glyph::reason::blank_glyph) ++blank;
    }
    // 200 KB of a 2.6 MB font holding ~7,000 glyphs: several hundred glyphs.
    EXPECT_GT(blank, 200U) << "fill " << fill;
    ASSERT_FALSE(missing.empty());
    EXPECT_NE(pdf::describe(missing.front()).find("为空或已损坏"), std::string::npos)
        << pdf::describe(missing.front());
  }
}

TEST(fonts, sound_fonts_report_no_blank_glyph_for_the_same_document) {
  const auto& fonts = shipped_fonts();
  EXPECT_TRUE(pdf::check_coverage(many_characters(fonts), fonts).empty());
}
