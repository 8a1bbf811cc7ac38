// `selfeval template check` end to end: listing, unknown fields, broken templates.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "program.h"

namespace {

namespace fs = std::filesystem;
using selfeval::e2e::run_program;

const std::string report4 = "'docx-templates/附件4-整体支出绩效自评报告.docx'";

class TemplateCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("selfeval-template-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A copy of the 附件4 template whose document.xml has `from` replaced by `to`.
  fs::path edited_template(const std::string& from, const std::string& to) {
    const fs::path out = dir_ / "edited.docx";
    const std::string script =
        "import sys, zipfile\n"
        "src, dst, a, b = sys.argv[1:]\n"
        "zin = zipfile.ZipFile(src)\n"
        "zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)\n"
        "for i in zin.infolist():\n"
        "    data = zin.read(i.filename)\n"
        "    if i.filename == 'word/document.xml':\n"
        "        assert a.encode() in data\n"
        "        data = data.replace(a.encode(), b.encode(), 1)\n"
        "    zout.writestr(i, data)\n"
        "zout.close()\n";
    const fs::path py = dir_ / "edit.py";
    std::ofstream(py) << script;
    const std::string cmd = "/usr/bin/python3 '" + py.string() + "' " + report4 + " '" +
                            out.string() + "' '" + from + "' '" + to + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out;
  }

  fs::path dir_;
};

TEST_F(TemplateCheck, ListsThePlaceholdersOfTheShippedTemplate) {
  const auto r = run_program("template check " + report4 + " --fields report4");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("[word/document.xml]:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("section (paragraphs)  body"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("text  unit"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("错误["), std::string::npos) << r.out;
}

TEST_F(TemplateCheck, NamesAFieldTheReportDoesNotHave) {
  const fs::path t = edited_template("{{unit}}", "{{unit_nmae}}");
  const auto r = run_program("template check '" + t.string() + "' --fields report4");
  EXPECT_NE(r.out.find("unit_nmae"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[unknown-field]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("edited.docx[word/document.xml]:"), std::string::npos) << r.out;
}

TEST_F(TemplateCheck, AcceptsTheCoverFields) {
  const fs::path t = edited_template(
      "{{unit}}", "{{unit}}{{budget_code}}{{filler}}{{phone}}{{self_score}}{{grade}}");
  const auto r = run_program("template check '" + t.string() + "' --fields report4");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("text  self_score"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[unknown-field]"), std::string::npos) << r.out;
}

TEST_F(TemplateCheck, AnUnclosedPlaceholderIsAnErrorAtItsPlace) {
  const fs::path t = edited_template("{{unit}}", "{{unit");
  const auto r = run_program("template check '" + t.string() + "'");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("edited.docx[word/document.xml]:2:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("错误[bad-placeholder]"), std::string::npos) << r.out;
}

TEST_F(TemplateCheck, ASectionWithoutItsEndIsAnError) {
  const fs::path t = edited_template("{{/h1}}", "");
  const auto r = run_program("template check '" + t.string() + "'");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("错误[unclosed-tag]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("h1"), std::string::npos) << r.out;
}

TEST_F(TemplateCheck, AFileThatIsNoDocxIsAnIoFailure) {
  const fs::path t = dir_ / "not.docx";
  std::ofstream(t) << "plain text, not a zip";
  const auto r = run_program("template check '" + t.string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(r.out.empty());
}

}  // namespace
