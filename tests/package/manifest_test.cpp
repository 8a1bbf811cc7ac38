#include "package/manifest.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "base/sha256.h"
#include "package/writer.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

namespace fs = std::filesystem;
using testing::temp_dir;
using testing::write_bytes;

data::model sample_model() {
  data::model m;
  m.unit.name.value = "沅江市总工会";
  m.unit.name.given = true;
  m.year.value = 2023;
  m.year.given = true;
  return m;
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(base::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(base::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Manifest, SameInputSameBytesWhateverTheFileOrder) {
  const auto m = sample_model();
  const std::vector<file> a{{"附件2.pdf", "2"}, {"附件1.pdf", "1"}, {"附件4.docx", "4"}};
  const std::vector<file> b{{"附件4.docx", "4"}, {"附件1.pdf", "1"}, {"附件2.pdf", "2"}};
  const std::string ja = to_json(make_manifest(m, "d.toml", "data", a));
  const std::string jb = to_json(make_manifest(m, "d.toml", "data", b));
  EXPECT_EQ(ja, jb);
  EXPECT_LT(ja.find("附件1.pdf"), ja.find("附件2.pdf"));
  EXPECT_LT(ja.find("附件2.pdf"), ja.find("附件4.docx"));
  // Keys sorted: "data" < "files" < "format" < "generator" < "unit" < "year".
  EXPECT_LT(ja.find("\"data\""), ja.find("\"files\""));
  EXPECT_LT(ja.find("\"generator\""), ja.find("\"unit\""));
  EXPECT_NE(ja.find(base::sha256_hex("data")), std::string::npos);
  EXPECT_NE(ja.find(std::string("selfeval ") + SELFEVAL_VERSION_FOR_TEST), std::string::npos);
}

TEST(Manifest, DateFromDataElseSourceDateEpochElseNone) {
  auto m = sample_model();
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_FALSE(package_date(m).has_value());
  EXPECT_EQ(to_json(make_manifest(m, "d", "", {})).find("\"date\""), std::string::npos);
  ::setenv("SOURCE_DATE_EPOCH", "1715126400", 1);  // 2024-05-08T00:00:00Z
  ASSERT_TRUE(package_date(m).has_value());
  EXPECT_EQ(*package_date(m), (data::date{2024, 5, 8}));
  m.dates.report.value = {2024, 6, 1};
  m.dates.report.given = true;
  EXPECT_EQ(*package_date(m), (data::date{2024, 6, 1}));
  EXPECT_NE(to_json(make_manifest(m, "d", "", {})).find("\"date\": \"2024-06-01\""),
            std::string::npos);
  ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST(Manifest, RoundTripsThroughAPackage) {
  temp_dir tmp;
  const auto m = sample_model();
  std::vector<file> files{{"附件1.pdf", "one"}, {"附件2.pdf", "two"}};
  const manifest made = make_manifest(m, "yuanjiang-2023.toml", "toml", files);
  files.push_back({manifest_name, to_json(made)});
  write_package(tmp.path() / "out", files);
  const manifest read = read_manifest(tmp.path() / "out");
  EXPECT_EQ(to_json(read), to_json(made));
  EXPECT_TRUE(check_package(tmp.path() / "out").empty());
}

TEST(Manifest, CheckPackageNamesChangedMissingAndAddedFiles) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  std::vector<file> files{{"附件1.pdf", "one"}, {"附件2.pdf", "two"}, {"附件3.pdf", "three"}};
  files.push_back({manifest_name, to_json(make_manifest(sample_model(), "d", "", files))});
  write_package(out, files);
  write_bytes(out / "附件1.pdf", "ONE");
  fs::remove(out / "附件3.pdf");
  write_bytes(out / "extra.txt", "x");
  EXPECT_EQ(check_package(out),
            (std::vector<std::string>{"已改动：附件1.pdf", "缺失：附件3.pdf", "多出：extra.txt"}));
}

}  // namespace
}  // namespace selfeval::package
