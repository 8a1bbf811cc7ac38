// Signature and seal images: decoded by libpng within limits and normalised to plain 8-bit
// pixels before libharu sees them (libharu's own PNG reader aborts the process on a damaged
// file and double-frees on an interlaced 16-bit one). The only file that includes png.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace selfeval::pdf {

// Limits on an image file. A 300 dpi scan of a seal is about 500 × 500 pixels and a few
// hundred KB; the defaults leave room for a full A4 page at 300 dpi (2480 × 3508).
struct image_limits {
  std::size_t max_bytes = std::size_t{5} << 20;  // 5 MiB
  std::uint32_t max_width = 4000;
  std::uint32_t max_height = 4000;
};
inline constexpr image_limits default_image_limits{};

// An image as libharu takes it: 8 bits per sample, rows top to bottom, no interlacing.
struct normalised_image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  unsigned channels = 0;  // 1 gray or 3 RGB
  std::string pixels;     // width * height * channels bytes
  std::string alpha;      // width * height bytes (the soft mask), empty when opaque
};

// What is wrong with an image, for a diagnostic at the key that names the file.
struct image_problem {
  std::string id;       // image-too-large, image-not-png, image-dimensions, image-damaged
  std::string message;  // what is wrong, without the key or the file name (from the catalogue)
  std::string hint;
};

// Checks and decodes image bytes (PNG of any colour type, bit depth and interlacing). Never
// aborts or longjmps out: every libpng error becomes an image_problem. Memory is bounded by the
// limits (about width * height * 4 bytes).
std::variant<normalised_image, image_problem> validate_image(
    std::string_view bytes, const image_limits& limits = default_image_limits);

}  // namespace selfeval::pdf
