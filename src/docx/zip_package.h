// .docx zip packages: read every entry, write deterministically (fixed dates, caller's order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct zip;
struct zip_source;

namespace selfeval::docx {

// A zip archive read from memory. The bytes must outlive the reader.
// Throws base::environment_error when the bytes are not a zip archive.
class zip_reader {
 public:
  explicit zip_reader(std::string_view bytes);
  ~zip_reader();
  zip_reader(const zip_reader&) = delete;
  zip_reader& operator=(const zip_reader&) = delete;

  // Entries in the order of the archive's central directory.
  std::size_t size() const { return names_.size(); }
  const std::string& name(std::size_t index) const { return names_[index]; }
  std::optional<std::size_t> find(std::string_view name) const;
  // Sizes as the archive declares them (a hostile archive may lie: read() holds it to them).
  std::uint64_t declared_size(std::size_t index) const { return sizes_[index]; }
  std::uint64_t compressed_size(std::size_t index) const { return compressed_sizes_[index]; }
  // The uncompressed bytes of one entry. Memory grows with what is actually inflated, never
  // with the declared size; more bytes than declared is an error (environment_error).
  std::string read(std::size_t index) const;
  // The bytes of one entry as stored in the archive (deflated data for deflated entries).
  std::string read_stored(std::size_t index) const;

 private:
  friend class zip_writer;
  std::string read_entry(std::size_t index, bool stored) const;
  zip* archive_ = nullptr;
  std::vector<std::string> names_;
  std::vector<std::uint64_t> sizes_;
  std::vector<std::uint64_t> compressed_sizes_;
};

// A zip archive built in memory. Entries are written in the order they are added, each dated
// 1980-01-01 00:00 (the zip epoch) so the same entries always give the same bytes.
class zip_writer {
 public:
  // level: zlib deflate level 1-9 for entries added with add().
  explicit zip_writer(int level = 6);
  ~zip_writer();
  zip_writer(const zip_writer&) = delete;
  zip_writer& operator=(const zip_writer&) = delete;

  // Adds an entry deflated from `data`.
  void add(std::string name, std::string data);
  // Adds entry `index` of `from` with its compressed bytes copied as they are (no re-deflate);
  // `from` must outlive finish().
  void copy(const zip_reader& from, std::size_t index);
  // Closes the archive and returns its bytes; the writer is empty afterwards.
  std::string finish();

 private:
  void date_entry(long long index, const std::string& name);

  zip* archive_ = nullptr;
  zip_source* buffer_ = nullptr;
  int level_;
  std::deque<std::string> data_;  // kept alive until finish(): libzip reads sources at close
};

}  // namespace selfeval::docx
