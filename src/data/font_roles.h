// The typographic roles: the one list that fonts.toml's reader (data/settings), the layout
// (layout::font_role), the PDF fonts and the dumps all use. A role added here is a table in
// config/fonts.toml; a test checks that every role has one.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace selfeval::data {

enum class font_role { song, hei, fangsong, kai, xiaobiaosong };

struct font_role_info {
  font_role role;
  std::string_view key;   // its table in fonts.toml, and its name in layout dumps
  std::string_view name;  // the typeface as the clerk calls it
  std::string_view use;   // what the deliverables set in it
};

// In the order of the enum (font_roles[index_of(r)].role == r).
inline constexpr std::array<font_role_info, 5> font_roles = {{
    {font_role::song, "song", "宋体", "table text"},
    {font_role::hei, "hei", "黑体", "the 附件N label"},
    {font_role::fangsong, "fangsong", "仿宋", "report body, signature line"},
    {font_role::kai, "kai", "楷体", "second-level headings"},
    {font_role::xiaobiaosong, "xiaobiaosong", "小标宋", "titles"},
}};

constexpr std::size_t index_of(font_role r) {
  return static_cast<std::size_t>(r);
}
constexpr const font_role_info& info_of(font_role r) {
  return font_roles[index_of(r)];
}

}  // namespace selfeval::data
