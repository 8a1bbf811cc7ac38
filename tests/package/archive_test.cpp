#include "package/archive.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/error.h"
#include "base/sha256.h"
#include "package/manifest.h"
#include "package/writer.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

namespace fs = std::filesystem;
using testing::read_bytes;
using testing::temp_dir;
using testing::write_bytes;

const std::string data_text = "year = 2023\n[unit]\nname = \"沅江市总工会\"\n";

// A package as `selfeval build` writes it, with made-up deliverable bytes.
fs::path make_package(const fs::path& dir, const std::string& tag = "") {
  data::model m;
  m.unit.name.value = "沅江市总工会";
  m.year.value = 2023;
  std::vector<file> files{{"附件1-部门整体支出绩效评价基础数据表.pdf", "%PDF-1 one" + tag},
                          {"附件2-部门整体支出绩效自评表.pdf", "%PDF-1 two" + tag},
                          {"附件3-项目支出绩效自评表-业务工作经费.pdf", "%PDF-1 three" + tag}};
  files.push_back(
      {manifest_name, to_json(make_manifest(m, "yuanjiang-2023.toml", data_text, files))});
  const fs::path out = dir / "out";
  write_package(out, files);
  return out;
}

archive_request request_for(const temp_dir& tmp) {
  archive_request r;
  r.package = make_package(tmp.path());
  r.root = tmp.path() / "archive";
  write_bytes(tmp.path() / "yuanjiang-2023.toml", data_text);
  r.data = tmp.path() / "yuanjiang-2023.toml";
  write_bytes(tmp.path() / "signed.pdf", "%PDF-1.4 scan");
  write_bytes(tmp.path() / "seal page.jpg", "\xFF\xD8\xFF\xE0 jpeg");
  r.scans = {tmp.path() / "signed.pdf", tmp.path() / "seal page.jpg"};
  return r;
}

TEST(Archive, FreezesPackageDataAndScansAsVersionOne) {
  temp_dir tmp;
  const archive_result a = archive_package(request_for(tmp));
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.version_dir, tmp.path() / "archive" / "2023-沅江市总工会" / "v1");
  EXPECT_EQ(a.files, 7u);  // manifest.json + 3 deliverables + data + 2 scans
  EXPECT_EQ(read_bytes(a.version_dir / "package" / "附件2-部门整体支出绩效自评表.pdf"),
            "%PDF-1 two");
  EXPECT_EQ(read_bytes(a.version_dir / "data" / "yuanjiang-2023.toml"), data_text);
  EXPECT_TRUE(fs::exists(a.version_dir / "scans" / "seal page.jpg"));
  const std::string index = read_bytes(a.version_dir / archive_manifest_name);
  EXPECT_NE(index.find(base::sha256_hex("%PDF-1.4 scan")), std::string::npos);
  // Read-only: nobody (but root) can change a frozen version by accident.
  const auto perms = fs::status(a.version_dir / "data" / "yuanjiang-2023.toml").permissions();
  EXPECT_EQ(perms & fs::perms::owner_write, fs::perms::none);
  EXPECT_EQ(fs::status(a.version_dir).permissions() & fs::perms::owner_write, fs::perms::none);
}

TEST(Archive, NextVersionNeverTouchesTheFirst) {
  temp_dir tmp;
  const archive_request r = request_for(tmp);
  const archive_result v1 = archive_package(r);
  const std::string before = read_bytes(v1.version_dir / archive_manifest_name);
  const archive_result v2 = archive_package(r);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.version_dir.filename(), "v2");
  EXPECT_EQ(read_bytes(v1.version_dir / archive_manifest_name), before);
  for (const auto& v : verify_archive(tmp.path() / "archive")) EXPECT_TRUE(v.intact());
}

TEST(Archive, RefusesWhatDoesNotBelong) {
  temp_dir tmp;
  archive_request r = request_for(tmp);
  write_bytes(tmp.path() / "photo.png", "\x89PNG\r\n\x1a\n");
  r.scans.push_back(tmp.path() / "photo.png");
  EXPECT_THROW(archive_package(r), base::environment_error);
  r = request_for(tmp);
  write_bytes(tmp.path() / "other.toml", "year = 2024\n");
  r.data = tmp.path() / "other.toml";
  EXPECT_THROW(archive_package(r), base::environment_error);
  r = request_for(tmp);
  write_bytes(r.package / "附件1-部门整体支出绩效评价基础数据表.pdf", "edited by hand");
  EXPECT_THROW(archive_package(r), base::environment_error);
  EXPECT_FALSE(fs::exists(tmp.path() / "archive" / "2023-沅江市总工会" / "v1"));
}

class ArchiveTamper : public ::testing::Test {
 protected:
  void SetUp() override { version_ = archive_package(request_for(tmp_)).version_dir; }
  std::vector<std::string> problems() {
    const auto results = verify_archive(version_);
    EXPECT_EQ(results.size(), 1u);
    return results.at(0).problems;
  }
  void writable(const fs::path& p) {
    fs::permissions(p, fs::perms::owner_all, fs::perm_options::add);
  }
  temp_dir tmp_;
  fs::path version_;
};

TEST_F(ArchiveTamper, IntactArchiveVerifies) {
  EXPECT_TRUE(problems().empty());
}

TEST_F(ArchiveTamper, AByteFlippedInTable2IsNamed) {
  const fs::path p = version_ / "package" / "附件2-部门整体支出绩效自评表.pdf";
  writable(p);
  std::string bytes = read_bytes(p);
  bytes[3] = static_cast<char>(bytes[3] ^ 0x01);
  write_bytes(p, bytes);
  EXPECT_EQ(problems(),
            std::vector<std::string>{"changed: package/附件2-部门整体支出绩效自评表.pdf"});
}

TEST_F(ArchiveTamper, MissingAndAddedFilesAreNamed) {
  writable(version_ / "scans");
  fs::remove(version_ / "scans" / "signed.pdf");
  write_bytes(version_ / "scans" / "late.jpg", "x");
  EXPECT_EQ(problems(),
            (std::vector<std::string>{"missing: scans/signed.pdf", "added: scans/late.jpg"}));
}

}  // namespace
}  // namespace selfeval::package
