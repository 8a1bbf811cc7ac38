#include "base/diagnostics.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace selfeval::base;

TEST(Diagnostics, FormatsCompilerStyleWithHint) {
  const diagnostic d{severity::error,
                     "unknown-key",
                     {"a.toml", 3, 7},
                     "unknown key \"nmae\"",
                     "did you mean \"name\"?"};
  EXPECT_EQ(format_diagnostic(d),
            "a.toml:3:7: 错误[unknown-key]：unknown key \"nmae\"\n  提示：did you mean \"name\"?");
}

TEST(Diagnostics, PrintsSortedByLocationThenCounts) {
  diagnostics list;
  list.add({severity::warning, "w", {"a.toml", 9, 1}, "later"});
  list.add({severity::error, "e2", {"a.toml", 2, 5}, "second"});
  list.add({severity::error, "e1", {"a.toml", 2, 1}, "first"});
  std::ostringstream out;
  print_diagnostics(out, list);
  EXPECT_EQ(out.str(),
            "a.toml:2:1: 错误[e1]：first\n"
            "a.toml:2:5: 错误[e2]：second\n"
            "a.toml:9:1: 警告[w]：later\n"
            "发现 2 个错误、1 个警告\n");
  EXPECT_TRUE(list.has_errors());
}

TEST(Diagnostics, WarningsAloneAreNotErrors) {
  diagnostics list;
  list.add({severity::warning, "w", {"a.toml", 1, 1}, "just a warning"});
  EXPECT_FALSE(list.has_errors());
  EXPECT_EQ(list.warning_count(), 1u);
}

TEST(SourceLoc, OmitsUnknownParts) {
  EXPECT_EQ(to_string(source_loc{"f", 0, 0}), "f");
  EXPECT_EQ(to_string(source_loc{"f", 4, 0}), "f:4");
  EXPECT_EQ(to_string(source_loc{"f", 4, 2}), "f:4:2");
}
