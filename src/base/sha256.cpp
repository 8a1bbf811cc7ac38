#include "base/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "base/error.h"
#include "base/messages.h"

namespace selfeval::base {

namespace {

struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using md_ctx = std::unique_ptr<EVP_MD_CTX, md_ctx_deleter>;

md_ctx start() {
  md_ctx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw environment_error(tr("sha256.start-failed"));
  }
  return ctx;
}

void update(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  if (EVP_DigestUpdate(ctx, data, size) != 1) {
    throw environment_error(tr("sha256.update-failed"));
  }
}

std::string finish(EVP_MD_CTX* ctx) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, digest.data(), &size) != 1) {
    throw environment_error(tr("sha256.final-failed"));
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace

void prepare_sha256() noexcept {
  try {
    (void)sha256_hex({});
  } catch (...) {
  }
}

std::string sha256_hex(std::string_view bytes) {
  md_ctx ctx = start();
  update(ctx.get(), bytes.data(), bytes.size());
  return finish(ctx.get());
}

std::string sha256_file_hex(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int err = errno;  // before building the message can change it
    throw environment_error(
        tr("sha256.cannot-open", {{"file", file.string()}, {"reason", std::strerror(err)}}));
  }
  md_ctx ctx = start();
  std::array<char, 1 << 16> block{};
  while (in) {
    in.read(block.data(), block.size());
    const auto got = in.gcount();
    if (got > 0) update(ctx.get(), block.data(), static_cast<std::size_t>(got));
  }
  if (in.bad()) throw environment_error(tr("sha256.read-failed", {{"file", file.string()}}));
  return finish(ctx.get());
}

}  // namespace selfeval::base
