// Archives of submitted packages: each submitted version frozen once, never changed afterwards,
// chained to the version before it, optionally signed, and checked later by re-hashing every
// file and following the chain.
//
// Layout: ROOT/<year>-<unit>/v1, v2, … Each version folder holds package/…, data/<file>,
// scans/<file>, archive.json (its index: every file with its SHA-256 and size, its version
// number, and the SHA-256 of the previous version's archive.json) and, when signed, archive.sig
// (an Ed25519 signature of archive.json). The SHA-256 of the newest archive.json is the chain
// head: it fixes the content of every version up to it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace selfeval::package {

inline constexpr const char* archive_manifest_name = "archive.json";
inline constexpr const char* archive_signature_name = "archive.sig";

struct archive_request {
  std::filesystem::path package;             // a package folder written by `selfeval build`
  std::vector<std::filesystem::path> scans;  // signed and stamped scans: PDF or JPEG
  std::filesystem::path data;                // the data file (optional; must match the manifest)
  std::filesystem::path root = "archive";    // archives live in root/<year>-<unit>/v<N>/
  std::filesystem::path signing_key;         // Ed25519 private key (PEM) to sign with (optional)
};

struct archive_result {
  std::filesystem::path version_dir;  // root/<year>-<unit>/v<N>
  int version = 0;
  std::size_t files = 0;    // files archived, archive.json not counted
  std::string chain_head;   // SHA-256 of the new version's archive.json
  std::string signed_with;  // fingerprint of the signing key ("" when not signed)
};

// Checks the package against its manifest (an altered package, a symbolic link in it or a
// manifest entry that is not a plain file name is refused), the data file against the
// manifest's hash, and each scan's magic bytes; then copies everything into a new version folder
// chained to the newest existing version. The version folder appears complete or not at all
// (rename of a finished temporary folder, never over an existing version); its files and folders
// are made read-only. Throws base::environment_error, naming the problem, when anything is
// wrong; nothing is written then.
archive_result archive_package(const archive_request& request);

struct verify_options {
  // Ed25519 public key (PEM): the chain head must carry a valid signature by it.
  std::filesystem::path public_key;
  // The chain head the user kept elsewhere (64 hex digits): the newest version must have it.
  // Only this can show that the newest versions were deleted. Needs a single unit.
  std::string head;
};

// One version folder.
struct verify_result {
  std::filesystem::path version_dir;
  // "changed: package/附件2….pdf", "missing: …", "added: …", "symlink: …", "chain: …",
  // "signature: …"
  std::vector<std::string> problems;
  std::size_t files = 0;  // files listed in archive.json
  bool intact() const { return problems.empty(); }
};

// One unit's folder: its versions and the chain through them.
struct unit_verify_result {
  std::filesystem::path unit_dir;
  std::vector<verify_result> versions;  // in version order
  // Not of one version: gaps in the numbering, entries that are no version folder, --head.
  std::vector<std::string> problems;
  int head_version = 0;     // the newest version present
  std::string head;         // SHA-256 of its archive.json ("" when it has none)
  std::string signed_with;  // fingerprint of the key whose valid signature the head carries
  bool intact() const;
};

struct verify_report {
  std::vector<std::string> problems;  // entries of the archive root that are no unit folder
  std::vector<unit_verify_result> units;
  bool intact() const;
};

// Verifies one version folder (…/v2: its files, its link to v1, its signature), one unit's folder
// or the whole archive root. Throws base::environment_error when `path` holds no archive at all,
// for an unreadable key, or for --head over several units.
verify_report verify_archive(const std::filesystem::path& path, const verify_options& options = {});

}  // namespace selfeval::package
