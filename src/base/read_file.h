#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace selfeval::base {

// The bytes of `path`, read in blocks until the end or until more than `limit` bytes are in:
// a result longer than `limit` means "too large" (one block past it at most, whatever size the
// file system reports or however the file grows meanwhile). nullopt when it cannot be opened
// or read.
std::optional<std::string> read_file_up_to(const std::filesystem::path& path, std::uintmax_t limit);

}  // namespace selfeval::base
