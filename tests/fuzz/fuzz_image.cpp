// libFuzzer target for the image path: arbitrary bytes as a signature or seal image through
// pdf::validate_image (libpng under our limits), as load_images does when a unit is loaded.
// It must never crash, abort or longjmp out (libpng's error handling), and a decoded image must
// be consistent: 8-bit samples, width * height * channels bytes, a mask of width * height.
// Seeds: tests/fixtures/hostile/images/ and the e2e PNGs.
//   build-fuzz/tests/fuzz/fuzz_image -max_len=65536 CORPUS SEEDS
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "pdf/image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pdf = selfeval::pdf;
  // Smaller than the defaults so that one input costs milliseconds, not a 64 MB decode.
  pdf::image_limits limits;
  limits.max_width = 512;
  limits.max_height = 512;
  const auto result =
      pdf::validate_image(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (const auto* problem = std::get_if<pdf::image_problem>(&result)) {
    if (problem->id.empty() || problem->message.empty()) std::abort();
    return 0;
  }
  const auto& image = std::get<pdf::normalised_image>(result);
  if (image.width == 0 || image.height == 0 || image.width > limits.max_width ||
      image.height > limits.max_height) {
    std::abort();
  }
  const std::size_t count = std::size_t{image.width} * image.height;
  if (image.channels != 1 && image.channels != 3) std::abort();
  if (image.pixels.size() != count * image.channels) std::abort();
  if (!image.alpha.empty() && image.alpha.size() != count) std::abort();
  return 0;
}
