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
#include "base/messages.h"
#include "base/sha256.h"
#include "package/manifest.h"

namespace selfeval::package {

namespace fs = std::filesystem;

namespace {

// `err` is the errno of the failed call, read before anything else can change it; `what` names
// the step and the path ("不能创建 PATH"), from the catalogue.
[[noreturn]] void fail(int err, const std::string& what) {
  throw base::environment_error(what +
                                base::tr("package.os-reason", {{"why", std::strerror(err)}}));
}

// The same with the current errno, read before `what` makes the text.
template <typename Text>
[[noreturn]] void fail(Text what) {
  const int err = errno;
  fail(err, what());
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

// A refusal to replace a folder, in the catalogue's words (the key of `m` is the entry).
base::diagnostic refusal(std::string id, base::source_loc at, const base::msg& m) {
  return base::make_diagnostic(base::severity::error, std::move(id), std::move(at), m);
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

// The manifest of the package in `out`, or a diagnostic saying why it is not one of ours.
std::optional<manifest> our_manifest(const fs::path& out, std::vector<base::diagnostic>& problems) {
  const fs::path path = out / manifest_name;
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  auto refuse = [&](const std::string& why) {
    problems.push_back(
        refusal("output-manifest-foreign", {path.string()},
                base::msg("output-manifest-foreign", {{"out", out.string()}, {"why", why}})));
    return std::nullopt;
  };
  if (fs::is_symlink(status)) return refuse(base::tr("package.manifest-is-link"));
  if (!fs::is_regular_file(status)) return refuse(base::tr("package.manifest-not-file"));
  if (fs::file_size(path, ec) > max_manifest_bytes)
    return refuse(base::tr("package.manifest-too-large"));
  try {
    manifest m = read_manifest(out);
    if (!m.generator.starts_with("selfeval "))
      return refuse(base::tr("package.manifest-other-program"));
    return m;
  } catch (const base::environment_error&) {
    return refuse(base::tr("package.manifest-not-selfeval"));
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
      why = fs::is_directory(status) ? base::tr("package.foreign-folder")
                                     : base::tr("package.foreign-file");
    } else if (!fs::is_regular_file(status)) {
      why = fs::is_symlink(status) ? base::tr("package.foreign-link")
                                   : base::tr("package.foreign-not-ours");
    }
    const base::source_loc at{entry.path().string()};
    if (!why.empty()) {
      found.push_back(refusal(
          "output-file-foreign", at,
          base::msg("output-file-foreign", {{"name", name}, {"why", why}, {"out", out.string()}})));
      continue;
    }
    if (entry.file_size(ec) != it->second->size ||
        base::sha256_file_hex(entry.path()) != it->second->sha256) {
      found.push_back(
          refusal("output-file-changed", at,
                  base::msg("output-file-changed", {{"name", name}, {"out", out.string()}})));
    }
  }
  if (ec) {
    throw base::environment_error(
        base::tr("package.cannot-list", {{"path", out.string()}, {"why", ec.message()}}));
  }
  std::sort(found.begin(), found.end(), [](const base::diagnostic& a, const base::diagnostic& b) {
    return a.loc.file < b.loc.file;
  });
  if (found.size() > max_named_files) {
    const std::size_t more = found.size() - max_named_files;
    found.resize(max_named_files);
    found.push_back(refusal("output-file-foreign", {out.string()},
                            base::msg("output-file-foreign.more", {{"n", more}})));
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
    throw output_refused(
        {fs::is_symlink(status)
             ? refusal("output-not-folder", at,
                       base::msg("output-not-folder.link", {{"out", out.string()}}))
             : refusal("output-not-folder", at,
                       base::msg("output-not-folder", {{"out", out.string()}}))});
  }
  std::vector<base::diagnostic> problems;
  const fs::path real_out = fs::canonical(out, ec);
  if (ec)
    throw base::environment_error(
        base::tr("package.cannot-resolve", {{"path", out.string()}, {"why", ec.message()}}));
  const fs::path working = fs::current_path(ec);  // fails when the working folder was deleted
  if (!ec && is_within(working, real_out)) {
    problems.push_back(refusal("output-is-working-folder", at,
                               base::msg("output-is-working-folder", {{"out", out.string()}})));
  }
  std::set<fs::path> inputs_inside;
  for (const fs::path& input : inputs) {
    const fs::path real_input = fs::weakly_canonical(input, ec);
    if (!ec && is_within(real_input, real_out)) {
      inputs_inside.insert(real_input);
      problems.push_back(refusal(
          "output-holds-data-file", {input.string()},
          base::msg("output-holds-data-file", {{"out", out.string()}, {"file", input.string()}})));
    }
  }
  if (fs::is_empty(out, ec) && !ec) {
    if (!problems.empty()) throw output_refused(std::move(problems));
    return;
  }
  if (!fs::exists(fs::symlink_status(out / manifest_name, ec))) {
    problems.push_back(refusal("output-not-package", at,
                               base::msg("output-not-package", {{"out", out.string()}})));
  } else if (const auto m = our_manifest(out, problems)) {
    check_contents(out, *m, inputs_inside, problems);
  }
  if (!problems.empty()) throw output_refused(std::move(problems));
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    fail([&] { return base::tr("package.cannot-open-folder", {{"path", folder.string()}}); });
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail(err, base::tr("package.cannot-sync-folder", {{"path", folder.string()}}));
}

void write_new_file(const fs::path& path, std::string_view bytes, bool sync, unsigned mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                        static_cast<mode_t>(mode));
  if (fd < 0)
    fail([&] { return base::tr("package.cannot-create-file", {{"path", path.string()}}); });
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail(err, base::tr("package.cannot-write", {{"path", path.string()}}));
    }
    done += static_cast<std::size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail(err, base::tr("package.cannot-sync", {{"path", path.string()}}));
  }
  if (::close(fd) != 0)
    fail([&] { return base::tr("package.cannot-close", {{"path", path.string()}}); });
}

namespace {

// stage_package; `check`: whether `out` is checked now (check_replaceable), not only at commit.
staged_package stage(const fs::path& out_arg, const std::vector<file>& files,
                     const write_options& options, bool check) {
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
      throw base::environment_error(base::tr("package.unsafe-file-name", {{"name", f.name}}));
    }
  }

  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) {
    throw base::environment_error(base::tr(
        "package.cannot-create", {{"path", out.parent_path().string()}, {"why", ec.message()}}));
  }
  if (options.clean_leftovers) recover_leftovers(out);
  if (check) check_replaceable(out, options.inputs);

  staged_package staged;
  staged.out = out;
  staged.inputs = options.inputs;
  staged.temp = unique_sibling(out, "new");
  if (::mkdir(staged.temp.c_str(), 0755) != 0)
    fail([&] {
      return base::tr("package.cannot-create-folder", {{"path", staged.temp.string()}});
    });
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

}  // namespace

staged_package stage_package(const fs::path& out, const std::vector<file>& files,
                             const write_options& options) {
  return stage(out, files, options, true);
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
        if (errno != EINVAL && errno != ENOSYS && errno != EPERM)
          fail([&] { return base::tr("package.cannot-replace", {{"path", out.string()}}); });
        // File systems without RENAME_EXCHANGE: move the old package aside first; a crash
        // between the renames is repaired by recover_leftovers on the next run.
        const fs::path old = unique_sibling(out, "old");
        if (::rename(out.c_str(), old.c_str()) != 0)
          fail([&] { return base::tr("package.cannot-move-aside", {{"path", out.string()}}); });
        if (::rename(temp.c_str(), out.c_str()) != 0) {
          const int err = errno;
          ::rename(old.c_str(), out.c_str());
          fail(err, base::tr("package.cannot-rename", {{"path", out.string()}}));
        }
        if (sync) sync_folder(out.parent_path());
        fs::remove_all(old, ec);
        return;
      }
    } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, out.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno != EINVAL && errno != ENOSYS)
        fail([&] { return base::tr("package.cannot-rename", {{"path", out.string()}}); });
      if (::rename(temp.c_str(), out.c_str()) != 0)
        fail([&] { return base::tr("package.cannot-rename", {{"path", out.string()}}); });
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
  // `out` checked once, by the commit just before the swap: staging takes a few milliseconds
  // here (a batch checks when it stages too, as it stages every unit before committing any).
  // A refused package is staged for nothing and removed.
  commit_package(stage(out, files, options, false), options.sync);
}

void recover_all_leftovers(const fs::path& folder) {
  recover_leftovers_in(folder, "");
}

void sync_file_system(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    fail([&] { return base::tr("package.cannot-open-folder", {{"path", path.string()}}); });
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail(err, base::tr("package.cannot-sync-file-system", {{"path", path.string()}}));
}

}  // namespace selfeval::package
