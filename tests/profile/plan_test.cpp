// The deliverable plan a profile gives a unit (package::plan_deliverables): the order and labels
// of the profile, one entry per evaluated project, and why a deliverable is left out.
#include <gtest/gtest.h>

#include <string>

#include "data/validate.h"
#include "package/deliverables.h"
#include "profile/profile.h"

namespace {

using selfeval::package::plan_deliverables;
using selfeval::package::planned_deliverable;
namespace data = selfeval::data;
namespace profile = selfeval::profile;

profile::profile hunan() {
  selfeval::base::diagnostics d;
  profile::profile p = profile::load_profile("config/profiles/hunan", d);
  EXPECT_TRUE(d.empty());
  return p;
}

std::string line(const planned_deliverable& d) {
  return d.label + " " + d.title + (d.produced ? "" : "：" + d.reason);
}

TEST(Plan, HunanListsOneTable3PerEvaluatedProject) {
  const auto checked = data::check_file("examples/yiyang-2023.toml");
  const auto plan = plan_deliverables(hunan(), checked.data, checked.computed);
  ASSERT_EQ(plan.size(), 6u);
  EXPECT_EQ(line(plan[0]), "附件1 部门整体支出绩效评价基础数据表");
  // In the order of the data file.
  EXPECT_EQ(line(plan[2]), "附件3 项目支出绩效自评表（劳动模范和先进工作者表彰大会专项经费）");
  EXPECT_EQ(line(plan[3]), "附件3 项目支出绩效自评表（专项业务经费）");
  EXPECT_EQ(line(plan[5]), "附件5 项目支出绩效自评报告");
}

TEST(Plan, WhatIsLeftOutSaysWhy) {
  const auto checked = data::check_file("examples/shili-county-2023.toml");
  profile::profile p = hunan();
  // A deliverable made only when the data file has a table it does not have.
  profile::deliverable extra = p.deliverables[1];
  extra.id = "extra";
  extra.label = "附件6";
  extra.when = profile::produced_when::has_data;
  extra.data = "project_report";
  p.deliverables.push_back(extra);
  const auto plan = plan_deliverables(p, checked.data, checked.computed);
  ASSERT_EQ(plan.size(), 6u);
  EXPECT_EQ(line(plan[2]),
            "附件3 项目支出绩效自评表：本单位无项目支出（数据文件中没有 [[projects]]）");
  EXPECT_EQ(line(plan[4]),
            "附件5 项目支出绩效自评报告：本单位无项目支出（数据文件中没有 [[projects]]）");
  EXPECT_EQ(line(plan[5]), "附件6 部门整体支出绩效自评表：数据文件中没有 [project_report]");
  // With that table the deliverable is made.
  data::model with_report = checked.data;
  with_report.project_report.given = true;
  EXPECT_TRUE(plan_deliverables(p, with_report, checked.computed)[5].produced);
}

TEST(Plan, TitlesArePatterns) {
  const auto checked = data::check_file("examples/yuanjiang-2023.toml");
  profile::profile p = hunan();
  p.deliverables[0].title = "{unit}{year}年度基础数据表";
  EXPECT_EQ(line(plan_deliverables(p, checked.data, checked.computed)[0]),
            "附件1 沅江市总工会2023年度基础数据表");
}

}  // namespace
