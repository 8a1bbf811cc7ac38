// Problems found in user input, collected (never thrown) and printed all at once, compiler style.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "base/messages.h"
#include "base/source_loc.h"

namespace selfeval::base {

enum class severity { error, warning };

// One problem. `id` is stable (tests and users rely on it); the message wording may change.
struct diagnostic {
  severity level = severity::error;
  std::string id;         // e.g. "unknown-key", "sum-mismatch"
  source_loc loc;         // where the user should look
  std::string message;    // what is wrong, with the values involved
  std::string hint = {};  // what to do about it; may be empty
  // Where, in the user's words, when the file position means nothing to them (a Word
  // template's paragraph: "附件4.docx 正文第 12 段「负责人：{{untt}}」"); printed instead of
  // `loc`, which still orders the list.
  std::string place = {};
};

// A diagnostic in the catalogue's words (the key is `id` unless `m` names a variant), for a
// caller that sets its `place` before adding it.
diagnostic make_diagnostic(severity level, std::string id, source_loc loc, const msg& m = {});

// The list every stage appends to. Printing sorts by location so output is stable.
class diagnostics {
 public:
  void add(diagnostic d);
  // The message and hint from the catalogue (base/messages.h), in the current language: the
  // key is the id unless `m` names a variant. The only way new code reports a problem.
  void error(std::string id, source_loc loc, msg m = {});
  void warning(std::string id, source_loc loc, msg m = {});

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }

  // Sorted by (file, line, column, id); stable for equal keys.
  std::vector<diagnostic> sorted() const;
  const std::vector<diagnostic>& items() const { return items_; }

 private:
  std::vector<diagnostic> items_;
};

// "FILE:LINE:COL: 错误[ID]：message" plus an indented "提示：…" line when there is one
// ("error[ID]: " and "hint: " in English).
std::string format_diagnostic(const diagnostic& d);

// "发现 2 个错误、1 个警告", or "没有发现问题" when the list is empty (English: "found 2
// errors and 1 warning", "no problems found").
std::string summary_line(const diagnostics& list);

// Prints every diagnostic sorted, then the summary line (nothing at all for an empty list).
void print_diagnostics(std::ostream& out, const diagnostics& list);

}  // namespace selfeval::base
