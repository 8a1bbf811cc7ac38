// pdf::merge_documents (the review file): the parts' pages in order with their text, streams
// copied byte for byte (not inflated and deflated again), the outline and Info given as data,
// the same bytes every time, qpdf's failures as base::environment_error.
#include "pdf/merge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/error.h"
#include "fixture.h"
#include "pdf/render.h"

namespace fs = std::filesystem;
namespace layout = selfeval::layout;
namespace pdf = selfeval::pdf;
using pdf::test::run;
using pdf::test::scratch_dir;
using pdf::test::seal_png;
using pdf::test::shipped_fonts;

namespace {

// A document of `pages` pages, each with one line of text naming the part and the page.
layout::document part(const std::string& name, int pages, layout::font_role role,
                      bool seal = false) {
  layout::document d;
  d.title = name;
  d.author = "沅江市总工会";
  d.subject = name;
  d.year = 2024;
  d.month = 5;
  d.day = 8;
  for (int i = 1; i <= pages; ++i) {
    layout::page p;
    layout::text_item t;
    t.x = 72;
    t.y = 700;
    t.role = role;
    t.size = 16;
    t.text = name + "第" + std::to_string(i) + "页：预算执行情况";
    p.items.emplace_back(t);
    if (seal && i == 1) p.items.emplace_back(layout::image_item{400, 560, 60, 60, "seal"});
    d.pages.push_back(std::move(p));
  }
  return d;
}

std::string draw(const layout::document& d) {
  return pdf::render_pdf(d, shipped_fonts(), {{"seal", seal_png}});
}

// The raw (still compressed) data of every stream in a PDF that has no object streams.
std::vector<std::string> raw_streams(const std::string& bytes) {
  std::vector<std::string> out;
  for (std::size_t at = 0; (at = bytes.find("stream", at)) != std::string::npos; at += 6) {
    if (at >= 3 && bytes.compare(at - 3, 3, "end") == 0) continue;
    std::size_t from = at + 6;
    if (bytes.compare(from, 2, "\r\n") == 0)
      from += 2;
    else if (bytes.compare(from, 1, "\n") == 0)
      from += 1;
    else
      continue;
    std::size_t to = bytes.find("endstream", from);
    if (to == std::string::npos) break;
    at = to;
    while (to > from && (bytes[to - 1] == '\n' || bytes[to - 1] == '\r')) --to;
    out.push_back(bytes.substr(from, to - from));
  }
  return out;
}

// A one-page PDF whose content stream is deflated as libharu writes it (/Filter as the array
// [/FlateDecode]) but stored, not compressed: deflating it again, at any level, would change it.
std::string stored_flate_pdf(std::string* stream_data, bool box_in_page_tree = false) {
  std::string content;
  for (int i = 0; i < 40; ++i) content += "72 " + std::to_string(100 + 10 * i) + " m 520 700 l S\n";
  std::string z = "\x78\x01\x01";  // zlib header, one final stored block
  const auto u16 = [&](unsigned v) {
    z += static_cast<char>(v & 0xff);
    z += static_cast<char>(v >> 8);
  };
  u16(static_cast<unsigned>(content.size()));
  u16(~static_cast<unsigned>(content.size()) & 0xffff);
  z += content;
  unsigned a = 1, b = 0;  // Adler-32, big-endian after the data
  for (const unsigned char c : content) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  for (const unsigned v : {b >> 8, b & 0xff, a >> 8, a & 0xff}) z += static_cast<char>(v);
  *stream_data = z;
  std::string pdf = "%PDF-1.3\n";
  std::vector<std::size_t> at;
  const auto object = [&](const std::string& body) {
    at.push_back(pdf.size());
    pdf += std::to_string(at.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  object("<< /Type /Catalog /Pages 2 0 R >>");
  if (box_in_page_tree) {  // the page inherits its size from its page tree
    object("<< /Type /Pages /Kids [ 3 0 R ] /Count 1 /MediaBox [ 0 0 200 300 ] >>");
    object("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>");
  } else {
    object("<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>");
    object("<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Contents 4 0 R >>");
  }
  object("<< /Length " + std::to_string(z.size()) + " /Filter [ /FlateDecode ] >>\nstream\r\n" + z +
         "\nendstream");
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(at.size() + 1) + "\n0000000000 65535 f\r\n";
  for (const std::size_t offset : at) {
    char entry[24];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(at.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// The outline as qpdf reads it, one line per entry in order: depth, page (from 1), open (an
// entry with entries under it; "-" for a leaf), title.
std::string outline_of(const fs::path& file, const fs::path& scratch) {
  const auto r = run(
      "qpdf --json --json-key=outlines '" + file.string() +
          "' | python3 -c 'import json, sys\n"
          "def walk(items, depth):\n"
          "    for i in items:\n"
          "        print(depth, i[\"destpageposfrom1\"], i[\"open\"] if i[\"kids\"] else \"-\",\n"
          "              i[\"title\"])\n"
          "        walk(i[\"kids\"], depth + 1)\n"
          "walk(json.load(sys.stdin)[\"outlines\"], 0)'",
      scratch);
  EXPECT_EQ(r.err, "");
  return r.out;
}

std::string info_field(const std::string& info, const std::string& key) {
  std::istringstream in(info);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + ":", 0) != 0) continue;
    const auto value = line.find_first_not_of(' ', key.size() + 1);
    return value == std::string::npos ? std::string() : line.substr(value);
  }
  return "(absent)";
}

struct merged_sample {
  std::string first, second, merged;
  std::vector<layout::outline_entry> outline;
};

// 附件1 (2 pages, a seal: PDF 1.4) and 附件4 (3 pages) with sections on its pages 2 and 3.
merged_sample sample() {
  merged_sample s;
  s.first = draw(part("附件1", 2, layout::font_role::song, true));
  s.second = draw(part("附件4", 3, layout::font_role::fangsong));
  s.outline = {{"附件1 部门整体支出绩效评价基础数据表", 0, 0, 841.89},
               {"附件4 整体支出绩效自评报告", 0, 2, 841.89},
               {"一、部门（单位）基本情况", 1, 3, 700},
               {"（一）部门职能", 2, 3, 650},
               {"二、绩效自评工作开展情况", 1, 4, 600}};
  pdf::merge_metadata info;
  info.title = "2023年度沅江市总工会绩效自评材料（全部）";
  info.author = "沅江市总工会";
  info.year = 2024;
  info.month = 5;
  info.day = 8;
  s.merged = pdf::merge_documents({s.first, s.second}, s.outline, info);
  return s;
}

}  // namespace

TEST(merge, pages_text_outline_and_info) {
  const merged_sample s = sample();
  scratch_dir dir("selfeval-merge", "sample");
  const fs::path file = dir.write("all.pdf", s.merged);
  const std::string f = "'" + file.string() + "'";

  const auto check = run("qpdf --check " + f, dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("No syntax or stream encoding errors found"), std::string::npos);
  EXPECT_EQ(check.err, "");

  // The parts' text, in order.
  const auto text_of = [&](const fs::path& pdf_file) {
    const auto r = run("pdftotext -enc UTF-8 '" + pdf_file.string() + "' -", dir.path());
    EXPECT_EQ(r.err, "") << pdf_file;
    return r.out;
  };
  const std::string merged_text = text_of(file);
  EXPECT_EQ(merged_text,
            text_of(dir.write("1.pdf", s.first)) + text_of(dir.write("2.pdf", s.second)));
  EXPECT_NE(merged_text.find("附件4第3页"), std::string::npos);

  const auto info = run("pdfinfo " + f, dir.path());
  EXPECT_EQ(info_field(info.out, "Pages"), "5");
  EXPECT_EQ(info_field(info.out, "Title"), "2023年度沅江市总工会绩效自评材料（全部）");
  EXPECT_EQ(info_field(info.out, "Author"), "沅江市总工会");
  EXPECT_EQ(info_field(info.out, "Subject"), "(absent)");  // the parts' subjects stay theirs
  EXPECT_EQ(info_field(info.out, "Creator"), "selfeval");
  EXPECT_NE(info_field(info.out, "CreationDate").find("May  8"), std::string::npos);
  EXPECT_EQ(info_field(info.out, "PDF version"), "1.4");  // the highest of the parts

  // Deliverables open, sections folded; each entry at its merged page.
  EXPECT_EQ(outline_of(file, dir.path()),
            "0 1 - 附件1 部门整体支出绩效评价基础数据表\n"
            "0 3 True 附件4 整体支出绩效自评报告\n"
            "1 4 False 一、部门（单位）基本情况\n"
            "2 4 - （一）部门职能\n"
            "1 5 - 二、绩效自评工作开展情况\n");
  EXPECT_NE(s.merged.find("/PageMode /UseOutlines"), std::string::npos);
}

TEST(merge, streams_are_copied_not_recompressed) {
  const merged_sample s = sample();
  std::size_t streams = 0;
  for (const std::string* part : {&s.first, &s.second}) {
    for (const std::string& data : raw_streams(*part)) {
      ++streams;
      EXPECT_NE(s.merged.find(data), std::string::npos)
          << "a stream of " << data.size() << " bytes was not copied as it is";
    }
  }
  EXPECT_GT(streams, 10U);  // contents, fonts, ToUnicode maps, the seal
  // zlib at libharu's level gives the same bytes again, so the copies above cannot tell copying
  // from recompressing; a stored (uncompressed) deflate stream can.
  std::string stored;
  const std::string merged = pdf::merge_documents({stored_flate_pdf(&stored), s.first}, {}, {});
  EXPECT_NE(merged.find(stored), std::string::npos) << "the stored stream was deflated again";
  // Nothing but the parts and a little structure: no font drawn again.
  EXPECT_LT(s.merged.size(), s.first.size() + s.second.size());
}

// A page's size, resources or rotation may be its page tree's (PDF 32000-1 7.7.3.4): the copy
// keeps them, as qpdf's own page copy does.
TEST(merge, what_a_page_inherits_from_its_page_tree_is_kept) {
  const merged_sample s = sample();
  std::string stored;
  const std::string merged =
      pdf::merge_documents({stored_flate_pdf(&stored, true), s.first}, {}, {});
  scratch_dir dir("selfeval-merge", "inherited");
  const fs::path file = dir.write("inherited.pdf", merged);
  const auto info = run("pdfinfo -f 1 -l 2 '" + file.string() + "'", dir.path());
  EXPECT_NE(info.out.find("Page    1 size:  200 x 300 pts"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Page    2 size:  595.276 x 841.89 pts"), std::string::npos) << info.out;
  const auto check = run("qpdf --check '" + file.string() + "'", dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
}

TEST(merge, same_parts_same_bytes) {
  const merged_sample a = sample();
  const merged_sample b = sample();
  EXPECT_EQ(a.merged, b.merged);
  EXPECT_NE(a.merged.find("/ID ["), std::string::npos);  // deterministic, from the content
}

TEST(merge, damaged_parts_and_bookmarks_past_the_end_are_environment_errors) {
  const std::string good = draw(part("附件2", 1, layout::font_role::song));
  const std::vector<layout::outline_entry> none;
  EXPECT_THROW(pdf::merge_documents({good, "%PDF-1.3\nnot a PDF at all"}, none, {}),
               selfeval::base::environment_error);
  // Cut short: qpdf would repair it (a warning); a part render_pdf wrote must need no repair.
  EXPECT_THROW(pdf::merge_documents({good.substr(0, good.size() / 2)}, none, {}),
               selfeval::base::environment_error);
  EXPECT_THROW(pdf::merge_documents({good}, {{"附件2", 0, 1, 800}}, {}),
               selfeval::base::environment_error);
  EXPECT_NO_THROW(pdf::merge_documents({good}, {{"附件2", 0, 0, 800}}, {}));
  // In the catalogue's words, naming the part or the bookmark (the module reports only numbers
  // and qpdf's text).
  const auto message = [&](const std::vector<std::string_view>& parts,
                           const std::vector<layout::outline_entry>& outline) {
    try {
      pdf::merge_documents(parts, outline, {});
    } catch (const selfeval::base::environment_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const std::string damaged = message({good, good.substr(0, good.size() / 2)}, none);
  EXPECT_NE(damaged.find("第 2 个待合并的 PDF"), std::string::npos) << damaged;
  const std::string repaired = message({good.substr(0, good.size() / 2)}, none);
  EXPECT_NE(repaired.find("第 1 个待合并的 PDF"), std::string::npos) << repaired;
  const std::string past_end = message({good}, {{"附件2 自评表", 0, 1, 800}});
  EXPECT_EQ(past_end, "书签“附件2 自评表”指向的页超出合并后的 1 页");
}

// The review file's merge as a build makes it: parts added as they are drawn, in any order and
// from several threads at once, keyed by their piece; finish() puts them in its own order.
TEST(merger, parts_added_in_any_order_from_any_thread_give_the_bytes_of_one_merge) {
  const merged_sample s = sample();
  const std::string third = draw(part("附件5", 2, layout::font_role::kai));
  pdf::merge_metadata info;
  info.title = "2023年度沅江市总工会绩效自评材料（全部）";
  info.year = 2024;
  info.month = 5;
  info.day = 8;
  const std::string expected = pdf::merge_documents({s.first, s.second, third}, s.outline, info);
  for (int round = 0; round < 3; ++round) {
    pdf::merger m;
    m.prepare();
    std::thread a([&] { m.add(7, third, "附件5"); });
    std::thread b([&] { m.add(3, s.second, "附件4"); });
    a.join();
    b.join();
    m.add(3, "not read again: the first add of a key counts", "附件4");
    // Key 0 was never added: read by finish().
    EXPECT_EQ(m.finish({{0, s.first}, {3, s.second}, {7, third}}, s.outline, info), expected);
  }
}

TEST(merger, a_damaged_part_is_named_by_its_place_in_the_merge_not_its_key) {
  const std::string good = draw(part("附件2", 1, layout::font_role::song));
  pdf::merger m;
  m.add(5, good.substr(0, good.size() / 2), "附件6");  // needs repair
  m.add(9, good, "附件10");
  try {
    (void)m.finish({{9, good}, {5, good.substr(0, good.size() / 2)}}, {}, {});
    ADD_FAILURE() << "a damaged part was merged";
  } catch (const selfeval::base::environment_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("第 2 个待合并的 PDF"), std::string::npos) << what;
    EXPECT_EQ(what.find("附件6"), std::string::npos) << what;  // its name when added
  }
}
