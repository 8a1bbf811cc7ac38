#include "package/signing.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstring>
#include <functional>

#include "base/error.h"
#include "base/messages.h"
#include "base/sha256.h"
#include "package/writer.h"

namespace selfeval::package {

namespace fs = std::filesystem;

namespace {

struct pkey_deleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct bio_deleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct pkey_ctx_deleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;
using bio_ptr = std::unique_ptr<BIO, bio_deleter>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_deleter>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_deleter>;

constexpr std::size_t public_key_bytes = 32;
constexpr std::size_t signature_bytes = 64;
// A PEM key file is a few hundred bytes; anything much larger is not one.
constexpr long max_pem_bytes = 64 * 1024;

// An encrypted key would make OpenSSL ask for a pass phrase on the terminal: refuse instead.
int no_pass_phrase(char*, int, int, void*) {
  return 0;
}

bio_ptr open_pem(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw base::environment_error(base::tr("package.key-not-found", {{"file", file.string()}}));
  }
  if (fs::file_size(file, ec) > static_cast<std::uintmax_t>(max_pem_bytes)) {
    throw base::environment_error(base::tr("package.key-too-large", {{"file", file.string()}}));
  }
  bio_ptr bio(BIO_new_file(file.c_str(), "rb"));
  if (!bio) {
    const int err = errno;
    throw base::environment_error(
        base::tr("package.key-unreadable", {{"file", file.string()}, {"why", std::strerror(err)}}));
  }
  return bio;
}

std::string raw_public_key(EVP_PKEY* key) {
  std::string raw(public_key_bytes, '\0');
  std::size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1 ||
      size != public_key_bytes) {
    throw base::environment_error(base::tr("package.openssl.read-public-key"));
  }
  return raw;
}

std::string pem_text(const std::function<int(BIO*)>& write) {
  bio_ptr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1)
    throw base::environment_error(base::tr("package.openssl.write-key"));
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

struct signing_key::impl {
  pkey_ptr key;
};

signing_key::signing_key(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
signing_key::~signing_key() = default;
signing_key::signing_key(signing_key&&) noexcept = default;
signing_key& signing_key::operator=(signing_key&&) noexcept = default;

signing_key signing_key::load(const fs::path& pem_file) {
  bio_ptr bio = open_pem(pem_file);
  pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_pass_phrase, nullptr));
  ERR_clear_error();
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    throw base::environment_error(
        base::tr("package.key-not-private", {{"file", pem_file.string()}}));
  }
  auto p = std::make_unique<impl>();
  p->key = std::move(key);
  return signing_key(std::move(p));
}

std::string signing_key::sign(std::string_view message) const {
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  std::string sig(signature_bytes, '\0');
  std::size_t size = sig.size();
  // Ed25519 hashes the message itself: no digest is named and the data goes in one call.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      size != signature_bytes) {
    ERR_clear_error();
    throw base::environment_error(base::tr("package.openssl.sign"));
  }
  return sig;
}

std::string signing_key::public_key() const {
  return raw_public_key(impl_->key.get());
}

std::string read_public_key(const fs::path& pem_file) {
  bio_ptr bio = open_pem(pem_file);
  pkey_ptr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_pass_phrase, nullptr));
  ERR_clear_error();
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    throw base::environment_error(
        base::tr("package.key-not-public", {{"file", pem_file.string()}}));
  }
  return raw_public_key(key.get());
}

bool signature_valid(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != public_key_bytes || signature.size() != signature_bytes) return false;
  pkey_ptr key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size()));
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  const bool valid =
      key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  ERR_clear_error();
  return valid;
}

std::string key_fingerprint(std::string_view public_key) {
  return base::sha256_hex(public_key).substr(0, 16);
}

key_pair_files generate_key_pair(const fs::path& name) {
  pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    ERR_clear_error();
    throw base::environment_error(base::tr("package.openssl.make-key"));
  }
  const pkey_ptr key(raw);
  const std::string private_pem = pem_text([&](BIO* b) {
    return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  const std::string public_pem =
      pem_text([&](BIO* b) { return PEM_write_bio_PUBKEY(b, key.get()); });

  key_pair_files files;
  files.private_key = fs::path(name.string() + ".key");
  files.public_key = fs::path(name.string() + ".pub");
  files.fingerprint = key_fingerprint(raw_public_key(key.get()));
  std::error_code ec;
  for (const fs::path& p : {files.private_key, files.public_key}) {
    if (fs::exists(fs::symlink_status(p, ec))) {
      throw base::environment_error(base::tr("package.key-exists", {{"file", p.string()}}));
    }
  }
  write_new_file(files.private_key, private_pem, true, 0600);
  try {
    write_new_file(files.public_key, public_pem, true, 0644);
  } catch (...) {
    fs::remove(files.private_key, ec);
    throw;
  }
  return files;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    hex += digits[b >> 4];
    hex += digits[b & 0x0F];
  }
  return hex;
}

bool from_hex(std::string_view hex, std::string& bytes) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  bytes.clear();
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = value(hex[i]), lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

}  // namespace selfeval::package
