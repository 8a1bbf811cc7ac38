#include "package/archive.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/error.h"
#include "base/sha256.h"
#include "package/manifest.h"
#include "package/signing.h"
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
  EXPECT_TRUE(verify_archive(tmp.path() / "archive").intact());
}

TEST(Archive, EachVersionIsChainedToTheOneBefore) {
  temp_dir tmp;
  const archive_request r = request_for(tmp);
  const archive_result v1 = archive_package(r);
  const archive_result v2 = archive_package(r);
  const std::string index1 = read_bytes(v1.version_dir / archive_manifest_name);
  const std::string index2 = read_bytes(v2.version_dir / archive_manifest_name);
  EXPECT_NE(index1.find("\"previous\": null"), std::string::npos) << index1;
  EXPECT_NE(index2.find("\"previous\": \"" + base::sha256_hex(index1) + "\""), std::string::npos)
      << index2;
  EXPECT_EQ(v1.chain_head, base::sha256_hex(index1));
  EXPECT_EQ(v2.chain_head, base::sha256_hex(index2));
  const verify_report report = verify_archive(tmp.path() / "archive");
  ASSERT_EQ(report.units.size(), 1u);
  EXPECT_EQ(report.units[0].head_version, 2);
  EXPECT_EQ(report.units[0].head, v2.chain_head);
  verify_options kept;
  kept.head = v2.chain_head;
  EXPECT_TRUE(verify_archive(tmp.path() / "archive", kept).intact());
  kept.head = v1.chain_head;  // the head of v1: a newer version exists
  const verify_report old_head = verify_archive(tmp.path() / "archive", kept);
  ASSERT_EQ(old_head.units.at(0).problems.size(), 1u);
  EXPECT_NE(old_head.units[0].problems[0].find("它是 v1 的链头"), std::string::npos);
}

// Finding V1: a crafted package manifest entry "../../../../escape.txt" made `archive` create a
// file outside the archive.
TEST(Archive, RefusesAManifestEntryThatLeavesThePackage) {
  temp_dir tmp;
  const fs::path nest = tmp.path() / "a" / "b" / "c";
  fs::create_directories(nest);
  archive_request r = request_for(tmp);
  fs::rename(r.package, nest / "pkg");
  r.package = nest / "pkg";
  r.data.clear();
  r.scans.clear();
  r.root = tmp.path() / "x" / "y" / "ar";
  write_bytes(tmp.path() / "escape.txt", "planted");
  const std::string manifest_text = read_bytes(r.package / manifest_name);
  const std::string entry = "{\"name\": \"../../../../escape.txt\", \"sha256\": \"" +
                            base::sha256_hex("planted") + "\", \"size\": 7},";
  std::string crafted = manifest_text;
  crafted.insert(crafted.find("\"files\": [") + 10, entry);
  write_bytes(r.package / manifest_name, crafted);
  try {
    archive_package(r);
    ADD_FAILURE() << "archived a package whose manifest names ../../../../escape.txt";
  } catch (const base::environment_error& e) {
    EXPECT_NE(std::string(e.what()).find("不安全的文件名：../../../../escape.txt"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "x"));
}

TEST(Archive, RefusesASymbolicLinkInThePackage) {
  temp_dir tmp;
  archive_request r = request_for(tmp);
  const fs::path t1 = r.package / "附件1-部门整体支出绩效评价基础数据表.pdf";
  fs::rename(t1, tmp.path() / "elsewhere.pdf");
  fs::create_symlink(tmp.path() / "elsewhere.pdf", t1);  // same bytes, through a link
  try {
    archive_package(r);
    ADD_FAILURE() << "archived a package holding a symbolic link";
  } catch (const base::environment_error& e) {
    EXPECT_NE(std::string(e.what()).find("符号链接：附件1-部门整体支出绩效评价基础数据表.pdf"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(r.root));
}

TEST(Archive, SignedHeadVerifiesWithItsKeyOnly) {
  temp_dir tmp;
  const key_pair_files keys = generate_key_pair(tmp.path() / "office");
  const key_pair_files other = generate_key_pair(tmp.path() / "other");
  EXPECT_EQ(fs::status(keys.private_key).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_THROW(generate_key_pair(tmp.path() / "office"), base::environment_error);
  archive_request r = request_for(tmp);
  r.signing_key = keys.private_key;
  const archive_result a = archive_package(r);
  EXPECT_EQ(a.signed_with, keys.fingerprint);
  EXPECT_TRUE(fs::exists(a.version_dir / archive_signature_name));

  verify_options with_key;
  with_key.public_key = keys.public_key;
  const verify_report good = verify_archive(tmp.path() / "archive", with_key);
  EXPECT_TRUE(good.intact());
  EXPECT_EQ(good.units.at(0).signed_with, keys.fingerprint);

  with_key.public_key = other.public_key;
  const verify_report wrong = verify_archive(tmp.path() / "archive", with_key);
  ASSERT_FALSE(wrong.intact());
  EXPECT_NE(wrong.units[0].versions[0].problems.at(0).find("签名：由另一把密钥签署"),
            std::string::npos);

  // A private key is not a public key, and a key file must hold a key.
  with_key.public_key = keys.private_key;
  EXPECT_THROW(verify_archive(tmp.path() / "archive", with_key), base::environment_error);
  r.signing_key = keys.public_key;
  EXPECT_THROW(archive_package(r), base::environment_error);
}

TEST(Archive, AnUnsignedHeadFailsWhenAKeyIsGiven) {
  temp_dir tmp;
  const key_pair_files keys = generate_key_pair(tmp.path() / "office");
  archive_package(request_for(tmp));
  verify_options with_key;
  with_key.public_key = keys.public_key;
  const verify_report report = verify_archive(tmp.path() / "archive", with_key);
  ASSERT_FALSE(report.intact());
  EXPECT_NE(report.units[0].versions[0].problems.at(0).find("签名：缺失"), std::string::npos);
}

TEST(Signing, ASignatureCoversEveryByte) {
  temp_dir tmp;
  const key_pair_files keys = generate_key_pair(tmp.path() / "k");
  const signing_key key = signing_key::load(keys.private_key);
  const std::string public_key = read_public_key(keys.public_key);
  EXPECT_EQ(key.public_key(), public_key);
  const std::string sig = key.sign("archive.json bytes");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(signature_valid(public_key, "archive.json bytes", sig));
  EXPECT_FALSE(signature_valid(public_key, "archive.json bytez", sig));
  std::string flipped = sig;
  flipped[10] = static_cast<char>(flipped[10] ^ 1);
  EXPECT_FALSE(signature_valid(public_key, "archive.json bytes", flipped));
  EXPECT_FALSE(signature_valid("short", "archive.json bytes", sig));
  std::string bytes;
  EXPECT_TRUE(from_hex(to_hex(sig), bytes));
  EXPECT_EQ(bytes, sig);
  EXPECT_FALSE(from_hex("0g", bytes));
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
    const verify_report report = verify_archive(version_);
    EXPECT_EQ(report.units.size(), 1u);
    EXPECT_EQ(report.units.at(0).versions.size(), 1u);
    return report.units.at(0).versions.at(0).problems;
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
            std::vector<std::string>{"已改动：package/附件2-部门整体支出绩效自评表.pdf"});
}

TEST_F(ArchiveTamper, MissingAndAddedFilesAreNamed) {
  writable(version_ / "scans");
  fs::remove(version_ / "scans" / "signed.pdf");
  write_bytes(version_ / "scans" / "late.jpg", "x");
  EXPECT_EQ(problems(),
            (std::vector<std::string>{"缺失：scans/signed.pdf", "多出：scans/late.jpg"}));
}

}  // namespace
}  // namespace selfeval::package
