// `selfeval build`, `diff`, `archive` and `verify` end to end, run as a user would run them.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "program.h"

namespace {

namespace fs = std::filesystem;

const std::string example = SELFEVAL_SOURCE_DIR "/examples/yuanjiang-2023.toml";

using selfeval::e2e::names_in;
using selfeval::e2e::outcome;
using selfeval::e2e::read_file;
using selfeval::e2e::run_program;
using selfeval::e2e::temp_dir;

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// Every file below `dir` by relative path, with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      files[fs::relative(e.path(), dir).generic_string()] = read_file(e.path());
  }
  return files;
}

// The example with `from` replaced by `to`, written as `name` in `dir`.
fs::path variant(const fs::path& dir, const std::string& name, const std::string& from,
                 const std::string& to) {
  std::string text = read_file(example);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  write(dir / name, text);
  return dir / name;
}

const std::vector<std::string> package_names{"2023年度沅江市总工会绩效自评材料（全部）.pdf",
                                             "manifest.json",
                                             "附件1-部门整体支出绩效评价基础数据表.pdf",
                                             "附件2-部门整体支出绩效自评表.pdf",
                                             "附件3-项目支出绩效自评表-业务工作经费.pdf",
                                             "附件4-2023年度沅江市总工会整体支出绩效自评报告.docx",
                                             "附件4-2023年度沅江市总工会整体支出绩效自评报告.pdf",
                                             "附件5-2023年度沅江市总工会项目支出绩效自评报告.docx",
                                             "附件5-2023年度沅江市总工会项目支出绩效自评报告.pdf"};

TEST(BuildE2E, WritesTheWholePackageWithAManifest) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  const outcome o = run_program("build " + example + " -o " + quoted(out));
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(names_in(out), package_names);
  for (const std::string& name : package_names) {
    const std::string bytes = read_file(out / name);
    if (name.ends_with(".pdf")) {
      EXPECT_TRUE(bytes.starts_with("%PDF-")) << name;
    }
    if (name.ends_with(".docx")) {
      EXPECT_TRUE(bytes.starts_with("PK")) << name;
    }
    if (name != "manifest.json") {
      EXPECT_NE(read_file(out / "manifest.json").find(name), std::string::npos);
    }
  }
  EXPECT_NE(read_file(out / "manifest.json").find("\"generator\": \"selfeval "), std::string::npos);
  EXPECT_NE(read_file(out / "manifest.json").find("\"date\": \"2024-05-08\""), std::string::npos);
}

TEST(BuildE2E, TwoBuildsAreByteIdenticalManifestIncluded) {
  temp_dir tmp;
  ASSERT_EQ(run_program("build " + example + " -o " + quoted(tmp.path() / "a")).exit_code, 0);
  ASSERT_EQ(run_program("build " + example + " -o " + quoted(tmp.path() / "b")).exit_code, 0);
  const auto a = snapshot(tmp.path() / "a");
  EXPECT_EQ(a.size(), package_names.size());
  EXPECT_EQ(a, snapshot(tmp.path() / "b"));
}

TEST(BuildE2E, AProcessKilledMidwayLeavesThePreviousPackage) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  ASSERT_EQ(run_program("build " + example + " -o " + quoted(out)).exit_code, 0);
  const auto before = snapshot(out);
  const fs::path changed = variant(tmp.path(), "changed.toml", "actual = 16 ", "actual = 15 ");
  for (int k : {1, 3, 6}) {
    const outcome o = run_program("build " + quoted(changed) + " -o " + quoted(out),
                                  "SELFEVAL_TEST_CRASH_AFTER=" + std::to_string(k));
    EXPECT_EQ(o.signal, SIGKILL) << "k=" << k << ": " << o.out;
    EXPECT_EQ(snapshot(out), before) << "k=" << k;
  }
  // The next run clears what the killed ones left and replaces the package.
  ASSERT_EQ(run_program("build " + quoted(changed) + " -o " + quoted(out)).exit_code, 0);
  EXPECT_NE(snapshot(out), before);
  EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"changed.toml", "out"}));
}

TEST(BuildE2E, DataErrorsAreAllPrintedAndNothingIsWritten) {
  temp_dir tmp;
  const fs::path bad = variant(tmp.path(), "bad.toml", "executed = 419", "executed = 400");
  const outcome o = run_program("build " + quoted(bad) + " -o " + quoted(tmp.path() / "out"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find(bad.string() + ":"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("错误["), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp.path() / "out"));
}

TEST(BuildE2E, UnsafeProjectNameStaysInsideOut) {
  temp_dir tmp;
  const fs::path data =
      variant(tmp.path(), "evil.toml", "name = \"业务工作经费\"", "name = \"../../逃逸/经费\"");
  const fs::path out = tmp.path() / "deep" / "out";
  const outcome o = run_program("build " + quoted(data) + " -o " + quoted(out));
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_TRUE(fs::exists(out / "附件3-项目支出绩效自评表-.._.._逃逸_经费.pdf"));
  for (const auto& e : fs::recursive_directory_iterator(tmp.path())) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), tmp.path()).generic_string();
    EXPECT_TRUE(rel == "evil.toml" || rel.starts_with("deep/out/")) << rel;
  }
}

// Counts the image XObjects of a PDF (libharu writes object dictionaries uncompressed).
std::size_t images_in(const std::string& pdf) {
  std::size_t n = 0;
  for (auto at = pdf.find("/Subtype /Image"); at != std::string::npos;
       at = pdf.find("/Subtype /Image", at + 1)) {
    ++n;
  }
  return n;
}

TEST(BuildE2E, SignatureAndSealImagesAreCheckedAndDrawn) {
  temp_dir tmp;
  const std::string e2e = SELFEVAL_SOURCE_DIR "/tests/e2e/";
  fs::create_directory(tmp.path() / "img");
  fs::copy_file(e2e + "build_signature.png", tmp.path() / "img" / "sig.png");
  fs::copy_file(e2e + "build_seal.png", tmp.path() / "img" / "seal.png");
  const fs::path data = variant(tmp.path(), "signed.toml", "filled_on = 2024-05-08",
                                "filled_on = 2024-05-08\nsignature_image = \"img/sig.png\"\n"
                                "seal_image = \"img/seal.png\"");
  const outcome o = run_program("build " + quoted(data) + " -o " + quoted(tmp.path() / "out"));
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const std::string plain = read_file(tmp.path() / "out" / "附件2-部门整体支出绩效自评表.pdf");
  // Each PNG with an alpha channel becomes an image and its soft mask.
  EXPECT_GE(images_in(plain), 2u);

  // Not a PNG: refused at the key, nothing written.
  write(tmp.path() / "img" / "seal.png", "\xFF\xD8\xFF a JPEG");
  const outcome bad = run_program("build " + quoted(data) + " -o " + quoted(tmp.path() / "out2"));
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find(data.string() + ":28:"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("错误[image-not-png]"), std::string::npos) << bad.out;
  EXPECT_FALSE(fs::exists(tmp.path() / "out2"));
}

TEST(BuildE2E, BatchBuildsEveryUnitGoesOnPastFailuresAndSaysSo) {
  temp_dir tmp;
  const fs::path in = tmp.path() / "in";
  fs::create_directory(in);
  variant(in, "a.toml", "name = \"沅江市总工会\"", "name = \"甲县总工会\"");
  variant(in, "b.toml", "name = \"沅江市总工会\"", "name = \"乙县总工会\"");
  variant(in, "c.toml", "executed = 419", "executed = 1");
  const fs::path out = tmp.path() / "out";
  const outcome o = run_program("build " + quoted(in) + " -o " + quoted(out) + " -j 2");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("已生成 2/3 个材料包"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("c.toml"), std::string::npos);
  EXPECT_EQ(names_in(out), (std::vector<std::string>{"2023-乙县总工会", "2023-甲县总工会"}));
  EXPECT_EQ(names_in(out / "2023-甲县总工会").size(), package_names.size());
}

TEST(DiffE2E, OneChangedFigureListsItsFiguresAndDeliverables) {
  temp_dir tmp;
  const fs::path old_file = tmp.path() / "old.toml";
  fs::copy_file(example, old_file);
  const fs::path new_file = variant(tmp.path(), "new.toml", "actual = 16 ", "actual = 15 ");
  const outcome o = run_program("diff " + quoted(old_file) + " " + quoted(new_file));
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(o.out,
            "变动的数值（1）：\n"
            "  staff.actual: 16 → 15\n"
            "随之变动的计算数字（1）：\n"
            "  附件1 人员控制率: 114.29% → 107.14%\n"
            "需重新打印签章：附件1、附件4\n");
  const outcome j = run_program("diff --json " + quoted(old_file) + " " + quoted(new_file));
  ASSERT_EQ(j.exit_code, 0);
  EXPECT_NE(j.out.find("\"key\": \"staff.actual\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"old\": \"114.29%\""), std::string::npos);
}

class ArchiveE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_program("build " + example + " -o " + quoted(tmp_.path() / "out")).exit_code, 0);
    write(tmp_.path() / "signed.pdf", "%PDF-1.4\n% a scan\n");
    const outcome o = run_program("archive " + quoted(tmp_.path() / "out") + " --data " + example +
                                  " --signed " + quoted(tmp_.path() / "signed.pdf") + " --root " +
                                  quoted(tmp_.path() / "archive"));
    ASSERT_EQ(o.exit_code, 0) << o.out;
    version_ = tmp_.path() / "archive" / "2023-沅江市总工会" / "v1";
    ASSERT_TRUE(fs::exists(version_ / "archive.json")) << o.out;
  }
  outcome verify() { return run_program("verify " + quoted(tmp_.path() / "archive")); }
  temp_dir tmp_;
  fs::path version_;
};

TEST_F(ArchiveE2E, ArchiveThenVerifyPasses) {
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 0) << o.out;
  // 5 deliverables, 2 report PDFs, the review file, manifest, data file, signed scan.
  EXPECT_NE(o.out.find("完整（11 个文件）"), std::string::npos) << o.out;
  // A second archive is v2; v1 is untouched and both verify.
  ASSERT_EQ(run_program("archive " + quoted(tmp_.path() / "out") + " --root " +
                        quoted(tmp_.path() / "archive"))
                .exit_code,
            0);
  EXPECT_TRUE(fs::exists(version_.parent_path() / "v2" / "archive.json"));
  EXPECT_EQ(verify().exit_code, 0);
}

TEST_F(ArchiveE2E, AFlippedByteInTable2IsNamed) {
  const fs::path t2 = version_ / "package" / "附件2-部门整体支出绩效自评表.pdf";
  fs::permissions(t2, fs::perms::owner_write, fs::perm_options::add);
  std::string bytes = read_file(t2);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
  write(t2, bytes);
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("已改动：package/附件2-部门整体支出绩效自评表.pdf"), std::string::npos)
      << o.out;
}

TEST_F(ArchiveE2E, MissingAndAddedFilesAreNamed) {
  fs::permissions(version_ / "scans", fs::perms::owner_write, fs::perm_options::add);
  fs::remove(version_ / "scans" / "signed.pdf");
  write(version_ / "scans" / "other.jpg", "\xFF\xD8\xFF");
  const outcome o = verify();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("缺失：scans/signed.pdf"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("多出：scans/other.jpg"), std::string::npos) << o.out;
}

TEST_F(ArchiveE2E, RefusesAScanThatIsNotPdfOrJpeg) {
  write(tmp_.path() / "scan.png", "\x89PNG\r\n\x1a\n");
  const outcome o =
      run_program("archive " + quoted(tmp_.path() / "out") + " --signed " +
                  quoted(tmp_.path() / "scan.png") + " --root " + quoted(tmp_.path() / "archive"));
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_NE(o.out.find("既不是 PDF 也不是 JPEG 文件"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(version_.parent_path() / "v2"));
}

}  // namespace
