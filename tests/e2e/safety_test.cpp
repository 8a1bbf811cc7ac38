// Never lose or corrupt a user's file: the hostile cases of the reliability test (output folders
// §5, archive and verify §6, long names 60–62 and 91), each run as a user would run it, with the
// exit code and the message id or text it must give. Before the fix each of them exited 0.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "base/sha256.h"
#include "program.h"

namespace {

namespace fs = std::filesystem;

using selfeval::e2e::names_in;
using selfeval::e2e::outcome;
using selfeval::e2e::read_file;
using selfeval::e2e::run_program;
using selfeval::e2e::temp_dir;

const std::string example = SELFEVAL_SOURCE_DIR "/examples/yiyang-2023.toml";
const std::string unit_folder = "2023-益阳市总工会";
const std::string table2 = "附件2-部门整体支出绩效自评表.pdf";

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

bool has(const outcome& o, const std::string& text) {
  return o.out.find(text) != std::string::npos;
}

// Makes every file and folder below `dir` writable again (archived versions are read-only).
void writable(const fs::path& dir) {
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_symlink()) fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add);
  }
}

void flip_a_byte(const fs::path& file) {
  std::string bytes = read_file(file);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
  write(file, bytes);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// ----------------------------------------------------------------------------------------------
// §5 Output folders: a folder is replaced only when it holds exactly the package selfeval wrote.

class OutputFolder : public ::testing::Test {
 protected:
  outcome build(const std::string& data, const fs::path& out, const std::string& in = "") {
    const std::string cd = in.empty() ? "" : "cd " + quoted(fs::path(in)) + " &&";
    return run_program("build " + data + " -o " + quoted(out), cd);
  }
  fs::path package() {
    const fs::path pk = tmp_.path() / "pk";
    EXPECT_EQ(build(example, pk).exit_code, 0);
    return pk;
  }
  temp_dir tmp_;
};

// D4b: a web app's folder (manifest.json + index.html): index.html was deleted, exit 0.
TEST_F(OutputFolder, D4bAFolderWithAnUnrelatedManifestIsRefused) {
  const fs::path web = tmp_.path() / "web";
  fs::create_directory(web);
  write(web / "manifest.json", "{\"name\":\"app\"}\n");
  write(web / "index.html", "<html>\n");
  const outcome o = build(example, web);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, "错误[output-manifest-foreign]")) << o.out;
  const outcome here = build(example, ".", web.string());
  EXPECT_EQ(here.exit_code, 2) << here.out;
  EXPECT_TRUE(has(here, "错误[output-is-working-folder]")) << here.out;
  EXPECT_EQ(names_in(web), (std::vector<std::string>{"index.html", "manifest.json"}));
  EXPECT_EQ(read_file(web / "index.html"), "<html>\n");
}

// D4c: the data file and a signed scan kept in the package folder were deleted, exit 0.
TEST_F(OutputFolder, D4cTheDataFileAndAScanInThePackageFolderAreKept) {
  const fs::path pk = package();
  fs::copy_file(example, pk / "my-data.toml");
  write(pk / "签字扫描件.pdf", "%PDF-1.4 scan");
  const outcome o = build(quoted(pk / "my-data.toml"), pk);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, "my-data.toml: 错误[output-holds-data-file]")) << o.out;
  EXPECT_TRUE(has(o, "签字扫描件.pdf: 错误[output-file-foreign]")) << o.out;
  EXPECT_EQ(read_file(pk / "my-data.toml"), read_file(example));
  EXPECT_EQ(read_file(pk / "签字扫描件.pdf"), "%PDF-1.4 scan");
}

// D4d: `cd pkg; build my-data.toml -o .` deleted my-data.toml and the shell's folder.
TEST_F(OutputFolder, D4dTheWorkingFolderIsRefused) {
  const fs::path pk = package();
  fs::copy_file(example, pk / "my-data.toml");
  const outcome o = build("my-data.toml", ".", pk.string());
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, "错误[output-is-working-folder]")) << o.out;
  EXPECT_TRUE(has(o, "错误[output-holds-data-file]")) << o.out;
  EXPECT_TRUE(fs::exists(pk / "my-data.toml"));
  // Spelled another way, and with nothing of the user's in it: still the working folder.
  fs::remove(pk / "my-data.toml");
  const outcome other = build(example, "../pk", pk.string());
  EXPECT_EQ(other.exit_code, 2) << other.out;
  EXPECT_TRUE(has(other, "错误[output-is-working-folder]")) << other.out;
}

// S4: a folder whose manifest.json is a symbolic link: precious.txt was deleted, exit 0.
TEST_F(OutputFolder, S4AManifestThatIsASymbolicLinkIsRefused) {
  const fs::path pk = package();
  const fs::path user = tmp_.path() / "user";
  fs::create_directory(user);
  fs::create_symlink(pk / "manifest.json", user / "manifest.json");
  write(user / "precious.txt", "mine");
  const outcome o = build(example, user);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, "错误[output-manifest-foreign]")) << o.out;
  EXPECT_TRUE(has(o, "是符号链接")) << o.out;
  EXPECT_EQ(read_file(user / "precious.txt"), "mine");
}

// A file of an old package edited by hand (a clerk's corrections to 附件2) was replaced, exit 0.
TEST_F(OutputFolder, AChangedFileOfAnOldPackageIsKept) {
  const fs::path pk = package();
  flip_a_byte(pk / table2);
  const std::string edited = read_file(pk / table2);
  const outcome o = build(example, pk);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, table2 + ": 错误[output-file-changed]")) << o.out;
  EXPECT_EQ(read_file(pk / table2), edited);
  // Once the edited file is out of the way, the package is rebuilt.
  fs::rename(pk / table2, tmp_.path() / "edited.pdf");
  EXPECT_EQ(build(example, pk).exit_code, 0);
  EXPECT_TRUE(fs::exists(pk / table2));
}

TEST_F(OutputFolder, AnUntouchedPackageIsReplaced) {
  const fs::path pk = package();
  const outcome o = build(example, pk);
  EXPECT_EQ(o.exit_code, 0) << o.out;
}

// The same rule for each unit folder of a batch; the other units are built.
TEST_F(OutputFolder, EachUnitFolderOfABatchIsCheckedOnItsOwn) {
  const fs::path units = tmp_.path() / "units";
  fs::create_directory(units);
  fs::copy_file(example, units / "yiyang.toml");
  fs::copy_file(SELFEVAL_SOURCE_DIR "/examples/yuanjiang-2023.toml", units / "yuanjiang.toml");
  const fs::path out = tmp_.path() / "packages";
  ASSERT_EQ(build(quoted(units), out).exit_code, 0);
  write(out / unit_folder / "notes.txt", "mine");
  const fs::path yuanjiang_table1 =
      out / "2023-沅江市总工会" / "附件1-部门整体支出绩效评价基础数据表.pdf";
  fs::remove(yuanjiang_table1);  // a file missing from a package loses nobody anything
  const outcome o = build(quoted(units), out);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, "notes.txt: 错误[output-file-foreign]")) << o.out;
  EXPECT_TRUE(has(o, "已生成 1/2 个材料包")) << o.out;
  EXPECT_EQ(read_file(out / unit_folder / "notes.txt"), "mine");
  EXPECT_TRUE(fs::exists(yuanjiang_table1));  // that package was rebuilt
}

// ----------------------------------------------------------------------------------------------
// §6 Archive and verify: every tamper that `verify` passed as intact before.

class ArchiveTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path pk = tmp_.path() / "pkg";
    ASSERT_EQ(run_program("build " + example + " -o " + quoted(pk)).exit_code, 0);
    write(tmp_.path() / "scan.pdf", "%PDF-1.4 scan");
    const outcome key = run_program("keygen -o " + quoted(tmp_.path() / "office"));
    ASSERT_EQ(key.exit_code, 0) << key.out;
    ASSERT_EQ(
        archive("--data " + example + " --signed " + quoted(tmp_.path() / "scan.pdf")).exit_code,
        0);
    const outcome v2 = archive("");
    ASSERT_EQ(v2.exit_code, 0) << v2.out;
    const std::string mark = "链头：";
    const auto at = v2.out.find(mark);
    ASSERT_NE(at, std::string::npos) << v2.out;
    head_ = v2.out.substr(at + mark.size(), 64);
    unit_ = root_ / unit_folder;
    writable(root_);
  }
  outcome archive(const std::string& options) {
    return run_program("archive " + quoted(tmp_.path() / "pkg") + " --root " + quoted(root_) +
                       " --sign " + quoted(tmp_.path() / "office.key") + " " + options);
  }
  outcome verify(const std::string& options = "") {
    return run_program("verify " + quoted(root_) + " " + options);
  }
  temp_dir tmp_;
  fs::path root_ = tmp_.path() / "archive";
  fs::path unit_;
  std::string head_;
};

TEST_F(ArchiveTamper, AnIntactSignedArchiveVerifies) {
  const outcome o = verify("--key " + quoted(tmp_.path() / "office.pub") + " --head " + head_);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  // 9 before the report PDFs and the review file (issue 14).
  EXPECT_TRUE(has(o, "v1：完整（12 个文件）")) << o.out;
  EXPECT_TRUE(has(o, "链头 v2 " + head_ + "，签名密钥 ")) << o.out;
  EXPECT_EQ(head_, selfeval::base::sha256_hex(read_file(unit_ / "v2" / "archive.json")));
}

TEST_F(ArchiveTamper, A12AnEmptyFolderIsNamed) {
  fs::create_directory(unit_ / "v1" / "emptydir");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "多出：emptydir/")) << o.out;
}

TEST_F(ArchiveTamper, A13A14SymbolicLinksAreNamedNotTheirTargets) {
  fs::create_directory_symlink("/etc", unit_ / "v1" / "package" / "etc-link");
  fs::create_symlink("/etc/passwd", unit_ / "v2" / "package" / "pw");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "符号链接：package/etc-link")) << o.out;
  EXPECT_TRUE(has(o, "符号链接：package/pw")) << o.out;
  EXPECT_FALSE(has(o, "passwd\n")) << o.out;
}

TEST_F(ArchiveTamper, A19AVersionWithoutItsIndexFails) {
  fs::remove(unit_ / "v1" / "archive.json");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "缺失：archive.json")) << o.out;
  EXPECT_TRUE(has(o, "版本链：无法核对：v1/archive.json")) << o.out;
}

TEST_F(ArchiveTamper, A21ARenamedVersionBreaksTheNumberingAndTheChain) {
  fs::rename(unit_ / "v1", unit_ / "v7");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "缺失：v1")) << o.out;
  EXPECT_TRUE(has(o, "它是第 1 版的索引，却在文件夹 v7 中")) << o.out;
}

// A27: a PDF edited and package/manifest.json and archive.json rewritten to match. Only the
// signature (or a kept chain head) can tell, since whoever did it could rewrite every hash.
TEST_F(ArchiveTamper, A27AConsistentRewriteOfTheHeadFailsTheSignature) {
  const fs::path v2 = unit_ / "v2";
  const fs::path pdf = v2 / "package" / table2;
  const fs::path manifest = v2 / "package" / "manifest.json";
  const std::string old_pdf = selfeval::base::sha256_hex(read_file(pdf));
  const std::string old_manifest = selfeval::base::sha256_hex(read_file(manifest));
  flip_a_byte(pdf);
  const std::string new_pdf = selfeval::base::sha256_hex(read_file(pdf));
  std::string text = read_file(manifest);
  replace_all(text, old_pdf, new_pdf);
  write(manifest, text);
  std::string index = read_file(v2 / "archive.json");
  replace_all(index, old_pdf, new_pdf);
  replace_all(index, old_manifest, selfeval::base::sha256_hex(text));
  write(v2 / "archive.json", index);

  const outcome o = verify("--key " + quoted(tmp_.path() / "office.pub"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "签名：与 archive.json 不符")) << o.out;
  const outcome kept = verify("--head " + head_);
  EXPECT_EQ(kept.exit_code, 1) << kept.out;
  EXPECT_TRUE(has(kept, "不是您保存的链头")) << kept.out;
}

TEST_F(ArchiveTamper, A28SwappedVersionsFail) {
  fs::rename(unit_ / "v1", unit_ / "tmp");
  fs::rename(unit_ / "v2", unit_ / "v1");
  fs::rename(unit_ / "tmp", unit_ / "v2");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "它是第 2 版的索引，却在文件夹 v1 中")) << o.out;
}

// A29: deleting the newest version leaves a consistent archive; only a chain head kept
// elsewhere shows it.
TEST_F(ArchiveTamper, A29ADeletedNewestVersionFailsAgainstTheKeptHead) {
  fs::remove_all(unit_ / "v2");
  const outcome o = verify("--head " + head_);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "链头：最新版本 v1 不是您保存的链头")) << o.out;
}

TEST_F(ArchiveTamper, A31AVersionNumberThatDisagreesWithItsFolderFails) {
  std::string index = read_file(unit_ / "v1" / "archive.json");
  replace_all(index, "\"version\": 1", "\"version\": 9");
  write(unit_ / "v1" / "archive.json", index);
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "它是第 9 版的索引，却在文件夹 v1 中")) << o.out;
  EXPECT_TRUE(has(o, "版本链：不接续 v1")) << o.out;
}

TEST_F(ArchiveTamper, A34AChangedFileWhoseIndexWasDeletedFails) {
  flip_a_byte(unit_ / "v1" / "package" / table2);
  fs::remove(unit_ / "v1" / "archive.json");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "v1：不完整")) << o.out;
}

TEST_F(ArchiveTamper, V5ALinkLoopIsNamedAndNotFollowed) {
  fs::create_directory_symlink("..", unit_ / "v1" / "package" / "loop");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "符号链接：package/loop")) << o.out;
}

TEST_F(ArchiveTamper, ExtraEntriesBesideTheVersionsFail) {
  fs::create_directory(unit_ / "old");
  write(root_ / "readme.txt", "x");
  fs::create_directory_symlink(unit_ / "v1", unit_ / "v3");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_TRUE(has(o, "多出：old/")) << o.out;
  EXPECT_TRUE(has(o, "多出：readme.txt")) << o.out;
  EXPECT_TRUE(has(o, "符号链接：v3")) << o.out;
}

TEST_F(ArchiveTamper, TheWrongKeyOrNoSignatureFails) {
  ASSERT_EQ(run_program("keygen -o " + quoted(tmp_.path() / "other")).exit_code, 0);
  const outcome wrong = verify("--key " + quoted(tmp_.path() / "other.pub"));
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
  EXPECT_TRUE(has(wrong, "签名：由另一把密钥签署")) << wrong.out;
  fs::remove(unit_ / "v2" / "archive.sig");
  const outcome unsigned_head = verify("--key " + quoted(tmp_.path() / "office.pub"));
  EXPECT_EQ(unsigned_head.exit_code, 1) << unsigned_head.out;
  EXPECT_TRUE(has(unsigned_head, "签名：缺失")) << unsigned_head.out;
}

TEST(Keygen, WritesAPrivateKeyOnlyTheOwnerCanReadAndNeverOverwrites) {
  temp_dir tmp;
  const outcome o = run_program("keygen -o " + quoted(tmp.path() / "office"));
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(fs::status(tmp.path() / "office.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(read_file(tmp.path() / "office.pub").starts_with("-----BEGIN PUBLIC KEY-----"));
  const std::string before = read_file(tmp.path() / "office.key");
  const outcome again = run_program("keygen -o " + quoted(tmp.path() / "office"));
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_TRUE(has(again, "已存在")) << again.out;
  EXPECT_EQ(read_file(tmp.path() / "office.key"), before);
}

// V1: a crafted package manifest entry made `archive` create a file outside --root.
TEST(ArchiveEscape, V1AManifestEntryOutsideThePackageWritesNothing) {
  temp_dir tmp;
  const fs::path pk = tmp.path() / "a" / "b" / "c" / "pkg";
  ASSERT_EQ(run_program("build " + example + " -o " + quoted(pk)).exit_code, 0);
  write(tmp.path() / "escape.txt", "planted\n");
  std::string manifest = read_file(pk / "manifest.json");
  const std::string entry = "{\"name\": \"../../../../escape.txt\", \"sha256\": \"" +
                            selfeval::base::sha256_hex("planted\n") + "\", \"size\": 8},";
  manifest.insert(manifest.find("\"files\": [") + 10, entry);
  write(pk / "manifest.json", manifest);
  fs::create_directories(tmp.path() / "x" / "y");
  const outcome o =
      run_program("archive " + quoted(pk) + " --root " + quoted(tmp.path() / "x" / "y" / "ar"));
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(has(o, "不安全的文件名：../../../../escape.txt")) << o.out;
  EXPECT_TRUE(names_in(tmp.path() / "x" / "y").empty());
}

// ----------------------------------------------------------------------------------------------
// Cases 60, 61, 62, 91: long names lost the .pdf/.docx of 附件3/4/5.

class LongNames : public ::testing::Test {
 protected:
  // The example with `from` replaced by `to` (first occurrence each), built; the file names.
  std::vector<std::string> build(const std::vector<std::pair<std::string, std::string>>& edits) {
    std::string text = read_file(example);
    for (const auto& [from, to] : edits) {
      const auto at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    write(tmp_.path() / "data.toml", text);
    const outcome o = run_program("build " + quoted(tmp_.path() / "data.toml") + " -o " +
                                  quoted(tmp_.path() / "out"));
    EXPECT_EQ(o.exit_code, 0) << o.out;
    if (o.exit_code != 0) return {};
    const std::vector<std::string> names = names_in(tmp_.path() / "out");
    for (const std::string& n : names) {
      EXPECT_LE(n.size(), 255u) << n;
      EXPECT_TRUE(n == "manifest.json" || n.ends_with(".pdf") || n.ends_with(".docx")) << n;
    }
    return names;
  }
  static std::string repeat(const std::string& piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += piece;
    return out;
  }
  temp_dir tmp_;
};

TEST_F(LongNames, Case60A300ByteChineseUnitName) {
  const auto names = build({{"name = \"益阳市总工会\"", "name = \"" + repeat("益", 100) + "\""}});
  EXPECT_EQ(names.size(), 10u);  // 7 deliverables, 2 report PDFs, the review file
}

TEST_F(LongNames, Case61A300CharacterAsciiUnitName) {
  const auto names =
      build({{"name = \"益阳市总工会\"", "name = \"" + std::string(300, 'Y') + "\""}});
  EXPECT_EQ(names.size(), 10u);  // 7 deliverables, 2 report PDFs, the review file
}

TEST_F(LongNames, Case62A300ByteProjectName) {
  const auto names = build({{"name = \"劳动模范和先进工作者表彰大会专项经费\"\n",
                             "name = \"" + repeat("项", 100) + "\"\n"}});
  EXPECT_EQ(names.size(), 10u);  // 7 deliverables, 2 report PDFs, the review file
}

TEST_F(LongNames, Case91TwoLongProjectNamesStayApart) {
  const auto names = build({{"name = \"劳动模范和先进工作者表彰大会专项经费\"\n",
                             "name = \"" + repeat("项", 90) + "甲\"\n"},
                            {"name = \"专项业务经费\"", "name = \"" + repeat("项", 90) + "乙\""}});
  ASSERT_EQ(names.size(), 10u);  // 7 deliverables, 2 report PDFs, the review file
  std::set<std::string> table3;
  for (const std::string& n : names) {
    if (n.starts_with("附件3-")) table3.insert(n);
  }
  EXPECT_EQ(table3.size(), 2u);
  for (const std::string& n : table3) EXPECT_EQ(n.find("（2）"), std::string::npos) << n;
}

}  // namespace
