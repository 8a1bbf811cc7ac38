#include "pdf/image.h"

#include <png.h>

#include "base/messages.h"

namespace selfeval::pdf {

namespace {

constexpr std::string_view png_magic = "\x89PNG\r\n\x1a\n";

image_problem damaged(std::string_view why) {
  const base::args values{{"why", why}};
  return {"image-damaged", base::tr("image-damaged", values),
          base::tr_hint("image-damaged", values)};
}

// Owns a png_image between begin and finish; libpng frees it on failure too, and a second
// png_image_free is a no-op.
struct png_image_guard {
  png_image image{};
  png_image_guard() { image.version = PNG_IMAGE_VERSION; }
  ~png_image_guard() { png_image_free(&image); }
  png_image_guard(const png_image_guard&) = delete;
  png_image_guard& operator=(const png_image_guard&) = delete;
};

}  // namespace

std::variant<normalised_image, image_problem> validate_image(std::string_view bytes,
                                                             const image_limits& limits) {
  if (bytes.size() > limits.max_bytes) {
    const base::args values{{"limit", limits.max_bytes}};
    return image_problem{"image-too-large", base::tr("image-too-large", values),
                         base::tr_hint("image-too-large", values)};
  }
  if (!bytes.starts_with(png_magic)) {
    return image_problem{"image-not-png", base::tr("image-not-png"),
                         base::tr_hint("image-not-png")};
  }
  // The simplified API (png_image_*) catches libpng's longjmp inside libpng itself: an error
  // comes back as a false return and a message, never as abort() or a jump through our frames.
  png_image_guard guard;
  png_image& image = guard.image;
  if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
    return damaged(image.message);
  }
  if (image.width > limits.max_width || image.height > limits.max_height) {
    const base::args values{{"width", image.width},
                            {"height", image.height},
                            {"max_width", limits.max_width},
                            {"max_height", limits.max_height}};
    return image_problem{"image-dimensions", base::tr("image-dimensions", values),
                         base::tr_hint("image-dimensions", values)};
  }
  const bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  const bool color = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  image.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
                       : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
  std::string samples(PNG_IMAGE_SIZE(image), '\0');
  if (png_image_finish_read(&image, nullptr, samples.data(), 0, nullptr) == 0) {
    return damaged(image.message);
  }

  normalised_image out;
  out.width = image.width;
  out.height = image.height;
  out.channels = color ? 3 : 1;
  if (!alpha) {
    out.pixels = std::move(samples);
    return out;
  }
  // libharu wants the colour and the soft mask as two images.
  const std::size_t count = std::size_t{out.width} * out.height;
  const std::size_t step = out.channels + 1;
  out.pixels.resize(count * out.channels);
  out.alpha.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    for (unsigned c = 0; c < out.channels; ++c) {
      out.pixels[i * out.channels + c] = samples[i * step + c];
    }
    out.alpha[i] = samples[i * step + out.channels];
  }
  return out;
}

}  // namespace selfeval::pdf
