#include "base/read_file.h"

#include <array>
#include <fstream>

namespace selfeval::base {

std::optional<std::string> read_file_up_to(const std::filesystem::path& path,
                                           std::uintmax_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  std::array<char, 1 << 16> block{};
  while (in && bytes.size() <= limit) {
    in.read(block.data(), block.size());
    bytes.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return std::nullopt;
  return bytes;
}

}  // namespace selfeval::base
