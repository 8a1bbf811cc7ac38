// A fixed-advance measure for layout tests: 1 em for CJK and other wide code points, 0.5 em
// for ASCII, so expected positions can be worked out by hand.
#pragma once

#include "base/utf8.h"
#include "layout/measure.h"

namespace selfeval::layout::testing {

class fake_measure : public measure {
 public:
  double width(font_role, double size, std::string_view text) const override {
    double w = 0;
    for (char32_t c : base::decode_utf8(text)) w += c < 0x80 ? 0.5 * size : size;
    return w;
  }
};

}  // namespace selfeval::layout::testing
