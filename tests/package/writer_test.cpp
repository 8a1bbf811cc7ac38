#include "package/writer.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "base/error.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

namespace fs = std::filesystem;
using testing::names_in;
using testing::read_bytes;
using testing::temp_dir;
using testing::write_bytes;

std::vector<file> package_of(const std::string& tag) {
  return {{"manifest.json", "{\"tag\":\"" + tag + "\"}"},
          {"附件1.pdf", "one " + tag},
          {"附件2.pdf", "two " + tag},
          {"附件3.pdf", "three " + tag}};
}

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
  auto first = package_of("a");
  first.push_back({"附件3-旧项目.pdf", "gone"});
  write_package(out, first);
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
