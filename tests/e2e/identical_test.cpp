// Why this test exists: the speed and memory work of issue 13 (fonts mapped instead of read,
// batches streamed) must change no output. identical.sha256 holds the SHA-256 of every file of
// the three examples' packages as built at commit 999461e, before that work; this test builds
// them with the current program and compares byte for byte (through the digests). A branch that
// changes the output on purpose (layout, wording, program version…) refreshes the list with
// `UPDATE_GOLDEN=1 ctest -R identical` and says so in its commit message. The digests hold for
// Debian 12's libraries (libharu 2.3.0, libdeflate 1.14 for its streams, zlib 1.2.13 for the
// DOCX, HarfBuzz 6, qpdf 11.3 for the review file):
// another version of one of them may write other bytes for the same pages.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "base/sha256.h"
#include "program.h"

namespace {

namespace fs = std::filesystem;

const fs::path list_file = SELFEVAL_SOURCE_DIR "/tests/e2e/identical.sha256";
constexpr const char* examples[] = {"yuanjiang-2023", "yiyang-2023", "yuanjiang-2022"};

// "<example>/<file>" -> SHA-256, in sha256sum's format ("HEX  NAME" per line).
using digests = std::map<std::string, std::string>;

digests read_list() {
  digests list;
  std::ifstream in(list_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > 66) list[line.substr(66)] = line.substr(0, 64);
  }
  return list;
}

TEST(identical, example_packages_match_the_digests_recorded_before_the_speed_work) {
  std::string pattern = (fs::temp_directory_path() / "selfeval-e2e-identical-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path dir = pattern;

  digests built;
  for (const char* name : examples) {
    const fs::path out = dir / name;
    // Dates come from the data; the epoch only pins any date the data leaves open.
    const auto r =
        selfeval::e2e::run_program("build '" SELFEVAL_SOURCE_DIR "/examples/" + std::string(name) +
                                       ".toml' -o '" + out.string() + "'",
                                   "SOURCE_DATE_EPOCH=1700000000");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    for (const auto& e : fs::directory_iterator(out)) {
      built[std::string(name) + "/" + e.path().filename().string()] =
          selfeval::base::sha256_file_hex(e.path());
    }
  }
  fs::remove_all(dir);

  if (const char* update = std::getenv("UPDATE_GOLDEN"); update && *update) {
    std::ofstream out(list_file);
    for (const auto& [file, sha] : built) out << sha << "  " << file << '\n';
    GTEST_SKIP() << "rewrote " << list_file;
  }
  const digests expected = read_list();
  ASSERT_FALSE(expected.empty()) << "no digests in " << list_file;
  for (const auto& [file, sha] : expected) {
    const auto it = built.find(file);
    if (it == built.end()) {
      ADD_FAILURE() << file << " is no longer built";
    } else {
      EXPECT_EQ(it->second, sha) << file << " differs from the recorded build";
    }
  }
  for (const auto& [file, sha] : built) {
    EXPECT_TRUE(expected.count(file)) << file << " is built but not in " << list_file;
  }
}

}  // namespace
