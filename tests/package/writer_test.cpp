#include "package/writer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <stdexcept>

#include "base/error.h"
#include "package/manifest.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

namespace fs = std::filesystem;
using testing::names_in;
using testing::read_bytes;
using testing::temp_dir;
using testing::write_bytes;

// `files` plus the manifest.json that lists them, as `selfeval build` writes it.
std::vector<file> with_manifest(std::vector<file> files) {
  data::model m;
  m.unit.name.value = "沅江市总工会";
  m.year.value = 2023;
  const manifest made = make_manifest(m, "yuanjiang-2023.toml", "year = 2023\n", files);
  files.insert(files.begin(), {manifest_name, to_json(made)});
  return files;
}

std::vector<file> package_of(const std::string& tag) {
  return with_manifest(
      {{"附件1.pdf", "one " + tag}, {"附件2.pdf", "two " + tag}, {"附件3.pdf", "three " + tag}});
}

// The ids of the problems an output_refused names, and where.
std::vector<std::string> refusal_of(const fs::path& out, const std::vector<fs::path>& inputs = {}) {
  try {
    check_replaceable(out, inputs);
  } catch (const output_refused& e) {
    std::vector<std::string> found;
    for (const base::diagnostic& d : e.problems()) {
      found.push_back(d.id + " " + fs::path(d.loc.file).filename().string());
    }
    return found;
  }
  return {};
}

// Runs a test body in another working folder and returns to the previous one.
class working_folder {
 public:
  explicit working_folder(const fs::path& dir) : previous_(fs::current_path()) {
    fs::current_path(dir);
  }
  ~working_folder() { fs::current_path(previous_); }

 private:
  fs::path previous_;
};

TEST(WritePackage, WritesEveryFileIntoANewFolder) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("a"));
  EXPECT_EQ(names_in(out),
            (std::vector<std::string>{"manifest.json", "附件1.pdf", "附件2.pdf", "附件3.pdf"}));
  EXPECT_EQ(read_bytes(out / "附件2.pdf"), "two a");
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"out"});  // no temporary left
}

TEST(WritePackage, ReplacesAPreviousPackageWholly) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, with_manifest({{"附件1.pdf", "one a"}, {"附件3-旧项目.pdf", "gone"}}));
  write_package(out, package_of("b"));
  EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one b");
  EXPECT_FALSE(fs::exists(out / "附件3-旧项目.pdf"));
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"out"});
}

TEST(WritePackage, AFailureAfterSomeFilesLeavesTheOldPackage) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("old"));
  for (std::size_t k = 1; k <= 4; ++k) {
    write_options options;
    options.after_file = [k](std::size_t written) {
      if (written == k) throw std::runtime_error("simulated crash");
    };
    EXPECT_THROW(write_package(out, package_of("new"), options), std::runtime_error);
    for (const file& f : package_of("old")) EXPECT_EQ(read_bytes(out / f.name), f.bytes) << k;
    EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"out"}) << k;
  }
}

TEST(WritePackage, AFailedFirstBuildLeavesNothing) {
  temp_dir tmp;
  write_options options;
  options.after_file = [](std::size_t) { throw std::runtime_error("disk full"); };
  EXPECT_THROW(write_package(tmp.path() / "out", package_of("x"), options), std::runtime_error);
  EXPECT_TRUE(names_in(tmp.path()).empty());
}

TEST(WritePackage, RefusesToReplaceAFolderItDidNotWrite) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "documents";
  fs::create_directory(out);
  write_bytes(out / "thesis.docx", "precious");
  EXPECT_THROW(write_package(out, package_of("a")), base::environment_error);
  EXPECT_EQ(read_bytes(out / "thesis.docx"), "precious");
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"documents"});
}

TEST(WritePackage, AcceptsAnEmptyExistingFolder) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  fs::create_directory(out);
  write_package(out, package_of("a"));
  EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one a");
}

TEST(WritePackage, RefusesUnsafeNames) {
  temp_dir tmp;
  for (const std::string bad : {"../escape.pdf", "a/b.pdf", "..", ""}) {
    EXPECT_THROW(write_package(tmp.path() / "out", {{bad, "x"}}), base::environment_error) << bad;
  }
  EXPECT_TRUE(names_in(tmp.path()).empty());
}

TEST(WritePackage, CleansUpLeftoversOfAKilledRun) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("old"));
  // What a killed process leaves: a half-written new folder with a pid that no longer runs.
  const fs::path stale = tmp.path() / ".out.selfeval-new-999999999-0";
  fs::create_directory(stale);
  write_bytes(stale / "附件1.pdf", "half");
  write_package(out, package_of("new"));
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one new");
}

TEST(WritePackage, RestoresAPackageMovedAsideByAKilledRun) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(tmp.path() / ".out.selfeval-old-999999999-0", package_of("old"));
  ASSERT_FALSE(fs::exists(out));
  write_options options;
  options.after_file = [&](std::size_t) {
    // By the time files are written the old package is back in place.
    EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one old");
    throw std::runtime_error("stop");
  };
  EXPECT_THROW(write_package(out, package_of("new"), options), std::runtime_error);
  EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one old");
}

// Findings D4b, D4c, S4, and a changed file: `build` replaced any folder holding a file called
// manifest.json, and everything in it was lost.
TEST(WritePackage, RefusesAFolderWithAManifestItDidNotWrite) {
  temp_dir tmp;
  const fs::path web = tmp.path() / "web";
  fs::create_directory(web);
  write_bytes(web / "manifest.json", "{\"name\":\"app\"}");
  write_bytes(web / "index.html", "<html>");
  EXPECT_EQ(refusal_of(web), std::vector<std::string>{"output-manifest-foreign manifest.json"});
  EXPECT_THROW(write_package(web, package_of("a")), output_refused);
  EXPECT_EQ(names_in(web), (std::vector<std::string>{"index.html", "manifest.json"}));
  // A manifest of another program that happens to have our keys is not ours either.
  std::string lookalike = package_of("x").front().bytes;
  lookalike.replace(lookalike.find("\"selfeval "), 10, "\"other ");
  write_bytes(web / "manifest.json", lookalike);
  EXPECT_EQ(refusal_of(web), std::vector<std::string>{"output-manifest-foreign manifest.json"});
}

TEST(WritePackage, RefusesAPackageFolderHoldingTheUsersFiles) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("old"));
  write_bytes(out / "my-data.toml", "year = 2023\n");
  write_bytes(out / "签字扫描件.pdf", "%PDF-1.4 scan");
  fs::create_directory(out / "notes");
  EXPECT_EQ(refusal_of(out), (std::vector<std::string>{"output-file-foreign my-data.toml",
                                                       "output-file-foreign notes",
                                                       "output-file-foreign 签字扫描件.pdf"}));
  EXPECT_THROW(write_package(out, package_of("new")), output_refused);
  EXPECT_EQ(read_bytes(out / "签字扫描件.pdf"), "%PDF-1.4 scan");
  EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one old");
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"out"});
}

TEST(WritePackage, RefusesAManifestThatIsASymbolicLink) {
  temp_dir tmp;
  write_package(tmp.path() / "real", package_of("a"));
  const fs::path out = tmp.path() / "out";
  fs::create_directory(out);
  fs::create_symlink(tmp.path() / "real" / "manifest.json", out / "manifest.json");
  write_bytes(out / "precious.txt", "mine");
  EXPECT_EQ(refusal_of(out), std::vector<std::string>{"output-manifest-foreign manifest.json"});
  EXPECT_THROW(write_package(out, package_of("b")), output_refused);
  EXPECT_EQ(read_bytes(out / "precious.txt"), "mine");
}

TEST(WritePackage, RefusesAPackageWithAChangedFileButNotOneWithAMissingFile) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("old"));
  write_bytes(out / "附件2.pdf", "two old, edited by hand");
  EXPECT_EQ(refusal_of(out), std::vector<std::string>{"output-file-changed 附件2.pdf"});
  EXPECT_THROW(write_package(out, package_of("new")), output_refused);
  EXPECT_EQ(read_bytes(out / "附件2.pdf"), "two old, edited by hand");
  // A symbolic link in place of a listed file is not the file selfeval wrote.
  fs::remove(out / "附件2.pdf");
  fs::create_symlink(tmp.path(), out / "附件2.pdf");
  EXPECT_EQ(refusal_of(out), std::vector<std::string>{"output-file-foreign 附件2.pdf"});
  // A deleted file loses nobody anything: the package is replaced.
  fs::remove(out / "附件2.pdf");
  write_package(out, package_of("new"));
  EXPECT_EQ(read_bytes(out / "附件2.pdf"), "two new");
}

// Finding D4d: `cd pkg; selfeval build my-data.toml -o .` deleted my-data.toml and left the
// shell in a deleted folder.
TEST(WritePackage, RefusesTheWorkingFolderAndAFolderHoldingTheDataFile) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("old"));
  {
    const working_folder inside(out);
    EXPECT_EQ(refusal_of("."), std::vector<std::string>{"output-is-working-folder ."});
    EXPECT_EQ(refusal_of("../out"), std::vector<std::string>{"output-is-working-folder out"});
    EXPECT_THROW(write_package(".", package_of("new")), output_refused);
    EXPECT_THROW(write_package("./", package_of("new")), output_refused);
  }
  {
    fs::create_directory(tmp.path() / "empty");
    const working_folder inside(tmp.path() / "empty");
    EXPECT_EQ(refusal_of("."), std::vector<std::string>{"output-is-working-folder ."});
  }
  write_bytes(out / "data.toml", "year = 2023\n");
  EXPECT_EQ(refusal_of(out, {out / "data.toml"}),
            std::vector<std::string>{"output-holds-data-file data.toml"});
  write_options options;
  options.inputs = {out / "data.toml"};
  EXPECT_THROW(write_package(out, package_of("new"), options), output_refused);
  EXPECT_EQ(read_bytes(out / "data.toml"), "year = 2023\n");
  EXPECT_EQ(read_bytes(out / "附件1.pdf"), "one old");
}

TEST(WritePackage, ManyForeignFilesAreCountedNotAllNamed) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  write_package(out, package_of("old"));
  for (int i = 0; i < 30; ++i) write_bytes(out / ("photo" + std::to_string(i) + ".jpg"), "x");
  const auto found = refusal_of(out);
  ASSERT_EQ(found.size(), 21u);
  EXPECT_EQ(found.back(), "output-file-foreign out");
}

}  // namespace
}  // namespace selfeval::package

namespace selfeval::package {
namespace {

TEST(RecoverAllLeftovers, CleansEveryPackageOfABatchFolderInOnePass) {
  testing::temp_dir tmp;
  const auto& dir = tmp.path();
  write_package(dir / "2023-甲", {{"manifest.json", "a"}});
  // A killed batch: a half-written new 甲, and 乙 moved aside but not replaced.
  std::filesystem::create_directory(dir / ".2023-甲.selfeval-new-999999999-3");
  write_package(dir / ".2023-乙.selfeval-old-999999999-4", {{"manifest.json", "b"}});
  testing::write_bytes(dir / ".hidden-notes", "kept");
  recover_all_leftovers(dir);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".hidden-notes", "2023-乙", "2023-甲"}));
  EXPECT_EQ(testing::read_bytes(dir / "2023-乙" / "manifest.json"), "b");
}

}  // namespace
}  // namespace selfeval::package
