#include "package/build.h"

#include <gtest/gtest.h>
#include <algorithm>

#include <atomic>
#include <stdexcept>

#include "base/error.h"
#include "base/messages.h"
#include "base/sha256.h"
#include "package/manifest.h"
#include "test_dir.h"

namespace selfeval::package {
namespace {

namespace fs = std::filesystem;
using testing::names_in;
using testing::read_bytes;
using testing::temp_dir;
using testing::write_bytes;

const std::string example = SELFEVAL_SOURCE_DIR "/examples/yuanjiang-2023.toml";

// Stands in for the real renderers: one file per deliverable, its bytes made from the data so
// a change of data shows in the output.
std::vector<file> fake_render(const unit_data& u, base::diagnostics&) {
  std::vector<file> files{{table1_file_name(), "%PDF t1 " + u.model.unit.name.value},
                          {table2_file_name(), "%PDF t2 " + u.model.budget.executed.value.plain()}};
  for (const data::project& p : u.model.projects) {
    if (p.evaluation.given)
      files.push_back({table3_file_name(p.name.value), "%PDF t3 " + p.name.value});
  }
  return files;
}

// The example with `from` replaced by `to` (each must occur), written as `name` in `dir`.
fs::path variant(const fs::path& dir, const std::string& name,
                 const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = read_bytes(example);
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  write_bytes(dir / name, text);
  return dir / name;
}

TEST(BuildUnit, WritesDeliverablesAndAManifestOfThem) {
  temp_dir tmp;
  const unit_result r = build_unit(example, tmp.path() / "out", fake_render);
  ASSERT_EQ(r.status, unit_status::ok) << r.error;
  EXPECT_EQ(r.unit, "沅江市总工会");
  EXPECT_EQ(r.year, 2023);
  EXPECT_EQ(names_in(tmp.path() / "out"),
            (std::vector<std::string>{"manifest.json", "附件1-部门整体支出绩效评价基础数据表.pdf",
                                      "附件2-部门整体支出绩效自评表.pdf",
                                      "附件3-项目支出绩效自评表-业务工作经费.pdf"}));
  const manifest m = read_manifest(tmp.path() / "out");
  EXPECT_EQ(m.data.name, "yuanjiang-2023.toml");
  EXPECT_EQ(m.data.sha256, base::sha256_file_hex(example));
  EXPECT_EQ(m.files.size(), 3u);
  EXPECT_TRUE(check_package(tmp.path() / "out").empty());
}

TEST(BuildUnit, TwoBuildsAreByteIdentical) {
  temp_dir tmp;
  ASSERT_EQ(build_unit(example, tmp.path() / "a", fake_render).status, unit_status::ok);
  ASSERT_EQ(build_unit(example, tmp.path() / "b", fake_render).status, unit_status::ok);
  for (const std::string& name : names_in(tmp.path() / "a")) {
    EXPECT_EQ(read_bytes(tmp.path() / "a" / name), read_bytes(tmp.path() / "b" / name)) << name;
  }
}

TEST(BuildUnit, DataErrorsWriteNothingAndKeepTheOldPackage) {
  temp_dir tmp;
  ASSERT_EQ(build_unit(example, tmp.path() / "out", fake_render).status, unit_status::ok);
  const std::string before = read_bytes(tmp.path() / "out" / "manifest.json");
  // 执行数 no longer matches 基本支出 + 项目支出: a data error.
  const fs::path bad = variant(tmp.path(), "bad.toml", {{"executed = 419", "executed = 400"}});
  const unit_result r = build_unit(bad.string(), tmp.path() / "out", fake_render);
  EXPECT_EQ(r.status, unit_status::input_errors);
  EXPECT_TRUE(r.diags.has_errors());
  EXPECT_EQ(read_bytes(tmp.path() / "out" / "manifest.json"), before);
  EXPECT_FALSE(fs::exists(tmp.path() / "new"));
}

TEST(BuildUnit, ErrorsFoundWhileRenderingWriteNothing) {
  temp_dir tmp;
  auto render = [](const unit_data& u, base::diagnostics& d) {
    d.add({selfeval::base::severity::error, "glyph-missing", {u.path, 3, 1}, "cannot draw"});
    return fake_render(u, d);
  };
  const unit_result r = build_unit(example, tmp.path() / "out", render);
  EXPECT_EQ(r.status, unit_status::input_errors);
  EXPECT_FALSE(fs::exists(tmp.path() / "out"));
}

TEST(BuildUnit, AWriterFailingAfterKFilesLeavesTheOldPackage) {
  temp_dir tmp;
  const fs::path out = tmp.path() / "out";
  ASSERT_EQ(build_unit(example, out, fake_render).status, unit_status::ok);
  std::map<std::string, std::string> before;
  for (const std::string& n : names_in(out)) before[n] = read_bytes(out / n);
  const fs::path changed = variant(tmp.path(), "changed.toml",
                                   {{"name = \"沅江市总工会\"", "name = \"沅江市总工会机关\""}});
  for (std::size_t k = 1; k <= 4; ++k) {
    write_options options;
    options.after_file = [k](std::size_t n) {
      if (n == k) throw base::environment_error("simulated failure");
    };
    const unit_result r = build_unit(changed.string(), out, fake_render, options);
    EXPECT_EQ(r.status, unit_status::io_error);
    std::map<std::string, std::string> after;
    for (const std::string& n : names_in(out)) after[n] = read_bytes(out / n);
    EXPECT_EQ(after, before) << "failing after " << k << " files";
  }
  EXPECT_EQ(names_in(tmp.path()), (std::vector<std::string>{"changed.toml", "out"}));
}

TEST(BuildUnit, UnsafeProjectNamesStayInsideTheOutputFolder) {
  temp_dir tmp;
  const fs::path nest = tmp.path() / "a" / "b";
  fs::create_directories(nest);
  const fs::path data =
      variant(nest, "evil.toml", {{"name = \"业务工作经费\"", "name = \"../../../escaped\\\\x\""}});
  const unit_result r = build_unit(data.string(), nest / "out", fake_render);
  ASSERT_EQ(r.status, unit_status::ok) << r.error;
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(tmp.path())) {
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string rel = fs::relative(e.path(), nest).generic_string();
    EXPECT_TRUE(rel == "evil.toml" || rel.starts_with("out/")) << rel;
  }
  EXPECT_EQ(files, 5u);  // the data file, 3 deliverables, manifest
  EXPECT_TRUE(fs::exists(nest / "out" / "附件3-项目支出绩效自评表-.._.._.._escaped_x.pdf"));
}

TEST(LoadImages, ChecksSignatureAndSealAtTheirKeys) {
  temp_dir tmp;
  // A real PNG: images are decoded when the unit is loaded (pdf::validate_image).
  fs::copy_file("tests/fixtures/hostile/images/ok-4x4.png", tmp.path() / "seal.png");
  write_bytes(tmp.path() / "sig.jpg", "\xFF\xD8\xFF not a png");
  const fs::path data = variant(tmp.path(), "d.toml",
                                {{"filled_on = 2024-05-08",
                                  "filled_on = 2024-05-08\nsignature_image = \"sig.jpg\"\n"
                                  "seal_image = \"seal.png\""}});
  loaded_unit u = load_unit(data.string());
  EXPECT_EQ(u.result.status, unit_status::input_errors);
  ASSERT_EQ(u.result.diags.error_count(), 1u);
  const base::diagnostic& d =
      *std::find_if(u.result.diags.items().begin(), u.result.diags.items().end(),
                    [](const base::diagnostic& x) { return x.level == base::severity::error; });
  EXPECT_EQ(d.id, "image-not-png");
  EXPECT_EQ(d.loc.file, data.string());
  EXPECT_GT(d.loc.line, 1u);
  EXPECT_EQ(u.data.images.count(seal_image_name), 1u);
  EXPECT_EQ(u.data.images.count(signature_image_name), 0u);

  const fs::path missing =
      variant(tmp.path(), "m.toml",
              {{"filled_on = 2024-05-08", "filled_on = 2024-05-08\nseal_image = \"nowhere.png\""}});
  const unit_result r = build_unit(missing.string(), tmp.path() / "out", fake_render);
  EXPECT_EQ(r.status, unit_status::input_errors);
  ASSERT_FALSE(r.diags.items().empty());
  EXPECT_EQ(r.diags.items().back().id, "image-not-found");
  EXPECT_FALSE(fs::exists(tmp.path() / "out"));
}

// A diagnostic of this layer speaks Chinese by default and English when asked (the catalogue).
TEST(LoadImages, AMissingImageIsReportedInTheCurrentLanguage) {
  temp_dir tmp;
  const fs::path data =
      variant(tmp.path(), "m.toml",
              {{"filled_on = 2024-05-08", "filled_on = 2024-05-08\nseal_image = \"nowhere.png\""}});
  const auto message = [&](base::language l) {
    const base::language saved = base::current_language();
    base::set_language(l);
    const loaded_unit u = load_unit(data.string());
    base::set_language(saved);
    for (const base::diagnostic& d : u.result.diags.items())
      if (d.id == "image-not-found") return d.message + " | " + d.hint;
    return std::string("no image-not-found");
  };
  const std::string zh = message(base::language::zh);
  const std::string en = message(base::language::en);
  EXPECT_NE(zh.find("seal_image = \"nowhere.png\"：找不到这个文件"), std::string::npos) << zh;
  EXPECT_NE(zh.find("路径相对于数据文件所在的文件夹"), std::string::npos) << zh;
  EXPECT_NE(en.find("seal_image = \"nowhere.png\": no such file"), std::string::npos) << en;
}

TEST(BuildBatch, OneFolderPerUnitGoingOnPastFailures) {
  temp_dir tmp;
  const fs::path in = tmp.path() / "in";
  fs::create_directory(in);
  variant(in, "a.toml", {{"name = \"沅江市总工会\"", "name = \"甲县总工会\""}});
  variant(in, "b.toml", {{"name = \"沅江市总工会\"", "name = \"乙县总工会\""}});
  variant(in, "c.toml", {{"executed = 419", "executed = 1"}});                    // data errors
  variant(in, "d.toml", {{"name = \"沅江市总工会\"", "name = \"甲县总工会\""}});  // same as a
  write_bytes(in / "notes.txt", "ignored");
  const auto files = collect_data_files({in.string()});
  ASSERT_EQ(files.size(), 4u);
  batch_options options;
  options.jobs = 3;
  std::atomic<std::size_t> calls{0};
  options.progress = [&](const unit_result&, std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 4u);
    EXPECT_LE(done, 4u);
    ++calls;
  };
  const auto results = build_batch(files, tmp.path() / "out", fake_render, options);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(calls, 4u);
  EXPECT_EQ(results[0].status, unit_status::ok);
  EXPECT_EQ(results[1].status, unit_status::ok);
  EXPECT_EQ(results[2].status, unit_status::input_errors);
  EXPECT_EQ(results[3].status, unit_status::input_errors);
  EXPECT_EQ(results[3].diags.items().back().id, "duplicate-unit");
  EXPECT_EQ(names_in(tmp.path() / "out"),
            (std::vector<std::string>{"2023-乙县总工会", "2023-甲县总工会"}));
  EXPECT_EQ(read_bytes(tmp.path() / "out" / "2023-甲县总工会" / table1_file_name()),
            "%PDF t1 甲县总工会");
}

}  // namespace
}  // namespace selfeval::package
