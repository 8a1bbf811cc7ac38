// One file of a package (name + bytes) and the rules that keep user text usable as a file name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace selfeval::package {

// A deliverable or other package file, held in memory until the package is written.
struct file {
  std::string name;   // one path component, already made safe (see safe_file_name)
  std::string bytes;  // the contents
};

// The longest file name most file systems take (ext4, NTFS in UTF-16 allows more).
inline constexpr std::size_t max_file_name_bytes = 255;

// A file-name component built from user text (a project or unit name). The result is valid
// UTF-8, holds no '/', '\\', control or format characters, nor any of :*?"<>| (the package is
// often copied to Windows machines), is never "", "." or "..", starts and ends with no dot or
// space, and is at most `max_bytes` bytes. Unsafe characters become '_'. A longer name is cut at
// a code point and ends in "…" and 8 hex digits of the SHA-256 of `text`, then its extension
// (".pdf"): two long names stay apart and keep their type. The default leaves room for the
// "（2）" of make_names_unique and the hidden staging names of the writer below 255 bytes.
std::string safe_file_name(std::string_view text, std::size_t max_bytes = 200);

// True when `name` is one component of at most 255 bytes that safe_file_name would leave
// unchanged.
bool is_safe_file_name(std::string_view name);

// Appends "（2）", "（3）"… before the extension of names that repeat, so two projects whose names
// become the same after sanitizing still get a file each. Order is kept.
void make_names_unique(std::vector<file>& files);

// Folder name of one unit's package in a batch: "2023-沅江市总工会".
std::string unit_folder_name(long long year, std::string_view unit_name);

// The file names of the PDF deliverables; a project name is made safe first, so whatever it
// holds the file stays inside the package folder.
std::string table1_file_name();
std::string table2_file_name();
std::string table3_file_name(const std::string& project_name);

}  // namespace selfeval::package
