// Helpers shared by the data-layer tests: a minimal valid data file and diagnostic queries.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace selfeval::data::testing {

// The smallest file without any diagnostic; tests append tables to it.
inline std::string minimal_file() {
  return "schema = 1\n"
         "year = 2023\n"
         "[unit]\n"
         "name = \"沅江市总工会\"\n"
         "[budget]\n"
         "initial = 373.59\n"
         "full_year = 420.5\n"
         "executed = 419\n";
}

// Number of diagnostics with this id (and at this line, when line > 0).
inline int count_id(const base::diagnostics& d, std::string_view id, std::uint32_t line = 0) {
  int n = 0;
  for (const auto& x : d.items())
    if (x.id == id && (line == 0 || x.loc.line == line)) ++n;
  return n;
}

inline std::string dump(const base::diagnostics& d) {
  std::string s;
  for (const auto& x : d.sorted()) s += base::format_diagnostic(x) + "\n";
  return s;
}

}  // namespace selfeval::data::testing
