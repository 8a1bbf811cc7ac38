// Ed25519 keys and signatures (OpenSSL EVP) for the head of an archive's chain of versions.
// The private key signs when archiving; whoever holds the public key can check later that the
// newest archive.json (and through its chain every earlier version) is the one that was signed.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace selfeval::package {

// A private Ed25519 key loaded from a PEM file (PKCS#8, as `selfeval keygen` writes it).
class signing_key {
 public:
  // Throws base::environment_error when the file can't be read or holds no Ed25519 private key
  // (an encrypted key is refused, never prompted for).
  static signing_key load(const std::filesystem::path& pem_file);
  ~signing_key();
  signing_key(signing_key&&) noexcept;
  signing_key& operator=(signing_key&&) noexcept;

  // The 64-byte signature of `message`.
  std::string sign(std::string_view message) const;
  // The matching public key, 32 raw bytes.
  std::string public_key() const;

 private:
  struct impl;
  explicit signing_key(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// The raw 32-byte Ed25519 public key in a PEM file (SubjectPublicKeyInfo, as keygen writes it).
// Throws base::environment_error when the file can't be read or holds no Ed25519 public key.
std::string read_public_key(const std::filesystem::path& pem_file);

// True when `signature` (64 bytes) is `public_key`'s (32 raw bytes) signature of `message`.
bool signature_valid(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// A short name for a public key: the first 16 hex digits of the SHA-256 of its raw bytes.
std::string key_fingerprint(std::string_view public_key);

struct key_pair_files {
  std::filesystem::path private_key;  // NAME.key, mode 0600
  std::filesystem::path public_key;   // NAME.pub
  std::string fingerprint;
};

// Makes a new key pair and writes NAME.key and NAME.pub; never overwrites an existing file.
// Throws base::environment_error.
key_pair_files generate_key_pair(const std::filesystem::path& name);

// Lowercase hex of bytes; and hex back to bytes (false for anything but pairs of hex digits).
std::string to_hex(std::string_view bytes);
bool from_hex(std::string_view hex, std::string& bytes);

}  // namespace selfeval::package
