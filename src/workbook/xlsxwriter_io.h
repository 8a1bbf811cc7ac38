// libxlsxwriter 1.1.4 (Debian 12) writes a workbook only to a named file, and each of its parts
// to a temporary file first; a workbook took a file in a temporary folder, read back and removed,
// plus a dozen temporary files. xlsxwriter_io.cpp gives it memory instead: the two functions it
// calls for its files go through its PLT, so the program's definitions take their place.
#pragma once

#include <string>

namespace selfeval::workbook {

// While one lives on this thread, a workbook created with the name `memory_output::path()` is
// written into `bytes` when it is closed (workbook_close), not into a file.
class memory_output {
 public:
  explicit memory_output(std::string& bytes);
  ~memory_output();
  memory_output(const memory_output&) = delete;
  memory_output& operator=(const memory_output&) = delete;

  static const char* path();

 private:
  std::string* previous_;
};

}  // namespace selfeval::workbook
