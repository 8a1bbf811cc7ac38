#include "cli/resources.h"

#include <filesystem>
#include <system_error>

namespace selfeval::cli {

namespace fs = std::filesystem;

std::string resource_dir(const std::string& given, const char* name) {
  if (!given.empty()) return given;
  if (fs::is_directory(name)) return name;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      if (fs::is_directory(dir / name)) return (dir / name).string();
    }
  }
  return name;
}

}  // namespace selfeval::cli
