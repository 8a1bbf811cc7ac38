#include "pdf/render.h"

#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <variant>
#include <vector>

#include "base/error.h"
#include "base/messages.h"
#include "base/utf8.h"
#include "pdf/font_face.h"
#include "pdf/hpdf_document.h"
#include "pdf/image.h"
#include "pdf/libharu_private.h"

namespace selfeval::pdf {

std::string metadata_text(const std::string& s) {
  if (s.size() <= max_metadata_bytes) return s;
  std::size_t cut = max_metadata_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

namespace {

// Each document font gets its characters renumbered densely from here. The cut font's cmap is
// then one segment, so libharu's 65,536 cmap look-ups per font (a linear segment search each)
// stay cheap, and the ToUnicode map gives the text back. Low codes keep the CIDToGIDMap (two
// bytes per code from 0) small. The cap keeps the format-4 cmap under its 64 KB length limit
// (and the codes below the surrogates); a document uses a few hundred characters per font.
constexpr char32_t first_code = 0x0100;
constexpr std::size_t max_codes = 30000;

// --- per-document font cut ----------------------------------------------------------------

struct hb_deleter {
  void operator()(hb_face_t* f) const { hb_face_destroy(f); }
  void operator()(hb_font_t* f) const { hb_font_destroy(f); }
  void operator()(hb_blob_t* b) const { hb_blob_destroy(b); }
  void operator()(hb_subset_input_t* i) const { hb_subset_input_destroy(i); }
};
template <typename T>
using hb_ptr = std::unique_ptr<T, hb_deleter>;

void put16(std::string& out, unsigned value) {
  out += static_cast<char>((value >> 8) & 0xFF);
  out += static_cast<char>(value & 0xFF);
}

// cmap with one (3,1) format-4 subtable: codes first_code… → `gids`, then the 0xFFFF end segment.
std::string dense_cmap(const std::vector<hb_codepoint_t>& gids) {
  const unsigned seg_count = 2;
  unsigned search_range = 1, entry_selector = 0;
  while (search_range * 2 <= seg_count) {
    search_range *= 2;
    ++entry_selector;
  }
  search_range *= 2;
  const unsigned length = 16 + 8 * seg_count + 2 * static_cast<unsigned>(gids.size());
  std::string t;
  put16(t, 0);   // version
  put16(t, 1);   // one encoding record
  put16(t, 3);   // platform: Windows
  put16(t, 1);   // encoding: Unicode BMP
  put16(t, 0);   // offset (32-bit) of the subtable: 12
  put16(t, 12);  //
  put16(t, 4);   // format
  put16(t, length);
  put16(t, 0);  // language
  put16(t, seg_count * 2);
  put16(t, search_range);
  put16(t, entry_selector);
  put16(t, seg_count * 2 - search_range);
  put16(t, static_cast<unsigned>(first_code + gids.size() - 1));  // endCode
  put16(t, 0xFFFF);
  put16(t, 0);                                  // reservedPad
  put16(t, static_cast<unsigned>(first_code));  // startCode
  put16(t, 0xFFFF);
  put16(t, 0);  // idDelta
  put16(t, 1);
  put16(t, seg_count * 2);  // idRangeOffset: from this entry to glyphIdArray[0]
  put16(t, 0);
  for (const hb_codepoint_t gid : gids) put16(t, gid);
  return t;
}

// A TrueType font holding only `cps`' glyphs; with `dense`, its cmap maps first_code + i to
// cps[i]'s glyph instead of the code points themselves.
std::string cut_font(const font_face& face, const std::vector<char32_t>& cps, bool dense) {
  const hb_ptr<hb_subset_input_t> input(hb_subset_input_create_or_fail());
  if (!input) throw base::environment_error(base::tr("pdf.harfbuzz.out-of-memory"));
  hb_set_t* unicodes = hb_subset_input_unicode_set(input.get());
  for (const char32_t cp : cps) hb_set_add(unicodes, cp);
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
  hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const char* tag : {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG",
                          "kern", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "morx", "kerx"}) {
    hb_set_add(drop, hb_tag_from_string(tag, 4));
  }
  const hb_ptr<hb_face_t> sub(hb_subset_or_fail(face.hb(), input.get()));
  if (!sub)
    throw base::environment_error(base::tr("pdf.harfbuzz.cannot-subset", {{"font", face.path()}}));

  const hb_ptr<hb_font_t> sub_font(hb_font_create(sub.get()));
  std::vector<hb_codepoint_t> gids;
  gids.reserve(cps.size());
  for (const char32_t cp : cps) {
    hb_codepoint_t gid = 0;
    hb_font_get_nominal_glyph(sub_font.get(), cp, &gid);
    gids.push_back(gid);
  }
  const std::string cmap = dense ? dense_cmap(gids) : std::string();

  // The subset is itself a builder face, which cannot list its tables; the source face can.
  const hb_ptr<hb_face_t> builder(hb_face_builder_create());
  const hb_tag_t cmap_tag = HB_TAG('c', 'm', 'a', 'p');
  hb_tag_t tags[32];
  unsigned start = 0, count = 32;
  while (count > 0) {
    count = 32;
    hb_face_get_table_tags(face.hb(), start, &count, tags);
    start += count;
    for (unsigned i = 0; i < count; ++i) {
      if (tags[i] == cmap_tag && dense) continue;
      const hb_ptr<hb_blob_t> table(hb_face_reference_table(sub.get(), tags[i]));
      if (hb_blob_get_length(table.get()) == 0) continue;  // dropped by the subsetter
      hb_face_builder_add_table(builder.get(), tags[i], table.get());
    }
  }
  if (dense) {
    const hb_ptr<hb_blob_t> cmap_blob(hb_blob_create(cmap.data(),
                                                     static_cast<unsigned>(cmap.size()),
                                                     HB_MEMORY_MODE_DUPLICATE, nullptr, nullptr));
    hb_face_builder_add_table(builder.get(), cmap_tag, cmap_blob.get());
  }
  const hb_ptr<hb_blob_t> font(hb_face_reference_blob(builder.get()));
  unsigned length = 0;
  const char* data = hb_blob_get_data(font.get(), &length);
  if (length == 0)
    throw base::environment_error(base::tr("pdf.harfbuzz.cannot-rebuild", {{"font", face.path()}}));
  return std::string(data, length);
}

// libharu 2.3.0 writes a CID CMap as /ToUnicode, which poppler rejects; this replaces it with a
// real bfchar map from the document codes back to Unicode.
std::string to_unicode_cmap(const std::vector<char32_t>& cps, bool dense) {
  std::string s =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  char line[32];
  for (std::size_t start = 0; start < cps.size(); start += 100) {
    const std::size_t n = std::min<std::size_t>(100, cps.size() - start);
    s += std::to_string(n) + " beginbfchar\n";
    for (std::size_t i = start; i < start + n; ++i) {
      const char32_t code = dense ? first_code + static_cast<char32_t>(i) : cps[i];
      std::snprintf(line, sizeof line, "<%04X> <%04X>\n", static_cast<unsigned>(code),
                    static_cast<unsigned>(cps[i]));
      s += line;
    }
    s += "endbfchar\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

// One embedded font of the document: a face and the characters drawn with it.
struct document_font {
  const font_face* face = nullptr;
  std::vector<char32_t> cps;  // sorted, unique; cps[i] is drawn as code first_code + i
  bool dense = true;          // false: drawn by code point
  HPDF_Font font = nullptr;

  // The text in document codes, as UTF-8 for libharu's UTF-8 encoder.
  std::string encode(std::string_view text) const {
    if (!dense) return std::string(text);
    std::string out;
    for (const char32_t cp : base::decode_utf8(text)) {
      const auto it = std::lower_bound(cps.begin(), cps.end(), cp);
      out += base::encode_utf8(first_code + static_cast<char32_t>(it - cps.begin()));
    }
    return out;
  }
};

// The codes a document font is drawn with: first_code + i when dense, else the code points.
std::vector<char32_t> document_codes(const std::vector<char32_t>& cps, bool dense) {
  std::vector<char32_t> codes(cps);
  if (dense) {
    for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = first_code + static_cast<char32_t>(i);
  }
  return codes;
}

// --- drawing --------------------------------------------------------------------------------

class painter {
 public:
  painter(hpdf_document& doc, HPDF_Page page) : doc_(doc), page_(page) {}

  void draw(const layout::rect_item& r) {
    end_text();
    fill_gray(r.gray);
    ok(HPDF_Page_Rectangle(page_, f(r.x), f(r.y), f(r.w), f(r.h)), "drawing a rectangle");
    ok(HPDF_Page_Fill(page_), "filling a rectangle");
  }

  void draw(const layout::text_item& t, const document_font& font) {
    if (t.text.empty()) return;
    if (!in_text_) {
      fill_gray(0);
      ok(HPDF_Page_BeginText(page_), "beginning text");
      in_text_ = true;
    }
    if (font.font != font_ || t.size != size_) {
      ok(HPDF_Page_SetFontAndSize(page_, font.font, f(t.size)), "setting the font");
      font_ = font.font;
      size_ = t.size;
    }
    const HPDF_TextRenderingMode mode = t.bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL;
    if (mode != mode_) {
      ok(HPDF_Page_SetTextRenderingMode(page_, mode), "setting the text rendering mode");
      mode_ = mode;
    }
    if (t.bold) set_line_width(t.size * bold_stroke);
    if (t.char_spacing != char_spacing_) {
      ok(HPDF_Page_SetCharSpace(page_, f(t.char_spacing)), "setting the character spacing");
      char_spacing_ = t.char_spacing;
    }
    ok(HPDF_Page_TextOut(page_, f(t.x), f(t.y), font.encode(t.text).c_str()), "drawing text");
  }

  void draw(const layout::line_item& l) {
    end_text();
    set_line_width(l.width);
    ok(HPDF_Page_MoveTo(page_, f(l.x1), f(l.y1)), "drawing a rule");
    ok(HPDF_Page_LineTo(page_, f(l.x2), f(l.y2)), "drawing a rule");
    ok(HPDF_Page_Stroke(page_), "drawing a rule");
  }

  void draw(const layout::image_item& i, HPDF_Image image) {
    end_text();
    ok(HPDF_Page_DrawImage(page_, image, f(i.x), f(i.y), f(i.w), f(i.h)), "drawing an image");
  }

  void start() {
    // Rules meet at table corners without notches.
    ok(HPDF_Page_SetLineCap(page_, HPDF_PROJECTING_SCUARE_END), "setting the line cap");
    ok(HPDF_Page_SetGrayStroke(page_, 0), "setting the stroke colour");
  }
  void end_text() {
    if (!in_text_) return;
    ok(HPDF_Page_EndText(page_), "ending text");
    in_text_ = false;
  }

 private:
  static HPDF_REAL f(double v) { return static_cast<HPDF_REAL>(v); }
  void ok(HPDF_STATUS s, const char* what) { doc_.check(s, what); }
  void set_line_width(double w) {
    if (w == line_width_) return;
    ok(HPDF_Page_SetLineWidth(page_, f(w)), "setting the line width");
    line_width_ = w;
  }
  void fill_gray(double gray) {
    if (gray == fill_gray_) return;
    ok(HPDF_Page_SetGrayFill(page_, f(gray)), "setting the fill colour");
    fill_gray_ = gray;
  }

  hpdf_document& doc_;
  HPDF_Page page_;
  bool in_text_ = false;
  HPDF_Font font_ = nullptr;
  double size_ = -1;
  double fill_gray_ = 0;  // PDF initial state: black
  double line_width_ = 1;
  HPDF_TextRenderingMode mode_ = HPDF_FILL;
  double char_spacing_ = 0;  // PDF initial state: no extra spacing
  // Synthetic bold strokes the outline with this fraction of the font size (0.26 pt at 10.5 pt),
  // about as much as word processors add to a face that has no bold.
  static constexpr double bold_stroke = 0.025;
};

void set_info(hpdf_document& doc, const layout::document& d) {
  const HPDF_Doc pdf = doc.get();
  const auto text = [&](HPDF_InfoType type, const std::string& value, const char* what) {
    if (!value.empty()) doc.check(HPDF_SetInfoAttr(pdf, type, metadata_text(value).c_str()), what);
  };
  text(HPDF_INFO_TITLE, d.title, "setting the title");
  text(HPDF_INFO_AUTHOR, d.author, "setting the author");
  text(HPDF_INFO_SUBJECT, d.subject, "setting the subject");
  text(HPDF_INFO_CREATOR, "selfeval", "setting the creator");
  if (d.year > 0) {
    // Dates come from the data, never the clock, so renders are byte-identical.
    HPDF_Date date{};
    date.year = d.year;
    date.month = d.month;
    date.day = d.day;
    date.hour = 12;  // noon China Standard Time: the same calendar day in every time zone
    date.ind = '+';
    date.off_hour = 8;
    doc.check(HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date), "setting the date");
    doc.check(HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date), "setting the date");
  }
}

// Decodes the image bytes with our own checked decoder (image.h) and gives libharu plain 8-bit
// pixels and a soft mask: libharu's PNG reader never sees the file.
HPDF_Image load_image(hpdf_document& doc, const std::string& name, const std::string& bytes) {
  auto decoded = validate_image(bytes);
  if (const auto* problem = std::get_if<image_problem>(&decoded)) {
    throw base::environment_error(
        base::tr("pdf.image-problem", {{"name", name}, {"problem", problem->message}}));
  }
  const normalised_image& image = std::get<normalised_image>(decoded);
  const auto raw = [&](const std::string& pixels, HPDF_ColorSpace space) {
    return doc.check(
        HPDF_LoadRawImageFromMem(doc.get(), reinterpret_cast<const HPDF_BYTE*>(pixels.data()),
                                 image.width, image.height, space, 8),
        ("loading image \"" + name + "\"").c_str());
  };
  HPDF_Image loaded =
      raw(image.pixels, image.channels == 3 ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY);
  if (!image.alpha.empty()) {
    doc.check(HPDF_Image_AddSMask(loaded, raw(image.alpha, HPDF_CS_DEVICE_GRAY)),
              ("adding the transparency of image \"" + name + "\"").c_str());
  }
  return loaded;
}

// The bookmarks: each entry under the closest earlier entry one level up (a level that skips
// one is taken as the next level down), opened at its place on its page.
void add_outline(hpdf_document& doc, const layout::document& d,
                 const std::vector<HPDF_Page>& pages) {
  if (d.outline.empty()) return;
  const HPDF_Doc pdf = doc.get();
  const HPDF_Encoder utf8 = doc.check(HPDF_GetEncoder(pdf, "UTF-8"), "getting the UTF-8 encoder");
  std::vector<HPDF_Outline> parents;  // parents[k]: the last entry at level k
  for (const layout::outline_entry& e : d.outline) {
    if (e.page >= pages.size()) {
      throw base::environment_error(base::tr(
          "pdf.bookmark-past-end",
          {{"title", metadata_text(e.title)}, {"page", e.page + 1}, {"pages", pages.size()}}));
    }
    const std::size_t level =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(e.level, 0)), parents.size());
    parents.resize(level);
    const HPDF_Outline parent = level == 0 ? nullptr : parents.back();
    const HPDF_Outline o = doc.check(
        HPDF_CreateOutline(pdf, parent, metadata_text(e.title).c_str(), utf8), "adding a bookmark");
    const HPDF_Destination dest =
        doc.check(HPDF_Page_CreateDestination(pages[e.page]), "adding a bookmark");
    // The page as wide as the window, scrolled to the place (libharu has no XYZ "keep zoom").
    doc.check(HPDF_Destination_SetFitH(dest, static_cast<HPDF_REAL>(e.top)), "adding a bookmark");
    doc.check(HPDF_Outline_SetDestination(o, dest), "adding a bookmark");
    // Deliverables open on their sections; sections stay folded.
    doc.check(HPDF_Outline_SetOpened(o, level == 0 ? HPDF_TRUE : HPDF_FALSE), "adding a bookmark");
    parents.push_back(o);
  }
  doc.check(HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE), "showing the bookmarks");
}

}  // namespace

std::string render_pdf(const layout::document& d, const font_set& fonts,
                       const image_table& images) {
  return render_pdf(d, fonts, images, render_options{});
}

std::string render_pdf(const layout::document& d, const font_set& fonts, const image_table& images,
                       const render_options& options) {
  if (const auto missing =
          options.coverage_checked ? std::vector<missing_glyph>{} : check_coverage(d, fonts);
      !missing.empty()) {
    throw base::environment_error(
        base::tr("pdf.cannot-draw", {{"n", missing.size()}, {"first", describe(missing.front())}}));
  }

  // Characters per face, then one embedded font per face actually used.
  std::vector<document_font> doc_fonts(fonts.faces().size());
  std::vector<std::set<char32_t>> used(fonts.faces().size());
  const auto face_slot = [&](layout::font_role role) {
    const font_face* face = &fonts.face(role);
    for (std::size_t i = 0; i < fonts.faces().size(); ++i) {
      if (fonts.faces()[i].get() == face) return i;
    }
    return std::size_t{0};
  };
  for (const auto& page : d.pages) {
    for (const auto& item : page.items) {
      if (const auto* t = std::get_if<layout::text_item>(&item)) {
        for (const char32_t cp : base::decode_utf8(t->text)) used[face_slot(t->role)].insert(cp);
      }
    }
  }

  hpdf_document doc;
  const HPDF_Doc pdf = doc.get();
  doc.check(HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL), "setting compression");
  doc.check(HPDF_UseUTFEncodings(pdf), "enabling UTF-8");
  doc.check(HPDF_SetCurrentEncoder(pdf, "UTF-8"), "selecting UTF-8");
  set_info(doc, d);

  {
    std::optional<narrowed_encoder> narrow;
    if (options.narrow_encoder) {
      narrow.emplace(doc.check(HPDF_GetEncoder(pdf, "UTF-8"), "getting the UTF-8 encoder"));
    }
    for (std::size_t i = 0; i < doc_fonts.size(); ++i) {
      if (used[i].empty()) continue;
      document_font& df = doc_fonts[i];
      df.face = fonts.faces()[i].get();
      df.cps.assign(used[i].begin(), used[i].end());
      df.dense = options.dense_codes;
      if (df.dense && df.cps.size() > max_codes) {
        throw base::environment_error(
            base::tr("pdf.too-many-characters", {{"n", max_codes}, {"font", df.face->path()}}));
      }
      const std::vector<char32_t> codes = document_codes(df.cps, df.dense);
      df.font = load_document_font(doc, cut_font(*df.face, df.cps, df.dense), codes,
                                   to_unicode_cmap(df.cps, df.dense), narrow ? &*narrow : nullptr);
    }
  }  // the encoder is whole again before any text is drawn

  std::map<std::string, HPDF_Image> loaded_images;
  for (const auto& page : d.pages) {
    for (const auto& item : page.items) {
      const auto* image = std::get_if<layout::image_item>(&item);
      if (image == nullptr || loaded_images.count(image->name) != 0) continue;
      const auto found = images.find(image->name);
      if (found == images.end()) {
        throw base::environment_error(base::tr("pdf.image-not-loaded", {{"name", image->name}}));
      }
      loaded_images[image->name] = load_image(doc, image->name, found->second);
    }
  }

  // A PNG with alpha becomes an image with a soft mask, a PDF 1.4 feature; libharu would
  // still label the file 1.3.
  if (!loaded_images.empty()) require_pdf_version(pdf, HPDF_VER_14);

  std::vector<HPDF_Page> pages;
  for (const auto& page : d.pages) {
    HPDF_Page p = doc.check(HPDF_AddPage(pdf), "adding a page");
    pages.push_back(p);
    doc.check(HPDF_Page_SetWidth(p, static_cast<HPDF_REAL>(page.width)), "sizing a page");
    doc.check(HPDF_Page_SetHeight(p, static_cast<HPDF_REAL>(page.height)), "sizing a page");
    painter paint(doc, p);
    paint.start();
    for (const auto& item : page.items) {
      if (const auto* t = std::get_if<layout::text_item>(&item)) {
        paint.draw(*t, doc_fonts[face_slot(t->role)]);
      } else if (const auto* r = std::get_if<layout::rect_item>(&item)) {
        paint.draw(*r);
      } else if (const auto* l = std::get_if<layout::line_item>(&item)) {
        paint.draw(*l);
      } else if (const auto* i = std::get_if<layout::image_item>(&item)) {
        paint.draw(*i, loaded_images.at(i->name));
      }
    }
    paint.end_text();
  }
  add_outline(doc, d, pages);

  doc.check(HPDF_SaveToStream(pdf), "writing the PDF");
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string out(size, '\0');
  if (size > 0) {
    doc.check(HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size),
              "reading the PDF");
  }
  out.resize(size);
  return out;
}

}  // namespace selfeval::pdf
