#include "pdf/merge.h"

#include <qpdf/Pl_String.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>

#include "base/error.h"
#include "base/messages.h"

namespace selfeval::pdf {

namespace {

using handle = QPDFObjectHandle;

// A read part whose warnings (qpdf repairing something) mean render_pdf wrote a damaged file.
void fail_on_warnings(QPDF& pdf, const std::string& part) {
  if (!pdf.anyWarnings()) return;
  const std::vector<QPDFExc> warnings = pdf.getWarnings();
  throw base::environment_error(
      base::tr("pdf.merge.damaged-part", {{"part", part}, {"what", warnings.front().what()}}));
}

// As render_pdf dates a document: noon China Standard Time, the same day in every time zone.
std::string pdf_date(const merge_metadata& info) {
  char text[32];
  std::snprintf(text, sizeof text, "D:%04d%02d%02d120000+08'00'", info.year, info.month, info.day);
  return text;
}

handle info_dictionary(const merge_metadata& info, const std::string& producer) {
  handle dict = handle::newDictionary();
  const auto text = [&](const char* key, const std::string& value) {
    if (!value.empty()) dict.replaceKey(key, handle::newUnicodeString(value));
  };
  text("/Title", info.title);
  text("/Author", info.author);
  text("/Subject", info.subject);
  text("/Creator", "selfeval");
  text("/Producer", producer);
  if (info.year > 0) {
    dict.replaceKey("/CreationDate", handle::newString(pdf_date(info)));
    dict.replaceKey("/ModDate", handle::newString(pdf_date(info)));
  }
  return dict;
}

// The bookmarks as the outline tree of PDF 32000-1 12.3.3: each entry under the closest earlier
// entry one level up (a level that skips one is taken as the next level down); deliverables
// open, their sections folded, as render_pdf's outline.
void add_outline(QPDF& pdf, const std::vector<layout::outline_entry>& outline,
                 const std::vector<QPDFPageObjectHelper>& pages) {
  if (outline.empty()) return;
  struct node {
    handle dict;
    bool open = false;
    std::vector<std::size_t> children;
  };
  std::vector<node> nodes(outline.size() + 1);  // nodes[0]: the /Outlines dictionary
  nodes[0].dict = pdf.makeIndirectObject(handle::newDictionary());
  nodes[0].dict.replaceKey("/Type", handle::newName("/Outlines"));
  nodes[0].open = true;
  std::vector<std::size_t> parents = {0};  // parents[k + 1]: the last entry at level k
  for (std::size_t i = 0; i < outline.size(); ++i) {
    const layout::outline_entry& e = outline[i];
    if (e.page >= pages.size())
      throw base::environment_error(
          base::tr("pdf.merge.bookmark-past-end", {{"title", e.title}, {"pages", pages.size()}}));
    const std::size_t level =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(e.level, 0)), parents.size() - 1);
    parents.resize(level + 1);
    node& n = nodes[i + 1];
    n.open = level == 0;
    n.dict = pdf.makeIndirectObject(handle::newDictionary());
    n.dict.replaceKey("/Title", handle::newUnicodeString(e.title));
    // The page as wide as the window, scrolled to the place, as render_pdf's bookmarks.
    n.dict.replaceKey("/Dest",
                      handle::newArray({pages[e.page].getObjectHandle(), handle::newName("/FitH"),
                                        handle::newReal(e.top, 3)}));
    n.dict.replaceKey("/Parent", nodes[parents.back()].dict);
    nodes[parents.back()].children.push_back(i + 1);
    parents.push_back(i + 1);
  }
  // Entries are visible when every entry above them is open; an entry counts the descendants it
  // shows (negative when folded: those it would show), the root every visible entry.
  std::vector<long long> shown(nodes.size(), 0);
  for (std::size_t i = nodes.size(); i-- > 0;) {  // children come after their parent
    node& n = nodes[i];
    for (std::size_t k = 0; k < n.children.size(); ++k) {
      const std::size_t c = n.children[k];
      shown[i] += 1 + (nodes[c].open ? shown[c] : 0);
      if (k > 0) nodes[c].dict.replaceKey("/Prev", nodes[n.children[k - 1]].dict);
      if (k + 1 < n.children.size())
        nodes[c].dict.replaceKey("/Next", nodes[n.children[k + 1]].dict);
    }
    if (n.children.empty()) continue;
    n.dict.replaceKey("/First", nodes[n.children.front()].dict);
    n.dict.replaceKey("/Last", nodes[n.children.back()].dict);
    n.dict.replaceKey("/Count", handle::newInteger(n.open ? shown[i] : -shown[i]));
  }
  pdf.getRoot().replaceKey("/Outlines", nodes[0].dict);
  pdf.getRoot().replaceKey("/PageMode", handle::newName("/UseOutlines"));
}

std::string merge(const std::vector<std::string_view>& parts,
                  const std::vector<layout::outline_entry>& outline, const merge_metadata& info) {
  QPDF merged;
  merged.setSuppressWarnings(true);
  merged.emptyPDF();
  QPDFPageDocumentHelper merged_pages(merged);
  // The parts stay open until the merged file is written: their streams are copied then.
  std::vector<std::unique_ptr<QPDF>> read;
  std::string version = merged.getPDFVersion();
  std::string producer;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string name = base::tr("pdf.merge.part", {{"n", i + 1}});
    auto& part = read.emplace_back(std::make_unique<QPDF>());
    part->setSuppressWarnings(true);
    part->processMemoryFile(name.c_str(), parts[i].data(), parts[i].size());
    version = std::max(version, part->getPDFVersion());
    if (producer.empty()) {
      handle part_info = part->getTrailer().getKey("/Info");
      if (part_info.isDictionary() && part_info.getKey("/Producer").isString())
        producer = part_info.getKey("/Producer").getUTF8Value();
    }
    for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(*part).getAllPages())
      merged_pages.addPage(page, false);
    fail_on_warnings(*part, name);
  }
  // The pages are libharu's; qpdf only put them together.
  producer += (producer.empty() ? "qpdf " : "; qpdf ") + QPDF::QPDFVersion();
  merged.getTrailer().replaceKey("/Info",
                                 merged.makeIndirectObject(info_dictionary(info, producer)));
  add_outline(merged, outline, merged_pages.getAllPages());

  std::string out;
  Pl_String sink("merged PDF", nullptr, out);
  QPDFWriter writer(merged);
  writer.setOutputPipeline(&sink);
  writer.setDeterministicID(true);  // a digest of the content, not the clock and file name
  // Every stream is copied as it is (all of libharu's are deflated already). qpdf's defaults
  // would inflate and deflate each one again: they keep a /FlateDecode stream only when /Filter
  // is a name, and libharu writes the array [/FlateDecode].
  writer.setCompressStreams(false);
  writer.setDecodeLevel(qpdf_dl_none);
  writer.setObjectStreamMode(qpdf_o_disable);
  writer.setMinimumPDFVersion(version);
  writer.write();
  for (std::size_t i = 0; i < read.size(); ++i)
    fail_on_warnings(*read[i], base::tr("pdf.merge.part", {{"n", i + 1}}));
  fail_on_warnings(merged, base::tr("pdf.merge.result"));
  return out;
}

}  // namespace

std::string merge_documents(const std::vector<std::string_view>& parts,
                            const std::vector<layout::outline_entry>& outline,
                            const merge_metadata& info) {
  try {
    return merge(parts, outline, info);
  } catch (const base::environment_error&) {
    throw;
  } catch (const std::exception& e) {
    // qpdf throws QPDFExc (a damaged part), std::logic_error and std::runtime_error; none of
    // them leaves this layer in qpdf's words alone.
    throw base::environment_error(base::tr("pdf.merge.failed", {{"what", e.what()}}));
  }
}

}  // namespace selfeval::pdf
