#include "docx/zip_package.h"

#include <zip.h>

#include <array>

#include "base/error.h"
#include "base/messages.h"

namespace selfeval::docx {
namespace {

// DOS date of 1980-01-01 (day 1, month 1, year 0 = 1980), time 00:00:00.
constexpr zip_uint16_t fixed_dos_date = (1u << 5) | 1u;
constexpr zip_uint16_t fixed_dos_time = 0;

[[noreturn]] void fail(const std::string& what, zip_error_t* err) {
  std::string message = what + ": " + zip_error_strerror(err);
  zip_error_fini(err);
  throw base::environment_error(message);
}

[[noreturn]] void fail(const std::string& what, zip_t* archive) {
  throw base::environment_error(what + ": " + zip_strerror(archive));
}

}  // namespace

zip_reader::zip_reader(std::string_view bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) fail(base::tr("docx.zip.read-data"), &err);
  archive_ = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (archive_ == nullptr) {
    zip_source_free(src);
    fail(base::tr("docx.zip.not-zip"), &err);
  }
  zip_error_fini(&err);
  zip_int64_t n = zip_get_num_entries(archive_, 0);
  names_.reserve(static_cast<std::size_t>(n));
  for (zip_int64_t i = 0; i < n; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    const char* name = zip_get_name(archive_, index, ZIP_FL_ENC_RAW);
    if (name == nullptr) fail(base::tr("docx.zip.entry-name"), archive_);
    names_.emplace_back(name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, index, 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0 ||
        (st.valid & ZIP_STAT_COMP_SIZE) == 0) {
      fail(base::tr("docx.zip.stat-entry", {{"entry", names_.back()}}), archive_);
    }
    sizes_.push_back(st.size);
    compressed_sizes_.push_back(st.comp_size);
  }
}

zip_reader::~zip_reader() {
  if (archive_ != nullptr) zip_discard(archive_);
}

std::optional<std::size_t> zip_reader::find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

std::string zip_reader::read(std::size_t index) const {
  return read_entry(index, false);
}

std::string zip_reader::read_stored(std::size_t index) const {
  return read_entry(index, true);
}

std::string zip_reader::read_entry(std::size_t index, bool stored) const {
  const std::uint64_t declared = stored ? compressed_sizes_[index] : sizes_[index];
  zip_file_t* file = zip_fopen_index(archive_, index, stored ? ZIP_FL_COMPRESSED : 0);
  if (file == nullptr) fail(base::tr("docx.zip.open-entry", {{"entry", names_[index]}}), archive_);
  // Grown as bytes arrive: a forged 4 GiB size costs nothing until 4 GiB really inflate, and
  // reading stops one block past the declared size.
  std::string out;
  std::array<char, 1 << 16> block{};
  for (;;) {
    const zip_int64_t got = zip_fread(file, block.data(), block.size());
    if (got < 0) {
      std::string message = base::tr("docx.zip.inflate-entry", {{"entry", names_[index]}}) + ": " +
                            zip_error_strerror(zip_file_get_error(file));
      zip_fclose(file);
      throw base::environment_error(message);
    }
    if (got == 0) break;
    out.append(block.data(), static_cast<std::size_t>(got));
    if (out.size() > declared) break;
  }
  zip_fclose(file);
  if (out.size() != declared) {
    throw base::environment_error(
        out.size() > declared
            ? base::tr("docx.zip.entry-longer", {{"entry", names_[index]}, {"declared", declared}})
            : base::tr("docx.zip.entry-shorter",
                       {{"entry", names_[index]}, {"declared", declared}}));
  }
  return out;
}

zip_writer::zip_writer(int level) : level_(level) {
  zip_error_t err;
  zip_error_init(&err);
  buffer_ = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (buffer_ == nullptr) fail(base::tr("docx.zip.create-buffer"), &err);
  // The archive frees its source on close; keep ours to read the result afterwards.
  zip_source_keep(buffer_);
  archive_ = zip_open_from_source(buffer_, ZIP_TRUNCATE, &err);
  if (archive_ == nullptr) {
    zip_source_free(buffer_);
    fail(base::tr("docx.zip.create-archive"), &err);
  }
  zip_error_fini(&err);
}

zip_writer::~zip_writer() {
  if (archive_ != nullptr) zip_discard(archive_);
  if (buffer_ != nullptr) zip_source_free(buffer_);
}

void zip_writer::date_entry(long long index, const std::string& name) {
  if (index < 0) fail(base::tr("docx.zip.add-entry", {{"entry", name}}), archive_);
  auto i = static_cast<zip_uint64_t>(index);
  if (zip_file_set_dostime(archive_, i, fixed_dos_time, fixed_dos_date, 0) != 0) {
    fail(base::tr("docx.zip.date-entry", {{"entry", name}}), archive_);
  }
}

void zip_writer::add(std::string name, std::string data) {
  const std::string& kept = data_.emplace_back(std::move(data));
  zip_source_t* src = zip_source_buffer(archive_, kept.data(), kept.size(), 0);
  if (src == nullptr) fail(base::tr("docx.zip.add-entry", {{"entry", name}}), archive_);
  zip_int64_t index = zip_file_add(archive_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(src);
    fail(base::tr("docx.zip.add-entry", {{"entry", name}}), archive_);
  }
  if (zip_set_file_compression(archive_, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE,
                               static_cast<zip_uint32_t>(level_)) != 0) {
    fail(base::tr("docx.zip.compress-entry", {{"entry", name}}), archive_);
  }
  date_entry(index, name);
}

void zip_writer::copy(const zip_reader& from, std::size_t index) {
  const std::string& name = from.names_[index];
  // ZIP_FL_COMPRESSED: the source yields the stored (deflated) bytes, which libzip writes as
  // they are because the method already matches; nothing is inflated or deflated again.
  zip_source_t* src = zip_source_zip(archive_, from.archive_, index, ZIP_FL_COMPRESSED, 0, -1);
  if (src == nullptr) fail(base::tr("docx.zip.copy-entry", {{"entry", name}}), archive_);
  zip_int64_t added = zip_file_add(archive_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (added < 0) {
    zip_source_free(src);
    fail(base::tr("docx.zip.copy-entry", {{"entry", name}}), archive_);
  }
  date_entry(added, name);
}

std::string zip_writer::finish() {
  if (zip_close(archive_) != 0) fail(base::tr("docx.zip.write"), archive_);
  archive_ = nullptr;
  data_.clear();
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(buffer_, &st) != 0 || zip_source_open(buffer_) != 0) {
    throw base::environment_error(base::tr("docx.zip.read-back"));
  }
  std::string out(static_cast<std::size_t>(st.size), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    zip_int64_t got = zip_source_read(buffer_, out.data() + done, out.size() - done);
    if (got <= 0) break;
    done += static_cast<std::size_t>(got);
  }
  zip_source_close(buffer_);
  zip_source_free(buffer_);
  buffer_ = nullptr;
  if (done != out.size()) throw base::environment_error(base::tr("docx.zip.read-back"));
  return out;
}

}  // namespace selfeval::docx
