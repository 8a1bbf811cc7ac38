#include "package/archive.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/sha256.h"
#include "package/file.h"
#include "package/manifest.h"
#include "package/writer.h"

namespace selfeval::package {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw base::environment_error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) throw base::environment_error("error reading " + path.string());
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

// The next free "v<N>" in a unit folder (one more than the highest present).
int next_version(const fs::path& unit_dir) {
  int highest = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(unit_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() < 2 || name[0] != 'v') continue;
    if (!std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    if (name.size() > 9) continue;
    highest = std::max(highest, std::stoi(name.substr(1)));
  }
  return highest + 1;
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

std::string archive_json(const manifest& m, int version, const std::vector<archived_file>& files) {
  json j;
  j["format"] = 1;
  j["generator"] = generator_name();
  j["unit"] = m.unit;
  j["year"] = m.year;
  j["version"] = version;
  j["files"] = json::array();
  for (const archived_file& f : files) {
    j["files"].push_back(
        json{{"path", f.path}, {"sha256", base::sha256_hex(f.bytes)}, {"size", f.bytes.size()}});
  }
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void verify_one(const fs::path& dir, std::vector<verify_result>& out) {
  verify_result r;
  r.version_dir = dir;
  const fs::path manifest_path = dir / archive_manifest_name;
  json j;
  try {
    j = json::parse(read_all(manifest_path));
  } catch (const json::exception& e) {
    throw base::environment_error(manifest_path.string() +
                                  " is not a valid archive manifest: " + e.what());
  }
  std::set<std::string> listed{archive_manifest_name};
  try {
    for (const json& f : j.at("files")) {
      const std::string rel = f.at("path").get<std::string>();
      const std::string sha = f.at("sha256").get<std::string>();
      listed.insert(rel);
      ++r.files;
      const fs::path p = dir / fs::path(rel);
      std::error_code ec;
      const fs::path rel_path(rel);
      if (rel_path.is_absolute() || std::any_of(rel_path.begin(), rel_path.end(),
                                                [](const fs::path& c) { return c == ".."; })) {
        r.problems.push_back("changed: " + rel + " (unsafe path in " + archive_manifest_name + ")");
      } else if (!fs::is_regular_file(fs::symlink_status(p, ec))) {
        r.problems.push_back("missing: " + rel);
      } else if (base::sha256_file_hex(p) != sha) {
        r.problems.push_back("changed: " + rel);
      }
    }
  } catch (const json::exception& e) {
    throw base::environment_error(manifest_path.string() +
                                  " is not a valid archive manifest: " + e.what());
  }
  std::vector<std::string> added;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    const std::string rel = fs::relative(it->path(), dir).generic_string();
    if (!listed.contains(rel)) added.push_back("added: " + rel);
  }
  std::sort(added.begin(), added.end());
  r.problems.insert(r.problems.end(), added.begin(), added.end());
  out.push_back(std::move(r));
}

void find_versions(const fs::path& dir, int depth, std::vector<fs::path>& found) {
  if (fs::exists(dir / archive_manifest_name)) {
    found.push_back(dir);
    return;
  }
  if (depth == 0) return;
  std::vector<fs::path> children;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory(ec) && !e.path().filename().string().starts_with(".")) {
      children.push_back(e.path());
    }
  }
  std::sort(children.begin(), children.end());
  for (const fs::path& c : children) find_versions(c, depth - 1, found);
}

}  // namespace

archive_result archive_package(const archive_request& request) {
  // Nothing is archived that does not match its own manifest.
  const manifest m = read_manifest(request.package);
  const std::vector<std::string> package_problems = check_package(request.package);
  if (!package_problems.empty()) {
    std::string what = request.package.string() + " does not match its manifest:";
    for (const std::string& p : package_problems) what += "\n  " + p;
    throw base::environment_error(what + "\n  rebuild the package before archiving it");
  }

  std::vector<archived_file> files;
  files.push_back(
      {"package/" + std::string(manifest_name), read_all(request.package / manifest_name)});
  for (const manifest_entry& e : m.files) {
    files.push_back({"package/" + e.name, read_all(request.package / e.name)});
  }
  if (!request.data.empty()) {
    std::string bytes = read_all(request.data);
    if (base::sha256_hex(bytes) != m.data.sha256) {
      throw base::environment_error(request.data.string() +
                                    " is not the data file this package was built from "
                                    "(its SHA-256 differs from the manifest's)");
    }
    files.push_back({"data/" + safe_file_name(request.data.filename().string()), std::move(bytes)});
  }
  std::vector<file> scans;
  for (const fs::path& scan : request.scans) {
    std::string bytes = read_all(scan);
    if (!is_pdf(bytes) && !is_jpeg(bytes)) {
      throw base::environment_error(
          scan.string() + " is neither a PDF nor a JPEG file (checked by its first bytes)");
    }
    scans.push_back({safe_file_name(scan.filename().string()), std::move(bytes)});
  }
  make_names_unique(scans);
  for (file& s : scans) files.push_back({"scans/" + s.name, std::move(s.bytes)});

  const fs::path unit_dir = request.root / unit_folder_name(m.year, m.unit);
  std::error_code ec;
  fs::create_directories(unit_dir, ec);
  if (ec) throw base::environment_error("cannot create " + unit_dir.string() + ": " + ec.message());

  // Built complete in a hidden folder, then renamed to a version name nobody holds yet.
  const fs::path temp = unit_dir / (".selfeval-new-" + std::to_string(::getpid()));
  remove_tree(temp);
  fs::create_directories(temp / "package", ec);
  if (ec) throw base::environment_error("cannot create " + temp.string() + ": " + ec.message());
  try {
    if (!request.data.empty()) fs::create_directory(temp / "data");
    if (!request.scans.empty()) fs::create_directory(temp / "scans");
    for (const archived_file& f : files) write_new_file(temp / fs::path(f.path), f.bytes);
    for (int version = next_version(unit_dir);; ++version) {
      const std::string json_text = archive_json(m, version, files);
      const fs::path manifest_path = temp / archive_manifest_name;
      fs::remove(manifest_path, ec);
      write_new_file(manifest_path, json_text);
      for (const char* sub : {"package", "data", "scans", ""}) {
        if (fs::exists(temp / sub)) sync_folder(temp / sub);
      }
      const fs::path target = unit_dir / ("v" + std::to_string(version));
      if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
        sync_folder(unit_dir);
        make_read_only(target);
        return {target, version, files.size()};
      }
      if (errno == EEXIST || errno == ENOTEMPTY) continue;  // taken meanwhile: try the next
      // No RENAME_NOREPLACE here: claim the name with mkdir (fails if it exists), then
      // rename over the empty folder we own.
      if (errno != EINVAL && errno != ENOSYS) {
        throw base::environment_error("cannot create " + target.string() + ": " +
                                      std::strerror(errno));
      }
      if (::mkdir(target.c_str(), 0755) != 0) {
        if (errno == EEXIST) continue;
        throw base::environment_error("cannot create " + target.string() + ": " +
                                      std::strerror(errno));
      }
      if (::rename(temp.c_str(), target.c_str()) != 0) {
        throw base::environment_error("cannot create " + target.string() + ": " +
                                      std::strerror(errno));
      }
      sync_folder(unit_dir);
      make_read_only(target);
      return {target, version, files.size()};
    }
  } catch (...) {
    remove_tree(temp);
    throw;
  }
}

std::vector<verify_result> verify_archive(const fs::path& path) {
  if (!fs::is_directory(path)) throw base::environment_error(path.string() + ": no such folder");
  std::vector<fs::path> versions;
  find_versions(path, 3, versions);
  if (versions.empty()) {
    throw base::environment_error(path.string() + " holds no archived version (no " +
                                  archive_manifest_name + ")");
  }
  std::vector<verify_result> results;
  for (const fs::path& v : versions) verify_one(v, results);
  return results;
}

}  // namespace selfeval::package
