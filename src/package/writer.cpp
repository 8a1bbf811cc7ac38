#include "package/writer.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <system_error>

#include "base/error.h"
#include "base/sha256.h"
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

// True when `inner` is `outer` or lies below it (both canonical).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

std::string joined(const std::vector<base::diagnostic>& problems) {
  std::string text;
  for (const base::diagnostic& d : problems) {
    if (!text.empty()) text += '\n';
    text += base::format_diagnostic(d);
  }
  return text;
}

// A manifest larger than this was not written by selfeval (a package lists a few dozen files).
constexpr std::uintmax_t max_manifest_bytes = 4u << 20;
// Files named one by one in a refusal; the rest are counted.
constexpr std::size_t max_named_files = 20;

const char* const not_ours_hint =
    "selfeval replaces only a package folder it wrote itself; move your own files out of it, "
    "or build into a new folder (-o NEW)";

// The manifest of the package in `out`, or a diagnostic saying why it is not one of ours.
std::optional<manifest> our_manifest(const fs::path& out, std::vector<base::diagnostic>& problems) {
  const fs::path path = out / manifest_name;
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  auto refuse = [&](const std::string& why) {
    problems.push_back({base::severity::error,
                        "output-manifest-foreign",
                        {path.string()},
                        out.string() + " is not a package selfeval wrote: its manifest.json " +
                            why + "; refusing to replace the folder",
                        not_ours_hint});
    return std::nullopt;
  };
  if (fs::is_symlink(status)) return refuse("is a symbolic link");
  if (!fs::is_regular_file(status)) return refuse("is not a file");
  if (fs::file_size(path, ec) > max_manifest_bytes) return refuse("is too large");
  try {
    manifest m = read_manifest(out);
    if (!m.generator.starts_with("selfeval ")) return refuse("was written by another program");
    return m;
  } catch (const base::environment_error&) {
    return refuse("is not a selfeval package manifest");
  }
}

// The entries of `out` that the package in it does not account for, and the files it lists
// whose bytes changed. `reported` (canonical paths) already have a diagnostic of their own.
void check_contents(const fs::path& out, const manifest& m, const std::set<fs::path>& reported,
                    std::vector<base::diagnostic>& problems) {
  std::map<std::string, const manifest_entry*> listed;
  for (const manifest_entry& e : m.files) listed[e.name] = &e;
  std::vector<base::diagnostic> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == manifest_name) continue;
    if (reported.contains(fs::weakly_canonical(entry.path(), ec))) continue;
    const auto status = entry.symlink_status(ec);
    const auto it = listed.find(name);
    std::string why;
    if (it == listed.end()) {
      why = fs::is_directory(status) ? " is a folder that is not part of the package"
                                     : " is not part of the package (not in its manifest.json)";
    } else if (!fs::is_regular_file(status)) {
      why = fs::is_symlink(status) ? " is a symbolic link, not the file selfeval wrote"
                                   : " is not the file selfeval wrote";
    }
    if (!why.empty()) {
      found.push_back({base::severity::error,
                       "output-file-foreign",
                       {entry.path().string()},
                       name + why + "; refusing to replace " + out.string(),
                       not_ours_hint});
      continue;
    }
    if (entry.file_size(ec) != it->second->size ||
        base::sha256_file_hex(entry.path()) != it->second->sha256) {
      found.push_back({base::severity::error,
                       "output-file-changed",
                       {entry.path().string()},
                       name +
                           " was changed after selfeval wrote it (its SHA-256 differs from "
                           "manifest.json); refusing to replace " +
                           out.string(),
                       "keep your edited copy outside the package folder, or delete it, then "
                       "build again"});
    }
  }
  if (ec) {
    throw base::environment_error("cannot list " + out.string() + ": " + ec.message());
  }
  std::sort(found.begin(), found.end(), [](const base::diagnostic& a, const base::diagnostic& b) {
    return a.loc.file < b.loc.file;
  });
  if (found.size() > max_named_files) {
    const std::size_t more = found.size() - max_named_files;
    found.resize(max_named_files);
    found.push_back({base::severity::error,
                     "output-file-foreign",
                     {out.string()},
                     "and " + std::to_string(more) +
                         " more files that selfeval did not write or that were changed",
                     not_ours_hint});
  }
  problems.insert(problems.end(), found.begin(), found.end());
}

}  // namespace

output_refused::output_refused(std::vector<base::diagnostic> problems)
    : base::environment_error(joined(problems)), problems_(std::move(problems)) {}

void check_replaceable(const fs::path& out, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  const auto status = fs::symlink_status(out, ec);
  if (!fs::exists(status)) return;
  const base::source_loc at{out.string()};
  if (!fs::is_directory(status)) {
    throw output_refused({{base::severity::error, "output-not-folder", at,
                           out.string() + " exists and is not a folder" +
                               (fs::is_symlink(status) ? " (a symbolic link)" : ""),
                           "give a new folder, or the folder of a package selfeval built"}});
  }
  std::vector<base::diagnostic> problems;
  const fs::path real_out = fs::canonical(out, ec);
  if (ec) throw base::environment_error("cannot resolve " + out.string() + ": " + ec.message());
  const fs::path working = fs::current_path(ec);  // fails when the working folder was deleted
  if (!ec && is_within(working, real_out)) {
    problems.push_back({base::severity::error, "output-is-working-folder", at,
                        out.string() + " is the folder you are working in (or holds it); "
                                       "replacing it would pull the folder from under you",
                        "build into a folder beside it, e.g. -o ../package"});
  }
  std::set<fs::path> inputs_inside;
  for (const fs::path& input : inputs) {
    const fs::path real_input = fs::weakly_canonical(input, ec);
    if (!ec && is_within(real_input, real_out)) {
      inputs_inside.insert(real_input);
      problems.push_back({base::severity::error,
                          "output-holds-data-file",
                          {input.string()},
                          "the output folder " + out.string() + " holds the data file " +
                              input.string() + "; replacing the folder would delete it",
                          "keep the data file outside the package folder, or build into "
                          "another folder (-o NEW)"});
    }
  }
  if (fs::is_empty(out, ec) && !ec) {
    if (!problems.empty()) throw output_refused(std::move(problems));
    return;
  }
  if (!fs::exists(fs::symlink_status(out / manifest_name, ec))) {
    problems.push_back({base::severity::error, "output-not-package", at,
                        out.string() + " is a folder that holds no selfeval package (no "
                                       "manifest.json); refusing to replace it",
                        "choose an empty or new folder"});
  } else if (const auto m = our_manifest(out, problems)) {
    check_contents(out, *m, inputs_inside, problems);
  }
  if (!problems.empty()) throw output_refused(std::move(problems));
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open folder", folder);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail("cannot sync folder", folder, err);
}

void write_new_file(const fs::path& path, std::string_view bytes, bool sync, unsigned mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                        static_cast<mode_t>(mode));
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
  check_replaceable(out, options.inputs);

  staged_package staged;
  staged.out = out;
  staged.inputs = options.inputs;
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
    check_replaceable(out, staged.inputs);
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
