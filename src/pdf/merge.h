// One PDF from several already drawn ones (the review file): their pages copied in order with
// qpdf, their compressed streams (font subsets, page contents, images) copied as they are, a new
// outline and Info dictionary on top. qpdf is not linked into the program: the module
// selfeval-pdf-merge.so (merge_module.cpp) does the merge and is opened on the first call.
#pragma once

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

}  // namespace selfeval::pdf
