// The only place that touches libharu's private structs (its document, encoder, font and font
// definition records): what 2.3.0's public API cannot do — load a TrueType font from memory,
// mark every glyph of a cut font used, narrow the UTF-8 encoder while a font is created, replace
// the ToUnicode map, raise the PDF version. It also defines four of libharu's own functions, which
// the library calls through its PLT and so takes from the program: byte copy and fill, stream
// compression (libdeflate) and the embedding of a TrueType font (a cut of ours written as it is,
// any other font handed to libharu's own rebuild).
// libharu_private.cpp refuses to compile against another libharu version, whose structs may
// differ.
#pragma once

#include <hpdf.h>

#include <memory>
#include <string>
#include <vector>

#include "pdf/hpdf_document.h"

namespace selfeval::pdf {

// While the document's fonts are created, libharu's UTF-8 encoder shows only the codes of the
// font being created (HPDF_Type0Font_New looks up all 65,536 codes of the encoder otherwise);
// the destructor restores it for drawing text.
class narrowed_encoder {
 public:
  explicit narrowed_encoder(HPDF_Encoder encoder);
  ~narrowed_encoder();
  narrowed_encoder(const narrowed_encoder&) = delete;
  narrowed_encoder& operator=(const narrowed_encoder&) = delete;

  // Shows exactly `codes` (ascending) from now on.
  void show(const std::vector<char32_t>& codes);

 private:
  struct saved_state;
  HPDF_Encoder encoder_;
  std::unique_ptr<saved_state> saved_;
  std::vector<char32_t> shown_;
};

// Embeds the TrueType font `font_bytes` (already cut to the document's glyphs) as a Type0 font
// of the UTF-8 encoder, drawn with the document codes `codes` (ascending), with `to_unicode` as
// its ToUnicode CMap. With `narrow`, the encoder shows only `codes` while the font is created.
HPDF_Font load_document_font(hpdf_document& doc, const std::string& font_bytes,
                             const std::vector<char32_t>& codes, const std::string& to_unicode,
                             narrowed_encoder* narrow);

// Raises the version written in the file's header (libharu writes 1.3 whatever it embeds).
void require_pdf_version(HPDF_Doc pdf, HPDF_PDFVer version);

}  // namespace selfeval::pdf
