#include "pdf/libharu_private.h"

#include <dlfcn.h>
#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_error.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <libdeflate.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

// The struct layouts used below are those of libharu 2.3.0 (Debian 12's libhpdf-dev). Another
// version may lay them out differently: review this file before raising the number.
static_assert(HPDF_VERSION_ID == 20300, "libharu_private.cpp is written for libharu 2.3.0");

// libharu 2.3.0 copies and fills memory a byte at a time (hpdf_utils.c), and calls these two
// through its own PLT, so the program's definitions below take their place in the library: the
// same results (libharu never copies between overlapping buffers; memmove would be right if it
// did), with the C library's word-wide loops. They took 94 M of a package's 812 M instructions
// (callgrind), mostly copying each embedded font into its stream; now 61 M fewer in all.
extern "C" HPDF_BYTE* HPDF_MemCpy(HPDF_BYTE* out, const HPDF_BYTE* in, HPDF_UINT n) {
  if (n != 0) std::memmove(out, in, n);
  return out + n;
}

extern "C" void* HPDF_MemSet(void* s, HPDF_BYTE c, HPDF_UINT n) {
  if (n != 0) std::memset(s, c, n);
  return static_cast<HPDF_BYTE*>(s) + n;
}

namespace {

// libdeflate's fastest level. Measured on yuanjiang-2023 (2026-12-01, paired runs): the default
// package 134 → 104 ms CPU and a one-shot 附件4 43.5 → 37.8 ms against level 6 (zlib's default,
// which libharu asked for), for 3.8 % more bytes (all PDFs 1,173 → 1,218 KB; 附件2 48.2 → 49.7
// KB): the embedded fonts, most of every file, compress little at any level.
constexpr int deflate_level = 1;

struct compressor_deleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// One compressor a thread (a unit's PDFs are drawn on several): allocating one costs more than
// compressing a page's content stream. A failed allocation is tried again at the next stream.
libdeflate_compressor* thread_compressor() {
  thread_local std::unique_ptr<libdeflate_compressor, compressor_deleter> compressor;
  if (!compressor) compressor.reset(libdeflate_alloc_compressor(deflate_level));
  return compressor.get();
}

}  // namespace

// Every stream libharu compresses (embedded fonts, page contents, ToUnicode maps, CIDToGIDMaps,
// images and their soft masks) passes through this function, which 2.3.0 calls through its PLT:
// zlib's deflate took half of the instructions of drawing a report (callgrind, 附件4: 107 M of
// 223 M). libdeflate compresses the whole stream
// in one call, to the same zlib format (/FlateDecode), faster and a little smaller; the output
// bytes differ from zlib's but are as reproducible.
extern "C" HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
                                                            HPDF_Encrypt e) {
  try {
    const HPDF_UINT32 size = HPDF_Stream_Size(src);
    if (HPDF_STATUS s = HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET); s != HPDF_OK) return s;
    // Not value-initialized: every byte is read or written before it is used.
    const std::unique_ptr<HPDF_BYTE[]> in(new HPDF_BYTE[size]);
    HPDF_UINT got = 0;
    while (got < size) {
      HPDF_UINT n = size - got;
      const HPDF_STATUS s = HPDF_Stream_Read(src, in.get() + got, &n);
      got += n;
      if (s == HPDF_STREAM_EOF) break;
      if (s != HPDF_OK) return s;
    }
    libdeflate_compressor* compressor = thread_compressor();
    if (compressor == nullptr) return HPDF_SetError(src->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
    const std::size_t bound = libdeflate_zlib_compress_bound(compressor, got);
    const std::unique_ptr<HPDF_BYTE[]> out(new HPDF_BYTE[bound]);
    const std::size_t packed =
        libdeflate_zlib_compress(compressor, in.get(), got, out.get(), bound);
    if (packed == 0 || packed > std::numeric_limits<HPDF_UINT>::max()) {
      return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, 0);
    }
    if (e != nullptr) {  // libharu's encryption is RC4, a stream cipher: one call for the whole
      const std::unique_ptr<HPDF_BYTE[]> sealed(new HPDF_BYTE[packed]);
      HPDF_Encrypt_CryptBuf(e, out.get(), sealed.get(), static_cast<HPDF_UINT>(packed));
      return HPDF_Stream_Write(dst, sealed.get(), static_cast<HPDF_UINT>(packed));
    }
    return HPDF_Stream_Write(dst, out.get(), static_cast<HPDF_UINT>(packed));
  } catch (...) {  // no exception may cross libharu's C frames; only allocation can throw
    return HPDF_SetError(src->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
  }
}

// libharu rebuilds a TrueType font when it embeds it (SaveFontData: the tables it knows, glyphs
// re-laid, checksums recomputed), four bytes a stream call at a time: 71 M of a package's
// instructions. The fonts this program embeds were cut by harfbuzz for their document already
// (pdf/render.cpp cut_font: only the document's glyphs, no hinting, layout tables dropped), so
// their bytes are written as they are, /Length1 their size. load_document_font marks such a
// font by setting /Length1 ahead (libharu's loaders leave it 0 until this call); any other font
// definition (a whole font or a collection loaded through libharu's own API) gets libharu's
// rebuild, which cuts it to the glyphs used.
extern "C" HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream) {
  auto* attr = static_cast<HPDF_TTFontDefAttr>(fontdef->attr);
  if (attr->length1 == 0 || attr->length1 != HPDF_Stream_Size(attr->stream)) {
    using save_font_data = HPDF_STATUS (*)(HPDF_FontDef, HPDF_Stream);
    static const auto libharus =
        reinterpret_cast<save_font_data>(dlsym(RTLD_NEXT, "HPDF_TTFontDef_SaveFontData"));
    if (libharus == nullptr) return HPDF_SetError(fontdef->error, HPDF_INVALID_FONTDEF_DATA, 0);
    return libharus(fontdef, stream);
  }
  // Copied in libharu's 4 KB blocks, without a buffer of the font's size.
  return HPDF_Stream_WriteToStream(attr->stream, stream, HPDF_STREAM_FILTER_NONE, nullptr);
}

namespace selfeval::pdf {

struct narrowed_encoder::saved_state {
  HPDF_CMapEncoderAttr attr = nullptr;
  HPDF_Encoder_ToUnicode_Func fn = nullptr;
  std::unique_ptr<HPDF_UINT16[]> cid = std::make_unique<HPDF_UINT16[]>(65536);
  std::unique_ptr<HPDF_UNICODE[]> unicode = std::make_unique<HPDF_UNICODE[]>(65536);
};

narrowed_encoder::narrowed_encoder(HPDF_Encoder encoder)
    : encoder_(encoder), saved_(std::make_unique<saved_state>()) {
  saved_->attr = static_cast<HPDF_CMapEncoderAttr>(encoder->attr);
  saved_->fn = encoder->to_unicode_fn;
  HPDF_CMapEncoderAttr attr = saved_->attr;
  std::memcpy(saved_->cid.get(), attr->cid_map, sizeof attr->cid_map);
  std::memcpy(saved_->unicode.get(), attr->unicode_map, sizeof attr->unicode_map);
  std::memset(attr->cid_map, 0, sizeof attr->cid_map);
  encoder_->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;  // selects libharu's sparse path
}

narrowed_encoder::~narrowed_encoder() {
  HPDF_CMapEncoderAttr attr = saved_->attr;
  encoder_->to_unicode_fn = saved_->fn;
  std::memcpy(attr->cid_map, saved_->cid.get(), sizeof attr->cid_map);
  std::memcpy(attr->unicode_map, saved_->unicode.get(), sizeof attr->unicode_map);
}

void narrowed_encoder::show(const std::vector<char32_t>& codes) {
  HPDF_CMapEncoderAttr attr = saved_->attr;
  for (const char32_t code : shown_) attr->cid_map[code >> 8][code & 0xFF] = 0;
  shown_ = codes;
  // libharu writes widths and the CIDToGIDMap for codes below the highest one only, so one
  // more code (without a glyph) keeps the last real one.
  if (!shown_.empty() && shown_.back() < 0xFFFF) shown_.push_back(shown_.back() + 1);
  for (const char32_t code : shown_) {
    attr->cid_map[code >> 8][code & 0xFF] = static_cast<HPDF_UINT16>(code);
    attr->unicode_map[code >> 8][code & 0xFF] = static_cast<HPDF_UNICODE>(code);
  }
}

HPDF_Font load_document_font(hpdf_document& doc, const std::string& font_bytes,
                             const std::vector<char32_t>& codes, const std::string& to_unicode,
                             narrowed_encoder* narrow) {
  const HPDF_Doc pdf = doc.get();
  HPDF_Stream stream =
      doc.check(HPDF_MemStream_New(pdf->mmgr, static_cast<HPDF_UINT>(font_bytes.size())),
                "allocating a font stream");
  const auto* data = reinterpret_cast<const HPDF_BYTE*>(font_bytes.data());
  if (HPDF_STATUS s = HPDF_Stream_Write(stream, data, static_cast<HPDF_UINT>(font_bytes.size()));
      s != HPDF_OK) {
    HPDF_Stream_Free(stream);
    doc.check(s, "buffering a font");
  }
  // What HPDF_LoadTTFontFromFile does after opening the file (2.3.0 has no in-memory loader);
  // on failure the font definition frees the stream.
  HPDF_FontDef def = doc.check(HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_TRUE), "loading a font");
  if (HPDF_STATUS s = HPDF_List_Add(pdf->fontdef_list, def); s != HPDF_OK) {
    HPDF_FontDef_Free(def);
    doc.check(s, "registering a font");
  }
  if (pdf->ttfont_tag[0] == 0) {
    std::copy_n("HPDFAA", 6, pdf->ttfont_tag);
  } else {
    for (int i = 5; i >= 0; --i) {
      if (++pdf->ttfont_tag[i] <= 'Z') break;
      pdf->ttfont_tag[i] = 'A';
    }
  }
  HPDF_TTFontDef_SetTagName(def, reinterpret_cast<char*>(pdf->ttfont_tag));
  // The cut font holds only glyphs the page needs; marking them all used keeps libharu from
  // looking into composite glyphs for their components when it reads widths.
  auto* def_attr = static_cast<HPDF_TTFontDefAttr>(def->attr);
  std::fill_n(def_attr->glyph_tbl.flgs, def_attr->num_glyphs, HPDF_BYTE{1});
  // Marks the font as a cut of ours, embedded as it is (HPDF_TTFontDef_SaveFontData above).
  def_attr->length1 = static_cast<HPDF_UINT>(font_bytes.size());

  HPDF_Encoder encoder = doc.check(HPDF_GetEncoder(pdf, "UTF-8"), "getting the UTF-8 encoder");
  // HPDF_Type0Font_New looks up all 65,536 codes of the UTF-8 encoder in the font, then writes
  // widths and a CIDToGIDMap up to code 0xFFFF. Shown an encoder whose code map holds only this
  // font's codes, it visits just those.
  if (narrow != nullptr) narrow->show(codes);
  HPDF_Font font =
      doc.check(HPDF_Type0Font_New(pdf->mmgr, def, encoder, pdf->xref), "creating a font");
  doc.check(HPDF_List_Add(pdf->font_mgr, font), "registering a font");
  if ((pdf->compression_mode & HPDF_COMP_METADATA) != 0) {
    font->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  }

  // libharu 2.3.0 writes a CID CMap as /ToUnicode, which poppler rejects.
  auto* attr = static_cast<HPDF_FontAttr>(font->attr);
  HPDF_Dict cmap = attr->cmap_stream;
  for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) {
    HPDF_Dict_RemoveElement(cmap, key);  // absent keys are fine
  }
  HPDF_MemStream_FreeData(cmap->stream);
  doc.check(HPDF_Stream_WriteStr(cmap->stream, to_unicode.c_str()), "writing the ToUnicode map");
  return font;
}

void require_pdf_version(HPDF_Doc pdf, HPDF_PDFVer version) {
  if (pdf->pdf_version < version) pdf->pdf_version = version;
}

}  // namespace selfeval::pdf
