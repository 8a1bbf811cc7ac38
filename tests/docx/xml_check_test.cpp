// check_xml_once: the same answers as check_xml, at every call; a text is remembered only when it
// passed, and only by its exact bytes.
#include "docx/xml_check.h"

#include <gtest/gtest.h>

#include <string>

namespace selfeval::docx {
namespace {

TEST(CheckXmlOnce, AnswersAsCheckXmlAtEveryCall) {
  const std::string good = "<w:document xmlns:w=\"x\"><w:body><w:p/></w:body></w:document>";
  const std::string bad = "<w:document xmlns:w=\"x\"><w:body></w:document>";
  const std::string deep = "<a><b><c/></b></a>";
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    EXPECT_FALSE(check_xml_once(good, 16));
    ASSERT_TRUE(check_xml_once(bad, 16));
    EXPECT_EQ(check_xml_once(bad, 16)->offset, check_xml(bad, 16)->offset);
    // Remembered with its depth: the text that passed at depth 3 still fails at depth 2.
    EXPECT_FALSE(check_xml_once(deep, 3));
    EXPECT_TRUE(check_xml_once(deep, 2));
  }
  // A text differing from a remembered one in one byte is checked again.
  std::string changed = good;
  changed.replace(changed.find("<w:p/>"), 6, "<w:p>&#1;</w:p>");
  EXPECT_TRUE(check_xml_once(changed, 16));
}

}  // namespace
}  // namespace selfeval::docx
