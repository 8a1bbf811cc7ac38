// Archives of submitted packages: each submitted version frozen once, never changed afterwards,
// and checked later by re-hashing every file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace selfeval::package {

inline constexpr const char* archive_manifest_name = "archive.json";

struct archive_request {
  std::filesystem::path package;             // a package folder written by `selfeval build`
  std::vector<std::filesystem::path> scans;  // signed and stamped scans: PDF or JPEG
  std::filesystem::path data;                // the data file (optional; must match the manifest)
  std::filesystem::path root = "archive";    // archives live in root/<year>-<unit>/v<N>/
};

struct archive_result {
  std::filesystem::path version_dir;  // root/<year>-<unit>/v<N>
  int version = 0;
  std::size_t files = 0;  // files archived, archive.json not counted
};

// Checks the package against its manifest (an altered package is not archived), the data file
// against the manifest's hash, and each scan's magic bytes; then copies everything into a new
// version folder: package/…, data/<file>, scans/<file>, and archive.json listing every file with
// its SHA-256 and size. The version folder appears complete or not at all (rename of a finished
// temporary folder, never over an existing version); its files and folders are made read-only.
// Throws base::environment_error, naming the problem, when anything is wrong.
archive_result archive_package(const archive_request& request);

struct verify_result {
  std::filesystem::path version_dir;
  std::vector<std::string> problems;  // "changed: package/附件2….pdf", "missing: …", "added: …"
  std::size_t files = 0;              // files listed in archive.json
  bool intact() const { return problems.empty(); }
};

// Verifies one version folder (holding archive.json), or every version below a folder (a unit's
// folder or the whole archive root), in path order. Throws environment_error when there is no
// archive there at all or an archive.json cannot be read.
std::vector<verify_result> verify_archive(const std::filesystem::path& path);

}  // namespace selfeval::package
