// Writes a package folder atomically: the whole new package or the old one, never a mixture.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "base/diagnostics.h"
#include "base/error.h"
#include "package/file.h"

namespace selfeval::package {

struct write_options {
  // Called after each file is written and synced (1, 2, …): tests use it to fail or crash
  // part-way through; an exception thrown here aborts the write like any other failure.
  std::function<void(std::size_t files_written)> after_file;
  // fsync files and folders (off only in tests that measure nothing durable).
  bool sync = true;
  // Look for leftovers of interrupted runs beside `out` first. A batch turns it off and calls
  // recover_all_leftovers once: one listing of its folder instead of one per unit.
  bool clean_leftovers = true;
  // The files the package is made from (the data file): the output folder must not hold them.
  std::vector<std::filesystem::path> inputs;
  // Also write 附件1–3 as .xlsx tables next to their PDFs (build --xlsx).
  bool xlsx_tables = false;
};

// The output folder may not be replaced: it holds files selfeval did not write (or changed ones),
// it is the working folder, or it holds the data file. One diagnostic per problem, located at
// the file concerned; what() is all of them formatted. Nothing was written or deleted.
class output_refused : public base::environment_error {
 public:
  explicit output_refused(std::vector<base::diagnostic> problems);
  const std::vector<base::diagnostic>& problems() const { return problems_; }

 private:
  std::vector<base::diagnostic> problems_;
};

// Throws output_refused unless `out` may be replaced by a new package: it does not exist, is an
// empty folder, or holds exactly a package that selfeval wrote: a manifest.json (a regular file
// that parses as a selfeval package manifest) and, besides it, only files it lists with their
// SHA-256 unchanged (files it lists may be missing). In every case `out` must not be the working
// folder or one above it, nor hold any of `inputs`.
void check_replaceable(const std::filesystem::path& out,
                       const std::vector<std::filesystem::path>& inputs = {});

// Cleans the leftovers of interrupted runs for every package in `folder`.
void recover_all_leftovers(const std::filesystem::path& folder);

// Writes `files` as the folder `out`. The files go into a hidden temporary sibling folder
// first; once all are written and synced it takes the place of `out` in one rename (an atomic
// exchange when `out` already exists), and the previous package is removed afterwards. An
// exception or a killed process leaves `out` as it was.
//
// `out` must be replaceable (see check_replaceable, checked just before the swap): the program
// never replaces a folder it did not write. Leftovers of interrupted runs are cleaned
// up. Throws output_refused, or base::environment_error on I/O failure or unsafe file names.
void write_package(const std::filesystem::path& out, const std::vector<file>& files,
                   const write_options& options = {});

// The two halves of write_package, for batches: stage every unit (no fsync each), sync the file
// system once, then commit each. A staged package is a complete hidden sibling of `out`.
struct staged_package {
  std::filesystem::path out;
  std::filesystem::path temp;
  std::vector<std::filesystem::path> inputs;  // write_options::inputs, checked again at commit
};
staged_package stage_package(const std::filesystem::path& out, const std::vector<file>& files,
                             const write_options& options = {});
// Puts a staged package in place of `out` (atomic exchange), removes the previous one.
void commit_package(const staged_package& staged, bool sync = true);
// Removes a staged package that will not be committed.
void discard_package(const staged_package& staged);
// syncfs(2) of the file system holding `path`: one flush instead of one fsync per file.
void sync_file_system(const std::filesystem::path& path);

// Writes one file durably (O_EXCL: never overwrites), mode 0644 unless given (0600 for a
// private key). Throws environment_error.
void write_new_file(const std::filesystem::path& path, std::string_view bytes, bool sync = true,
                    unsigned mode = 0644);

// fsync of a folder, so renames and new entries in it survive a power cut.
void sync_folder(const std::filesystem::path& folder);

}  // namespace selfeval::package
