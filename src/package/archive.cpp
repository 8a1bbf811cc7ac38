#include "package/archive.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/messages.h"
#include "base/sha256.h"
#include "package/file.h"
#include "package/manifest.h"
#include "package/signing.h"
#include "package/writer.h"

namespace selfeval::package {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw base::environment_error(base::tr("package.cannot-read-why",
                                           {{"path", path.string()}, {"why", std::strerror(err)}}));
  }
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad())
    throw base::environment_error(base::tr("package.read-error", {{"path", path.string()}}));
  return s.str();
}

bool is_pdf(std::string_view bytes) {
  return bytes.starts_with("%PDF-");
}
bool is_jpeg(std::string_view bytes) {
  return bytes.starts_with("\xFF\xD8\xFF");
}

struct archived_file {
  std::string path;  // relative to the version folder, '/'-separated
  std::string bytes;
};

// N for a version folder's name "v<N>" (no leading zero, at most 9 digits), else 0.
int version_number(const std::string& name) {
  if (name.size() < 2 || name.size() > 10 || name[0] != 'v' || name[1] == '0') return 0;
  if (!std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  return std::stoi(name.substr(1));
}

// The highest version present in a unit folder (0 when none).
int newest_version(const fs::path& unit_dir) {
  int highest = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(unit_dir, ec)) {
    highest = std::max(highest, version_number(e.path().filename().string()));
  }
  return highest;
}

void make_read_only(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    fs::permissions(it->path(),
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read,
                    fs::perm_options::replace, ec);
  }
  // Folders last: children can't be changed once their folder is read-only.
  std::vector<fs::path> dirs{dir};
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) dirs.push_back(it->path());
  }
  std::reverse(dirs.begin(), dirs.end());
  for (const fs::path& d : dirs) {
    fs::permissions(d,
                    fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                        fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::replace, ec);
  }
}

void remove_tree(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(dir, ec);
}

// An index (archive.json) larger than this was not written by selfeval.
constexpr std::uintmax_t max_index_bytes = 64u << 20;
constexpr std::uintmax_t max_signature_bytes = 64u << 10;

// A version's archive.json as stored, with the fields the chain needs.
struct version_index {
  std::string bytes;
  std::string sha256;  // of `bytes`: what the next version and the signature refer to
  json j;
  int version = 0;
  std::string unit;
  long long year = 0;
  std::optional<std::string> previous;  // SHA-256 of the previous version's archive.json
};

// Reads dir/archive.json. On failure returns nullopt and says why in `problem`.
std::optional<version_index> read_index(const fs::path& dir, std::string& problem) {
  const fs::path path = dir / archive_manifest_name;
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  if (!fs::exists(status)) {
    problem = base::tr("package.archive.index-missing");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    problem = fs::is_symlink(status)
                  ? base::tr("package.problem.symlink", {{"name", archive_manifest_name}})
                  : base::tr("package.archive.index-not-file");
    return std::nullopt;
  }
  if (fs::file_size(path, ec) > max_index_bytes) {
    problem = base::tr("package.archive.index-too-large");
    return std::nullopt;
  }
  version_index idx;
  try {
    idx.bytes = read_all(path);
    idx.sha256 = base::sha256_hex(idx.bytes);
    idx.j = json::parse(idx.bytes);
    idx.version = idx.j.at("version").get<int>();
    idx.unit = idx.j.at("unit").get<std::string>();
    idx.year = idx.j.at("year").get<long long>();
    if (idx.j.contains("previous") && !idx.j.at("previous").is_null()) {
      idx.previous = idx.j.at("previous").get<std::string>();
    }
    if (!idx.j.at("files").is_array()) throw std::runtime_error("\"files\" is not a list");
  } catch (const std::exception& e) {
    problem = base::tr("package.archive.bad-index", {{"why", e.what()}});
    return std::nullopt;
  }
  return idx;
}

std::string archive_json(const manifest& m, int version, const std::optional<std::string>& previous,
                         const std::vector<archived_file>& files) {
  json j;
  j["format"] = 2;
  j["generator"] = generator_name();
  j["unit"] = m.unit;
  j["year"] = m.year;
  j["version"] = version;
  j["previous"] = previous ? json(*previous) : json(nullptr);
  j["files"] = json::array();
  for (const archived_file& f : files) {
    j["files"].push_back(
        json{{"path", f.path}, {"sha256", base::sha256_hex(f.bytes)}, {"size", f.bytes.size()}});
  }
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string signature_json(const signing_key& key, const std::string& index_bytes) {
  json j;
  j["algorithm"] = "ed25519";
  j["signed"] = archive_manifest_name;
  j["public_key"] = to_hex(key.public_key());
  j["signature"] = to_hex(key.sign(index_bytes));
  return j.dump(2) + "\n";
}

bool unsafe_relative_path(const fs::path& rel) {
  if (rel.empty() || rel.is_absolute()) return true;
  return std::any_of(rel.begin(), rel.end(),
                     [](const fs::path& c) { return c.empty() || c == "." || c == ".."; });
}

// The files of one version against its index: changed, missing, added, symbolic links (never
// followed; the link is named, not its target), folders that hold nothing archived.
void check_files(const fs::path& dir, const version_index& idx, verify_result& r) {
  std::set<std::string> listed;
  std::set<std::string> folders;  // folders that hold an archived file
  std::vector<std::string> listed_problems;
  for (const json& f : idx.j.at("files")) {
    std::string rel, sha;
    try {
      rel = f.at("path").get<std::string>();
      sha = f.at("sha256").get<std::string>();
    } catch (const json::exception& e) {
      listed_problems.push_back(base::tr("package.archive.bad-entry", {{"why", e.what()}}));
      continue;
    }
    ++r.files;
    const fs::path rel_path(rel);
    if (unsafe_relative_path(rel_path) || rel == archive_manifest_name ||
        rel == archive_signature_name) {
      listed_problems.push_back(base::tr("package.archive.unsafe-path",
                                         {{"name", rel}, {"index", archive_manifest_name}}));
      continue;
    }
    listed.insert(rel_path.generic_string());
    for (fs::path p = rel_path.parent_path(); !p.empty(); p = p.parent_path()) {
      folders.insert(p.generic_string());
    }
    std::error_code ec;
    const fs::path p = dir / rel_path;
    const auto status = fs::symlink_status(p, ec);
    if (fs::is_symlink(status)) {
      listed_problems.push_back(base::tr("package.problem.symlink", {{"name", rel}}));
    } else if (!fs::is_regular_file(status)) {
      listed_problems.push_back(base::tr("package.problem.missing", {{"name", rel}}));
    } else if (base::sha256_file_hex(p) != sha) {
      listed_problems.push_back(base::tr("package.problem.changed", {{"name", rel}}));
    }
  }
  std::vector<std::string> found;
  std::error_code ec;
  // The iterator does not follow links to folders, so a loop or a link to / is never walked.
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(dir).generic_string();
    if (rel == archive_manifest_name || rel == archive_signature_name) continue;
    std::error_code status_ec;
    const auto status = it->symlink_status(status_ec);
    if (fs::is_symlink(status)) {
      if (!listed.contains(rel))
        found.push_back(base::tr("package.problem.symlink", {{"name", rel}}));
    } else if (fs::is_directory(status)) {
      if (!folders.contains(rel))
        found.push_back(base::tr("package.problem.added", {{"name", rel + "/"}}));
    } else if (!listed.contains(rel)) {
      found.push_back(base::tr("package.problem.added", {{"name", rel}}));
    }
  }
  if (ec)
    found.push_back(
        base::tr("package.archive.unreadable", {{"path", dir.string()}, {"why", ec.message()}}));
  std::sort(found.begin(), found.end());
  r.problems.insert(r.problems.end(), listed_problems.begin(), listed_problems.end());
  r.problems.insert(r.problems.end(), found.begin(), found.end());
}

// Checks dir/archive.sig against the index. `trusted` (a raw public key) when the signature
// must be there and be by that key. Returns the signing key's fingerprint when valid.
std::string check_signature(const fs::path& dir, const version_index& idx,
                            const std::string* trusted, std::vector<std::string>& problems) {
  const fs::path path = dir / archive_signature_name;
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  if (!fs::exists(status)) {
    if (trusted) {
      problems.push_back(base::tr("package.archive.signature-missing"));
    }
    return "";
  }
  if (fs::is_symlink(status) || !fs::is_regular_file(status) ||
      fs::file_size(path, ec) > max_signature_bytes) {
    problems.push_back(base::tr("package.archive.signature-not-file"));
    return "";
  }
  std::string key, sig;
  try {
    const json j = json::parse(read_all(path));
    if (j.at("algorithm").get<std::string>() != "ed25519" ||
        !from_hex(j.at("public_key").get<std::string>(), key) ||
        !from_hex(j.at("signature").get<std::string>(), sig)) {
      throw std::runtime_error("not an Ed25519 signature");
    }
  } catch (const std::exception&) {
    problems.push_back(base::tr("package.archive.signature-invalid"));
    return "";
  }
  if (!signature_valid(key, idx.bytes, sig)) {
    problems.push_back(base::tr("package.archive.signature-mismatch"));
    return "";
  }
  if (trusted && key != *trusted) {
    problems.push_back(
        base::tr("package.archive.signature-other-key",
                 {{"key", key_fingerprint(key)}, {"expected", key_fingerprint(*trusted)}}));
    return "";
  }
  return key_fingerprint(key);
}

// Verifies a unit's folder: every version, or only version `only` when it is not 0.
unit_verify_result verify_unit(const fs::path& unit_dir, int only, const verify_options& options,
                               const std::string* trusted) {
  unit_verify_result u;
  u.unit_dir = unit_dir;
  std::map<int, fs::path> versions;
  std::vector<fs::path> entries;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(unit_dir, ec)) entries.push_back(e.path());
  if (ec)
    throw base::environment_error(
        base::tr("package.cannot-read-why", {{"path", unit_dir.string()}, {"why", ec.message()}}));
  std::sort(entries.begin(), entries.end());
  for (const fs::path& e : entries) {
    const std::string name = e.filename().string();
    const auto status = fs::symlink_status(e, ec);
    const int n = version_number(name);
    if (n > 0 && fs::is_directory(status)) {
      versions[n] = e;
    } else if (only == 0) {
      if (fs::is_symlink(status)) {
        u.problems.push_back(base::tr("package.problem.symlink", {{"name", name}}));
      } else if (fs::is_directory(status) && name.starts_with(".selfeval-new-")) {
        u.problems.push_back(base::tr("package.archive.leftover", {{"name", name}}));
      } else {
        u.problems.push_back(base::tr("package.archive.not-version",
                                      {{"name", name + (fs::is_directory(status) ? "/" : "")}}));
      }
    }
  }
  if (only != 0 && !versions.contains(only)) {
    throw base::environment_error(
        base::tr("package.archive.no-such-version",
                 {{"path", (unit_dir / ("v" + std::to_string(only))).string()}}));
  }
  if (versions.empty()) {
    u.problems.push_back(base::tr("package.archive.no-versions"));
    return u;
  }
  u.head_version = only != 0 ? only : versions.rbegin()->first;
  if (only == 0) {
    for (int k = 1; k < u.head_version; ++k) {
      if (!versions.contains(k)) {
        u.problems.push_back(base::tr("package.archive.gap", {{"version", k}}));
      }
    }
  }

  std::map<int, std::optional<version_index>> indexes;
  std::map<int, std::string> index_problems;
  auto index_of = [&](int n) -> const std::optional<version_index>& {
    if (!indexes.contains(n)) {
      indexes[n] = versions.contains(n) ? read_index(versions[n], index_problems[n]) : std::nullopt;
    }
    return indexes[n];
  };
  const std::string expected_folder = unit_dir.filename().string();
  for (const auto& [n, dir] : versions) {
    if (only != 0 && n != only) continue;
    verify_result r;
    r.version_dir = dir;
    const std::optional<version_index>& idx = index_of(n);
    if (!idx) {
      r.problems.push_back(index_problems[n]);
      u.versions.push_back(std::move(r));
      continue;
    }
    if (idx->version != n) {
      r.problems.push_back(
          base::tr("package.archive.index-of-version", {{"version", idx->version}, {"folder", n}}));
    }
    if (unit_folder_name(idx->year, idx->unit) != expected_folder) {
      r.problems.push_back(base::tr(
          "package.archive.index-of-unit",
          {{"unit", unit_folder_name(idx->year, idx->unit)}, {"folder", expected_folder}}));
    }
    const std::string before = "v" + std::to_string(n - 1);
    if (n == 1) {
      if (idx->previous) r.problems.push_back(base::tr("package.archive.chain-v1"));
    } else if (!idx->previous) {
      r.problems.push_back(base::tr("package.archive.chain-unlinked", {{"before", before}}));
    } else if (const auto& prev = index_of(n - 1); !prev) {
      r.problems.push_back(base::tr("package.archive.chain-unchecked", {{"before", before}}));
    } else if (prev->sha256 != *idx->previous) {
      r.problems.push_back(base::tr("package.archive.chain-broken", {{"before", before}}));
    }
    check_files(dir, *idx, r);
    const std::string signer =
        check_signature(dir, *idx, n == u.head_version ? trusted : nullptr, r.problems);
    if (n == u.head_version) {
      u.head = idx->sha256;
      u.signed_with = signer;
    }
    u.versions.push_back(std::move(r));
  }

  if (!options.head.empty()) {
    std::string kept = options.head;
    std::transform(kept.begin(), kept.end(), kept.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (kept != u.head) {
      std::string where = base::tr("package.archive.head-nowhere");
      for (const auto& [n, dir] : versions) {
        const auto& idx = index_of(n);
        if (idx && idx->sha256 == kept) {
          where = base::tr("package.archive.head-older", {{"version", n}});
        }
      }
      u.problems.push_back(
          base::tr("package.archive.head-differs",
                   {{"version", u.head_version}, {"kept", kept}, {"where", where}}));
    }
  }
  return u;
}

}  // namespace

bool unit_verify_result::intact() const {
  return problems.empty() && std::all_of(versions.begin(), versions.end(),
                                         [](const verify_result& v) { return v.intact(); });
}

bool verify_report::intact() const {
  return problems.empty() && std::all_of(units.begin(), units.end(),
                                         [](const unit_verify_result& u) { return u.intact(); });
}

archive_result archive_package(const archive_request& request) {
  // The key first: a wrong key path must not leave half a version behind.
  std::optional<signing_key> key;
  if (!request.signing_key.empty()) key = signing_key::load(request.signing_key);

  // Nothing is archived that does not match its own manifest; no manifest entry may name a
  // path outside the package folder (it is never opened then).
  const std::vector<std::string> package_problems = check_package(request.package);
  if (!package_problems.empty()) {
    std::string what =
        base::tr("package.archive.package-changed", {{"path", request.package.string()}});
    for (const std::string& p : package_problems) what += "\n  " + p;
    throw base::environment_error(what + "\n  " + base::tr("package.archive.rebuild"));
  }
  const manifest m = read_manifest(request.package);

  std::vector<archived_file> files;
  files.push_back(
      {"package/" + std::string(manifest_name), read_all(request.package / manifest_name)});
  for (const manifest_entry& e : m.files) {
    files.push_back({"package/" + e.name, read_all(request.package / e.name)});
  }
  if (!request.data.empty()) {
    std::string bytes = read_all(request.data);
    if (base::sha256_hex(bytes) != m.data.sha256) {
      throw base::environment_error(
          base::tr("package.archive.other-data", {{"path", request.data.string()}}));
    }
    files.push_back({"data/" + safe_file_name(request.data.filename().string()), std::move(bytes)});
  }
  std::vector<file> scans;
  for (const fs::path& scan : request.scans) {
    std::string bytes = read_all(scan);
    if (!is_pdf(bytes) && !is_jpeg(bytes)) {
      throw base::environment_error(
          base::tr("package.archive.scan-type", {{"path", scan.string()}}));
    }
    scans.push_back({safe_file_name(scan.filename().string()), std::move(bytes)});
  }
  make_names_unique(scans);
  for (file& s : scans) files.push_back({"scans/" + s.name, std::move(s.bytes)});

  const fs::path unit_dir = request.root / unit_folder_name(m.year, m.unit);
  std::error_code ec;
  fs::create_directories(unit_dir, ec);
  if (ec)
    throw base::environment_error(
        base::tr("package.cannot-create", {{"path", unit_dir.string()}, {"why", ec.message()}}));

  // Built complete in a hidden folder, then renamed to a version name nobody holds yet.
  const fs::path temp = unit_dir / (".selfeval-new-" + std::to_string(::getpid()));
  remove_tree(temp);
  fs::create_directories(temp / "package", ec);
  if (ec)
    throw base::environment_error(
        base::tr("package.cannot-create", {{"path", temp.string()}, {"why", ec.message()}}));
  try {
    if (!request.data.empty()) fs::create_directory(temp / "data");
    if (!request.scans.empty()) fs::create_directory(temp / "scans");
    for (const archived_file& f : files) write_new_file(temp / fs::path(f.path), f.bytes);
    for (;;) {
      // Chained to the newest version present now (another run may have added one meanwhile).
      const int version = newest_version(unit_dir) + 1;
      std::optional<std::string> previous;
      if (version > 1) {
        const std::string before = "v" + std::to_string(version - 1);
        std::string problem;
        const auto prev = read_index(unit_dir / before, problem);
        if (!prev || prev->version != version - 1) {
          throw base::environment_error(
              prev ? base::tr("package.archive.cannot-add-other",
                              {{"path", unit_dir.string()}, {"before", before}})
                   : base::tr("package.archive.cannot-add",
                              {{"path", unit_dir.string()}, {"before", before}, {"why", problem}}));
        }
        previous = prev->sha256;
      }
      const std::string json_text = archive_json(m, version, previous, files);
      for (const char* name : {archive_manifest_name, archive_signature_name}) {
        fs::remove(temp / name, ec);
      }
      write_new_file(temp / archive_manifest_name, json_text);
      if (key) write_new_file(temp / archive_signature_name, signature_json(*key, json_text));
      for (const char* sub : {"package", "data", "scans", ""}) {
        if (fs::exists(temp / sub)) sync_folder(temp / sub);
      }
      const fs::path target = unit_dir / ("v" + std::to_string(version));
      bool placed =
          ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0;
      if (!placed) {
        // errno is read once, before building the message can change it.
        const auto cannot_create = [&target](int err) {
          return base::environment_error(base::tr(
              "package.cannot-create", {{"path", target.string()}, {"why", std::strerror(err)}}));
        };
        const int rename_err = errno;
        if (rename_err == EEXIST || rename_err == ENOTEMPTY) continue;  // taken meanwhile
        // No RENAME_NOREPLACE here: claim the name with mkdir (fails if it exists), then
        // rename over the empty folder we own.
        if (rename_err != EINVAL && rename_err != ENOSYS) throw cannot_create(rename_err);
        if (::mkdir(target.c_str(), 0755) != 0) {
          const int mkdir_err = errno;
          if (mkdir_err == EEXIST) continue;
          throw cannot_create(mkdir_err);
        }
        if (::rename(temp.c_str(), target.c_str()) != 0) throw cannot_create(errno);
      }
      sync_folder(unit_dir);
      make_read_only(target);
      archive_result result{target, version, files.size(), base::sha256_hex(json_text), ""};
      if (key) result.signed_with = key_fingerprint(key->public_key());
      return result;
    }
  } catch (...) {
    remove_tree(temp);
    throw;
  }
}

verify_report verify_archive(const fs::path& path_arg, const verify_options& options) {
  fs::path path = path_arg.lexically_normal();
  if (path.filename().empty() && path.has_parent_path()) path = path.parent_path();
  if (!fs::is_directory(path))
    throw base::environment_error(base::tr("package.no-such-folder", {{"path", path.string()}}));
  std::string trusted_key;
  if (!options.public_key.empty()) trusted_key = read_public_key(options.public_key);
  const std::string* trusted = options.public_key.empty() ? nullptr : &trusted_key;
  if (!options.head.empty()) {
    std::string bytes;
    if (options.head.size() != 64 || !from_hex(options.head, bytes)) {
      throw base::environment_error(base::tr("package.archive.bad-head", {{"head", options.head}}));
    }
  }

  verify_report report;
  std::error_code ec;
  const std::string name = path.filename().string();
  const int asked_version = version_number(name);
  if (asked_version > 0 || fs::exists(fs::symlink_status(path / archive_manifest_name, ec))) {
    if (asked_version == 0) {
      throw base::environment_error(
          base::tr("package.archive.not-a-version-folder", {{"path", path.string()}}));
    }
    const fs::path unit_dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    report.units.push_back(verify_unit(unit_dir, asked_version, options, trusted));
    return report;
  }

  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(path, ec)) entries.push_back(e.path());
  if (ec)
    throw base::environment_error(
        base::tr("package.cannot-read-why", {{"path", path.string()}, {"why", ec.message()}}));
  std::sort(entries.begin(), entries.end());
  const bool unit_folder = std::any_of(entries.begin(), entries.end(), [](const fs::path& e) {
    std::error_code status_ec;
    return version_number(e.filename().string()) > 0 &&
           fs::is_directory(fs::symlink_status(e, status_ec));
  });
  if (unit_folder) {
    report.units.push_back(verify_unit(path, 0, options, trusted));
    return report;
  }
  // The archive root: every entry must be a unit's folder.
  std::vector<fs::path> unit_dirs;
  for (const fs::path& e : entries) {
    const auto status = fs::symlink_status(e, ec);
    const std::string entry_name = e.filename().string();
    if (fs::is_symlink(status)) {
      report.problems.push_back(base::tr("package.problem.symlink", {{"name", entry_name}}));
    } else if (fs::is_directory(status)) {
      unit_dirs.push_back(e);
    } else {
      report.problems.push_back(base::tr("package.archive.not-unit", {{"name", entry_name}}));
    }
  }
  if (unit_dirs.empty()) {
    throw base::environment_error(base::tr(
        "package.archive.root-empty", {{"path", path.string()}, {"index", archive_manifest_name}}));
  }
  if (!options.head.empty() && unit_dirs.size() > 1) {
    throw base::environment_error(base::tr("package.archive.head-one-unit",
                                           {{"path", path.string()}, {"n", unit_dirs.size()}}));
  }
  for (const fs::path& d : unit_dirs) report.units.push_back(verify_unit(d, 0, options, trusted));
  return report;
}

}  // namespace selfeval::package
