// Writes a package folder atomically: the whole new package or the old one, never a mixture.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

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
};

// Cleans the leftovers of interrupted runs for every package in `folder`.
void recover_all_leftovers(const std::filesystem::path& folder);

// Writes `files` as the folder `out`. The files go into a hidden temporary sibling folder
// first; once all are written and synced it takes the place of `out` in one rename (an atomic
// exchange when `out` already exists), and the previous package is removed afterwards. An
// exception or a killed process leaves `out` as it was.
//
// `out` must not exist, be empty, or hold a previous package (a manifest.json): the program
// never replaces a folder it did not write. Leftovers of interrupted runs are cleaned up.
// Throws base::environment_error on I/O failure or unsafe file names.
void write_package(const std::filesystem::path& out, const std::vector<file>& files,
                   const write_options& options = {});

// The two halves of write_package, for batches: stage every unit (no fsync each), sync the file
// system once, then commit each. A staged package is a complete hidden sibling of `out`.
struct staged_package {
  std::filesystem::path out;
  std::filesystem::path temp;
};
staged_package stage_package(const std::filesystem::path& out, const std::vector<file>& files,
                             const write_options& options = {});
// Puts a staged package in place of `out` (atomic exchange), removes the previous one.
void commit_package(const staged_package& staged, bool sync = true);
// Removes a staged package that will not be committed.
void discard_package(const staged_package& staged);
// syncfs(2) of the file system holding `path`: one flush instead of one fsync per file.
void sync_file_system(const std::filesystem::path& path);

// Writes one file durably (O_EXCL: never overwrites), mode 0644. Throws environment_error.
void write_new_file(const std::filesystem::path& path, std::string_view bytes, bool sync = true);

// fsync of a folder, so renames and new entries in it survive a power cut.
void sync_folder(const std::filesystem::path& folder);

}  // namespace selfeval::package
