#include "base/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace selfeval::base {
namespace {

TEST(ForEachIndex, RunsEveryIndexOnceWhateverTheThreads) {
  for (const unsigned threads : {0u, 1u, 2u, 8u}) {
    std::vector<std::atomic<int>> runs(100);
    for_each_index(runs.size(), threads, [&](std::size_t i) { ++runs[i]; });
    for (const auto& r : runs) EXPECT_EQ(r.load(), 1) << threads;
  }
  for_each_index(0, 4, [](std::size_t) { FAIL() << "no index to run"; });
}

TEST(ForEachIndex, RunsTheRestAfterAFailureAndRethrowsTheLowestIndexs) {
  std::atomic<int> ran{0};
  try {
    for_each_index(20, 3, [&](std::size_t i) {
      ++ran;
      if (i == 7 || i == 3) throw std::runtime_error("failed at " + std::to_string(i));
    });
    FAIL() << "nothing thrown";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "failed at 3");
  }
  EXPECT_EQ(ran.load(), 20);
}

}  // namespace
}  // namespace selfeval::base
