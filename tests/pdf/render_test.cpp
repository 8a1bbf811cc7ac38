#include "pdf/render.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "base/error.h"
#include "base/messages.h"
#include "data/settings.h"
#include "fixture.h"

namespace fs = std::filesystem;
namespace layout = selfeval::layout;
namespace pdf = selfeval::pdf;
using layout::font_role;
using pdf::test::run;
using pdf::test::scratch_dir;
using pdf::test::seal_png;
using pdf::test::shipped_fonts;

namespace {

layout::text_item text(double x, double y, font_role role, double size, std::string s) {
  layout::text_item t;
  t.x = x;
  t.y = y;
  t.role = role;
  t.size = size;
  t.text = std::move(s);
  return t;
}

// Two pages: a small ruled table with shading and a seal on page 1, report prose on page 2.
layout::document sample() {
  layout::document d;
  d.title = "部门整体支出绩效自评表";
  d.author = "沅江市总工会";
  d.subject = "2023年度绩效自评";
  d.year = 2024;
  d.month = 5;
  d.day = 8;
  layout::page p1;
  p1.items.push_back(text(56, 780, font_role::hei, 16, "附件2"));
  p1.items.push_back(text(140, 740, font_role::xiaobiaosong, 22, "部门整体支出绩效自评表"));
  p1.items.push_back(layout::rect_item{56, 680, 480, 24, 0.85});
  const double xs[] = {56, 216, 376, 536};
  const double ys[] = {704, 680, 656, 632};
  for (const double y : ys) p1.items.push_back(layout::line_item{56, y, 536, y, 0.5});
  for (const double x : xs) p1.items.push_back(layout::line_item{x, 632, x, 704, 0.5});
  p1.items.push_back(text(60, 688, font_role::hei, 10.5, "年初预算数"));
  p1.items.push_back(text(220, 688, font_role::hei, 10.5, "执行率"));
  p1.items.push_back(text(380, 688, font_role::hei, 10.5, "评价等级"));
  p1.items.push_back(text(60, 664, font_role::song, 10.5, "420.50"));
  p1.items.push_back(text(220, 664, font_role::song, 10.5, "99.64%"));
  p1.items.push_back(text(380, 664, font_role::song, 10.5, "优（≥90分）"));
  p1.items.push_back(text(60, 640, font_role::song, 10.5, "①②③ ㎡ “满意度”"));
  p1.items.push_back(text(220, 640, font_role::song, 10.5, "——"));
  p1.items.push_back(text(380, 640, font_role::song, 10.5, "Abc 123"));
  p1.items.push_back(text(56, 600, font_role::fangsong, 12,
                          "填表人：张三 填表日期：2024年5月8日 联系电话：0737-1234567"));
  p1.items.push_back(layout::image_item{400, 560, 60, 60, "seal"});
  d.pages.push_back(p1);
  layout::page p2;
  p2.items.push_back(text(72, 760, font_role::kai, 16, "（一）预算执行情况"));
  p2.items.push_back(
      text(72, 730, font_role::fangsong, 16, "一是加强预算管理；二是规范资金使用。"));
  p2.items.push_back(layout::image_item{400, 600, 60, 60, "seal"});  // same image, loaded once
  d.pages.push_back(p2);
  return d;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\f')) line.pop_back();
    while (!line.empty() && line.front() == '\f') line.erase(0, 1);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace

TEST(render, sample_document_is_a_clean_pdf) {
  const layout::document d = sample();
  ASSERT_TRUE(pdf::check_coverage(d, shipped_fonts()).empty());
  const std::string bytes = pdf::render_pdf(d, shipped_fonts(), {{"seal", seal_png}});
  ASSERT_EQ(bytes.rfind("%PDF-", 0), 0U);
  EXPECT_LT(bytes.size(), 60'000U);  // fonts are cut to the characters used

  scratch_dir dir("selfeval-pdf", "sample");
  const fs::path file = dir.write("sample.pdf", bytes);
  const std::string f = "'" + file.string() + "'";

  const auto check = run("qpdf --check " + f, dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("No syntax or stream encoding errors found"), std::string::npos)
      << check.out;
  EXPECT_EQ(check.err, "");

  // Every font embedded and subset: one per distinct face used (宋 regular, 黑, 楷, 仿宋, 宋 bold).
  const auto fonts = run("pdffonts " + f, dir.path());
  EXPECT_EQ(fonts.err, "");
  const auto font_lines = lines(fonts.out);
  ASSERT_EQ(font_lines.size(), 2U + 5U) << fonts.out;
  for (std::size_t i = 2; i < font_lines.size(); ++i) {
    std::istringstream row(font_lines[i]);
    std::string name, type1, type2, encoding, emb, sub, uni;
    row >> name >> type1 >> type2 >> encoding >> emb >> sub >> uni;
    EXPECT_EQ(type1 + " " + type2, "CID TrueType") << font_lines[i];
    EXPECT_EQ(emb, "yes") << font_lines[i];
    EXPECT_EQ(sub, "yes") << font_lines[i];
    EXPECT_EQ(uni, "yes") << font_lines[i];
    EXPECT_EQ(name.find("Noto"), std::string::npos);
  }

  // Text comes back exactly, item by item, and poppler has nothing to complain about.
  const auto text = run("pdftotext -raw -enc UTF-8 " + f + " -", dir.path());
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(text.err, "");
  // pdftotext -raw prints items in drawing order and joins those on one baseline with a space.
  std::string want;
  for (const auto& page : d.pages) {
    double last_y = -1;
    for (const auto& item : page.items) {
      const auto* t = std::get_if<layout::text_item>(&item);
      if (t == nullptr) continue;
      if (!want.empty()) want += t->y == last_y ? " " : "\n";
      want += t->text;
      last_y = t->y;
    }
  }
  std::string got;
  for (const auto& line : lines(text.out)) got += (got.empty() ? "" : "\n") + line;
  EXPECT_EQ(got, want);

  const auto info = run("pdfinfo " + f, dir.path());
  const auto field = [&](const std::string& key) {
    for (const auto& line : lines(info.out)) {
      if (line.rfind(key + ":", 0) != 0) continue;
      const auto value = line.find_first_not_of(' ', key.size() + 1);
      return value == std::string::npos ? std::string() : line.substr(value);
    }
    return std::string("(absent)");
  };
  EXPECT_EQ(field("Title"), "部门整体支出绩效自评表");
  EXPECT_EQ(field("Author"), "沅江市总工会");
  EXPECT_EQ(field("Subject"), "2023年度绩效自评");
  EXPECT_EQ(field("Pages"), "2");
  EXPECT_EQ(field("PDF version"), "1.4");  // the seal's soft mask
  EXPECT_NE(field("CreationDate").find("May  8"), std::string::npos) << field("CreationDate");

  // The seal is drawn on both pages but stored once: every row names the same object.
  const auto images = run("pdfimages -list " + f, dir.path());
  const auto image_lines = lines(images.out);
  ASSERT_EQ(image_lines.size(), 2U + 4U) << images.out;  // image + soft mask, on two pages
  std::set<std::string> objects;
  int smasks = 0;
  for (std::size_t i = 2; i < image_lines.size(); ++i) {
    std::istringstream row(image_lines[i]);
    std::string page, num, type, width, height, color, comp, bpc, enc, interp, object;
    row >> page >> num >> type >> width >> height >> color >> comp >> bpc >> enc >> interp >>
        object;
    objects.insert(object);
    smasks += type == "smask" ? 1 : 0;
  }
  EXPECT_EQ(smasks, 2) << images.out;
  EXPECT_EQ(objects.size(), 1U) << images.out;
}

TEST(render, every_writer_option_gives_the_same_text) {
  const layout::document d = sample();
  scratch_dir dir("selfeval-pdf", "options");
  std::string first;
  for (const bool dense : {true, false}) {
    for (const bool narrow : {true, false}) {
      pdf::render_options options;
      options.dense_codes = dense;
      options.narrow_encoder = narrow;
      const fs::path file =
          dir.write("o.pdf", pdf::render_pdf(d, shipped_fonts(), {{"seal", seal_png}}, options));
      const auto text = run("pdftotext -raw -enc UTF-8 '" + file.string() + "' -", dir.path());
      EXPECT_EQ(text.err, "") << dense << narrow;
      if (first.empty()) first = text.out;
      EXPECT_EQ(text.out, first) << "dense " << dense << ", narrow " << narrow;
      EXPECT_EQ(run("qpdf --check '" + file.string() + "'", dir.path()).status, 0);
    }
  }
  EXPECT_NE(first.find("部门整体支出绩效自评表"), std::string::npos);
}

TEST(render, output_is_byte_identical) {
  const layout::document d = sample();
  const pdf::image_table images = {{"seal", seal_png}};
  const std::string a = pdf::render_pdf(d, shipped_fonts(), images);
  const std::string b = pdf::render_pdf(d, shipped_fonts(), images);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.find("/ID"), std::string::npos);
  EXPECT_NE(a.find("D:20240508"), std::string::npos);
}

TEST(render, missing_character_is_named_with_its_text) {
  layout::document d = sample();
  d.pages[0].items.push_back(text(60, 100, font_role::song, 10.5, "负责人：王堃"));
  const auto missing = pdf::check_coverage(d, shipped_fonts());
  ASSERT_EQ(missing.size(), 1U);
  EXPECT_EQ(missing[0].code_point, U'堃');
  EXPECT_EQ(missing[0].why, pdf::missing_glyph::reason::not_in_font);
  EXPECT_EQ(missing[0].page, 0U);
  EXPECT_EQ(missing[0].item, d.pages[0].items.size() - 1);
  EXPECT_EQ(missing[0].text, "负责人：王堃");
  const std::string message = pdf::describe(missing[0]);
  EXPECT_NE(message.find("U+5803（堃）"), std::string::npos) << message;
  EXPECT_NE(message.find("负责人：王堃"), std::string::npos) << message;
  EXPECT_NE(message.find("宋体"), std::string::npos) << message;
  EXPECT_THROW(pdf::render_pdf(d, shipped_fonts(), {{"seal", seal_png}}),
               selfeval::base::environment_error);
}

// The message of glyph-missing comes from the catalogue: Chinese by default, English on request.
TEST(render, a_missing_glyph_is_described_in_the_current_language) {
  namespace base = selfeval::base;
  layout::document d = sample();
  d.pages[0].items.push_back(text(60, 100, font_role::song, 10.5, "负责人：王堃"));
  const auto missing = pdf::check_coverage(d, shipped_fonts());
  ASSERT_EQ(missing.size(), 1U);
  const base::language saved = base::current_language();
  base::set_language(base::language::zh);
  const std::string zh = pdf::describe(missing[0]);
  base::set_language(base::language::en);
  const std::string en = pdf::describe(missing[0]);
  base::set_language(saved);
  EXPECT_NE(zh.find("没有这个字"), std::string::npos) << zh;
  EXPECT_NE(en.find("has no glyph for it"), std::string::npos) << en;
  EXPECT_NE(en.find("U+5803 (堃)"), std::string::npos) << en;
}

TEST(render, characters_above_the_bmp_are_errors) {
  layout::document d = sample();
  d.pages[1].items.push_back(text(60, 100, font_role::kai, 12, "满意😀"));
  const auto missing = pdf::check_coverage(d, shipped_fonts());
  ASSERT_EQ(missing.size(), 1U);
  EXPECT_EQ(missing[0].code_point, U'\U0001F600');
  EXPECT_EQ(missing[0].why, pdf::missing_glyph::reason::outside_bmp);
  EXPECT_EQ(missing[0].page, 1U);
  const std::string message = pdf::describe(missing[0]);
  EXPECT_NE(message.find("U+1F600（😀）"), std::string::npos) << message;
  EXPECT_NE(message.find("满意😀"), std::string::npos) << message;
}

TEST(render, invalid_utf8_is_reported_not_decoded) {
  layout::document d = sample();
  d.pages[0].items.push_back(text(60, 100, font_role::song, 10.5, std::string("ab\xE9\x83", 4)));
  const auto missing = pdf::check_coverage(d, shipped_fonts());
  ASSERT_EQ(missing.size(), 1U);
  EXPECT_EQ(missing[0].why, pdf::missing_glyph::reason::invalid_utf8);
  EXPECT_EQ(missing[0].code_point, 2U);  // byte offset
  EXPECT_THROW(pdf::render_pdf(d, shipped_fonts(), {{"seal", seal_png}}),
               selfeval::base::environment_error);
  const pdf::font_measure measure(shipped_fonts());
  EXPECT_THROW(measure.width(font_role::song, 10, "\xFF"), std::invalid_argument);
}

TEST(render, unknown_image_name_is_an_error) {
  EXPECT_THROW(pdf::render_pdf(sample(), shipped_fonts(), {}), selfeval::base::environment_error);
}

TEST(render, empty_document_renders) {
  layout::document d;
  d.pages.emplace_back();
  const std::string bytes = pdf::render_pdf(d, shipped_fonts());
  EXPECT_EQ(bytes.rfind("%PDF-", 0), 0U);
}

TEST(render, overlong_properties_and_bookmarks_are_cut_not_refused) {
  // libharu refuses a string over 65,535 bytes; a unit name of 70,000 characters is the author
  // of every PDF and part of its bookmarks. Cut at a character boundary, the document renders.
  layout::document d;
  d.pages.emplace_back();
  std::string name;
  for (int i = 0; i < 30000; ++i) name += "工会";  // 6 bytes each: 180,000 bytes
  d.title = d.author = d.subject = name;
  d.outline.push_back({name, 0, 0, 100});
  const std::string bytes = pdf::render_pdf(d, shipped_fonts());
  ASSERT_EQ(bytes.rfind("%PDF-", 0), 0U);
  EXPECT_LT(bytes.size(), 20'000U);  // not the 180 KB name three times over

  scratch_dir dir("selfeval-pdf", "long-info");
  const fs::path file = dir.write("long.pdf", bytes);
  const auto check = run("qpdf --check '" + file.string() + "'", dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  const auto info = run("pdfinfo '" + file.string() + "'", dir.path());
  EXPECT_NE(info.out.find("工会工会"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("…"), std::string::npos) << info.out;  // cut, and says so
}

// Whether the definition of `name` the dynamic linker binds (libharu's calls included) is the
// program's own: the object that holds it is this test program, not libhpdf (a definition
// comparison alone would hold with libharu's, which the program would then call too).
bool defined_by_this_program(const char* name) {
  void* bound = dlsym(RTLD_DEFAULT, name);
  Dl_info found{};
  Dl_info self{};
  if (bound == nullptr || dladdr(bound, &found) == 0 ||
      dladdr(reinterpret_cast<void*>(&defined_by_this_program), &self) == 0) {
    return false;
  }
  return found.dli_fbase == self.dli_fbase;
}

// pdf/libharu_private.cpp replaces libharu's byte-at-a-time HPDF_MemCpy and HPDF_MemSet: the
// library must bind its calls to the program's definitions (exported from the executable), and
// they must return what libharu's return (the end of the written bytes).
TEST(render, libharus_byte_loops_are_replaced_with_the_same_results) {
  EXPECT_TRUE(defined_by_this_program("HPDF_MemCpy"));
  EXPECT_TRUE(defined_by_this_program("HPDF_MemSet"));
  HPDF_BYTE from[40];
  HPDF_BYTE to[40] = {};
  for (int i = 0; i < 40; ++i) from[i] = static_cast<HPDF_BYTE>(i + 1);
  EXPECT_EQ(HPDF_MemCpy(to, from, 33), to + 33);
  EXPECT_EQ(std::vector<HPDF_BYTE>(to, to + 34), [&] {
    std::vector<HPDF_BYTE> v(from, from + 33);
    v.push_back(0);
    return v;
  }());
  EXPECT_EQ(HPDF_MemCpy(to, from, 0), to);
  EXPECT_EQ(HPDF_MemSet(to, 7, 20), static_cast<void*>(to + 20));
  EXPECT_EQ(to[19], 7);
  EXPECT_EQ(to[20], 21);
}

// libharu_private.cpp also replaces the two stream writers libharu calls through its PLT:
// compression (libdeflate instead of zlib's streaming deflate) and the embedding of a TrueType
// font (the harfbuzz cut written as it is instead of libharu's rebuild).
// (hpdf_fontdef.h declares the second; the first is declared in libharu's hpdf_streams.c only.)
extern "C" HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream, HPDF_Stream, HPDF_Encrypt);

TEST(render, libharus_stream_writers_are_the_programs) {
  for (const char* name : {"HPDF_MemCpy", "HPDF_MemSet", "HPDF_Stream_WriteToStreamWithDeflate",
                           "HPDF_TTFontDef_SaveFontData"}) {
    EXPECT_TRUE(defined_by_this_program(name)) << name;
  }
}

// The raw bytes of object `object`'s stream (as stored, still compressed).
std::string raw_stream(const std::string& quoted_file, int object, const fs::path& scratch) {
  return run("qpdf --show-object=" + std::to_string(object) + " --raw-stream-data " + quoted_file,
             scratch)
      .out;
}

// Each embedded font program is the harfbuzz cut, not libharu's rebuild: it decodes (qpdf) to
// exactly /Length1 bytes that fontTools reads with checksums checked and every glyph drawn, and
// its table directory has no empty table (libharu's rebuild writes all 13 tables it knows, the
// hinting tables the cut dropped as empty ones). Streams are libdeflate's (zlib header 78 01,
// the fastest level; zlib's default writes 78 9C).
TEST(render, embedded_fonts_are_the_cut_programs) {
  const std::string bytes = pdf::render_pdf(sample(), shipped_fonts(), {{"seal", seal_png}});
  scratch_dir dir("selfeval-pdf", "font-programs");
  const fs::path file = dir.write("sample.pdf", bytes);
  const std::string f = "'" + file.string() + "'";
  int fonts = 0;
  for (int object = 1; object < 200; ++object) {
    const auto dict = run("qpdf --show-object=" + std::to_string(object) + " " + f, dir.path());
    const std::size_t at = dict.out.find("/Length1 ");
    if (dict.status != 0 || at == std::string::npos) continue;
    ++fonts;
    const std::string length1 =
        dict.out.substr(at + 9, dict.out.find_first_of(" >", at + 9) - at - 9);
    EXPECT_EQ(raw_stream(f, object, dir.path()).substr(0, 2), "\x78\x01") << "object " << object;
    const fs::path ttf = dir.path() / ("font" + std::to_string(object) + ".ttf");
    const auto data = run("qpdf --show-object=" + std::to_string(object) +
                              " --filtered-stream-data " + f + " > '" + ttf.string() + "'",
                          dir.path());
    ASSERT_EQ(data.status, 0) << data.err;
    EXPECT_EQ(std::to_string(fs::file_size(ttf)), length1) << "object " << object;
    const auto parsed =
        run("/usr/bin/python3 -c \"import sys\nfrom fontTools.ttLib import TTFont\n"
            "t = TTFont(sys.argv[1], checkChecksums=2)\nglyf = t['glyf']\n"
            "for name in t.getGlyphOrder(): glyf[name].expand(glyf)\n"
            "print(min(e.length for e in t.reader.tables.values()), len(t.reader.tables))\" '" +
                ttf.string() + "'",
            dir.path());
    EXPECT_EQ(parsed.status, 0) << "object " << object << ": " << parsed.err;
    EXPECT_NE(parsed.out.rfind("0 ", 0), 0U) << "an empty table: libharu's rebuild? " << parsed.out;
    EXPECT_EQ(parsed.err, "") << "object " << object;
  }
  EXPECT_EQ(fonts, 5);  // 宋 regular and bold, 黑, 楷, 仿宋
  const auto text = run("pdftotext " + f + " -", dir.path());
  EXPECT_NE(text.out.find("部门整体支出绩效自评表"), std::string::npos) << text.out;
}

// A font loaded through libharu's own API (not a cut of ours) still gets libharu's rebuild: the
// replacement hands it over, and the embedded program is libharu's (its 13 tables), drawn text
// extractable.
TEST(render, fonts_loaded_by_libharu_itself_keep_its_embedding) {
  HPDF_Doc doc = HPDF_New(nullptr, nullptr);
  ASSERT_NE(doc, nullptr);
  ASSERT_EQ(HPDF_SetCompressionMode(doc, HPDF_COMP_ALL), HPDF_OK);
  ASSERT_EQ(HPDF_UseUTFEncodings(doc), HPDF_OK);
  const char* name = HPDF_LoadTTFontFromFile(doc, "fonts/SelfevalHei-Bold.ttf", HPDF_TRUE);
  ASSERT_NE(name, nullptr);
  HPDF_Page page = HPDF_AddPage(doc);
  HPDF_Font font = HPDF_GetFont(doc, name, "UTF-8");
  ASSERT_NE(font, nullptr);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 16);
  HPDF_Page_TextOut(page, 50, 700, "附件2");
  HPDF_Page_EndText(page);
  scratch_dir dir("selfeval-pdf", "libharu-font");
  const fs::path file = dir.path() / "libharu-font.pdf";
  ASSERT_EQ(HPDF_SaveToFile(doc, file.string().c_str()), HPDF_OK);
  HPDF_Free(doc);
  const std::string f = "'" + file.string() + "'";
  EXPECT_EQ(run("qpdf --check " + f, dir.path()).status, 0);
  EXPECT_NE(run("pdftotext " + f + " -", dir.path()).out.find("附件2"), std::string::npos);
  int fonts = 0;
  for (int object = 1; object < 60; ++object) {
    const auto dict = run("qpdf --show-object=" + std::to_string(object) + " " + f, dir.path());
    if (dict.status != 0 || dict.out.find("/Length1 ") == std::string::npos) continue;
    ++fonts;
    const fs::path ttf = dir.path() / "font.ttf";
    run("qpdf --show-object=" + std::to_string(object) + " --filtered-stream-data " + f + " > '" +
            ttf.string() + "'",
        dir.path());
    EXPECT_LT(fs::file_size(ttf), fs::file_size("fonts/SelfevalHei-Bold.ttf") / 4);  // cut
    const auto tables =
        run("/usr/bin/python3 -c \"import sys\nfrom fontTools.ttLib import TTFont\n"
            "print(len(TTFont(sys.argv[1]).reader.tables))\" '" +
                ttf.string() + "'",
            dir.path());
    EXPECT_EQ(tables.out, "13\n") << tables.err;
  }
  EXPECT_EQ(fonts, 1);
}

// libharu's encryption (RC4) runs over the compressed bytes the replaced writer gives it:
// an encrypted, compressed document opens with its password and shows its text.
TEST(render, encrypted_compressed_streams_decrypt) {
  HPDF_Doc doc = HPDF_New(nullptr, nullptr);
  ASSERT_NE(doc, nullptr);
  ASSERT_EQ(HPDF_SetCompressionMode(doc, HPDF_COMP_ALL), HPDF_OK);
  ASSERT_EQ(HPDF_SetPassword(doc, "owner", "user"), HPDF_OK);
  ASSERT_EQ(HPDF_SetEncryptionMode(doc, HPDF_ENCRYPT_R3, 16), HPDF_OK);
  HPDF_Page page = HPDF_AddPage(doc);
  HPDF_Font font = HPDF_GetFont(doc, "Helvetica", nullptr);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 12);
  for (int line = 0; line < 60; ++line) {
    HPDF_Page_TextOut(page, 50, 800 - 12 * line, "compressed and encrypted line of text");
  }
  HPDF_Page_EndText(page);
  scratch_dir dir("selfeval-pdf", "encrypted");
  const fs::path file = dir.path() / "encrypted.pdf";
  ASSERT_EQ(HPDF_SaveToFile(doc, file.string().c_str()), HPDF_OK);
  HPDF_Free(doc);
  const std::string f = "'" + file.string() + "'";
  const auto check = run("qpdf --password=user --check " + f, dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  const auto text = run("pdftotext -upw user " + f + " -", dir.path());
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("compressed and encrypted line of text"), std::string::npos) << text.out;
}

TEST(render, user_collection_font_with_composite_glyphs) {
  // AR PL UMing (fonts-arphic-uming) builds ǖǘǚǜ from nested composite glyphs, which libharu
  // 2.3.0 drops from fonts it subsets itself; cut fonts are embedded whole.
  const std::string ttc = "/usr/share/fonts/truetype/arphic/uming.ttc";
  if (!fs::exists(ttc)) GTEST_SKIP() << "fonts-arphic-uming is not installed";
  selfeval::data::settings s;
  for (auto* f = s.fonts.files.begin(); f != s.fonts.files.end(); ++f) {
    f->path = ttc;
    f->index = 0;
  }
  const pdf::font_set fonts = pdf::load_fonts(s);
  layout::document d;
  d.pages.emplace_back();
  d.pages[0].items.push_back(text(72, 700, font_role::song, 24, "绿色 lǖ lǘ lǚ lǜ 堃"));
  ASSERT_TRUE(pdf::check_coverage(d, fonts).empty());  // UMing covers more than GB2312

  scratch_dir dir("selfeval-pdf", "uming");
  const fs::path file = dir.write("uming.pdf", pdf::render_pdf(d, fonts));
  const std::string f = "'" + file.string() + "'";
  EXPECT_EQ(run("qpdf --check " + f, dir.path()).status, 0);
  const auto text_out = run("pdftotext -raw -enc UTF-8 " + f + " -", dir.path());
  EXPECT_EQ(text_out.err, "");
  EXPECT_EQ(lines(text_out.out), std::vector<std::string>{"绿色 lǖ lǘ lǚ lǜ 堃"});
  const auto fonts_out = run("pdffonts " + f, dir.path());
  EXPECT_NE(fonts_out.out.find("UMingCN"), std::string::npos) << fonts_out.out;
}

namespace {

// The text-rendering-mode and line-width operators of a document, from qpdf's uncompressed form.
std::string page_content(const layout::document& d, const std::string& name) {
  scratch_dir dir("selfeval-pdf", name);
  const fs::path file = dir.write(name + ".pdf", pdf::render_pdf(d, shipped_fonts()));
  const auto r =
      run("qpdf --qdf --object-streams=disable '" + file.string() + "' - | grep -a ' Tr$\\| w$'",
          dir.path());
  return r.out;
}

TEST(render, synthetic_bold_strokes_the_outline_and_plain_text_does_not) {
  layout::document d;
  d.pages.emplace_back();
  layout::text_item plain = text(100, 700, font_role::song, 10.5, "年初预算数");
  layout::text_item bold = text(100, 680, font_role::song, 10.5, "全年预算数");
  bold.bold = true;
  d.pages[0].items = {plain, bold, plain};
  const std::string ops = page_content(d, "bold");
  // Fill-then-stroke (2 Tr) with a 0.2625 pt outline for the bold run, back to fill (0 Tr).
  EXPECT_NE(ops.find("2 Tr"), std::string::npos) << ops;
  EXPECT_NE(ops.find("0.2625 w"), std::string::npos) << ops;
  EXPECT_NE(ops.find("0 Tr"), std::string::npos) << ops;
  EXPECT_LT(ops.find("2 Tr"), ops.find("0 Tr")) << ops;

  layout::document plain_only;
  plain_only.pages.emplace_back();
  plain_only.pages[0].items = {plain};
  EXPECT_EQ(page_content(plain_only, "plain").find(" Tr"), std::string::npos);
}

}  // namespace
