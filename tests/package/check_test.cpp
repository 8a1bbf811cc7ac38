// The diagnostics-only rendering of `check` (and of build's path for data with errors) against
// the full rendering, with the real fonts, profiles and templates: the same problems, no PDF
// bytes.
#include "package/check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "package/build.h"
#include "package/deliverables.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

namespace fs = std::filesystem;
using testing::read_bytes;
using testing::temp_dir;
using testing::write_bytes;

const std::string source_dir = SELFEVAL_SOURCE_DIR;
const std::string example = source_dir + "/examples/yuanjiang-2023.toml";

renderer real_renderer() {
  base::diagnostics diags;
  const auto resources =
      load_resources(source_dir + "/config", source_dir + "/docx-templates", diags);
  EXPECT_FALSE(diags.has_errors());
  return resources ? make_renderer(resources) : renderer{};
}

// The example with `from` replaced by `to`, written as `name` in `dir`.
std::string variant(const temp_dir& dir, const std::string& name, const std::string& from,
                    const std::string& to) {
  std::string text = read_bytes(example);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  write_bytes(dir.path() / name, text);
  return (dir.path() / name).string();
}

// Location, severity and id of each diagnostic, sorted: what check and build must agree on.
std::vector<std::string> keys_of(const base::diagnostics& diags) {
  std::vector<std::string> keys;
  for (const base::diagnostic& d : diags.items())
    keys.push_back(d.loc.file + ":" + std::to_string(d.loc.line) + ":" +
                   std::to_string(d.loc.column) +
                   (d.level == base::severity::error ? " error[" : " warning[") + d.id + "]");
  std::sort(keys.begin(), keys.end());
  return keys;
}

struct rendered {
  std::vector<file> files;
  base::diagnostics diags;
};

rendered render_loaded(const std::string& path, const renderer& render, bool diagnostics_only) {
  loaded_unit u = load_unit(path, render.profiles.get());
  EXPECT_NE(u.data.profile, nullptr);
  u.data.diagnostics_only = diagnostics_only;
  u.data.xlsx_tables = true;  // asked for, and still not made in diagnostics-only mode
  rendered r;
  r.diags = u.result.diags;
  r.files = render(u.data, r.diags);
  return r;
}

TEST(CheckOnly, RendersEveryDeliverableButNoPdfOrTableBytes) {
  const renderer render = real_renderer();
  ASSERT_TRUE(render);
  const rendered full = render_loaded(example, render, false);
  const rendered checked = render_loaded(example, render, true);
  ASSERT_FALSE(full.diags.has_errors());
  EXPECT_EQ(keys_of(checked.diags), keys_of(full.diags));
  // The full rendering's PDFs (review file included) and tables have bytes; diagnostics-only
  // lists the same PDFs without them, makes no .xlsx, and keeps the DOCX (filling the template
  // is its check).
  std::vector<std::string> full_names, checked_names;
  std::size_t pdfs = 0;
  for (const file& f : full.files) {
    EXPECT_FALSE(f.bytes.empty()) << f.name;
    if (!f.name.ends_with(".xlsx")) full_names.push_back(f.name);
    if (f.name.ends_with(".pdf")) ++pdfs;
  }
  EXPECT_GE(pdfs, 6U);  // 附件1–3, the two reports, the review file
  for (const file& f : checked.files) {
    checked_names.push_back(f.name);
    EXPECT_FALSE(f.name.ends_with(".xlsx")) << f.name;
    if (f.name.ends_with(".pdf")) {
      EXPECT_TRUE(f.bytes.empty()) << f.name;
    } else {
      const auto same = std::find_if(full.files.begin(), full.files.end(),
                                     [&](const file& g) { return g.name == f.name; });
      ASSERT_NE(same, full.files.end()) << f.name;
      EXPECT_EQ(f.bytes, same->bytes) << f.name;
    }
  }
  EXPECT_EQ(checked_names, full_names);
}

TEST(CheckOnly, ACharacterNoFontDrawsIsReportedWhereItWasTyped) {
  const renderer render = real_renderer();
  ASSERT_TRUE(render);
  temp_dir tmp;
  // 한 (U+D55C) is in none of the bundled fonts; the unit name is line 18, the character its
  // 15th.
  const std::string glyph =
      variant(tmp, "glyph.toml", "name = \"沅江市总工会\"", "name = \"沅江市总工会한\"");
  const checked_unit r = check_unit(glyph, render);
  EXPECT_EQ(r.result.status, unit_status::input_errors);
  const auto& items = r.result.diags.items();
  const auto missing = std::count_if(items.begin(), items.end(), [&](const base::diagnostic& d) {
    return d.id == "glyph-missing" && d.loc.file == glyph && d.loc.line == 18 &&
           d.loc.column == 15 && d.message.find("U+D55C") != std::string::npos;
  });
  EXPECT_EQ(missing, 1);  // once, although the name is on every deliverable
  EXPECT_EQ(keys_of(r.result.diags), keys_of(render_loaded(glyph, render, false).diags));

  // With a data error as well (build's path for data with errors): both, at once.
  std::string text = read_bytes(glyph);
  text.replace(text.find("executed = 419"), 14, "executed = 400");
  write_bytes(tmp.path() / "both.toml", text);
  const std::string both = (tmp.path() / "both.toml").string();
  const checked_unit b = check_unit(both, render);
  EXPECT_EQ(b.result.status, unit_status::input_errors);
  const auto has = [&](const std::string& id, std::uint32_t line) {
    return std::any_of(b.result.diags.items().begin(), b.result.diags.items().end(),
                       [&](const base::diagnostic& d) {
                         return d.id == id && d.loc.file == both && d.loc.line == line;
                       });
  };
  EXPECT_TRUE(has("glyph-missing", 18));
  EXPECT_GE(std::count_if(b.result.diags.items().begin(), b.result.diags.items().end(),
                          [](const base::diagnostic& d) {
                            return d.level == base::severity::error && d.id != "glyph-missing";
                          }),
            1);
  const unit_result built = build_unit(both, tmp.path() / "out", render);
  EXPECT_EQ(keys_of(built.diags), keys_of(b.result.diags));
  EXPECT_FALSE(fs::exists(tmp.path() / "out"));
}

// Each diagnostic in the order it was found, whole: what one worker and several must agree on.
std::vector<std::string> in_order(const base::diagnostics& diags) {
  std::vector<std::string> out;
  for (const base::diagnostic& d : diags.items())
    out.push_back(d.loc.file + ":" + std::to_string(d.loc.line) + ":" +
                  std::to_string(d.loc.column) + " " + d.id + " " + d.message + " | " + d.hint);
  return out;
}

// A unit's deliverables are laid out, checked and drawn on several workers when there are
// (render_pieces) and joined in package order: the same files, bytes and diagnostics, in the same
// order, as one worker making them one by one; in both modes, with and without errors.
TEST(RenderUnit, SeveralWorkersGiveWhatOneGives) {
  base::diagnostics config;
  const auto resources =
      load_resources(source_dir + "/config", source_dir + "/docx-templates", config);
  ASSERT_TRUE(resources);
  const renderer one = make_renderer(resources, {}, 1);
  const renderer three = make_renderer(resources, {}, 3);
  temp_dir tmp;
  // 한 (U+D55C): in the unit name, so on every deliverable (reported once); ㊣ only in 附件4's
  // text; and a figure that does not add up.
  std::string text = read_bytes(example);
  const std::string name = "name = \"沅江市总工会\"";
  text.replace(text.find(name), name.size(), "name = \"沅江市总工会한\"");
  const auto at = text.find("text = \"通过对我会部门整体支出绩效情况");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 8, "㊣");
  write_bytes(tmp.path() / "glyphs.toml", text);
  text.replace(text.find("executed = 419"), 14, "executed = 400");
  write_bytes(tmp.path() / "both.toml", text);
  const std::vector<std::string> units = {example, (tmp.path() / "glyphs.toml").string(),
                                          (tmp.path() / "both.toml").string()};
  for (const std::string& unit : units) {
    for (const bool diagnostics_only : {false, true}) {
      SCOPED_TRACE(unit + (diagnostics_only ? " (check)" : " (build)"));
      const rendered a = render_loaded(unit, one, diagnostics_only);
      const rendered b = render_loaded(unit, three, diagnostics_only);
      EXPECT_EQ(in_order(b.diags), in_order(a.diags));
      ASSERT_EQ(b.files.size(), a.files.size());
      for (std::size_t i = 0; i < a.files.size(); ++i) {
        EXPECT_EQ(b.files[i].name, a.files[i].name);
        EXPECT_TRUE(b.files[i].bytes == a.files[i].bytes) << a.files[i].name;
      }
      if (unit == example) {
        EXPECT_FALSE(a.diags.has_errors());
      } else {
        const auto glyphs =
            std::count_if(a.diags.items().begin(), a.diags.items().end(),
                          [](const base::diagnostic& d) { return d.id == "glyph-missing"; });
        EXPECT_EQ(glyphs, 2);  // 한 once for all deliverables, ㊣ once
        // In package order: 한 where it is met first, 附件1 (a form's hint), then ㊣ in 附件4
        // (a report's hint, which offers --pdf none), although the reports are drawn first.
        std::vector<const base::diagnostic*> found;
        for (const base::diagnostic& d : a.diags.items())
          if (d.id == "glyph-missing") found.push_back(&d);
        ASSERT_EQ(found.size(), 2U);
        EXPECT_NE(found[0]->message.find("U+D55C"), std::string::npos) << found[0]->message;
        EXPECT_EQ(found[0]->hint.find("--pdf none"), std::string::npos) << found[0]->hint;
        EXPECT_NE(found[1]->message.find("U+32A3"), std::string::npos) << found[1]->message;
        EXPECT_NE(found[1]->hint.find("--pdf none"), std::string::npos) << found[1]->hint;
      }
    }
  }
}

// A form whose .xlsx table cannot be written (a text over Excel's 32,767 characters a cell) still
// has its glyph errors reported with the failure, as when the table came after the glyph check.
TEST(RenderUnit, AFormsTableFailureKeepsItsGlyphErrors) {
  base::diagnostics config;
  const auto resources =
      load_resources(source_dir + "/config", source_dir + "/docx-templates", config);
  ASSERT_TRUE(resources);
  temp_dir tmp;
  std::string text = read_bytes(example);
  const std::string name = "name = \"严格控制支出\"", target = "target = \"绿色生态\"";
  text.replace(text.find(name), name.size(), "name = \"严格控制支出㊣\"");  // 附件3 only
  std::string long_target = "target = \"";
  for (int i = 0; i < 33000; ++i) long_target += "绿";
  text.replace(text.find(target), target.size(), long_target + "\"");
  write_bytes(tmp.path() / "long.toml", text);
  for (const unsigned workers : {1u, 2u}) {
    write_options write;
    write.xlsx_tables = true;
    const unit_result r = build_unit((tmp.path() / "long.toml").string(), tmp.path() / "out",
                                     make_renderer(resources, {}, workers), write);
    EXPECT_EQ(r.status, unit_status::io_error) << workers;
    EXPECT_NE(r.error.find("32767"), std::string::npos) << r.error;
    EXPECT_TRUE(std::any_of(r.diags.items().begin(), r.diags.items().end(),
                            [](const base::diagnostic& d) {
                              return d.id == "glyph-missing" &&
                                     d.message.find("U+32A3") != std::string::npos;
                            }))
        << workers;
    EXPECT_FALSE(fs::exists(tmp.path() / "out"));
  }
}

TEST(CheckOnly, WhatTheRendererOnceRefusedNowBuildsAndChecksClean) {
  const renderer render = real_renderer();
  ASSERT_TRUE(render);
  temp_dir tmp;
  // (A unit name over libharu's 65,535 bytes a string is cut in the document information:
  // tests/pdf/render_test.cpp; drawing it whole here would take minutes under ASan.)
  // A seal named but empty: no seal, as the loader reads it.
  const std::string empty_seal = variant(tmp, "seal.toml", "filled_on = 2024-05-08",
                                         "filled_on = 2024-05-08\nseal_image = \"\"");
  for (const std::string& path : {empty_seal}) {
    SCOPED_TRACE(path);
    const checked_unit c = check_unit(path, render);
    const unit_result b = build_unit(path, tmp.path() / "out", render);
    EXPECT_EQ(b.status, unit_status::ok) << b.error;
    EXPECT_EQ(c.result.status, b.status);
    EXPECT_TRUE(c.result.error.empty()) << c.result.error;
    EXPECT_GT(b.files, 5U);
    fs::remove_all(tmp.path() / "out");
  }
}

TEST(CheckOnly, AFontTheRendererRefusesFailsTheCheckAsTheBuild) {
  // The bundled 宋体 with an empty `name` table: load_fonts accepts it (the table is there),
  // libharu refuses it when it embeds the font into a PDF, which check no longer makes.
  temp_dir tmp;
  std::string font = read_bytes(source_dir + "/fonts/SelfevalSong-Regular.ttf");
  const auto be16 = [&](std::size_t at) {
    return static_cast<std::size_t>((static_cast<unsigned char>(font[at]) << 8) |
                                    static_cast<unsigned char>(font[at + 1]));
  };
  bool patched = false;
  for (std::size_t i = 0; i < be16(4); ++i) {
    const std::size_t record = 12 + 16 * i;
    if (font.compare(record, 4, "name") != 0) continue;
    const std::size_t table = (be16(record + 8) << 16) | be16(record + 10);
    font[table + 2] = font[table + 3] = 0;  // no name records
    patched = true;
  }
  ASSERT_TRUE(patched);
  fs::create_directories(tmp.path() / "config");
  write_bytes(tmp.path() / "config/no-names.ttf", font);
  fs::copy(source_dir + "/config/profiles", tmp.path() / "config/profiles",
           fs::copy_options::recursive);
  const std::string bundled = source_dir + "/fonts/";
  std::string fonts;
  for (const auto& [role, file] : std::vector<std::pair<std::string, std::string>>{
           {"song", "no-names.ttf"},
           {"hei", bundled + "SelfevalHei-Bold.ttf"},
           {"fangsong", bundled + "SelfevalFang-Regular.ttf"},
           {"kai", bundled + "SelfevalKai-Regular.ttf"},
           {"xiaobiaosong", bundled + "SelfevalSong-Bold.ttf"}})
    fonts += "[" + role + "]\nfile = \"" + file + "\"\n";
  write_bytes(tmp.path() / "config/fonts.toml", fonts);
  base::diagnostics diags;
  const auto resources =
      load_resources((tmp.path() / "config").string(), source_dir + "/docx-templates", diags);
  ASSERT_TRUE(resources) << (diags.empty() ? "" : diags.items().front().message);
  const renderer render = make_renderer(resources);
  const checked_unit c = check_unit(example, render);
  const unit_result b = build_unit(example, tmp.path() / "out", render);
  EXPECT_EQ(b.status, unit_status::io_error);
  EXPECT_NE(b.error.find("libharu"), std::string::npos) << b.error;
  EXPECT_EQ(c.result.status, b.status);
  EXPECT_EQ(c.result.error, b.error);
  // Once per process and font: a second unit is refused alike.
  EXPECT_EQ(check_unit(example, render).result.error, b.error);
}

}  // namespace
}  // namespace selfeval::package
