// SHA-256 digests for manifests and archives (OpenSSL EVP), as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace selfeval::base {

// Digest of bytes in memory: 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

// Makes the first digest as quick as the next ones: OpenSSL reads its configuration and loads
// its providers on first use (~2 ms), which a caller with idle threads can have done early.
// Never throws (a failure is the next digest's to report).
void prepare_sha256() noexcept;

// Digest of a file's contents, read in blocks. Throws environment_error when it can't be read.
std::string sha256_file_hex(const std::filesystem::path& file);

}  // namespace selfeval::base
