// The native PDF of 附件4 / 附件5 against LibreOffice's rendering of the DOCX written next to it:
// the same number of pages, or one more or less. Both set 28 characters × 22 lines of 3号 on
// the GB/T 9704 grid, but LibreOffice substitutes its own fonts for 仿宋_GB2312 / 黑体 /
// 方正小标宋简体 (the templates name fonts this machine lacks), whose widths of digits and Latin
// letters differ from the bundled fonts', and it breaks lines by its own rules (where it lets
// punctuation hang), so a paragraph can end one line earlier or later in one rendering, and
// over a report a last page can fill or spill over. Slow (LibreOffice, seconds per file).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "program.h"

namespace {

namespace fs = std::filesystem;
using selfeval::e2e::read_file;
using selfeval::e2e::run_program;

int shell(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int page_count(const fs::path& pdf, const fs::path& scratch) {
  if (shell("pdfinfo '" + pdf.string() + "' > '" + scratch.string() + "' 2>&1") != 0) return -1;
  const std::string info = read_file(scratch);
  const auto at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

TEST(ReportPdfPages, PageCountWithinOneOfLibreOfficesRenderingOfTheDocx) {
  const fs::path dir =
      fs::temp_directory_path() / ("selfeval-report-pdf-pages-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  for (const char* example : {"yuanjiang-2023", "yiyang-2023", "yuanjiang-2022"}) {
    const fs::path out = dir / example;
    const auto r = run_program("build examples/" + std::string(example) + ".toml -o '" +
                               out.string() + "' --pdf reports");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    for (const auto& e : fs::directory_iterator(out)) {
      if (e.path().extension() != ".docx") continue;
      const fs::path lo = dir / "lo";
      // Its own LibreOffice profile, so that runs never share or lock one.
      const std::string cmd =
          "cd '" + dir.string() + "' && timeout 300 soffice -env:UserInstallation=file://" +
          (dir / "lo-profile").string() + " --headless --norestore --convert-to pdf --outdir '" +
          lo.string() + "' '" + e.path().string() + "' > '" + (dir / "soffice.log").string() +
          "' 2>&1";
      ASSERT_EQ(shell(cmd), 0) << read_file(dir / "soffice.log");
      fs::path native = e.path();
      native.replace_extension(".pdf");
      fs::path converted = lo / e.path().filename();
      converted.replace_extension(".pdf");
      const int ours = page_count(native, dir / "info.txt");
      const int theirs = page_count(converted, dir / "info.txt");
      ASSERT_GT(ours, 1) << native;
      ASSERT_GT(theirs, 1) << converted;
      EXPECT_LE(std::abs(ours - theirs), 1)
          << e.path().filename() << ": native " << ours << " pages, LibreOffice " << theirs;
      std::printf("%s: native %d pages, LibreOffice %d\n", e.path().filename().c_str(), ours,
                  theirs);
    }
  }
  if (!HasFailure()) fs::remove_all(dir);
}

}  // namespace
