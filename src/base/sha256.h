// SHA-256 digests for manifests and archives (OpenSSL EVP), as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace selfeval::base {

// Digest of bytes in memory: 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

// Digest of a file's contents, read in blocks. Throws environment_error when it can't be read.
std::string sha256_file_hex(const std::filesystem::path& file);

}  // namespace selfeval::base
