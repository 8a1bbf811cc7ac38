#include "workbook/xlsxwriter_io.h"

#include <dlfcn.h>
#include <minizip/zip.h>
#include <sys/types.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>

// The functions below replace libxlsxwriter's own lxw_tmpfile and minizip's zipOpen as 1.1.4
// calls them (packager.c): review them before raising the version.
static_assert(LXW_VERSION_ID == 114, "xlsxwriter_io.cpp is written for libxlsxwriter 1.1.4");

#if defined(__SANITIZE_ADDRESS__)
// libxlsxwriter 1.1.4 copies a list validation's formula twice and frees one copy (fixed
// upstream in 5c5b3046, "Fix memory leak in list formula data validation"): a workbook whose
// dropdown names the lists sheet loses ~30 bytes a validation. Its allocations are recorded with
// libxlsxwriter's lxw_strdup on top (the fast unwinder stops in the library), hence the name.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:lxw_strdup\n";
}
#endif

namespace {

thread_local std::string* current_output = nullptr;
thread_local zipFile current_zip = nullptr;  // the zip opened into current_output
constexpr char memory_path[] = "selfeval-workbook-in-memory.xlsx";
constexpr int fastest_level = 1;  // Z_BEST_SPEED

// A file in memory: bytes and a position, read and written like a file.
struct memory_file {
  std::string* bytes;
  std::size_t pos = 0;

  std::size_t read(void* buf, std::size_t size) {
    const std::size_t n = pos < bytes->size() ? std::min(size, bytes->size() - pos) : 0;
    if (n != 0) std::memcpy(buf, bytes->data() + pos, n);
    pos += n;
    return n;
  }
  std::size_t write(const void* buf, std::size_t size) {
    try {
      if (pos == bytes->size()) {  // the usual case: appending
        bytes->append(static_cast<const char*>(buf), size);
        pos += size;
        return size;
      }
      if (bytes->size() < pos + size) bytes->resize(pos + size);
    } catch (...) {  // no exception may cross the library's C frames
      return 0;
    }
    if (size != 0) std::memcpy(bytes->data() + pos, buf, size);
    pos += size;
    return size;
  }
  // origin: 0 from the start, 1 from the position, 2 from the end (SEEK_SET/CUR/END, and
  // minizip's ZLIB_FILEFUNC_SEEK_* have the same values).
  bool seek(long long offset, int origin) {
    const long long base = origin == 0   ? 0
                           : origin == 1 ? static_cast<long long>(pos)
                                         : static_cast<long long>(bytes->size());
    if (base + offset < 0) return false;
    pos = static_cast<std::size_t>(base + offset);
    return true;
  }
};

// A part's temporary file: a memory_file that owns its bytes, as a stdio stream (glibc's
// fopencookie), which libxlsxwriter writes with fprintf and reads back with fread.
struct temporary_part {
  std::string bytes;
  memory_file file{&bytes};
};

ssize_t part_read(void* cookie, char* buf, std::size_t size) {
  return static_cast<ssize_t>(static_cast<temporary_part*>(cookie)->file.read(buf, size));
}
ssize_t part_write(void* cookie, const char* buf, std::size_t size) {
  // The bytes written, 0 on failure (fopencookie: never negative).
  return static_cast<ssize_t>(static_cast<temporary_part*>(cookie)->file.write(buf, size));
}
int part_seek(void* cookie, off64_t* offset, int whence) {
  memory_file& f = static_cast<temporary_part*>(cookie)->file;
  if (!f.seek(*offset, whence)) return -1;
  *offset = static_cast<off64_t>(f.pos);
  return 0;
}
int part_close(void* cookie) {
  delete static_cast<temporary_part*>(cookie);
  return 0;
}

// minizip's file functions over the output string.
voidpf zip_open(voidpf opaque, const char*, int) {
  return new (std::nothrow) memory_file{static_cast<std::string*>(opaque)};
}
uLong zip_read(voidpf, voidpf stream, void* buf, uLong size) {
  return static_cast<memory_file*>(stream)->read(buf, size);
}
uLong zip_write(voidpf, voidpf stream, const void* buf, uLong size) {
  return static_cast<memory_file*>(stream)->write(buf, size);
}
long zip_tell(voidpf, voidpf stream) {
  return static_cast<long>(static_cast<memory_file*>(stream)->pos);
}
long zip_seek(voidpf, voidpf stream, uLong offset, int origin) {
  return static_cast<memory_file*>(stream)->seek(static_cast<long long>(offset), origin) ? 0 : -1;
}
int zip_close(voidpf, voidpf stream) {
  delete static_cast<memory_file*>(stream);
  return 0;
}
int zip_error(voidpf, voidpf) {
  return 0;
}

}  // namespace

// Each part's temporary file (libxlsxwriter's utility.c opens a file in `tmpdir`).
extern "C" FILE* lxw_tmpfile(char*) {
  auto* part = new (std::nothrow) temporary_part;
  if (part == nullptr) return nullptr;
  FILE* stream = fopencookie(part, "w+", {part_read, part_write, part_seek, part_close});
  if (stream == nullptr) delete part;
  return stream;
}

// The workbook itself (packager.c opens the zip with zipOpen(filename, 0)): into memory for
// memory_output's name, any other name to minizip's own zipOpen.
extern "C" zipFile zipOpen(const char* pathname, int append) {
  if (current_output != nullptr && pathname != nullptr && std::strcmp(pathname, memory_path) == 0) {
    zlib_filefunc_def io{zip_open, zip_read,  zip_write, zip_tell,
                         zip_seek, zip_close, zip_error, current_output};
    current_zip = zipOpen2(pathname, append, nullptr, &io);
    return current_zip;
  }
  using open_fn = zipFile (*)(const char*, int);
  static const auto minizips = reinterpret_cast<open_fn>(dlsym(RTLD_NEXT, "zipOpen"));
  return minizips != nullptr ? minizips(pathname, append) : nullptr;
}

// Each part of the zip (packager.c asks minizip for zlib's default level): at zlib's fastest
// level when the workbook goes to memory_output. Deflating the parts took a quarter of writing
// a workbook (callgrind: 17 M of 66 M instructions at level 6).
extern "C" int zipOpenNewFileInZip4_64(zipFile file, const char* filename,
                                       const zip_fileinfo* zipfi, const void* extrafield_local,
                                       uInt size_extrafield_local, const void* extrafield_global,
                                       uInt size_extrafield_global, const char* comment, int method,
                                       int level, int raw, int windowBits, int memLevel,
                                       int strategy, const char* password, uLong crcForCrypting,
                                       uLong versionMadeBy, uLong flagBase, int zip64) {
  using open_fn = decltype(&zipOpenNewFileInZip4_64);
  static const auto minizips =
      reinterpret_cast<open_fn>(dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64"));
  if (minizips == nullptr) return ZIP_INTERNALERROR;
  if (file != nullptr && file == current_zip && method == Z_DEFLATED) level = fastest_level;
  return minizips(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                  size_extrafield_global, comment, method, level, raw, windowBits, memLevel,
                  strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}

namespace selfeval::workbook {

memory_output::memory_output(std::string& bytes) : previous_(current_output) {
  bytes.clear();
  current_output = &bytes;
  current_zip = nullptr;
}

memory_output::~memory_output() {
  current_output = previous_;
  current_zip = nullptr;
}

const char* memory_output::path() {
  return memory_path;
}

}  // namespace selfeval::workbook
