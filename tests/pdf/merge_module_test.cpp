// The review file's merge lives in the module selfeval-pdf-merge.so (src/pdf/merge_module.cpp),
// opened on the first merge: the program itself does not link qpdf (nor GnuTLS, which Debian's
// libqpdf brings), a module that cannot be loaded is a clear error that writes nothing, and
// what makes no review file does not need the module at all.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "fixture.h"

namespace fs = std::filesystem;
using selfeval::pdf::test::run;

namespace {

const fs::path program = SELFEVAL_BINARY;
const fs::path module_file = program.parent_path() / "selfeval-pdf-merge.so";
const std::string example = "examples/yuanjiang-2023.toml";

class module_test : public testing::Test {
 protected:
  void SetUp() override {
    scratch_ =
        fs::temp_directory_path() / ("selfeval-merge-module-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(scratch_);
    fs::create_directories(scratch_);
  }
  void TearDown() override { fs::remove_all(scratch_); }

  // The program's exit status (-1: it did not exit).
  static int exit_status(int wait_status) {
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  }
  std::string quoted(const fs::path& p) const { return "'" + p.string() + "'"; }

  fs::path scratch_;
};

TEST_F(module_test, program_does_not_link_qpdf_and_the_module_does) {
  ASSERT_TRUE(fs::is_regular_file(module_file)) << module_file;
  const auto program_libraries = run("ldd " + quoted(program), scratch_);
  ASSERT_EQ(exit_status(program_libraries.status), 0) << program_libraries.err;
  EXPECT_NE(program_libraries.out.find("libhpdf"), std::string::npos) << program_libraries.out;
  EXPECT_EQ(program_libraries.out.find("libqpdf"), std::string::npos) << program_libraries.out;
  EXPECT_EQ(program_libraries.out.find("libgnutls"), std::string::npos) << program_libraries.out;
  const auto module_libraries = run("ldd " + quoted(module_file), scratch_);
  ASSERT_EQ(exit_status(module_libraries.status), 0) << module_libraries.err;
  EXPECT_NE(module_libraries.out.find("libqpdf"), std::string::npos) << module_libraries.out;
  EXPECT_EQ(module_libraries.out.find("not found"), std::string::npos) << module_libraries.out;
}

TEST_F(module_test, a_module_that_cannot_be_loaded_is_a_clear_error_and_nothing_is_written) {
  const fs::path missing = scratch_ / "no-such-module.so";
  const std::string env = "SELFEVAL_PDF_MERGE_MODULE=" + quoted(missing) + " ";
  const fs::path out = scratch_ / "out";
  const auto build =
      run(env + quoted(program) + " build " + example + " -o " + quoted(out), scratch_);
  EXPECT_EQ(exit_status(build.status), 2) << build.err;
  EXPECT_FALSE(fs::exists(out));
  // Which module, why (the dynamic linker's words), what to do; Chinese by default.
  EXPECT_NE(build.err.find("不能加载 PDF 合并模块 " + missing.string()), std::string::npos)
      << build.err;
  EXPECT_NE(build.err.find("SELFEVAL_PDF_MERGE_MODULE"), std::string::npos) << build.err;
  EXPECT_NE(build.err.find("cannot open shared object file"), std::string::npos) << build.err;
  EXPECT_NE(build.err.find("提示："), std::string::npos) << build.err;
  EXPECT_NE(build.err.find("--pdf reports"), std::string::npos) << build.err;

  // A library that is not the module: refused at its entry point, not called.
  const auto foreign = run("SELFEVAL_PDF_MERGE_MODULE=libz.so.1 " + quoted(program) +
                               " --lang en build " + example + " -o " + quoted(out),
                           scratch_);
  EXPECT_EQ(exit_status(foreign.status), 2) << foreign.err;
  EXPECT_NE(foreign.err.find("cannot load the PDF merge module libz.so.1"), std::string::npos)
      << foreign.err;
  EXPECT_NE(foreign.err.find("selfeval_pdf_merge_begin_v2"), std::string::npos) << foreign.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(module_test, what_makes_no_review_file_does_not_need_the_module) {
  const std::string env =
      "SELFEVAL_PDF_MERGE_MODULE=" + quoted(scratch_ / "no-such-module.so") + " ";
  const auto check = run(env + quoted(program) + " check " + example, scratch_);
  EXPECT_EQ(exit_status(check.status), 0) << check.err;
  for (const std::string pdf : {"none", "reports"}) {
    const fs::path out = scratch_ / pdf;
    const auto build =
        run(env + quoted(program) + " build " + example + " --pdf " + pdf + " -o " + quoted(out),
            scratch_);
    EXPECT_EQ(exit_status(build.status), 0) << pdf << ": " << build.err;
    EXPECT_TRUE(fs::exists(out / "manifest.json")) << pdf;
    for (const auto& entry : fs::directory_iterator(out))
      EXPECT_EQ(entry.path().filename().string().find("（全部）"), std::string::npos)
          << pdf << ": " << entry.path();
  }
}

TEST_F(module_test, the_program_finds_the_module_in_its_own_folder) {
  // Copied alone: the module is missing, and the message says where it was looked for.
  const fs::path copy = scratch_ / "selfeval";
  fs::copy_file(program, copy);
  const auto alone =
      run(quoted(copy) + " build " + example + " -o " + quoted(scratch_ / "a"), scratch_);
  EXPECT_EQ(exit_status(alone.status), 2) << alone.err;
  EXPECT_NE(alone.err.find("找不到 PDF 合并模块 selfeval-pdf-merge.so"), std::string::npos)
      << alone.err;
  EXPECT_NE(alone.err.find(scratch_.string()), std::string::npos) << alone.err;
  EXPECT_FALSE(fs::exists(scratch_ / "a"));
  // With the module beside it, wherever that folder is: the review file is made.
  fs::copy_file(module_file, scratch_ / module_file.filename());
  const auto beside =
      run(quoted(copy) + " build " + example + " -o " + quoted(scratch_ / "b"), scratch_);
  EXPECT_EQ(exit_status(beside.status), 0) << beside.err;
  EXPECT_TRUE(fs::exists(scratch_ / "b" / "2023年度沅江市总工会绩效自评材料（全部）.pdf"));
}

}  // namespace
