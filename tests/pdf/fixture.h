// Shared by the PDF tests: the shipped fonts loaded once, a seal image, scratch folders, and
// running the poppler/qpdf tools.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "base/diagnostics.h"
#include "data/settings.h"
#include "pdf/fonts.h"

namespace selfeval::pdf::test {

// An 8×8 RGBA PNG (red, every other pixel translucent), made with zlib by hand: its soft mask
// makes a PDF 1.4.
inline const std::string seal_png(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x08\x00\x00\x00"
    "\x08\x08\x06\x00\x00\x00\xc4\x0f\xbe\x8b\x00\x00\x00\x1a\x49\x44\x41\x54\x78\xda\x63\x38\xc1"
    "\xc0\xf0\x1f\x88\x13\x70\xd1\x0c\xf8\x24\x41\x34\xc3\xb0\x30\x01\x00\x74\x88\x5d\xe1\x12\x47"
    "\xdf\x80\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    83);

inline const font_set& shipped_fonts() {
  static const font_set fonts = [] {
    base::diagnostics d;
    const data::settings s = data::load_settings("config", d);
    if (d.has_errors()) throw std::runtime_error("config/ does not load");
    return load_fonts(s);
  }();
  return fonts;
}

struct command_result {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Runs `command` through the shell with stderr captured separately.
inline command_result run(const std::string& command, const std::filesystem::path& scratch) {
  const auto err_file = scratch / "stderr.txt";
  command_result r;
  FILE* pipe = popen((command + " 2>'" + err_file.string() + "'").c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  r.status = pclose(pipe);
  r.err = slurp(err_file);
  return r;
}

// A folder of its own under the temporary directory (`prefix`, the process id and `name`),
// emptied when made and removed at the end of the test (kept with SELFEVAL_KEEP_SCRATCH set).
class scratch_dir {
 public:
  scratch_dir(const std::string& prefix, const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              (prefix + "-" + std::to_string(::getpid()) + "-" + name)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~scratch_dir() {
    if (std::getenv("SELFEVAL_KEEP_SCRATCH") == nullptr) std::filesystem::remove_all(path_);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  std::filesystem::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace selfeval::pdf::test
