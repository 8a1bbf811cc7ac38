// The zip package: parts the engine does not change keep their stored bytes, and output is
// byte-identical from run to run (fixed entry dates, template order).
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace selfeval::docx {
namespace {

using engine_test::make_docx;
using engine_test::p;
using engine_test::r;

std::string styles() {
  std::string s = R"(<?xml version="1.0"?><w:styles xmlns:w="x">)";
  for (int i = 0; i < 200; ++i) s += "<w:style w:styleId=\"s" + std::to_string(i) + "\"/>";
  return s + "</w:styles>";
}

std::string filled_package(std::string_view docx) {
  base::diagnostics diags;
  std::string out = fill(docx, "t.docx", {{"unit", "沅江市总工会"}}, diags);
  EXPECT_TRUE(diags.empty());
  return out;
}

TEST(EnginePackage, UntouchedPartsKeepTheirStoredBytes) {
  // A header without placeholders is not re-serialized either.
  const std::string header = "<w:hdr xmlns:w='x'>  <w:p/>\n</w:hdr>";
  std::string docx =
      make_docx(p(r("{{unit}}")), {{"word/styles.xml", styles()}, {"word/header1.xml", header}});
  std::string out = filled_package(docx);
  zip_reader in(docx);
  zip_reader res(out);
  ASSERT_EQ(res.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(res.name(i), in.name(i));  // same order
    if (in.name(i) == "word/document.xml") {
      EXPECT_NE(res.read(i), in.read(i));
      continue;
    }
    EXPECT_EQ(res.read_stored(i), in.read_stored(i)) << in.name(i);
    EXPECT_EQ(res.read(i), in.read(i)) << in.name(i);
  }
}

TEST(EnginePackage, TwoFillsAreByteIdentical) {
  std::string docx = make_docx(p(r("{{unit}}")), {{"word/styles.xml", styles()}});
  std::string a = filled_package(docx);
  std::string b = filled_package(docx);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST(EnginePackage, EntriesAreDatedAtTheZipEpoch) {
  std::string out = filled_package(make_docx(p(r("{{unit}}"))));
  ASSERT_GT(out.size(), 14u);
  // First local file header: signature, version, flags, method, then DOS time and date.
  EXPECT_EQ(out.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(out.substr(10, 4), std::string("\x00\x00\x21\x00", 4));  // 00:00, 1980-01-01
}

TEST(EnginePackage, WriterRoundTripsEntriesInOrder) {
  zip_writer w;
  w.add("b.xml", "second");
  w.add("a.xml", std::string(1000, 'x'));
  std::string bytes = w.finish();
  zip_reader r(bytes);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.name(0), "b.xml");
  EXPECT_EQ(r.read(0), "second");
  EXPECT_EQ(r.read(1), std::string(1000, 'x'));
  EXPECT_LT(r.read_stored(1).size(), 100u);  // deflated
  EXPECT_EQ(r.find("a.xml"), std::optional<std::size_t>(1));
  EXPECT_EQ(r.find("c.xml"), std::nullopt);
}

}  // namespace
}  // namespace selfeval::docx
