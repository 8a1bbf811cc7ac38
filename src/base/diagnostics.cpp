#include "base/diagnostics.h"

#include <algorithm>
#include <ostream>
#include <tuple>

namespace selfeval::base {

std::string to_string(const source_loc& loc) {
  std::string s = loc.file;
  if (loc.line > 0) {
    s += ':' + std::to_string(loc.line);
    if (loc.column > 0) s += ':' + std::to_string(loc.column);
  }
  return s;
}

bool loc_less(const source_loc& a, const source_loc& b) {
  return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

void diagnostics::add(diagnostic d) {
  items_.push_back(std::move(d));
}

diagnostic make_diagnostic(severity level, std::string id, source_loc loc, const msg& m) {
  const std::string_view key = m.key.empty() ? std::string_view(id) : m.key;
  std::string message = tr(key, m.values);
  std::string hint = tr_hint(key, m.values);
  // A variant without its own hint takes its id's: every diagnostic says what to do.
  if (hint.empty() && key != id) hint = tr_hint(id, m.values);
  return {level, std::move(id), std::move(loc), std::move(message), std::move(hint)};
}

void diagnostics::error(std::string id, source_loc loc, msg m) {
  add(make_diagnostic(severity::error, std::move(id), std::move(loc), m));
}

void diagnostics::warning(std::string id, source_loc loc, msg m) {
  add(make_diagnostic(severity::warning, std::move(id), std::move(loc), m));
}

bool diagnostics::has_errors() const {
  return error_count() > 0;
}

std::size_t diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(),
                    [](const diagnostic& d) { return d.level == severity::error; }));
}

std::size_t diagnostics::warning_count() const {
  return items_.size() - error_count();
}

std::vector<diagnostic> diagnostics::sorted() const {
  std::vector<diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    if (loc_less(a.loc, b.loc)) return true;
    if (loc_less(b.loc, a.loc)) return false;
    return a.id < b.id;
  });
  return out;
}

std::string format_diagnostic(const diagnostic& d) {
  std::string s = d.place.empty() ? to_string(d.loc) : d.place;
  s += ": ";
  s += tr(d.level == severity::error ? "diagnostic.error" : "diagnostic.warning", {{"id", d.id}});
  s += d.message;
  if (!d.hint.empty()) {
    s += "\n  ";
    s += tr("diagnostic.hint");
    s += d.hint;
  }
  return s;
}

std::string summary_line(const diagnostics& list) {
  const std::size_t errors = list.error_count();
  const std::size_t warnings = list.warning_count();
  if (errors + warnings == 0) return tr("summary.none");
  const args counts{{"errors", errors},
                    {"warnings", warnings},
                    {"s_errors", errors == 1 ? "" : "s"},
                    {"s_warnings", warnings == 1 ? "" : "s"}};
  if (warnings == 0) return tr("summary.errors", counts);
  if (errors == 0) return tr("summary.warnings", counts);
  return tr("summary.both", counts);
}

void print_diagnostics(std::ostream& out, const diagnostics& list) {
  for (const diagnostic& d : list.sorted()) out << format_diagnostic(d) << '\n';
  if (!list.empty()) out << summary_line(list) << '\n';
}

}  // namespace selfeval::base
