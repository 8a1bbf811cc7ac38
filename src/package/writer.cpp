#include "package/writer.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "base/error.h"
#include "package/manifest.h"

namespace selfeval::package {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int err = errno) {
  throw base::environment_error(what + " " + path.string() + ": " + std::strerror(err));
}

// Hidden sibling names: ".OUT.selfeval-new-PID-N" (being written), ".OUT.selfeval-old-PID-N"
// (a replaced package waiting for removal).
std::string sibling_prefix(const fs::path& out, const char* kind) {
  return "." + out.filename().string() + ".selfeval-" + kind + "-";
}

fs::path unique_sibling(const fs::path& out, const char* kind) {
  static std::atomic<unsigned> counter{0};
  return out.parent_path() /
         (sibling_prefix(out, kind) + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

long pid_of(const std::string& name, const std::string& prefix) {
  try {
    return std::stol(name.substr(prefix.size()));
  } catch (const std::exception&) {
    return -1;
  }
}

// Removes what interrupted runs left in `parent` (for the package `only` when given, else for
// every package there); puts back a previous package that was moved aside when the process died
// between the two renames of the fallback path.
void recover_leftovers_in(const fs::path& parent, const std::string& only) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".")) continue;
    for (const char* kind : {"new", "old"}) {
      const std::string marker = std::string(".selfeval-") + kind + "-";
      const auto at = name.rfind(marker);
      if (at == std::string::npos || at < 1) continue;
      const std::string out_name = name.substr(1, at - 1);
      if (!only.empty() && out_name != only) continue;
      if (process_alive(pid_of(name, name.substr(0, at + marker.size())))) continue;
      const fs::path out = parent / out_name;
      if (kind == std::string("old") && !fs::exists(fs::symlink_status(out))) {
        fs::rename(entry.path(), out, ec);
      } else {
        fs::remove_all(entry.path(), ec);
      }
    }
  }
}

void recover_leftovers(const fs::path& out) {
  recover_leftovers_in(out.parent_path(), out.filename().string());
}

void check_replaceable(const fs::path& out) {
  const auto status = fs::symlink_status(out);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status)) {
    throw base::environment_error(out.string() + " exists and is not a folder");
  }
  if (fs::exists(out / manifest_name)) return;
  if (fs::is_empty(out)) return;
  throw base::environment_error(out.string() +
                                " is a folder that holds no selfeval package (no manifest.json);"
                                " refusing to replace it: choose an empty or new folder");
}

}  // namespace

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open folder", folder);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail("cannot sync folder", folder, err);
}

void write_new_file(const fs::path& path, std::string_view bytes, bool sync) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create", path);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail("cannot write", path, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail("cannot sync", path, err);
  }
  if (::close(fd) != 0) fail("cannot close", path);
}

staged_package stage_package(const fs::path& out_arg, const std::vector<file>& files,
                             const write_options& options) {
  // A trailing slash would give an empty filename; "." and ".." have no sibling to use.
  fs::path out = out_arg.lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  if (out.empty() || out.filename() == "." || out.filename() == "..") {
    out = fs::absolute(out).lexically_normal();
    if (out.filename().empty()) out = out.parent_path();
  }
  if (out.parent_path().empty()) out = fs::path(".") / out;
  for (const file& f : files) {
    if (!is_safe_file_name(f.name)) {
      throw base::environment_error("refusing to write unsafe file name \"" + f.name + "\"");
    }
  }

  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) {
    throw base::environment_error("cannot create " + out.parent_path().string() + ": " +
                                  ec.message());
  }
  if (options.clean_leftovers) recover_leftovers(out);
  check_replaceable(out);

  staged_package staged;
  staged.out = out;
  staged.temp = unique_sibling(out, "new");
  if (::mkdir(staged.temp.c_str(), 0755) != 0) fail("cannot create folder", staged.temp);
  try {
    std::size_t written = 0;
    for (const file& f : files) {
      write_new_file(staged.temp / f.name, f.bytes, options.sync);
      if (options.after_file) options.after_file(++written);
    }
    if (options.sync) sync_folder(staged.temp);
  } catch (...) {
    fs::remove_all(staged.temp, ec);
    throw;
  }
  return staged;
}

void discard_package(const staged_package& staged) {
  std::error_code ec;
  fs::remove_all(staged.temp, ec);
}

void commit_package(const staged_package& staged, bool sync) {
  const fs::path& out = staged.out;
  const fs::path& temp = staged.temp;
  std::error_code ec;
  try {
    check_replaceable(out);
    if (fs::exists(fs::symlink_status(out))) {
      // One atomic step: `out` is the old package before and the new one after.
      if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != EINVAL && errno != ENOSYS && errno != EPERM) fail("cannot replace", out);
        // File systems without RENAME_EXCHANGE: move the old package aside first; a crash
        // between the renames is repaired by recover_leftovers on the next run.
        const fs::path old = unique_sibling(out, "old");
        if (::rename(out.c_str(), old.c_str()) != 0) fail("cannot move aside", out);
        if (::rename(temp.c_str(), out.c_str()) != 0) {
          const int err = errno;
          ::rename(old.c_str(), out.c_str());
          fail("cannot rename into place", out, err);
        }
        if (sync) sync_folder(out.parent_path());
        fs::remove_all(old, ec);
        return;
      }
    } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, out.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) fail("cannot rename into place", out);
      if (::rename(temp.c_str(), out.c_str()) != 0) fail("cannot rename into place", out);
    }
    if (sync) sync_folder(out.parent_path());
  } catch (...) {
    fs::remove_all(temp, ec);
    throw;
  }
  // After the exchange `temp` holds the previous package (or nothing).
  fs::remove_all(temp, ec);
}

void write_package(const fs::path& out, const std::vector<file>& files,
                   const write_options& options) {
  commit_package(stage_package(out, files, options), options.sync);
}

void recover_all_leftovers(const fs::path& folder) {
  recover_leftovers_in(folder, "");
}

void sync_file_system(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open folder", path);
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail("cannot sync the file system of", path, err);
}

}  // namespace selfeval::package
