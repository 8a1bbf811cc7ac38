// Reads the one TOML data file into data::model, reporting every problem at its line:column.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "data/model.h"

namespace selfeval::data {

struct load_result {
  model data;
  base::diagnostics diags;
  bool io_failed = false;  // the file could not be read at all (exit code 2)
  bool parsed = false;     // the TOML was parsed and read into `data` (checks may run on it)
};

// Files larger than this are refused with a diagnostic instead of being parsed.
inline constexpr std::size_t max_file_bytes = 8u << 20;
// Deeper bracket/brace/dotted-key nesting is refused before parsing (keeps recursion bounded).
inline constexpr int max_nesting = 32;

load_result load_file(const std::string& path);
// `file_name` is used in diagnostics only.
load_result load_text(std::string text, std::string file_name);

}  // namespace selfeval::data
