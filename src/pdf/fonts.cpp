#include "pdf/fonts.h"

#include <ft2build.h>
#include <hb.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>
#include <stdexcept>
#include <utility>

#include "base/error.h"
#include "base/messages.h"
#include "base/utf8.h"
#include "layout/dump.h"
#include "pdf/font_face.h"

namespace selfeval::pdf {
namespace {

// Beyond any real font (CJK fonts are 10–30 MB); also keeps sizes within HarfBuzz's unsigned.
// Code points whose glyph ids are remembered (libharu draws only these anyway).
constexpr char32_t bmp_size = 0x10000;

constexpr std::uintmax_t max_font_bytes = std::uintmax_t{1} << 30;

std::size_t role_index(layout::font_role role) {
  return data::index_of(role);
}

// The font file as a HarfBuzz blob. HarfBuzz maps it read-only (mmap), so opening costs no copy
// and only the pages of the tables and glyphs actually read are brought in; a 10 MB CJK font read
// into a string cost 60 ms per process. Throws base::environment_error naming `who`.
hb_blob_t* map_file(const std::string& path, const std::string& who) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;  // before building the message can change it
    throw base::environment_error(
        base::tr("pdf.font.cannot-open", {{"font", who}, {"why", std::strerror(err)}}));
  }
  if (!S_ISREG(st.st_mode))
    throw base::environment_error(base::tr("pdf.font.not-file", {{"font", who}}));
  if (st.st_size == 0) throw base::environment_error(base::tr("pdf.font.empty", {{"font", who}}));
  if (static_cast<std::uintmax_t>(st.st_size) > max_font_bytes) {
    throw base::environment_error(base::tr("pdf.font.too-large", {{"font", who}}));
  }
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
  if (blob == nullptr)
    throw base::environment_error(base::tr("pdf.font.cannot-read", {{"font", who}}));
  return blob;
}

std::uint16_t be16(const char* p) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                    static_cast<unsigned char>(p[1]));
}

std::uint32_t be32(const char* p) {
  return (std::uint32_t{be16(p)} << 16) | be16(p + 2);
}

std::string tag_name(std::uint32_t tag) {
  std::string s(4, ' ');
  for (int i = 0; i < 4; ++i)
    s[static_cast<std::size_t>(i)] = static_cast<char>(tag >> (24 - 8 * i));
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return "'" + s + "'";
}

// A table's bytes as HarfBuzz hands them out (empty when absent).
struct table_bytes {
  table_bytes(hb_face_t* face, hb_tag_t tag) : blob(hb_face_reference_table(face, tag)) {
    data = hb_blob_get_data(blob, &length);
  }
  ~table_bytes() { hb_blob_destroy(blob); }
  table_bytes(const table_bytes&) = delete;
  table_bytes& operator=(const table_bytes&) = delete;
  hb_blob_t* blob;
  const char* data = nullptr;
  unsigned length = 0;
};

// The tables libharu 2.3.0 parses when it embeds a font (hpdf_fontdef_tt.c, LoadFontData) and
// HarfBuzz reads for metrics, coverage and the per-document subset.
constexpr hb_tag_t required_tables[] = {
    HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
    HB_TAG('m', 'a', 'x', 'p'), HB_TAG('c', 'm', 'a', 'p'), HB_TAG('l', 'o', 'c', 'a'),
    HB_TAG('g', 'l', 'y', 'f'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('O', 'S', '/', '2')};

// Checks the table directory of face `index` against the file's size, then that the tables we
// rely on are there and agree with each other. Throws base::environment_error with the cause.
void check_tables(hb_blob_t* file, hb_face_t* face, unsigned index, const std::string& who) {
  unsigned size = 0;
  const char* bytes = hb_blob_get_data(file, &size);
  const auto damaged = [&](const std::string& what) {
    return base::environment_error(base::tr("pdf.font.damaged", {{"font", who}, {"what", what}}));
  };
  // HarfBuzz has already checked the collection header and the face index.
  std::uint64_t directory = 0;
  if (size >= 12 && be32(bytes) == HB_TAG('t', 't', 'c', 'f')) {
    if (12 + 4 * std::uint64_t{index} + 4 > size)
      throw damaged(base::tr("pdf.font.collection-cut"));
    directory = be32(bytes + 12 + 4 * index);
  }
  if (directory + 12 > size) throw damaged(base::tr("pdf.font.directory-beyond-end"));
  const std::uint16_t tables = be16(bytes + directory + 4);
  if (directory + 12 + 16 * std::uint64_t{tables} > size) {
    throw damaged(base::tr("pdf.font.directory-past-end", {{"tables", tables}}));
  }
  std::set<hb_tag_t> present;
  for (std::uint16_t t = 0; t < tables; ++t) {
    const char* record = bytes + directory + 12 + 16 * std::uint64_t{t};
    const std::uint32_t tag = be32(record);
    const std::uint64_t offset = be32(record + 8);
    const std::uint64_t length = be32(record + 12);
    if (offset + length > size) {
      throw damaged(base::tr(
          "pdf.font.table-beyond-end",
          {{"table", tag_name(tag)}, {"from", offset}, {"to", offset + length}, {"size", size}}));
    }
    present.insert(tag);
  }
  if (!present.count(HB_TAG('g', 'l', 'y', 'f')) &&
      (present.count(HB_TAG('C', 'F', 'F', ' ')) || present.count(HB_TAG('C', 'F', 'F', '2')))) {
    throw base::environment_error(base::tr("pdf.font.cff", {{"font", who}}));
  }
  std::string missing;
  for (const hb_tag_t tag : required_tables) {
    if (!present.count(tag)) missing += (missing.empty() ? "" : ", ") + tag_name(tag);
  }
  if (!missing.empty()) {
    throw base::environment_error(
        base::tr("pdf.font.missing-tables", {{"font", who}, {"tables", missing}}));
  }

  const table_bytes head(face, HB_TAG('h', 'e', 'a', 'd'));
  if (head.length < 54 || be32(head.data + 12) != 0x5F0F3CF5) {
    throw damaged(base::tr("pdf.font.bad-head"));
  }
  const unsigned glyphs = hb_face_get_glyph_count(face);
  if (glyphs == 0) throw damaged(base::tr("pdf.font.no-glyphs"));
  const table_bytes hhea(face, HB_TAG('h', 'h', 'e', 'a'));
  if (hhea.length < 36) throw damaged(base::tr("pdf.font.short-hhea"));
  const std::uint64_t long_metrics = be16(hhea.data + 34);
  const table_bytes hmtx(face, HB_TAG('h', 'm', 't', 'x'));
  if (long_metrics == 0 || long_metrics > glyphs ||
      hmtx.length < 4 * long_metrics + 2 * (glyphs - long_metrics)) {
    throw damaged(base::tr("pdf.font.short-hmtx", {{"glyphs", glyphs}}));
  }
  const bool long_offsets = be16(head.data + 50) != 0;
  const table_bytes loca(face, HB_TAG('l', 'o', 'c', 'a'));
  const table_bytes glyf(face, HB_TAG('g', 'l', 'y', 'f'));
  const std::uint64_t entry = long_offsets ? 4 : 2;
  if (loca.length < entry * (glyphs + std::uint64_t{1})) {
    throw damaged(base::tr("pdf.font.short-loca", {{"glyphs", glyphs}}));
  }
  const char* last = loca.data + entry * glyphs;
  const std::uint64_t glyf_end = long_offsets ? be32(last) : 2 * std::uint64_t{be16(last)};
  if (glyf_end > glyf.length) {
    throw damaged(base::tr("pdf.font.loca-past-glyf"));
  }
  hb_set_t* unicodes = hb_set_create();
  hb_face_collect_unicodes(face, unicodes);
  const bool maps_nothing = hb_set_is_empty(unicodes);
  hb_set_destroy(unicodes);
  if (maps_nothing) throw damaged(base::tr("pdf.font.empty-cmap"));
}

// Accumulates the points HarfBuzz draws for one glyph outline.
struct outline_bounds {
  unsigned points = 0;
  float x_min = 0, y_min = 0, x_max = 0, y_max = 0;
  void add(float x, float y) {
    if (points++ == 0) {
      x_min = x_max = x;
      y_min = y_max = y;
      return;
    }
    x_min = std::min(x_min, x);
    x_max = std::max(x_max, x);
    y_min = std::min(y_min, y);
    y_max = std::max(y_max, y);
  }
};

hb_draw_funcs_t* outline_bounds_funcs() {
  static hb_draw_funcs_t* const funcs = [] {
    hb_draw_funcs_t* f = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(
        f,
        [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
          static_cast<outline_bounds*>(data)->add(x, y);
        },
        nullptr, nullptr);
    hb_draw_funcs_set_line_to_func(
        f,
        [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
          static_cast<outline_bounds*>(data)->add(x, y);
        },
        nullptr, nullptr);
    hb_draw_funcs_set_quadratic_to_func(
        f,
        [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float cx, float cy, float x, float y,
           void*) {
          static_cast<outline_bounds*>(data)->add(cx, cy);
          static_cast<outline_bounds*>(data)->add(x, y);
        },
        nullptr, nullptr);
    hb_draw_funcs_set_cubic_to_func(
        f,
        [](hb_draw_funcs_t*, void* data, hb_draw_state_t*, float c1x, float c1y, float c2x,
           float c2y, float x, float y, void*) {
          auto* b = static_cast<outline_bounds*>(data);
          b->add(c1x, c1y);
          b->add(c2x, c2y);
          b->add(x, y);
        },
        nullptr, nullptr);
    hb_draw_funcs_make_immutable(f);
    return f;
  }();
  return funcs;
}

}  // namespace

struct font_face::outline_reader {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  hb_blob_t* bytes = nullptr;  // the mapped file, FreeType reads it in place

  ~outline_reader() {
    if (face != nullptr) FT_Done_Face(face);
    if (library != nullptr) FT_Done_FreeType(library);
    hb_blob_destroy(bytes);
  }
};

font_face::font_face(std::string path, int index, std::string where)
    : path_(std::move(path)), index_(index) {
  const std::string who = base::tr(
      "pdf.font.who",
      {{"where", where}, {"path", path_ + (index_ >= 0 ? ":" + std::to_string(index_) : "")}});
  hb_blob_t* blob = map_file(path_, who);
  const unsigned count = hb_face_count(blob);
  const unsigned face_index = index_ < 0 ? 0U : static_cast<unsigned>(index_);
  if (count == 0) {
    hb_blob_destroy(blob);
    throw base::environment_error(base::tr("pdf.font.not-a-font", {{"font", who}}));
  }
  if (face_index >= count) {
    hb_blob_destroy(blob);
    throw base::environment_error(
        base::tr("pdf.font.bad-index", {{"font", who}, {"count", count}, {"last", count - 1}}));
  }
  face_ = hb_face_create(blob, face_index);
  try {
    check_tables(blob, face_, face_index, who);
  } catch (...) {
    hb_blob_destroy(blob);
    release();
    throw;
  }
  hb_blob_destroy(blob);  // the face keeps its own reference
  font_ = hb_font_create(face_);
  upem_ = hb_face_get_upem(face_);
  const unsigned glyphs = hb_face_get_glyph_count(face_);
  glyph_of_.reset(static_cast<std::uint32_t*>(std::calloc(bmp_size, sizeof(std::uint32_t))));
  if (!glyph_of_) {
    release();
    throw std::bad_alloc();
  }
  advance_of_ = std::vector<std::atomic<std::int32_t>>(glyphs);
  outline_state_ = std::vector<std::atomic<std::uint8_t>>(glyphs);

  hb_blob_t* os2 = hb_face_reference_table(face_, HB_TAG('O', 'S', '/', '2'));
  unsigned os2_length = 0;
  const char* os2_data = hb_blob_get_data(os2, &os2_length);
  const std::uint16_t fs_type = os2_length >= 10 ? be16(os2_data + 8) : 0;
  hb_blob_destroy(os2);
  if ((fs_type & (0x0002 | 0x0100 | 0x0200)) != 0) {
    release();
    char flags[8];
    std::snprintf(flags, sizeof flags, "0x%04X", fs_type);
    throw base::environment_error(
        base::tr("pdf.font.no-embedding", {{"font", who}, {"flags", flags}}));
  }
  notdef_advance_ = hb_font_get_glyph_h_advance(font_, 0);
}

namespace {

// The bounds of glyph `gid`'s points as FreeType loads them, unscaled (font units, y up, as
// HarfBuzz draws them); false when the glyph has no outline or FreeType refuses it.
bool freetype_bounds(FT_Face face, std::uint32_t gid, outline_bounds& out) {
  if (FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0)
    return false;
  const FT_GlyphSlot slot = face->glyph;
  if (slot->format != FT_GLYPH_FORMAT_OUTLINE || slot->outline.n_points <= 0) return false;
  FT_BBox box{};
  FT_Outline_Get_CBox(&slot->outline, &box);  // of every point, on and off the curve
  out.points = static_cast<unsigned>(slot->outline.n_points);
  out.x_min = static_cast<float>(box.xMin);
  out.x_max = static_cast<float>(box.xMax);
  out.y_min = static_cast<float>(box.yMin);
  out.y_max = static_cast<float>(box.yMax);
  return true;
}

}  // namespace

bool font_face::has_outline(std::uint32_t gid) const {
  if (gid >= outline_state_.size()) return false;
  enum : std::uint8_t { unknown = 0, drawn = 1, blank = 2 };
  std::atomic<std::uint8_t>& state = outline_state_[gid];
  const std::uint8_t known = state.load(std::memory_order_relaxed);
  if (known != unknown) return known == drawn;

  const std::lock_guard<std::mutex> lock(outline_mutex_);
  if (const std::uint8_t now = state.load(std::memory_order_relaxed); now != unknown) {
    return now == drawn;  // another thread examined it meanwhile
  }
  if (!outlines_tried_) {
    outlines_tried_ = true;
    auto reader = std::make_unique<outline_reader>();
    reader->bytes = hb_face_reference_blob(face_);
    unsigned length = 0;
    const char* data = hb_blob_get_data(reader->bytes, &length);
    if (length != 0 && FT_Init_FreeType(&reader->library) == 0 &&
        FT_New_Memory_Face(reader->library, reinterpret_cast<const FT_Byte*>(data),
                           static_cast<FT_Long>(length), index_ < 0 ? 0 : index_,
                           &reader->face) == 0) {
      outlines_ = std::move(reader);
    }
  }
  outline_bounds drawn_bounds;
  // A face FreeType cannot open, or a glyph it refuses (it is stricter than HarfBuzz, which
  // libharu's embedding follows): HarfBuzz draws the glyph instead.
  if (!outlines_ || !freetype_bounds(outlines_->face, gid, drawn_bounds)) {
    drawn_bounds = {};
    hb_font_get_glyph_shape(font_, gid, outline_bounds_funcs(), &drawn_bounds);
  }
  hb_glyph_extents_t box{};
  bool ok = drawn_bounds.points > 0 && hb_font_get_glyph_extents(font_, gid, &box) &&
            box.width != 0 && box.height != 0;
  if (ok) {
    // The glyph header's bounding box must hold the points actually drawn: garbage in `glyf`
    // that still parses as an outline gives points far outside it. Some fonts' boxes leave
    // out off-curve points by a few units (AR PL UMing: 3), hence the slack of 1/8 em.
    const float slack = static_cast<float>(upem_) / 8;
    const float left = static_cast<float>(box.x_bearing);
    const float top = static_cast<float>(box.y_bearing);
    const float right = left + static_cast<float>(box.width);
    const float bottom = top + static_cast<float>(box.height);
    ok = drawn_bounds.x_min >= left - slack && drawn_bounds.x_max <= right + slack &&
         drawn_bounds.y_max <= top + slack && drawn_bounds.y_min >= bottom - slack;
  }
  state.store(ok ? drawn : blank, std::memory_order_relaxed);
  return ok;
}

void font_face::free_deleter::operator()(std::uint32_t* p) const {
  std::free(p);
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
  const auto look_up = [&] {
    hb_codepoint_t gid = 0;
    return hb_font_get_nominal_glyph(font_, cp, &gid) ? gid : 0U;
  };
  if (cp >= bmp_size) return look_up();
  std::atomic_ref<std::uint32_t> known(glyph_of_[cp]);
  if (const std::uint32_t v = known.load(std::memory_order_relaxed); v != 0) return v - 1;
  const std::uint32_t gid = look_up();
  known.store(gid + 1, std::memory_order_relaxed);
  return gid;
}

double font_face::advance_em(char32_t cp) const {
  const std::uint32_t gid = glyph(cp);
  hb_position_t advance = notdef_advance_;
  if (gid != 0 && gid < advance_of_.size()) {
    std::atomic<std::int32_t>& known = advance_of_[gid];
    if (const std::int32_t v = known.load(std::memory_order_relaxed); v != 0) {
      advance = v - 1;
    } else {
      advance = hb_font_get_glyph_h_advance(font_, gid);
      known.store(advance + 1, std::memory_order_relaxed);
    }
  } else if (gid != 0) {
    advance = hb_font_get_glyph_h_advance(font_, gid);
  }
  return static_cast<double>(advance) / static_cast<double>(upem_);
}

font_set::font_set() = default;
font_set::font_set(font_set&&) noexcept = default;
font_set& font_set::operator=(font_set&&) noexcept = default;
font_set::~font_set() = default;

const font_face& font_set::face(layout::font_role role) const {
  if (faces_.empty()) throw base::environment_error(base::tr("pdf.font.none-loaded"));
  return *faces_[role_face_[role_index(role)]];
}

bool font_set::has_glyph(layout::font_role role, char32_t cp) const {
  return face(role).glyph(cp) != 0;
}

bool font_set::draws(layout::font_role role, char32_t cp) const {
  const font_face& f = face(role);
  const std::uint32_t gid = f.glyph(cp);
  if (gid == 0 || f.has_outline(gid)) return true;
  switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
      return true;  // nothing to draw
    default:
      return false;
  }
}

double font_set::advance_em(layout::font_role role, char32_t cp) const {
  return face(role).advance_em(cp);
}

font_set load_fonts(const data::settings& settings) {
  font_set set;
  for (const data::font_role_info& info : data::font_roles) {
    const layout::font_role role = info.role;
    const data::font_file& file = settings.fonts[role];
    if (file.path.empty()) {
      throw base::environment_error(base::tr("pdf.font.role-unset", {{"role", role_key(role)}}));
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
  if (base::find_invalid_utf8(text)) throw std::invalid_argument(base::tr("pdf.text-not-utf8"));
  double em = 0;
  for (const char32_t cp : base::decode_utf8(text)) em += face.advance_em(cp);
  return em * size;
}

std::string_view role_key(layout::font_role role) {
  return data::info_of(role).key;
}

std::string_view role_label(layout::font_role role) {
  return data::info_of(role).name;
}

std::string describe(const missing_glyph& missing) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(missing.code_point));
  if (missing.why == missing_glyph::reason::invalid_utf8) {
    return base::tr(
        "pdf.glyph.invalid-utf8",
        {{"byte", static_cast<unsigned long>(missing.code_point)}, {"text", missing.text}});
  }
  const base::args values{{"code", code},
                          {"char", base::encode_utf8(missing.code_point)},
                          {"text", missing.text},
                          {"font", role_label(missing.role)},
                          {"role", role_key(missing.role)}};
  if (missing.why == missing_glyph::reason::outside_bmp)
    return base::tr("pdf.glyph.outside-bmp", values);
  if (missing.why == missing_glyph::reason::blank_glyph) return base::tr("pdf.glyph.blank", values);
  return base::tr("pdf.glyph.not-in-font", values);
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
      // Items are short (a cell line): a linear search beats a tree here.
      std::vector<char32_t> seen;
      for (const char32_t cp : base::decode_utf8(text->text)) {
        if (std::find(seen.begin(), seen.end(), cp) != seen.end()) continue;
        seen.push_back(cp);
        missing_glyph m;
        m.code_point = cp;
        m.role = text->role;
        m.page = p;
        m.item = i;
        if (cp > 0xFFFF) {
          m.why = missing_glyph::reason::outside_bmp;
        } else if (!fonts.has_glyph(text->role, cp)) {
          m.why = missing_glyph::reason::not_in_font;
        } else if (!fonts.draws(text->role, cp)) {
          m.why = missing_glyph::reason::blank_glyph;
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
