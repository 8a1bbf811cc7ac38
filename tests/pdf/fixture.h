// Shared by the PDF tests: the shipped fonts loaded once, and running the poppler/qpdf tools.
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
