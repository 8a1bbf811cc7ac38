// `selfeval check` sees everything `selfeval build` would report for a data file: the data
// checks, the signature and seal images, every character against the configured fonts, the
// report sections and the templates. It renders the deliverables in memory, diagnostics only
// (unit_data::diagnostics_only: every check, no PDF bytes), and writes nothing.
#pragma once

#include <memory>
#include <string>

#include "package/build.h"
#include "package/deliverables.h"

namespace selfeval::package {

struct checked_unit {
  unit_result result;  // result.plan: the deliverables the data supports
  unit_data data;
};

// Loads, checks and renders in memory, diagnostics only. `render` may be empty: then only the
// data and its images are checked.
checked_unit check_unit(const std::string& data_path, const renderer& render);
// The same for a data file already read (read_data, package/build.h).
checked_unit check_unit(std::shared_ptr<data_read> read, const renderer& render);

}  // namespace selfeval::package
