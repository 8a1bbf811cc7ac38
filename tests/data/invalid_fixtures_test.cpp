// Runs the checker on every tests/fixtures/invalid/*.toml and requires exactly the diagnostics
// annotated in the file:
//   value = -5            # expect: error[negative-amount]
//   # expect-next-line: error[toml-syntax] warning[stale-year]
// An annotation names severity and id; it is matched against the line of the diagnostic (the
// column is free). Several annotations on one line add up; the comparison is a multiset.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <tuple>

#include "data/validate.h"

namespace selfeval::data {
namespace {

using expectation = std::tuple<std::uint32_t, std::string, std::string>;  // line, severity, id

std::vector<expectation> annotations(const std::string& text) {
  static const std::regex marker(R"(#\s*expect(-next-line)?:(.*)$)");
  static const std::regex item(R"((error|warning)\[([a-z0-9-]+)\])");
  std::vector<expectation> out;
  std::istringstream in(text);
  std::string line;
  std::uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (!std::regex_search(line, m, marker)) continue;
    const std::uint32_t at = m[1].matched ? n + 1 : n;
    const std::string list = m[2].str();
    for (auto it = std::sregex_iterator(list.begin(), list.end(), item);
         it != std::sregex_iterator(); ++it)
      out.emplace_back(at, (*it)[1].str(), (*it)[2].str());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string text_of(const std::vector<expectation>& v) {
  std::string s;
  for (const auto& [line, level, id] : v)
    s += "  line " + std::to_string(line) + ": " + level + "[" + id + "]\n";
  return s;
}

std::vector<std::filesystem::path> fixtures() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator("tests/fixtures/invalid"))
    if (e.path().extension() == ".toml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(InvalidFixtures, EachReportsExactlyItsAnnotatedDiagnostics) {
  const auto files = fixtures();
  ASSERT_GE(files.size(), 8u);
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::vector<expectation> expected = annotations(buf.str());
    EXPECT_FALSE(expected.empty()) << path << " has no # expect: annotation";
    const check_result r = check_file(path.string());
    std::vector<expectation> actual;
    std::string printed;
    for (const auto& d : r.diags.sorted()) {
      actual.emplace_back(d.loc.line, d.level == base::severity::error ? "error" : "warning", d.id);
      printed += base::format_diagnostic(d) + "\n";
    }
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected) << path << "\nexpected:\n"
                                << text_of(expected) << "actual:\n"
                                << text_of(actual) << "printed:\n"
                                << printed;
  }
}

TEST(InvalidFixtures, AnnotationSyntax) {
  const auto v =
      annotations("a = 1  # expect: error[x-y] warning[z]\n# expect-next-line: error[q]\nb = [\n");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], (expectation{1, "error", "x-y"}));
  EXPECT_EQ(v[1], (expectation{1, "warning", "z"}));
  EXPECT_EQ(v[2], (expectation{3, "error", "q"}));
}

}  // namespace
}  // namespace selfeval::data
