#include "data/settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using selfeval::base::diagnostics;
using selfeval::data::font_role;
using selfeval::data::load_settings;

namespace {

// A scratch config folder with the given files, removed afterwards.
class config_dir {
 public:
  explicit config_dir(const std::string& name)
      : path_(fs::temp_directory_path() /
              ("selfeval-settings-" + std::to_string(::getpid()) + "-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~config_dir() { fs::remove_all(path_); }
  void write(const std::string& file, const std::string& text) const {
    std::ofstream(path_ / file, std::ios::binary) << text;
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

const std::string font_path = std::string(SELFEVAL_SOURCE_DIR) + "/fonts/SelfevalSong-Regular.ttf";

std::string all_roles() {
  std::string s;
  for (const auto& role : selfeval::data::font_roles) {
    s += "[" + std::string(role.key) + "]\nfile = \"" + font_path + "\"\n";
  }
  return s;
}

bool has(const diagnostics& d, const std::string& id, unsigned line, unsigned column) {
  for (const auto& item : d.items()) {
    if (item.id == id && item.loc.line == line && item.loc.column == column) return true;
  }
  return false;
}

}  // namespace

TEST(settings, shipped_config_loads_cleanly) {
  diagnostics d;
  const auto s = load_settings("config", d);
  for (const auto& item : d.items()) ADD_FAILURE() << selfeval::base::format_diagnostic(item);
  EXPECT_TRUE(fs::is_regular_file(s.fonts[font_role::song].path)) << s.fonts[font_role::song].path;
  EXPECT_TRUE(fs::is_regular_file(s.fonts[font_role::xiaobiaosong].path));
  for (const auto& role : selfeval::data::font_roles)  // every role has its table
    EXPECT_TRUE(fs::is_regular_file(s.fonts[role.role].path)) << role.key;
  EXPECT_EQ(s.fonts[font_role::song].where.file, "config/fonts.toml");
  EXPECT_GT(s.fonts[font_role::song].where.line, 0U);
  EXPECT_EQ(s.fonts[font_role::song].index, -1);
}

TEST(settings, relative_paths_resolve_against_the_config_folder) {
  config_dir dir("relative");
  fs::copy_file(font_path, fs::path(dir.str()) / "x.ttf");
  std::string text = all_roles();
  text.replace(text.find(font_path), font_path.size(), "x.ttf");
  dir.write("fonts.toml", text);
  diagnostics d;
  const auto s = load_settings(dir.str(), d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(s.fonts[font_role::song].path,
            (fs::path(dir.str()) / "x.ttf").lexically_normal().string());
}

// Its switches are the profiles' now (profile yiyang, [signature] date); an old config folder is
// told so instead of silently building the provincial layout.
TEST(settings, an_old_layout_toml_is_a_warning_pointing_at_the_profiles) {
  config_dir dir("layout");
  dir.write("fonts.toml", all_roles());
  dir.write("layout.toml", "table1_variant = \"B\"\nsignature_date_label = \"填报日期\"\n");
  diagnostics d;
  load_settings(dir.str(), d);
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d.items()[0].id, "config-layout-obsolete");
  EXPECT_EQ(d.items()[0].level, selfeval::base::severity::warning);
  EXPECT_NE(d.items()[0].hint.find("yiyang"), std::string::npos);
}

TEST(settings, collection_index_defaults_to_the_first_face) {
  const std::string ttc = "/usr/share/fonts/truetype/arphic/uming.ttc";  // fonts-arphic-uming
  if (!fs::exists(ttc)) GTEST_SKIP() << "fonts-arphic-uming is not installed";
  config_dir dir("ttc");
  std::string text = all_roles();
  text.replace(text.find(font_path), font_path.size(), ttc);  // song: no index
  text.replace(text.find(font_path), font_path.size(), ttc);  // hei
  text.insert(text.find("[fangsong]"), "index = 1\n");
  dir.write("fonts.toml", text);
  diagnostics d;
  const auto s = load_settings(dir.str(), d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(s.fonts[font_role::song].index, 0);
  EXPECT_EQ(s.fonts[font_role::hei].index, 1);
}

TEST(settings, every_problem_is_reported_with_its_location) {
  config_dir dir("errors");
  dir.write("fonts.toml",
            "[song]\nfile = \"missing.ttf\"\n"  // line 2: missing file
            "[hei]\nfiel = \"x.ttf\"\n"         // line 4: typo
            "[kai]\nfile = \"" +
                font_path +
                "\"\nindex = 2\n"  // line 7: index on a .ttf
                "[fangsong]\nfile = \"" +
                font_path +
                "\"\n"
                "[xiaobiaosong]\nfile = \"" +
                font_path +
                "\"\n"
                "[heiti]\nfile = \"x\"\n");  // line 12: unknown role
  diagnostics d;
  load_settings(dir.str(), d);
  const std::string fonts = (fs::path(dir.str()) / "fonts.toml").string();
  EXPECT_TRUE(has(d, "font-file-missing", 2, 8));
  EXPECT_TRUE(has(d, "unknown-key", 4, 1));
  EXPECT_TRUE(has(d, "font-index-invalid", 6, 8));
  EXPECT_TRUE(has(d, "unknown-key", 12, 2));
  bool suggested = false;
  for (const auto& item : d.items()) {
    if (item.id == "unknown-key" && item.hint.find("`file`") != std::string::npos) suggested = true;
    if (item.id == "font-file-missing" && item.loc.line == 2) {
      EXPECT_EQ(item.loc.file, fonts);
      EXPECT_NE(item.message.find("missing.ttf"), std::string::npos) << item.message;
    }
  }
  EXPECT_TRUE(suggested);
  for (const auto& item : d.items()) std::cerr << selfeval::base::format_diagnostic(item) << "\n";
}

TEST(settings, syntax_error_has_line_and_column) {
  config_dir dir("syntax");
  dir.write("fonts.toml", "[song]\nfile = \"a.ttf\n");
  diagnostics d;
  load_settings(dir.str(), d);
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d.items()[0].id, "toml-syntax");
  EXPECT_EQ(d.items()[0].loc.line, 2U);
  EXPECT_GT(d.items()[0].loc.column, 0U);
}

TEST(settings, missing_font_map_is_an_error) {
  config_dir dir("empty");
  diagnostics d;
  load_settings(dir.str(), d);
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d.items()[0].id, "config-missing");
}
