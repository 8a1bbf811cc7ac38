// Golden-file comparison: a mismatch writes the actual text next to the expected file
// (NAME.actual.txt); UPDATE_GOLDEN=1 rewrites the expected file instead.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace selfeval::layout::testing {

inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string dir = std::string(SELFEVAL_SOURCE_DIR) + "/tests/golden/layout/";
  const std::string path = dir + name + ".txt";
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream expected;
  expected << in.rdbuf();
  if (!in || expected.str() != actual) {
    std::ofstream(dir + name + ".actual.txt", std::ios::binary) << actual;
    ADD_FAILURE() << "layout dump differs from tests/golden/layout/" << name
                  << ".txt; the actual dump is in " << name
                  << ".actual.txt (UPDATE_GOLDEN=1 accepts it)";
  }
}

}  // namespace selfeval::layout::testing
