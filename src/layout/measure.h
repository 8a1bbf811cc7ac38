// The one question layout asks of fonts: how wide is this text. The PDF backend answers it
// from the embedded font; tests answer it with a fixed-advance fake.
#pragma once

#include <string_view>

#include "data/font_roles.h"

namespace selfeval::layout {

// Typographic roles (data/font_roles.h); config/fonts.toml maps each to a font file.
using data::font_role;

class measure {
 public:
  virtual ~measure() = default;
  // Advance width in points of UTF-8 `text` set in `role` at `size` points.
  virtual double width(font_role role, double size, std::string_view text) const = 0;
};

}  // namespace selfeval::layout
