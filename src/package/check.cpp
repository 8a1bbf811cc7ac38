#include "package/check.h"

#include <exception>

namespace selfeval::package {

checked_unit check_unit(const std::string& data_path, const renderer& render) {
  loaded_unit loaded = load_unit(data_path, render.profiles.get());
  checked_unit out;
  // `build` renders data without errors; check renders whatever could be read, so a character
  // no font can draw is reported together with the data's own errors, not after they are fixed.
  const bool readable = loaded.data.model.source != nullptr && loaded.data.profile != nullptr;
  const bool clean = loaded.result.status == unit_status::ok;
  if (render && (clean || (readable && loaded.result.status == unit_status::input_errors))) {
    try {
      (void)render(loaded.data, loaded.result.diags);
      if (loaded.result.diags.has_errors()) loaded.result.status = unit_status::input_errors;
    } catch (const std::exception& e) {
      // On data with errors a failure to render follows from them; on clean data it is real.
      if (clean) {
        loaded.result.status = unit_status::io_error;
        loaded.result.error = e.what();
      }
    }
  }
  out.result = std::move(loaded.result);
  out.data = std::move(loaded.data);
  return out;
}

}  // namespace selfeval::package
