// Heading numbers of the 附件4 / 附件5 bodies are generated from the section tree: whatever is
// inserted, removed or reordered, every level counts 1, 2, 3… under its parent.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "data/derive.h"
#include "report_fixture.h"
#include "reports/report.h"

namespace selfeval::reports {
namespace {

data::text given(std::string v) {
  data::text t;
  t.value = std::move(v);
  t.given = true;
  return t;
}

data::report_node titled(std::string title, std::vector<data::report_node> parts = {},
                         std::string body = {}) {
  data::report_node n;
  n.title = given(std::move(title));
  if (!body.empty()) n.body = given(std::move(body));
  n.parts = std::move(parts);
  return n;
}

data::report_node keyed(std::string key, std::vector<data::report_node> parts = {},
                        std::string body = {}) {
  data::report_node n;
  n.key = given(std::move(key));
  if (!body.empty()) n.body = given(std::move(body));
  n.parts = std::move(parts);
  return n;
}

data::model base_model() {
  data::model m;
  m.year.value = 2023;
  m.year.given = true;
  m.unit.name = given("沅江市总工会");
  return m;
}

std::vector<body_block> body_of(const data::model& m, report_kind kind = report_kind::overall,
                                base::diagnostics* out = nullptr) {
  base::diagnostics diags;
  data::figures f = data::derive(m);
  auto blocks = report_body(kind, m, f, testing::shipped_wording(), diags);
  if (out) *out = diags;
  return blocks;
}

std::vector<body_block> headings(const std::vector<body_block>& blocks) {
  std::vector<body_block> out;
  std::copy_if(blocks.begin(), blocks.end(), std::back_inserter(out),
               [](const body_block& b) { return b.level > 0; });
  return out;
}

// Independent check of the numbering rules: a heading is at most one level below the previous
// one, and each level counts from 1 under its parent without gaps or repeats.
::testing::AssertionResult numbered_correctly(const std::vector<body_block>& blocks) {
  int counters[5] = {0, 0, 0, 0, 0};
  int previous_level = 0;
  for (const body_block& b : blocks) {
    if (b.level == 0) continue;
    if (b.level < 1 || b.level > 4 || b.level > previous_level + 1)
      return ::testing::AssertionFailure() << "level jump to " << b.level << " at " << b.title;
    ++counters[b.level];
    for (int deeper = b.level + 1; deeper <= 4; ++deeper) counters[deeper] = 0;
    if (b.number != heading_number(b.level, counters[b.level]))
      return ::testing::AssertionFailure() << "'" << b.number << b.title << "' should be numbered "
                                           << heading_number(b.level, counters[b.level]);
    previous_level = b.level;
  }
  return ::testing::AssertionSuccess();
}

std::vector<std::string> numbered_titles(const std::vector<body_block>& blocks) {
  std::vector<std::string> out;
  for (const body_block& b : headings(blocks)) out.push_back(b.number + b.title);
  return out;
}

TEST(chinese_numeral, counts_to_ninety_nine) {
  EXPECT_EQ(chinese_numeral(1), "一");
  EXPECT_EQ(chinese_numeral(9), "九");
  EXPECT_EQ(chinese_numeral(10), "十");
  EXPECT_EQ(chinese_numeral(11), "十一");
  EXPECT_EQ(chinese_numeral(19), "十九");
  EXPECT_EQ(chinese_numeral(20), "二十");
  EXPECT_EQ(chinese_numeral(21), "二十一");
  EXPECT_EQ(chinese_numeral(40), "四十");
  EXPECT_EQ(chinese_numeral(99), "九十九");
  EXPECT_EQ(chinese_numeral(0), "");
  EXPECT_EQ(chinese_numeral(100), "");
}

TEST(heading_number, four_levels_in_full_width_marks) {
  EXPECT_EQ(heading_number(1, 1), "一、");
  EXPECT_EQ(heading_number(1, 10), "十、");
  EXPECT_EQ(heading_number(2, 2), "（二）");
  EXPECT_EQ(heading_number(2, 12), "（十二）");
  EXPECT_EQ(heading_number(3, 3), "3.");
  EXPECT_EQ(heading_number(3, 120), "120.");
  EXPECT_EQ(heading_number(4, 4), "（4）");
  EXPECT_EQ(heading_number(5, 1), "");
}

TEST(report_numbering, default_overall_tree_has_the_ten_sections_in_order) {
  auto blocks = body_of(base_model());
  EXPECT_TRUE(numbered_correctly(blocks));
  std::vector<std::string> top;
  for (const body_block& b : blocks)
    if (b.level == 1) top.push_back(b.number + b.title);
  EXPECT_EQ(
      top, (std::vector<std::string>{
               "一、部门（单位）基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况",
               "四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况",
               "六、部门整体支出绩效情况", "七、存在的问题及原因分析", "八、下一步改进措施",
               "九、部门整体支出绩效自评结果拟应用和公开情况", "十、其他需要说明的情况"}));
}

TEST(report_numbering, default_project_tree_numbers_four_levels) {
  auto blocks = body_of(base_model(), report_kind::project);
  EXPECT_TRUE(numbered_correctly(blocks));
  auto titles = numbered_titles(blocks);
  // 三、 holds （一）主要绩效 with 1.–4. and their （1）（2）, then （二）: the seed's missing
  // （一） and missing 四、 (§6 #18) cannot happen.
  auto at = std::find(titles.begin(), titles.end(), "三、项目支出主要绩效及评价结论");
  ASSERT_NE(at, titles.end());
  std::vector<std::string> next(at + 1, at + 8);
  EXPECT_EQ(next, (std::vector<std::string>{"（一）主要绩效", "1.项目的经济性分析",
                                            "（1）项目成本（预算）控制情况",
                                            "（2）项目成本（预算）节约情况", "2.项目的效率性分析",
                                            "（1）项目的实施进度", "（2）项目完成质量"}));
  EXPECT_NE(std::find(titles.begin(), titles.end(), "四、主要经验及做法、存在的问题及原因分析"),
            titles.end());
  EXPECT_NE(std::find(titles.begin(), titles.end(), "六、其他需要说明的问题"), titles.end());
}

TEST(report_numbering, inserting_removing_and_reordering_sections_renumbers) {
  data::model m = base_model();
  m.overall_report.sections = {
      keyed("profile", {titled("甲", {titled("子一"), titled("子二")}), titled("乙")}),
      keyed("problems", {titled("问题一"), titled("问题二")}),
      keyed("measures", {titled("措施一")}),
  };
  EXPECT_EQ(numbered_titles(body_of(m)),
            (std::vector<std::string>{"一、部门（单位）基本情况", "（一）甲", "1.子一", "2.子二",
                                      "（二）乙", "二、存在的问题及原因分析", "（一）问题一",
                                      "（二）问题二", "三、下一步改进措施", "（一）措施一"}));

  // Insert a section in the middle and a part at the front of another.
  m.overall_report.sections.insert(m.overall_report.sections.begin() + 1,
                                   keyed("performance", {}, "正文"));
  m.overall_report.sections[2].parts.insert(m.overall_report.sections[2].parts.begin(),
                                            titled("新问题"));
  EXPECT_EQ(numbered_titles(body_of(m)),
            (std::vector<std::string>{"一、部门（单位）基本情况", "（一）甲", "1.子一", "2.子二",
                                      "（二）乙", "二、部门整体支出绩效情况",
                                      "三、存在的问题及原因分析", "（一）新问题", "（二）问题一",
                                      "（三）问题二", "四、下一步改进措施", "（一）措施一"}));

  // Remove the first section and a sub-part; reorder the rest.
  m.overall_report.sections.erase(m.overall_report.sections.begin());
  m.overall_report.sections[1].parts.erase(m.overall_report.sections[1].parts.begin() + 1);
  std::swap(m.overall_report.sections[0], m.overall_report.sections[2]);
  EXPECT_EQ(
      numbered_titles(body_of(m)),
      (std::vector<std::string>{"一、下一步改进措施", "（一）措施一", "二、存在的问题及原因分析",
                                "（一）新问题", "（二）问题二", "三、部门整体支出绩效情况"}));
}

// Random trees under random edits: the numbering rule holds every time.
data::report_node random_tree(std::mt19937& rng, int level, int& serial) {
  data::report_node n = titled("节" + std::to_string(++serial));
  if (level < 4) {
    int children = static_cast<int>(rng() % 4);
    for (int i = 0; i < children; ++i) n.parts.push_back(random_tree(rng, level + 1, serial));
  }
  if (rng() % 3 == 0) n.body = given("段落" + std::to_string(serial));
  return n;
}

void random_edit(std::mt19937& rng, std::vector<data::report_node>& list, int level, int& serial) {
  if (!list.empty() && rng() % 2 == 0) {
    auto& child = list[rng() % list.size()];
    if (level < 4) random_edit(rng, child.parts, level + 1, serial);
    return;
  }
  switch (rng() % 3) {
    case 0:
      list.insert(list.begin() + static_cast<long>(rng() % (list.size() + 1)),
                  random_tree(rng, level, serial));
      break;
    case 1:
      if (!list.empty()) list.erase(list.begin() + static_cast<long>(rng() % list.size()));
      break;
    default:
      std::shuffle(list.begin(), list.end(), rng);
  }
}

TEST(report_numbering, random_edits_keep_every_level_contiguous) {
  std::mt19937 rng(20231231);
  int serial = 0;
  data::model m = base_model();
  for (int i = 0; i < 6; ++i) m.overall_report.sections.push_back(random_tree(rng, 1, serial));
  int headings_seen = 0;
  for (int round = 0; round < 300; ++round) {
    random_edit(rng, m.overall_report.sections, 1, serial);
    // An empty list means "use the default tree"; that path is tested above.
    if (m.overall_report.sections.empty())
      m.overall_report.sections.push_back(random_tree(rng, 1, serial));
    base::diagnostics diags;
    auto blocks = body_of(m, report_kind::overall, &diags);
    ASSERT_TRUE(numbered_correctly(blocks)) << "round " << round;
    // Every node of the tree is printed exactly once.
    std::size_t nodes = 0;
    std::function<void(const std::vector<data::report_node>&)> count =
        [&](const std::vector<data::report_node>& list) {
          for (const auto& n : list) {
            ++nodes;
            count(n.parts);
          }
        };
    count(m.overall_report.sections);
    ASSERT_EQ(headings(blocks).size(), nodes) << "round " << round;
    headings_seen += static_cast<int>(nodes);
  }
  EXPECT_GT(headings_seen, 1000);  // the edits did build sizeable trees
}

TEST(report_numbering, untitled_part_runs_its_number_into_its_text) {
  data::model m = base_model();
  data::report_node part;
  part.body = given("提高认识。加强预算绩效管理。\n第二段。");
  m.overall_report.sections = {keyed("measures", {part, titled("加强制度建设")})};
  auto blocks = body_of(m);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[1], (body_block{0, "", "", "（一）提高认识。加强预算绩效管理。"}));
  EXPECT_EQ(blocks[2], (body_block{0, "", "", "第二段。"}));
  EXPECT_EQ(blocks[3], (body_block{2, "（二）", "加强制度建设", ""}));
}

TEST(report_numbering, section_titles_come_from_node_then_wording_then_key) {
  data::model m = base_model();
  m.overall_report.sections = {keyed("profile", {}, "甲"), keyed("problems", {}, "乙"),
                               keyed("measures", {}, "丙")};
  m.overall_report.sections[0].title = given("单位概况");
  wording words = testing::shipped_wording();
  for (section_def& s : words.overall.sections) {
    if (s.key == "problems") s.heading = "存在问题";
    if (s.key == "profile") s.heading = "不用这个";
  }
  base::diagnostics diags;
  auto blocks = report_body(report_kind::overall, m, data::derive(m), words, diags);
  EXPECT_EQ(numbered_titles(blocks),
            (std::vector<std::string>{"一、单位概况", "二、存在问题", "三、下一步改进措施"}));
}

TEST(report_numbering, empty_canonical_sections_get_their_default_content) {
  data::model m = base_model();
  m.overall_report.sections = {keyed("government_fund"), keyed("other")};
  m.other_budgets.government_fund.given = true;  // a real 0
  auto blocks = body_of(m);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[1].text, "我会无政府性基金预算收支。");
  EXPECT_EQ(blocks[2].number + blocks[2].title, "二、其他需要说明的情况");
  EXPECT_EQ(blocks[3].text, "无");
}

TEST(report_numbering, left_out_sections_are_warned_about) {
  data::model m = base_model();
  m.overall_report.sections = {keyed("profile", {}, "甲")};
  base::diagnostics diags;
  body_of(m, report_kind::overall, &diags);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.warning_count(), 9u);
  EXPECT_EQ(diags.items().front().id, "missing-section");
}

TEST(report_numbering, more_than_ninety_nine_sections_is_an_error) {
  data::model m = base_model();
  for (int i = 0; i < 100; ++i) m.overall_report.sections.push_back(titled("节"));
  base::diagnostics diags;
  auto blocks = body_of(m, report_kind::overall, &diags);
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(headings(blocks).size(), 99u);
  EXPECT_EQ(headings(blocks).back().number, "九十九、");
}

TEST(report_numbering, a_fifth_level_is_an_error) {
  data::model m = base_model();
  m.overall_report.sections = {
      titled("一", {titled("二", {titled("三", {titled("四", {titled("五")})})})})};
  base::diagnostics diags;
  auto blocks = body_of(m, report_kind::overall, &diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items().back().id, "heading-too-deep");
  EXPECT_EQ(headings(blocks).size(), 4u);
}

TEST(report_numbering, generated_block_of_the_other_report_is_refused) {
  data::model m = base_model();
  data::report_node n = keyed("overview");
  n.generate = given("execution");
  m.project_report.sections = {n};
  base::diagnostics diags;
  body_of(m, report_kind::project, &diags);
  ASSERT_TRUE(diags.has_errors());
  bool found = false;
  for (const auto& d : diags.items()) found |= d.id == "generate-wrong-report";
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace selfeval::reports
