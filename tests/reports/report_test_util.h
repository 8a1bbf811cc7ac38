// Helpers of the report tests: fill the real templates, read parts back, pretty-print XML.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "data/derive.h"
#include "data/load.h"
#include "docx/template.h"
#include "docx/zip_package.h"
#include "report_fixture.h"
#include "reports/report.h"

namespace selfeval::reports::testing {

using docx::fill;
using docx::zip_reader;

inline std::filesystem::path source_dir() {
  return SELFEVAL_SOURCE_DIR;
}

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

inline std::filesystem::path template_path(report_kind kind) {
  return source_dir() / "docx-templates" / report_template_name(kind);
}

// Fills the real template for `kind`; fails the test on any diagnostic error.
inline std::string fill_report(report_kind kind, const data::model& m) {
  base::diagnostics diags;
  data::figures f = data::derive(m);
  record fields = report_fields(kind, m, f, testing::shipped_wording(), diags);
  std::string tpl = read_bytes(template_path(kind));
  EXPECT_FALSE(tpl.empty()) << template_path(kind);
  std::string out = fill(tpl, report_template_name(kind), fields, diags);
  for (const auto& d : diags.items())
    EXPECT_NE(d.level, base::severity::error) << base::format_diagnostic(d);
  return out;
}

inline data::model load_example(const std::string& relative) {
  data::load_result r = data::load_file((source_dir() / relative).string());
  EXPECT_FALSE(r.io_failed) << relative;
  EXPECT_FALSE(r.diags.has_errors()) << relative;
  return r.data;
}

inline std::string part_of(const std::string& docx_bytes, std::string_view name) {
  zip_reader zip(docx_bytes);
  auto index = zip.find(name);
  if (!index) return {};
  return zip.read(*index);
}

inline std::vector<std::string> entry_names(const std::string& docx_bytes) {
  zip_reader zip(docx_bytes);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < zip.size(); ++i) out.push_back(zip.name(i));
  return out;
}

// One tag a line, indented by depth; an element holding only text stays on one line
// (<w:t>…</w:t>), so golden diffs show the words that changed.
inline std::string pretty_xml(std::string_view xml) {
  std::vector<std::string_view> tokens;
  for (std::size_t i = 0; i < xml.size();) {
    std::size_t end = xml[i] == '<' ? xml.find('>', i) + 1 : xml.find('<', i);
    if (end == std::string_view::npos || end == 0) end = xml.size();
    tokens.push_back(xml.substr(i, end - i));
    i = end;
  }
  auto is_open = [](std::string_view t) {
    return t.starts_with("<") && !t.starts_with("</") && !t.starts_with("<?") && !t.ends_with("/>");
  };
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view t = tokens[i];
    if (!t.starts_with("<") && t.find_first_not_of(" \r\n\t") == std::string_view::npos) continue;
    if (t.starts_with("</")) --depth;
    out.append(static_cast<std::size_t>(std::max(depth, 0)) * 2, ' ');
    if (is_open(t) && i + 2 < tokens.size() && !tokens[i + 1].starts_with("<") &&
        tokens[i + 2].starts_with("</")) {
      out.append(t).append(tokens[i + 1]).append(tokens[i + 2]).append("\n");
      i += 2;
      continue;
    }
    out.append(t).append("\n");
    if (is_open(t)) ++depth;
  }
  return out;
}

// Compares `actual` with tests/golden/docx/<name>; on mismatch writes <name>.actual next to it
// and prints a unified diff. UPDATE_GOLDEN=1 rewrites the golden file instead.
inline ::testing::AssertionResult matches_golden(const std::string& name,
                                                 const std::string& actual) {
  std::filesystem::path golden = source_dir() / "tests" / "golden" / "docx" / name;
  std::filesystem::path written = golden;
  written += ".actual";
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string_view(update) == "1") {
    std::filesystem::create_directories(golden.parent_path());
    write_bytes(golden, actual);
    std::filesystem::remove(written);
    return ::testing::AssertionSuccess();
  }
  if (!std::filesystem::exists(golden))
    return ::testing::AssertionFailure() << golden << " is missing; run with UPDATE_GOLDEN=1";
  if (read_bytes(golden) == actual) {
    std::filesystem::remove(written);
    return ::testing::AssertionSuccess();
  }
  write_bytes(written, actual);
  std::string diff_file =
      (std::filesystem::temp_directory_path() / ("selfeval-golden-" + name + ".diff")).string();
  std::string command =
      "diff -u '" + golden.string() + "' '" + written.string() + "' > '" + diff_file + "'";
  int rc = std::system(command.c_str());
  std::string diff = read_bytes(diff_file);
  std::filesystem::remove(diff_file);
  if (diff.size() > 20000) diff = diff.substr(0, 20000) + "\n… (diff cut)";
  return ::testing::AssertionFailure() << name << " differs from the golden file (diff exit " << rc
                                       << "); actual written to " << written << "\n"
                                       << diff;
}

}  // namespace selfeval::reports::testing
