#include "package/manifest.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/messages.h"
#include "base/sha256.h"
#include "data/format.h"

namespace selfeval::package {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::optional<data::date> parse_iso(const std::string& s) {
  data::date d;
  if (std::sscanf(s.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return std::nullopt;
  return d;
}

json entry_json(const manifest_entry& e) {
  return json{{"name", e.name}, {"sha256", e.sha256}, {"size", e.size}};
}

manifest_entry entry_from(const json& j) {
  manifest_entry e;
  e.name = j.at("name").get<std::string>();
  e.sha256 = j.at("sha256").get<std::string>();
  e.size = j.at("size").get<std::uint64_t>();
  return e;
}

}  // namespace

std::string generator_name() {
  return std::string("selfeval ") + SELFEVAL_VERSION;
}

std::optional<data::date> package_date(const data::model& m) {
  if (m.dates.report.given) return m.dates.report.value;
  if (m.signature.filled_on.given) return m.signature.filled_on.value;
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (end && *end == '\0' && seconds >= 0) {
      const std::time_t t = static_cast<std::time_t>(seconds);
      std::tm tm{};
      if (::gmtime_r(&t, &tm)) return data::date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    }
  }
  return std::nullopt;
}

manifest make_manifest(const data::model& m, const std::string& data_name,
                       std::string_view data_bytes, const std::vector<file>& files,
                       const profile::profile* profile) {
  manifest out;
  out.generator = generator_name();
  out.unit = m.unit.name.value;
  out.year = m.year.value;
  out.date = package_date(m);
  out.data = {data_name, base::sha256_hex(data_bytes), data_bytes.size()};
  for (const file& f : files) {
    if (f.name == manifest_name) continue;
    out.files.push_back({f.name, base::sha256_hex(f.bytes), f.bytes.size()});
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const manifest_entry& a, const manifest_entry& b) { return a.name < b.name; });
  if (profile != nullptr) {
    manifest_profile p;
    p.name = profile->name;
    p.folder = fs::path(profile->folder).lexically_normal().filename().string();
    if (p.folder.empty())  // a folder given with a trailing '/'
      p.folder = fs::path(profile->folder).lexically_normal().parent_path().filename().string();
    p.sha256 = base::sha256_hex(profile->bytes);
    std::set<std::string> uses;
    if (!profile->wording.empty()) uses.insert(profile->wording);
    for (const profile::deliverable& d : profile->deliverables) {
      if (!d.form.empty()) uses.insert(d.form);
      if (!d.template_file.empty()) uses.insert(d.template_file);
    }
    p.uses.assign(uses.begin(), uses.end());
    out.profile = std::move(p);
  }
  return out;
}

std::string to_json(const manifest& m) {
  json j;  // nlohmann::json keeps object keys sorted
  j["format"] = m.format;
  j["generator"] = m.generator;
  j["unit"] = m.unit;
  j["year"] = m.year;
  if (m.date) j["date"] = data::iso_date_text(*m.date);
  j["data"] = entry_json(m.data);
  j["files"] = json::array();
  for (const manifest_entry& e : m.files) j["files"].push_back(entry_json(e));
  if (m.profile) {
    j["profile"] = json{{"name", m.profile->name},
                        {"folder", m.profile->folder},
                        {"sha256", m.profile->sha256},
                        {"uses", m.profile->uses}};
  }
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

manifest read_manifest(const fs::path& package_dir) {
  const fs::path path = package_dir / manifest_name;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw base::environment_error(base::tr("package.no-manifest", {{"path", path.string()}}));
  std::stringstream text;
  text << in.rdbuf();
  try {
    const json j = json::parse(text.str());
    manifest m;
    m.format = j.at("format").get<int>();
    m.generator = j.at("generator").get<std::string>();
    m.unit = j.at("unit").get<std::string>();
    m.year = j.at("year").get<long long>();
    if (j.contains("date")) m.date = parse_iso(j.at("date").get<std::string>());
    m.data = entry_from(j.at("data"));
    for (const json& e : j.at("files")) m.files.push_back(entry_from(e));
    if (j.contains("profile")) {
      const json& p = j.at("profile");
      m.profile = manifest_profile{
          p.at("name").get<std::string>(), p.at("folder").get<std::string>(),
          p.at("sha256").get<std::string>(), p.at("uses").get<std::vector<std::string>>()};
    }
    return m;
  } catch (const json::exception& e) {
    throw base::environment_error(
        base::tr("package.bad-manifest", {{"path", path.string()}, {"why", e.what()}}));
  }
}

std::vector<std::string> check_package(const fs::path& package_dir) {
  std::vector<std::string> problems;
  std::error_code ec;
  // A link is never followed: its target is not part of the package, whatever it holds.
  if (fs::is_symlink(fs::symlink_status(package_dir / manifest_name, ec))) {
    return {base::tr("package.problem.symlink", {{"name", manifest_name}})};
  }
  const manifest m = read_manifest(package_dir);
  std::set<std::string> listed{manifest_name};
  for (const manifest_entry& e : m.files) {
    if (!is_safe_file_name(e.name) || e.name == manifest_name) {
      problems.push_back(base::tr("package.problem.unsafe-name", {{"name", e.name}}));
      continue;
    }
    listed.insert(e.name);
    const fs::path p = package_dir / e.name;
    const auto status = fs::symlink_status(p, ec);
    if (fs::is_symlink(status)) {
      problems.push_back(base::tr("package.problem.symlink", {{"name", e.name}}));
    } else if (!fs::is_regular_file(status)) {
      problems.push_back(base::tr("package.problem.missing", {{"name", e.name}}));
    } else if (base::sha256_file_hex(p) != e.sha256) {
      problems.push_back(base::tr("package.problem.changed", {{"name", e.name}}));
    }
  }
  std::vector<std::string> added;
  for (const auto& entry : fs::directory_iterator(package_dir)) {
    const std::string name = entry.path().filename().string();
    if (listed.contains(name)) continue;
    added.push_back(entry.is_symlink(ec) ? base::tr("package.problem.symlink", {{"name", name}})
                                         : base::tr("package.problem.added", {{"name", name}}));
  }
  std::sort(added.begin(), added.end());
  problems.insert(problems.end(), added.begin(), added.end());
  return problems;
}

}  // namespace selfeval::package
