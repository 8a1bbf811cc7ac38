// One PDF from several already drawn ones (the review file): their pages copied in order with
// qpdf, their compressed streams (font subsets, page contents, images) copied as they are, a new
// outline and Info dictionary on top. qpdf is not linked into the program: the module
// selfeval-pdf-merge.so (merge_module.cpp) does the merge and is opened on the first call.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "layout/page.h"

namespace selfeval::pdf {

// The merged file's Info dictionary, written as render_pdf writes a document's.
struct merge_metadata {
  std::string title;
  std::string author;
  std::string subject;
  int year = 0, month = 0, day = 0;  // creation and modification date; 0: none
};

// The pages of every part (whole PDF files, as render_pdf returns them), in order, with
// `outline` as bookmarks: each entry's `page` counts the merged pages from 0, levels and places
// as in layout::document (top level opened, the levels below folded, as render_pdf does).
// Same parts, same bytes: a deterministic /ID, no clock. Throws base::environment_error when the
// module cannot be loaded (which file, the dynamic linker's reason, what to do), a part cannot be
// read (qpdf's message, in the catalogue's words) or a bookmark points past the last page.
std::string merge_documents(const std::vector<std::string_view>& parts,
                            const std::vector<layout::outline_entry>& outline,
                            const merge_metadata& info);

// A merge whose parts are added as they are drawn, in any order and from any thread: each is
// read and its pages copied then (on the first add, the module is loaded), so that only writing
// the merged file is left for finish(). Never throws before finish(), which reports what
// merge_documents reports, for the parts in the order it is given them.
class merger {
 public:
  merger();
  ~merger();
  merger(const merger&) = delete;
  merger& operator=(const merger&) = delete;

  // Loads the module and begins the merge now, as the first add would (a worker can do it while
  // the others draw: loading qpdf takes a while). Thread-safe.
  void prepare() noexcept;
  // Reads part `key` (copied); qpdf's messages name it `name`. Thread-safe; the first add of a
  // key counts.
  void add(std::size_t key, std::string_view pdf, const std::string& name) noexcept;
  // The merged file of the parts in this order (keys as given to add(); a part not added is
  // read now, from `pdf`), with `outline` and `info` as merge_documents. Once.
  struct part {
    std::size_t key;
    std::string_view pdf;
  };
  std::string finish(const std::vector<part>& parts,
                     const std::vector<layout::outline_entry>& outline, const merge_metadata& info);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace selfeval::pdf
