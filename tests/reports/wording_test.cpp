// The wording file: the shipped ones load cleanly and every name in them resolves (a data file's
// section keys and block names are checked against it: tree_check_test.cpp); a broken file gives
// each error id at its place, all at once; the cover fields reach the template record.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "data/derive.h"
#include "data/validate.h"
#include "report_fixture.h"
#include "reports/figures.h"
#include "reports/report.h"
#include "reports/wording.h"

namespace selfeval::reports {
namespace {

using testing::fixture_model;
using testing::shipped_wording;

const char* const shipped_profiles[] = {"hunan", "yiyang"};

wording load_profile(const std::string& profile, base::diagnostics& diags) {
  return load_wording(
      std::string(SELFEVAL_SOURCE_DIR) + "/config/profiles/" + profile + "/wording.toml", diags);
}

std::string dump(const base::diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += base::format_diagnostic(d) + "\n";
  return out;
}

// Every name a pattern uses, independently of the loader's own check: a figure, a list of the
// report, a list's count, or a field of the collection the pattern repeats over.
void expect_names_resolve(const report_wording& r, std::string_view each,
                          const std::vector<pattern_part>& parts, const std::string& where) {
  const collection_info* c = find_collection(each);
  for (const pattern_part& p : parts) {
    if (p.what == pattern_part::kind::optional) expect_names_resolve(r, each, p.parts, where);
    if (p.what != pattern_part::kind::name) continue;
    std::string_view name = p.value;
    const bool field =
        c != nullptr && std::find(c->fields.begin(), c->fields.end(), name) != c->fields.end();
    const bool figure =
        std::find(figure_names().begin(), figure_names().end(), name) != figure_names().end();
    const bool list = r.list(name) != nullptr ||
                      (name.ends_with(".count") && r.list(name.substr(0, name.size() - 6)));
    EXPECT_TRUE(field || figure || list) << where << ": {" << name << "}";
  }
}

TEST(wording, shipped_files_load_without_a_problem_and_every_name_resolves) {
  for (const char* profile : shipped_profiles) {
    base::diagnostics diags;
    const wording w = load_profile(profile, diags);
    EXPECT_TRUE(diags.empty()) << profile << "\n" << dump(diags);
    std::size_t patterns = 0;
    for (const report_wording* r : {&w.overall, &w.project}) {
      EXPECT_FALSE(r->sections.empty()) << profile;
      for (const block_def& b : r->blocks)
        for (const paragraph_def& p : b.paragraphs)
          for (const variant& v : p.text) {
            expect_names_resolve(*r, p.each, v.text.parts, b.name);
            ++patterns;
          }
      for (const list_def& l : r->lists)
        for (const choice& c : l.items)
          for (const variant& v : c) {
            expect_names_resolve(*r, l.each, v.text.parts, l.name);
            ++patterns;
          }
      // Every block a default section generates exists.
      std::function<void(const data::report_node&)> walk = [&](const data::report_node& n) {
        if (n.generate.given) {
          for (const std::string& name : data::split_names(n.generate.value))
            EXPECT_NE(r->block(name), nullptr) << profile << ": " << name;
        }
        for (const data::report_node& p : n.parts) walk(p);
      };
      for (const section_def& s : r->sections) walk(s.content);
    }
    EXPECT_GT(patterns, 40u) << profile;
  }
}

TEST(wording, every_figure_and_collection_can_be_computed) {
  const data::model m = fixture_model();
  const data::figures f = data::derive(m);
  const figure_source source(m, f);
  std::set<std::string_view> seen;
  for (std::string_view name : figure_names()) {
    EXPECT_TRUE(seen.insert(name).second) << "figure named twice: " << name;
    const figure fig = source.get(name);
    if (fig.known) {
      EXPECT_FALSE(fig.text.empty()) << name;
    }
  }
  EXPECT_TRUE(source.get("budget.executed").known);
  EXPECT_FALSE(source.get("no.such.figure").known);
  for (const collection_info& c : collections()) {
    const auto elements = source.elements(c.name);
    for (const auto& e : elements) EXPECT_EQ(e.size(), c.fields.size()) << c.name;
  }
  EXPECT_FALSE(source.elements("evaluated_items").empty());
}

// A broken wording file: each problem at its line and column, all reported in one load.
TEST(wording, a_broken_file_gives_each_error_at_its_place) {
  const std::string text =
      "[overall_report]\n"                                       // 1
      "colour = 1\n"                                             // 2 unknown-key 2:1
      "[[overall_report.sections]]\n"                            // 3
      "key = \"profile\"\n"                                      // 4
      "heading = \"基本情况\"\n"                                 // 5
      "generate = \"staffing, nosuch\"\n"                        // 6 wording-unknown-block 6:12
      "[[overall_report.sections]]\n"                            // 7 wording-missing 7:1
      "key = \"other\"\n"                                        // 8
      "[overall_report.blocks.staffing]\n"                       // 9
      "paragraphs = [\"{year}年支出{budget.execute}万元。\"]\n"  // 10 unknown-name 10:25
      "[overall_report.blocks.broken]\n"                         // 11
      "paragraphs = [\"甲[{year}\", \"乙}\"]\n"                  // 12 pattern 12:17, 12:29
      "warn_when_empty = \"no-such-warning\"\n"                  // 13 unknown-warning 13:19
      "[overall_report.lists.loop]\n"                            // 14 list-cycle 14:23
      "items = [\"{loop}\"]\n"                                   // 15
      "[overall_report.lists.people]\n"                          // 16
      "each = \"staf\"\n"                                        // 17 unknown-collection 16:23
      "item = \"{name}\"\n"                                      // 18
      "[project_report]\n";                                      // 19
  base::diagnostics diags;
  parse_wording(text, "wording.toml", diags);
  auto at = [&](std::string_view id, std::uint32_t line, std::uint32_t column) {
    for (const auto& d : diags.items())
      if (d.id == id && d.loc.line == line && d.loc.column == column &&
          d.loc.file == "wording.toml")
        return true;
    return false;
  };
  EXPECT_TRUE(at("unknown-key", 2, 1)) << dump(diags);
  EXPECT_TRUE(at("wording-unknown-block", 6, 12)) << dump(diags);
  EXPECT_TRUE(at("wording-missing", 7, 1)) << dump(diags);
  EXPECT_TRUE(at("wording-unknown-name", 10, 25)) << dump(diags);
  EXPECT_TRUE(at("wording-pattern", 12, 17)) << dump(diags);
  EXPECT_TRUE(at("wording-pattern", 12, 29)) << dump(diags);
  EXPECT_TRUE(at("wording-unknown-warning", 13, 19)) << dump(diags);
  EXPECT_TRUE(at("wording-list-cycle", 14, 23)) << dump(diags);
  EXPECT_TRUE(at("wording-unknown-collection", 16, 23)) << dump(diags);
  // The hint names the figure meant.
  for (const auto& d : diags.items())
    if (d.id == "wording-unknown-name") {
      EXPECT_NE(d.hint.find("budget.executed"), std::string::npos) << d.hint;
    }
  EXPECT_EQ(diags.error_count(), 9u) << dump(diags);
}

TEST(wording, a_syntax_error_and_a_missing_file_are_located) {
  base::diagnostics diags;
  parse_wording("[overall_report\n", "w.toml", diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items().front().id, "toml-syntax");
  EXPECT_EQ(diags.items().front().loc.line, 1u);

  base::diagnostics missing;
  load_wording("no/such/wording.toml", missing);
  ASSERT_EQ(missing.items().size(), 1u);
  EXPECT_EQ(missing.items().front().id, "config-missing");
}

// A region changes a sentence by editing the file: the report follows, with no C++ change.
TEST(wording, an_edited_pattern_changes_the_sentence) {
  base::diagnostics diags;
  const wording edited = parse_wording(
      "[overall_report]\n"
      "[[overall_report.sections]]\nkey = \"performance\"\nheading = \"绩效情况\"\n"
      "generate = \"execution\"\n"
      "[overall_report.blocks.execution]\n"
      "paragraphs = [[\"{year}年执行{budget.executed}万元，执行率{overall.execution_rate}。\", "
      "\"无执行数。\"]]\n"
      "[project_report]\n",
      "edited.toml", diags);
  ASSERT_FALSE(diags.has_errors()) << dump(diags);
  data::model m = fixture_model();
  m.overall_report.sections.clear();
  base::diagnostics body_diags;
  const auto blocks = report_body(report_kind::overall, m, data::derive(m), edited, body_diags);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].number + blocks[0].title, "一、绩效情况");
  EXPECT_EQ(blocks[1].text, "2023年执行419.00万元，执行率99.64%。");
  m.budget.executed = {};
  const auto unknown = report_body(report_kind::overall, m, data::derive(m), edited, body_diags);
  ASSERT_EQ(unknown.size(), 2u);
  EXPECT_EQ(unknown[1].text, "无执行数。");
}

// Lists naming lists naming lists: each is expanded once, so a hostile file cannot make the
// report take exponential time (30 levels of four references each would be 4^30 expansions).
TEST(wording, lists_naming_lists_expand_once_each) {
  std::string text =
      "[overall_report]\n[[overall_report.sections]]\nkey = \"other\"\n"
      "heading = \"其他\"\ngenerate = \"deep\"\n"
      "[overall_report.blocks.deep]\nparagraphs = [\"{l0}\"]\n";
  constexpr int depth = 30;
  for (int i = 0; i < depth; ++i) {
    const std::string next =
        i + 1 < depth ? "{l" + std::to_string(i + 1) + "}" : "{budget.executed}";
    text += "[overall_report.lists.l" + std::to_string(i) + "]\nitems = [\"[" + next + "][" + next +
            "][" + next + "]" + next + "\"]\nseparator = \"\"\n";
  }
  text += "[project_report]\n";
  base::diagnostics diags;
  const wording w = parse_wording(text, "deep.toml", diags);
  ASSERT_FALSE(diags.has_errors()) << dump(diags);
  data::model m = fixture_model();
  m.overall_report.sections.clear();
  m.budget.executed = {};
  const auto blocks = report_body(report_kind::overall, m, data::derive(m), w, diags);
  ASSERT_EQ(blocks.size(), 1u);  // the heading; every expansion ends on a figure not known
}

TEST(wording, optional_parts_nest_at_most_eight_deep) {
  base::diagnostics diags;
  parse_wording(
      "[overall_report.blocks.b]\nparagraphs = [\"[[[[[[[[[[[[[[[[[[{year}\"]\n"
      "[project_report]\n",
      "w.toml", diags);
  EXPECT_FALSE(diags.has_errors()) << dump(diags);  // [[ is a literal [
  parse_wording(
      "[overall_report.blocks.b]\nparagraphs = [\"[a[a[a[a[a[a[a[a[a[a{year}\"]\n"
      "[project_report]\n",
      "w.toml", diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items().back().id, "wording-pattern");
}

TEST(report_fields, cover_fields_are_filled_and_announced) {
  data::model m = fixture_model();
  m.unit.budget_code = testing::text_of("412001");
  m.signature.phone = testing::text_of("0737-1234567");
  m.signature.filler = testing::text_of("李四");
  base::diagnostics diags;
  const record r =
      report_fields(report_kind::overall, m, data::derive(m), shipped_wording(), diags);
  auto text = [&](const char* name) { return std::get<std::string>(r.at(name).v); };
  EXPECT_EQ(text("budget_code"), "412001");
  EXPECT_EQ(text("phone"), "0737-1234567");
  EXPECT_EQ(text("filler"), "李四");
  EXPECT_FALSE(text("self_score").empty());
  EXPECT_FALSE(text("grade").empty());
  const auto names = report_field_names(report_kind::overall);
  for (const char* field : {"budget_code", "phone", "filler", "self_score", "grade"})
    EXPECT_NE(std::find(names.begin(), names.end(), field), names.end()) << field;
}

}  // namespace
}  // namespace selfeval::reports
