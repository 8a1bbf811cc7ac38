// The narrow interface between the pdf layer (merge.cpp) and the module that merges PDFs with
// qpdf (merge_module.cpp, built as selfeval-pdf-merge.so and opened with dlopen on the first
// merge): Debian's libqpdf brings 11 shared libraries (GnuTLS and its dependencies) whose loading
// every start of the program would pay, while only a build that writes a review file needs them.
//
// Plain structs of pointers, sizes and numbers in both directions, C linkage, no exception and
// no standard library type crossing: the module reports failures in the result, in qpdf's words,
// and merge.cpp puts them in the catalogue's. Both sides are compiled from this header; a change
// of these structs takes a new entry point name, so an old module is refused at dlsym, never
// called with a layout it does not know.
#pragma once

#include <cstddef>

namespace selfeval::pdf::merge_module {

// Bytes that are not necessarily NUL-terminated (a part's PDF, a UTF-8 text).
struct bytes {
  const char* data;
  std::size_t size;
};

// One bookmark, as layout::outline_entry.
struct bookmark {
  bytes title;
  int level;
  std::size_t page;  // counts the merged pages from 0
  double top;
};

// What finishing a merge needs: the parts in order (each read when it was added, or now when
// it was not), the bookmarks and the Info dictionary.
struct request {
  const std::size_t* part_keys;  // as given to add(); one per part
  const bytes* parts;            // the PDFs to merge, in order
  const bytes* part_names;       // as qpdf's messages name each part (one per part)
  std::size_t part_count;
  const bookmark* outline;
  std::size_t outline_count;
  bytes title, author, subject;  // Info dictionary; empty: none
  int year, month, day;          // creation and modification date; 0: none
};

enum status : int {
  merged = 0,             // `output` holds the merged PDF
  damaged_part = 1,       // part `index` (part_count: the merged file) needed repair: `message`
  bookmark_past_end = 2,  // bookmark `index` points past the merged file's `pages` pages
  failed = 3,             // qpdf failed: `message`
};

// Filled by the module; handed back to release() afterwards, whatever the status.
struct result {
  int status;
  std::size_t index;
  std::size_t pages;
  bytes output;
  const char* message;  // NUL-terminated
  void* owner;          // the module's storage behind `output` and `message`
};

// A merge is a session: begin(); add() each part as soon as it is drawn, in any order (it is
// read and its pages copied then, so that little is left for the end); finish() writes the
// merged file from the parts in the request's order; release() the result; end() the session.
// One thread at a time per session. add() keeps its failures for finish() to report, in the
// parts' order; it copies the part's bytes.
struct session;

extern "C" {
using begin_function = session* (*)();  // null: no memory
using add_function = void (*)(session* s, std::size_t key, bytes part, bytes name);
using finish_function = void (*)(session* s, const request* in, result* out);
using release_function = void (*)(result* out);
using end_function = void (*)(session* s);
}

// The exported names, looked up with dlsym.
inline constexpr const char* begin_symbol = "selfeval_pdf_merge_begin_v2";
inline constexpr const char* add_symbol = "selfeval_pdf_merge_add_v2";
inline constexpr const char* finish_symbol = "selfeval_pdf_merge_finish_v2";
inline constexpr const char* release_symbol = "selfeval_pdf_merge_release_v2";
inline constexpr const char* end_symbol = "selfeval_pdf_merge_end_v2";

}  // namespace selfeval::pdf::merge_module
