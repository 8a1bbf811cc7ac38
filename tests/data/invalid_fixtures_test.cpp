// Runs the checker on every tests/fixtures/invalid/*.toml, and the report section trees against
// the shipped hunan wording (as check and build do), and requires exactly the diagnostics
// annotated in the file:
//   value = -5            # expect: error[negative-amount]
//   # expect-next-line: error[toml-syntax] warning[stale-year]
// An annotation names severity and id; it is matched against the line of the diagnostic (the
// column is free). Several annotations on one line add up; the comparison is a multiset.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <tuple>

#include "data/validate.h"
#include "reports/tree_check.h"
#include "reports/wording.h"

namespace selfeval::data {
namespace {

using expectation = std::tuple<std::uint32_t, std::string, std::string>;  // line, severity, id

// "error[id] warning[id2] …" -> (severity, id) pairs; anything else in the comment is ignored.
void parse_items(std::string_view list, std::uint32_t at, std::vector<expectation>& out) {
  for (std::string_view level : {"error[", "warning["}) {
    for (std::size_t p = list.find(level); p != std::string_view::npos;
         p = list.find(level, p + 1)) {
      if (p > 0 && list[p - 1] != ' ' && list[p - 1] != ':')
        continue;  // "xerror[" is not an annotation
      const std::size_t start = p + level.size();
      const std::size_t end = list.find(']', start);
      if (end == std::string_view::npos) continue;
      out.emplace_back(at, std::string(level.substr(0, level.size() - 1)),
                       std::string(list.substr(start, end - start)));
    }
  }
}

std::vector<expectation> annotations(const std::string& text) {
  std::vector<expectation> out;
  std::istringstream in(text);
  std::string line;
  std::uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::size_t hash = line.find('#');
    if (hash == std::string::npos) continue;
    std::string_view rest = std::string_view(line).substr(hash + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.starts_with("expect-next-line:")) {
      parse_items(rest.substr(17), n + 1, out);
    } else if (rest.starts_with("expect:")) {
      parse_items(rest.substr(7), n, out);
    }
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
  base::diagnostics wording_diags;
  const reports::wording hunan =
      reports::load_wording("config/profiles/hunan/wording.toml", wording_diags);
  ASSERT_TRUE(wording_diags.empty()) << base::format_diagnostic(wording_diags.items().front());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::vector<expectation> expected = annotations(buf.str());
    EXPECT_FALSE(expected.empty()) << path << " has no # expect: annotation";
    check_result r = check_file(path.string());
    if (r.parsed) reports::check_report_tree(r.data, hunan, r.diags);
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
