// The module selfeval-pdf-merge.so: the review file put together from the deliverables' PDFs
// with qpdf, behind merge_module.h's C interface (merge.cpp opens it on the first merge). The only
// file that includes qpdf's headers; it uses nothing of the program's layers, so the module links
// qpdf alone.
#include "pdf/merge_module.h"

#include <qpdf/Pl_String.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace selfeval::pdf::merge_module {

namespace {

using handle = QPDFObjectHandle;

std::string text_of(const bytes& b) {
  return std::string(b.data, b.size);
}

// The failures the result reports with their own status (anything else qpdf throws: `failed`).
struct damaged_part_error {
  std::size_t part;  // request::part_count: the merged file
  std::string what;
};
struct bookmark_past_end_error {
  std::size_t bookmark;
  std::size_t pages;
};

// A read part whose warnings (qpdf repairing something) mean render_pdf wrote a damaged file.
void fail_on_warnings(QPDF& pdf, std::size_t part) {
  if (!pdf.anyWarnings()) return;
  const std::vector<QPDFExc> warnings = pdf.getWarnings();
  throw damaged_part_error{part, warnings.front().what()};
}

// As render_pdf dates a document: noon China Standard Time, the same day in every time zone.
std::string pdf_date(const request& in) {
  char text[32];
  std::snprintf(text, sizeof text, "D:%04d%02d%02d120000+08'00'", in.year, in.month, in.day);
  return text;
}

handle info_dictionary(const request& in, const std::string& producer) {
  handle dict = handle::newDictionary();
  const auto text = [&](const char* key, const std::string& value) {
    if (!value.empty()) dict.replaceKey(key, handle::newUnicodeString(value));
  };
  text("/Title", text_of(in.title));
  text("/Author", text_of(in.author));
  text("/Subject", text_of(in.subject));
  text("/Creator", "selfeval");
  text("/Producer", producer);
  if (in.year > 0) {
    dict.replaceKey("/CreationDate", handle::newString(pdf_date(in)));
    dict.replaceKey("/ModDate", handle::newString(pdf_date(in)));
  }
  return dict;
}

// The bookmarks as the outline tree of PDF 32000-1 12.3.3: each entry under the closest earlier
// entry one level up (a level that skips one is taken as the next level down); deliverables
// open, their sections folded, as render_pdf's outline.
void add_outline(QPDF& pdf, const request& in, const std::vector<QPDFPageObjectHelper>& pages) {
  if (in.outline_count == 0) return;
  struct node {
    handle dict;
    bool open = false;
    std::vector<std::size_t> children;
  };
  std::vector<node> nodes(in.outline_count + 1);  // nodes[0]: the /Outlines dictionary
  nodes[0].dict = pdf.makeIndirectObject(handle::newDictionary());
  nodes[0].dict.replaceKey("/Type", handle::newName("/Outlines"));
  nodes[0].open = true;
  std::vector<std::size_t> parents = {0};  // parents[k + 1]: the last entry at level k
  for (std::size_t i = 0; i < in.outline_count; ++i) {
    const bookmark& e = in.outline[i];
    if (e.page >= pages.size()) throw bookmark_past_end_error{i, pages.size()};
    const std::size_t level =
        std::min<std::size_t>(static_cast<std::size_t>(std::max(e.level, 0)), parents.size() - 1);
    parents.resize(level + 1);
    node& n = nodes[i + 1];
    n.open = level == 0;
    n.dict = pdf.makeIndirectObject(handle::newDictionary());
    n.dict.replaceKey("/Title", handle::newUnicodeString(text_of(e.title)));
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

// A part as add() left it: read, its pages copied into the merged file (not yet in its page
// tree), or why it could not be.
struct read_part {
  std::string bytes;  // qpdf reads the part from here, also while writing the merged file
  // Open until the merged file is written: its streams are copied then.
  std::unique_ptr<QPDF> pdf;
  std::vector<handle> pages;  // the merged file's copies
  int failure = failed;       // merged once read; damaged_part or failed: `message`
  std::string message;
};

}  // namespace

struct session {
  QPDF merged;
  std::map<std::size_t, read_part> parts;  // by key
  // Parts read again by finish(): kept, as `merged` may hold copies of their objects.
  std::vector<read_part> retired;
  session() {
    merged.setSuppressWarnings(true);
    merged.emptyPDF();
  }
};

namespace {

void add_part(session& s, std::size_t key, const bytes& part, const bytes& name) {
  const auto [at, added] = s.parts.try_emplace(key);
  if (!added) {
    s.retired.push_back(std::move(at->second));
    at->second = read_part{};
  }
  read_part& r = at->second;
  try {
    r.bytes = text_of(part);
    r.pdf = std::make_unique<QPDF>();
    r.pdf->setSuppressWarnings(true);
    r.pdf->processMemoryFile(text_of(name).c_str(), r.bytes.data(), r.bytes.size());
    // What a page inherits from its page tree (resources, boxes, rotation) put on the page
    // first, as QPDF::addPage does for a page of another file: the copy leaves the tree behind.
    r.pdf->pushInheritedAttributesToPage();
    for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(*r.pdf).getAllPages())
      r.pages.push_back(s.merged.copyForeignObject(page.getObjectHandle()));
    if (r.pdf->anyWarnings()) {
      r.failure = damaged_part;
      r.message = r.pdf->getWarnings().front().what();
    } else {
      r.failure = merged;
    }
  } catch (const std::exception& e) {
    r.failure = failed;
    r.message = e.what();
  }
}

std::string finish(session& s, const request& in) {
  std::vector<read_part*> parts;
  for (std::size_t i = 0; i < in.part_count; ++i) {
    // Not added yet, or added and refused: read (again) under the name of its place, which
    // qpdf's message uses.
    const auto added = s.parts.find(in.part_keys[i]);
    if (added == s.parts.end() || added->second.failure != merged)
      add_part(s, in.part_keys[i], in.parts[i], in.part_names[i]);
    read_part& r = s.parts.at(in.part_keys[i]);
    if (r.failure == damaged_part) throw damaged_part_error{i, r.message};
    if (r.failure != merged) throw std::runtime_error(r.message);  // as qpdf threw it
    parts.push_back(&r);
  }
  QPDF& merged = s.merged;
  QPDFPageDocumentHelper merged_pages(merged);
  std::string version = merged.getPDFVersion();
  std::string producer;
  for (read_part* r : parts) {
    version = std::max(version, r->pdf->getPDFVersion());
    if (producer.empty()) {
      handle part_info = r->pdf->getTrailer().getKey("/Info");
      if (part_info.isDictionary() && part_info.getKey("/Producer").isString())
        producer = part_info.getKey("/Producer").getUTF8Value();
    }
    for (const handle& page : r->pages) merged_pages.addPage(QPDFPageObjectHelper(page), false);
  }
  // The pages are libharu's; qpdf only put them together. No version: the bytes should not
  // change with a qpdf update that changes nothing else.
  producer += producer.empty() ? "qpdf" : "; qpdf";
  merged.getTrailer().replaceKey("/Info", merged.makeIndirectObject(info_dictionary(in, producer)));
  add_outline(merged, in, merged_pages.getAllPages());

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
  for (std::size_t i = 0; i < parts.size(); ++i) fail_on_warnings(*parts[i]->pdf, i);
  fail_on_warnings(merged, in.part_count);
  return out;
}

// What the result's pointers point into until release().
struct storage {
  std::string output;
  std::string message;
};

}  // namespace

}  // namespace selfeval::pdf::merge_module

namespace merge_module = selfeval::pdf::merge_module;

// The entry points (merge_module's *_symbol names), the module's only exported names. Nothing is
// thrown out of the module: every failure is a status and a message.
#define SELFEVAL_MERGE_EXPORT extern "C" __attribute__((visibility("default")))

SELFEVAL_MERGE_EXPORT merge_module::session* selfeval_pdf_merge_begin_v2() noexcept {
  try {
    return new merge_module::session();
  } catch (...) {
    return nullptr;
  }
}

SELFEVAL_MERGE_EXPORT void selfeval_pdf_merge_add_v2(merge_module::session* s, std::size_t key,
                                                     merge_module::bytes part,
                                                     merge_module::bytes name) noexcept {
  try {
    if (s->parts.count(key) == 0) merge_module::add_part(*s, key, part, name);  // first add counts
  } catch (...) {  // no memory to keep the failure: finish() reads the part again
  }
}

SELFEVAL_MERGE_EXPORT void selfeval_pdf_merge_finish_v2(merge_module::session* s,
                                                        const merge_module::request* in,
                                                        merge_module::result* out) noexcept {
  *out = {};
  try {
    auto held = std::make_unique<merge_module::storage>();
    try {
      held->output = merge_module::finish(*s, *in);
      out->status = merge_module::merged;
    } catch (const merge_module::damaged_part_error& e) {
      out->status = merge_module::damaged_part;
      out->index = e.part;
      held->message = e.what;
    } catch (const merge_module::bookmark_past_end_error& e) {
      out->status = merge_module::bookmark_past_end;
      out->index = e.bookmark;
      out->pages = e.pages;
    } catch (const std::exception& e) {
      // qpdf throws QPDFExc (a damaged part), std::logic_error and std::runtime_error.
      out->status = merge_module::failed;
      held->message = e.what();
    } catch (...) {
      out->status = merge_module::failed;
      held->message = "unknown exception";
    }
    out->output = {held->output.data(), held->output.size()};
    out->message = held->message.c_str();
    out->owner = held.release();
  } catch (...) {  // no memory left for the result's storage
    *out = {};
    out->status = merge_module::failed;
    out->message = "out of memory";
  }
}

SELFEVAL_MERGE_EXPORT void selfeval_pdf_merge_release_v2(merge_module::result* out) noexcept {
  delete static_cast<merge_module::storage*>(out->owner);
  *out = {};
}

SELFEVAL_MERGE_EXPORT void selfeval_pdf_merge_end_v2(merge_module::session* s) noexcept {
  delete s;
}
