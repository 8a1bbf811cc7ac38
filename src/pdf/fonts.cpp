#include "pdf/fonts.h"

#include <hb.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <utility>

#include "base/error.h"
#include "base/utf8.h"
#include "layout/dump.h"
#include "pdf/font_face.h"

namespace selfeval::pdf {
namespace {

constexpr layout::font_role all_roles[] = {layout::font_role::song, layout::font_role::hei,
                                           layout::font_role::fangsong, layout::font_role::kai,
                                           layout::font_role::xiaobiaosong};

std::size_t role_index(layout::font_role role) {
  return static_cast<std::size_t>(role);
}

const data::font_file& file_of(const data::font_map& map, layout::font_role role) {
  switch (role) {
    case layout::font_role::song:
      return map.song;
    case layout::font_role::hei:
      return map.hei;
    case layout::font_role::fangsong:
      return map.fangsong;
    case layout::font_role::kai:
      return map.kai;
    case layout::font_role::xiaobiaosong:
      return map.xiaobiaosong;
  }
  return map.song;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw base::environment_error("cannot open font file " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw base::environment_error("cannot read font file " + path);
  return bytes;
}

std::uint16_t be16(const char* p) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                    static_cast<unsigned char>(p[1]));
}

}  // namespace

font_face::font_face(std::string path, int index, std::string where)
    : path_(std::move(path)), index_(index) {
  const std::string who =
      where + ": font " + path_ + (index_ >= 0 ? ":" + std::to_string(index_) : "");
  bytes_ = read_file(path_);
  hb_blob_t* blob = hb_blob_create(bytes_.data(), static_cast<unsigned>(bytes_.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  const unsigned count = hb_face_count(blob);
  const unsigned face_index = index_ < 0 ? 0U : static_cast<unsigned>(index_);
  if (count == 0) {
    hb_blob_destroy(blob);
    throw base::environment_error(who + " is not a TrueType/OpenType font");
  }
  if (face_index >= count) {
    hb_blob_destroy(blob);
    throw base::environment_error(who + ": the collection has " + std::to_string(count) +
                                  " faces (index 0–" + std::to_string(count - 1) + ")");
  }
  face_ = hb_face_create(blob, face_index);
  hb_blob_destroy(blob);
  font_ = hb_font_create(face_);
  upem_ = hb_face_get_upem(face_);

  hb_blob_t* glyf = hb_face_reference_table(face_, HB_TAG('g', 'l', 'y', 'f'));
  const bool has_glyf = hb_blob_get_length(glyf) > 0;
  hb_blob_destroy(glyf);
  if (!has_glyf) {
    release();
    throw base::environment_error(
        who +
        " has CFF (PostScript) outlines; libharu 2.3.0 embeds TrueType outlines only. "
        "Convert it with scripts/make-fonts or choose a .ttf");
  }
  hb_blob_t* os2 = hb_face_reference_table(face_, HB_TAG('O', 'S', '/', '2'));
  unsigned os2_length = 0;
  const char* os2_data = hb_blob_get_data(os2, &os2_length);
  const std::uint16_t fs_type = os2_length >= 10 ? be16(os2_data + 8) : 0;
  hb_blob_destroy(os2);
  if ((fs_type & (0x0002 | 0x0100 | 0x0200)) != 0) {
    release();
    char flags[8];
    std::snprintf(flags, sizeof flags, "0x%04X", fs_type);
    throw base::environment_error(who + " forbids embedding (OS/2 fsType " + flags +
                                  "); a PDF must embed its fonts, choose another font");
  }
  notdef_advance_ = hb_font_get_glyph_h_advance(font_, 0);
}

font_face::~font_face() {
  release();
}

void font_face::release() {
  if (font_ != nullptr) hb_font_destroy(font_);
  if (face_ != nullptr) hb_face_destroy(face_);
  font_ = nullptr;
  face_ = nullptr;
}

std::uint32_t font_face::glyph(char32_t cp) const {
  hb_codepoint_t gid = 0;
  if (!hb_font_get_nominal_glyph(font_, cp, &gid)) return 0;
  return gid;
}

double font_face::advance_em(char32_t cp) const {
  const std::uint32_t gid = glyph(cp);
  const hb_position_t advance =
      gid == 0 ? notdef_advance_ : hb_font_get_glyph_h_advance(font_, gid);
  return static_cast<double>(advance) / static_cast<double>(upem_);
}

font_set::font_set() = default;
font_set::font_set(font_set&&) noexcept = default;
font_set& font_set::operator=(font_set&&) noexcept = default;
font_set::~font_set() = default;

const font_face& font_set::face(layout::font_role role) const {
  if (faces_.empty()) throw base::environment_error("no fonts loaded (call pdf::load_fonts)");
  return *faces_[role_face_[role_index(role)]];
}

bool font_set::has_glyph(layout::font_role role, char32_t cp) const {
  return face(role).glyph(cp) != 0;
}

double font_set::advance_em(layout::font_role role, char32_t cp) const {
  return face(role).advance_em(cp);
}

font_set load_fonts(const data::settings& settings) {
  font_set set;
  for (const layout::font_role role : all_roles) {
    const data::font_file& file = file_of(settings.fonts, role);
    if (file.path.empty()) {
      throw base::environment_error("no font file configured for role " +
                                    std::string(role_key(role)));
    }
    std::size_t found = set.faces_.size();
    for (std::size_t i = 0; i < set.faces_.size(); ++i) {
      if (set.faces_[i]->path() == file.path && set.faces_[i]->index() == file.index) found = i;
    }
    if (found == set.faces_.size()) {
      set.faces_.push_back(
          std::make_unique<font_face>(file.path, file.index, base::to_string(file.where)));
    }
    set.role_face_[role_index(role)] = found;
  }
  return set;
}

double font_measure::width(layout::font_role role, double size, std::string_view text) const {
  const font_face& face = fonts_.face(role);
  if (base::find_invalid_utf8(text)) throw std::invalid_argument("text is not valid UTF-8");
  double em = 0;
  for (const char32_t cp : base::decode_utf8(text)) em += face.advance_em(cp);
  return em * size;
}

std::string_view role_key(layout::font_role role) {
  return layout::role_name(role);
}

std::string_view role_label(layout::font_role role) {
  constexpr std::string_view labels[] = {"宋体", "黑体", "仿宋", "楷体", "小标宋"};
  return labels[role_index(role)];
}

std::string describe(const missing_glyph& missing) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(missing.code_point));
  std::string s = std::string(code) + " (" + base::encode_utf8(missing.code_point) + ") in \"" +
                  missing.text + "\": ";
  if (missing.why == missing_glyph::reason::invalid_utf8) {
    return "invalid UTF-8 at byte " + std::to_string(missing.code_point) + " of \"" + missing.text +
           "\"";
  }
  if (missing.why == missing_glyph::reason::outside_bmp) {
    s += "characters above U+FFFF cannot be drawn (libharu 2.3.0 encodes UCS-2 only)";
  } else {
    s += "the " + std::string(role_label(missing.role)) + " font (" +
         std::string(role_key(missing.role)) + " in fonts.toml) has no glyph for it";
  }
  return s;
}

std::vector<missing_glyph> check_coverage(const layout::document& doc, const font_set& fonts) {
  std::vector<missing_glyph> out;
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    const auto& items = doc.pages[p].items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto* text = std::get_if<layout::text_item>(&items[i]);
      if (text == nullptr) continue;
      if (const auto bad = base::find_invalid_utf8(text->text)) {
        missing_glyph m;
        m.why = missing_glyph::reason::invalid_utf8;
        m.code_point = static_cast<char32_t>(*bad);
        m.role = text->role;
        m.text = text->text;
        m.page = p;
        m.item = i;
        out.push_back(std::move(m));
        continue;
      }
      std::set<char32_t> seen;
      for (const char32_t cp : base::decode_utf8(text->text)) {
        if (!seen.insert(cp).second) continue;
        missing_glyph m;
        m.code_point = cp;
        m.role = text->role;
        m.page = p;
        m.item = i;
        if (cp > 0xFFFF) {
          m.why = missing_glyph::reason::outside_bmp;
        } else if (!fonts.has_glyph(text->role, cp)) {
          m.why = missing_glyph::reason::not_in_font;
        } else {
          continue;
        }
        m.text = text->text;
        out.push_back(std::move(m));
      }
    }
  }
  return out;
}

}  // namespace selfeval::pdf
