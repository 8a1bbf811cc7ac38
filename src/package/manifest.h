// manifest.json of a package: what was generated, from which data, by which program version.
// Deterministic: keys sorted, files sorted by name, no wall-clock time.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "data/model.h"
#include "package/file.h"
#include "profile/profile.h"

namespace selfeval::package {

inline constexpr const char* manifest_name = "manifest.json";

struct manifest_entry {
  std::string name;
  std::string sha256;
  std::uint64_t size = 0;
};

// The profile a package was built by, so an archived package says which region's rules made it.
struct manifest_profile {
  std::string name;    // `name` in profile.toml
  std::string folder;  // the profile folder's own name (no path: the manifest stays portable)
  std::string sha256;  // of its profile.toml
  std::vector<std::string> uses;  // files it names: form definitions, wording, templates (sorted)
};

struct manifest {
  int format = 1;
  std::string generator;  // "selfeval 0.1.0"
  std::string unit;
  long long year = 0;
  std::optional<data::date> date;     // the package's date (see package_date)
  manifest_entry data;                // the data file: its file name (no folder), hash and size
  std::vector<manifest_entry> files;  // sorted by name; manifest.json itself not included
  std::optional<manifest_profile> profile;  // absent in packages of earlier versions
};

// The date a package carries: dates.report, else signature.filled_on, else the UTC day of
// SOURCE_DATE_EPOCH when that is set, else none. Never today's date: output stays reproducible.
std::optional<data::date> package_date(const data::model& m);

// The program version written into manifests, e.g. "selfeval 0.1.0".
std::string generator_name();

// Builds the manifest of `files` (any order) for data file bytes `data_bytes` named `data_name`,
// built by `profile` (none: no profile entry).
manifest make_manifest(const data::model& m, const std::string& data_name,
                       std::string_view data_bytes, const std::vector<file>& files,
                       const profile::profile* profile = nullptr);

// JSON text: two-space indent, sorted keys, UTF-8, final newline.
std::string to_json(const manifest& m);

// Reads manifest.json; throws environment_error when it is missing or malformed.
manifest read_manifest(const std::filesystem::path& package_dir);

// Differences between a package folder and its manifest: one line per file that changed,
// is missing, or was added ("changed: NAME"), is a symbolic link ("symlink: NAME", never
// followed), or is listed under a name that is not one file of the folder ("unsafe name: …",
// never opened). Empty when the package is intact.
std::vector<std::string> check_package(const std::filesystem::path& package_dir);

}  // namespace selfeval::package
